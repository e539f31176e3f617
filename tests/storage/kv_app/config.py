"""The KV_RW conformance checks as a unikernel: the store on block device "disk"."""

from pyrage.config import block, console, job, kv_rw

job(name="kv-checks", main="unikernel.Main",
    devices={"console": console(), "kv": kv_rw(block("disk"))})
