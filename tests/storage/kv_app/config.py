"""The KV_RW conformance checks as a unikernel: the store on block device "disk"."""

import unikernel
from pyrage.config import block, console, job, kv_rw

job("kv-checks", unikernel.Main, console=console(), kv=kv_rw(block("disk")))
