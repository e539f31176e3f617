"""A RANDOM device passed to an app: config.py's random()."""

from pyrage.config import console, job, random

job(
    name="random-app",
    main="unikernel.Main",
    devices={"console": console(), "rng": random()},
)
