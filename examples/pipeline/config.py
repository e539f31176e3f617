"""pipeline's device graph: a console to log on, a clock to pace the work, four boot arguments."""

import unikernel
from pyrage.config import arg, console, job, time

job(
    "pipeline",
    unikernel.Main,
    console=console(),
    time=time(),
    jobs=arg(6, "how many jobs the producer makes"),
    workers=arg(2, "how many workers take jobs from the queue"),
    interval_ms=arg(100, "milliseconds between two jobs"),
    heartbeat_ms=arg(260, "milliseconds between two heartbeat lines"),
)
