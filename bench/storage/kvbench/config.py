"""bench/storage's key-value workloads: durable sets on the store on "disk", and gets from the
files compiled into the image."""

from pyrage.config import arg, block, console, job, kv_ro, kv_rw, mclock

job(name="kvbench", main="unikernel.Main",
    devices={"console": console(), "kv": kv_rw(block("disk")), "files": kv_ro("files"),
             "clock": mclock()},
    args=[arg("sets", 2000, "how many durable sets"),
          arg("gets", 200000, "how many gets from the embedded store")])
