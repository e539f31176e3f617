"""kv-store's device graph: a console, and the crash-safe KV store on the block device
"disk"."""

import unikernel
from pyrage.config import arg, block, console, job, kv_rw

job(
    "kv-store",
    unikernel.Main,
    console=console(),
    kv=kv_rw(block("disk")),
    note=arg("no note", "a note kept with this boot's record"),
)
