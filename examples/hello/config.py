"""hello's device graph: a console, a clock to sleep on, and three boot arguments."""

import unikernel
from pyrage.config import arg, console, job, time

job(
    "hello",
    unikernel.Main,
    console=console(),
    time=time(),
    hello=arg("hello", "the line to print"),
    count=arg(4, "how many times to print it"),
    interval_ms=arg(1000, "milliseconds between two lines"),
)
