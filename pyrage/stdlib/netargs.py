"""Boot arguments of the network devices: addresses, read with BootArgs and checked, so that a
bad value stops the unikernel with a usage error naming the argument (exit status 2), never an
exception. Kept apart from args.py so that an app without a network does not carry them."""

from __future__ import annotations

from pyrage.stdlib.args import BootArgs
from pyrage.stdlib.ipaddr import Ipv4Address, Ipv4Prefix


def ipv4_prefix(boot: BootArgs, name: str, default: str, doc: str) -> Ipv4Prefix:
    """The value of --name as an address with its prefix length (10.0.0.2/24)."""
    text = boot.string(name, default, doc)
    try:
        return Ipv4Prefix.parse(text)
    except ValueError as e:
        boot.fail(f"--{name}: {e}")


def ipv4_or_none(boot: BootArgs, name: str, default: str, doc: str) -> Ipv4Address | None:
    """The value of --name as an IPv4 address; None when it is empty."""
    text = boot.string(name, default, doc)
    if text == "":
        return None
    try:
        return Ipv4Address.parse(text)
    except ValueError as e:
        boot.fail(f"--{name}: {e}")
