"""kv-store's device graph: a console, and the crash-safe KV store on the block device
"disk"."""

from pyrage.config import arg, block, console, job, kv_rw

job(
    name="kv-store",
    main="unikernel.Main",
    devices={"console": console(), "kv": kv_rw(block("disk"))},
    args=[arg("note", "no note", "a note kept with this boot's record")],
)
