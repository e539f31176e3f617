"""bench/storage's key-value workloads: durable sets on the store on "disk", and gets from the
files compiled into the image."""

import unikernel
from pyrage.config import arg, block, console, job, kv_ro, kv_rw, mclock

job("kvbench", unikernel.Main,
    console=console(), kv=kv_rw(block("disk")), files=kv_ro("files"), clock=mclock(),
    sets=arg(2000, "how many durable sets"),
    gets=arg(200000, "how many gets from the embedded store"))
