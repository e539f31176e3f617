"""bench/storage's BLOCK workload: 4 KiB requests on the block device "disk"."""

from pyrage.config import arg, block, console, job, mclock

job(name="blockbench", main="unikernel.Main",
    devices={"console": console(), "disk": block("disk"), "clock": mclock()},
    args=[arg("mode", "seqread", "seqread, seqwrite, randread or randwrite"),
          arg("count", 4096, "how many 4 KiB requests"),
          arg("depth", 8, "requests in flight at once (tasks)")])
