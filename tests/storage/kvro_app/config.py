"""KV_RO checks as a unikernel: the files under files/, compiled into the image."""

from pyrage.config import console, job, kv_ro

job(name="kvro-checks", main="unikernel.Main",
    devices={"console": console(), "kv": kv_ro("files")})
