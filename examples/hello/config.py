"""hello's device graph: a console, a clock to sleep on, and three boot arguments."""

from pyrage.config import arg, console, job, time

job(
    name="hello",
    main="unikernel.Main",
    devices={"console": console(), "time": time()},
    args=[
        arg("hello", "hello", "the line to print"),
        arg("count", 4, "how many times to print it"),
        arg("interval-ms", 1000, "milliseconds between two lines"),
    ],
)
