"""bench/storage's BLOCK workload: 4 KiB requests on the block device "disk"."""

import unikernel
from pyrage.config import arg, block, console, job, mclock

job("blockbench", unikernel.Main,
    console=console(), disk=block("disk"), clock=mclock(),
    mode=arg("seqread", "seqread, seqwrite, randread or randwrite"),
    count=arg(4096, "how many 4 KiB requests"),
    depth=arg(8, "requests in flight at once (tasks)"))
