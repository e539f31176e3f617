"""pipeline's device graph: a console to log on, a clock to pace the work, four boot arguments."""

from pyrage.config import arg, console, job, time

job(
    name="pipeline",
    main="unikernel.Main",
    devices={"console": console(), "time": time()},
    args=[
        arg("jobs", 6, "how many jobs the producer makes"),
        arg("workers", 2, "how many workers take jobs from the queue"),
        arg("interval-ms", 100, "milliseconds between two jobs"),
        arg("heartbeat-ms", 260, "milliseconds between two heartbeat lines"),
    ],
)
