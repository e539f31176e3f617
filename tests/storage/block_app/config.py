"""The BLOCK conformance checks as a unikernel: on the block device "disk"."""

from pyrage.config import block, console, job

job(name="block-checks", main="unikernel.Main",
    devices={"console": console(), "disk": block("disk")})
