"""DNS devices for config.py: zone files compiled into the image, checked when configured.

    from pyrage.config.dns import zones
    job(..., zones=zones("zones"))

`zones("dir")` is kv_ro("dir") (pyrage/config/storage.py) whose every `*.zone` file is parsed
by pyrage/dns/zone.py when config.py runs, its origin named by the file (`example.org.zone`
is the zone `example.org.`): a zone with an error stops `pyrage configure` with the zone's
file:line, so a broken zone never reaches a running server.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

from pyrage.config.dsl import _caller_line
from pyrage.config.storage import embedded
from pyrage.errors import ConfigError

if TYPE_CHECKING:
    from pyrage.signatures.kv import KV_RO

SUFFIX = ".zone"


def check_zones(directory: Path) -> list[str]:
    """The zone files of directory, each parsed; ConfigError at the first error."""
    from pyrage.dns.name import Name, NameError_
    from pyrage.dns.zone import ZoneError, parse_zone

    found: list[str] = []
    for path in sorted(directory.glob(f"*{SUFFIX}")):
        origin_text = path.name[:-len(SUFFIX)] + "."
        try:
            origin = Name.of_text(origin_text)
        except NameError_ as e:
            raise ConfigError(f"{path}: the file name must be the zone's origin "
                              f"(example.org.zone): {e}") from None
        try:
            parse_zone(path.read_text(), origin, str(path))
        except ZoneError as e:
            raise ConfigError(str(e)) from None
        except UnicodeDecodeError:
            raise ConfigError(f"{path}: not UTF-8 text") from None
        found.append(path.name)
    return found


def zones(directory: str) -> KV_RO:
    """KV_RO: the zone files (`*.zone`) under directory, relative to config.py, compiled into
    the image once each has parsed."""
    line = _caller_line()
    root = Path(sys._getframe(1).f_code.co_filename).resolve().parent / directory
    if not root.is_dir():
        raise ConfigError(f"config.py:{line}: zones({directory!r}): no such directory")
    if not check_zones(root):
        raise ConfigError(f"config.py:{line}: zones({directory!r}): no *.zone file in it")
    return cast("KV_RO", embedded(directory, line))
