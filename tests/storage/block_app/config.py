"""The BLOCK conformance checks as a unikernel: on the block device "disk"."""

import unikernel
from pyrage.config import block, console, job

job("block-checks", unikernel.Main, console=console(), disk=block("disk"))
