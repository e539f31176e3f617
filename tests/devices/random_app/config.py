"""A RANDOM device passed to an app: config.py's random()."""

import unikernel
from pyrage.config import console, job, random

job("random-app", unikernel.Main, console=console(), rng=random())
