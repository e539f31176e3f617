"""Which NIC each `pyrage run --net` value attaches, on every target (cli.py's nic_arguments
for unix and hosted, qemu.py's network for virtio): the part of a Solo5 tender that matches
the command line against the image's devices (pyrage/manifest.py)."""

from __future__ import annotations

from collections.abc import Sequence

from pyrage.errors import UsageError


def nic_choices(values: Sequence[str], nics: Sequence[str]) -> dict[str, str]:
    """{NIC name: backend} for `--net` values, in the order of `nics` (the app's NICs, in
    config.py's order). A value is NAME=BACKEND, or BACKEND alone for an app with one NIC.
    Refused, as UsageErrors: a value alone when the app has not exactly one NIC, a NAME the
    app does not have, and a NAME given twice. The backends are the caller's to check."""
    chosen: dict[str, str] = {}
    for value in values:
        name, eq, backend = value.partition("=")
        if not eq:
            if len(nics) != 1:
                raise UsageError(f"--net {value}: this app has the NICs "
                                 f"{', '.join(nics) or '(none)'}: say which, NAME=TAP")
            name, backend = nics[0], value
        if name not in nics:
            raise UsageError(f"--net {value}: no NIC {name!r} in this app (it has "
                             f"{', '.join(nics) or 'none'})")
        if name in chosen:
            raise UsageError(f"--net {value}: NIC {name!r} is given twice")
        chosen[name] = backend
    return {name: chosen[name] for name in nics if name in chosen}
