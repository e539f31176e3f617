"""KV_RO checks as a unikernel: the files under files/, compiled into the image."""

import unikernel
from pyrage.config import console, job, kv_ro

job("kvro-checks", unikernel.Main, console=console(), kv=kv_ro("files"))
