"""The device DSL that config.py uses: which job, which devices, which boot arguments.

    from pyrage.config import arg, console, job, time

    job(
        name="hello",
        main="unikernel.Main",
        devices={"console": console(), "time": time()},
        args=[arg("hello", "hello", "the greeting to print")],
    )

`pyrage configure -t TARGET` runs config.py in CPython, picks each device's implementation for
the target, and writes _build/TARGET/main.py (see generate.py).
"""

from __future__ import annotations

import ast
import keyword
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pyrage.errors import ConfigError

TARGETS = ("hosted", "unix", "virtio")
_ARG_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$")


def _caller_line() -> int:
    """The line of config.py that called the DSL function (for error messages)."""
    frame = sys._getframe(2)
    return frame.f_lineno


def _entry_line(call_line: int, argument: str, key: str) -> int:
    """The line of `argument={... key: ...}` in the job(...) call at call_line of config.py
    (the caller's caller's file): where an error about that entry belongs. The call's line if
    it cannot be found (the dict was built elsewhere)."""
    try:
        tree = ast.parse(Path(sys._getframe(2).f_code.co_filename).read_text())
    except (OSError, SyntaxError, ValueError):
        return call_line
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.lineno == call_line:
            for kw in node.keywords:
                if kw.arg == argument and isinstance(kw.value, ast.Dict):
                    for k in kw.value.keys:
                        if isinstance(k, ast.Constant) and k.value == key:
                            return k.lineno
    return call_line


@dataclass(frozen=True, eq=False)  # a device is itself: used twice, it is made once
class Device:
    """A device: the signature it provides and its implementation class on each target.

    A device is made by calling its class with keywords: `deps` (other devices, made first),
    `args` (boot arguments) and `params` (constants). With `connect`, the generated main.py
    awaits its `connect()` once every device is made. `socket` is the device that stands in
    for it when an app is configured with `--net socket`. A device with a `parent` is an
    attribute of another (`stack.udp`).
    """

    signature: str
    impls: dict[str, str]
    line: int
    deps: dict[str, Device] = field(default_factory=dict)
    args: tuple[Arg, ...] = ()
    params: dict[str, str | int | bool] = field(default_factory=dict)
    connect: bool = False
    socket: Device | None = None
    parent: Device | None = None
    attribute: str = ""
    #: For kv_ro(): the directory (relative to config.py's) embedded in the image.
    embed: str = ""

    def impl_for(self, target: str) -> str:
        if target not in self.impls:
            raise ConfigError(f"config.py:{self.line}: the {self.signature} device here has no "
                              f"implementation on the {target} target")
        return self.impls[target]


def _everywhere(impl: str) -> dict[str, str]:
    return {t: impl for t in TARGETS}


def console() -> Device:
    """CONSOLE: the platform console (stdout, or the serial port on virtio)."""
    return Device("CONSOLE", _everywhere("pyrage.impls.console.Console"), _caller_line())


def time() -> Device:
    """TIME: sleeping on the platform's clock."""
    return Device("TIME", _everywhere("pyrage.impls.time.Time"), _caller_line())


def mclock() -> Device:
    """MCLOCK: the monotonic clock."""
    return Device("MCLOCK", _everywhere("pyrage.impls.mclock.Mclock"), _caller_line())


def pclock() -> Device:
    """PCLOCK: the wall clock."""
    return Device("PCLOCK", _everywhere("pyrage.impls.pclock.Pclock"), _caller_line())


def random() -> Device:
    """RANDOM: HMAC_DRBG-SHA-256 seeded from the platform's entropy (getrandom on unix,
    RDSEED/RDRAND on virtio, os.urandom hosted)."""
    return Device("RANDOM", _everywhere("pyrage.impls.random.Random"), _caller_line())


def device(impl: str, signature: str = "device") -> Device:
    """A device of your own: "module.Class" (constructed with no arguments) on every target."""
    line = _caller_line()
    if not _DOTTED.match(impl):
        raise ConfigError(f"config.py:{line}: device({impl!r}): name the class as "
                          "\"module.Class\"")
    return Device(signature, _everywhere(impl), line)


@dataclass(frozen=True)
class Arg:
    """A boot argument: --name=value, passed to the job's constructor as keyword `name`
    (dashes become underscores). `kind` is how the generated main.py parses it: str, int,
    bool, or one of the typed kinds of devices (ipv4-prefix, ipv4-or-none), which stop with a
    usage error naming the argument when the text is bad."""

    name: str
    default: str | int | bool
    doc: str
    line: int
    typed: str = ""

    @property
    def keyword(self) -> str:
        return self.name.replace("-", "_")

    @property
    def kind(self) -> str:
        return self.typed or type(self.default).__name__


def arg(name: str, default: str | int | bool, doc: str = "") -> Arg:
    """A boot argument whose type is its default's: str, int or bool (a flag)."""
    line = _caller_line()
    if not _ARG_NAME.match(name) or name == "help":
        raise ConfigError(f"config.py:{line}: arg({name!r}): boot argument names are "
                          "lower-case words joined by dashes, like \"ipv4-gateway\" "
                          "(and \"help\" is taken)")
    if not isinstance(default, (str, int, bool)):
        raise ConfigError(f"config.py:{line}: arg({name!r}): the default must be a str, an int "
                          f"or a bool, not {type(default).__name__}")
    return Arg(name, default, doc, line)


@dataclass
class Job:
    name: str
    main: str
    devices: dict[str, Device]
    args: list[Arg]
    line: int
    start: str = "start"


@dataclass
class _Registry:
    jobs: list[Job] = field(default_factory=list)


REGISTRY = _Registry()


def job(name: str, main: str, devices: dict[str, Device] | None = None,
        args: list[Arg] | None = None, start: str = "start") -> None:
    """Register the unikernel: `main` is "module.Class", constructed with each device (and each
    boot argument) as a keyword argument; then `await instance.<start>()` runs it."""
    line = _caller_line()
    devices = devices or {}
    args = args or []
    where = f"config.py:{line}"
    if not re.match(r"^[a-z0-9][a-z0-9_-]*$", name):
        raise ConfigError(f"{where}: job name {name!r}: use lower-case letters, digits, - and _ "
                          "(it names the image)")
    if not _DOTTED.match(main):
        raise ConfigError(f"{where}: main={main!r}: name the class as \"module.Class\"")
    for key, dev in devices.items():
        if not isinstance(dev, Device):
            raise ConfigError(f"config.py:{_entry_line(line, 'devices', key)}: devices[{key!r}] "
                              "is not a device (use console(), time(), ... or "
                              "device(\"module.Class\"))")
        if not key.isidentifier() or keyword.iskeyword(key):
            raise ConfigError(f"config.py:{_entry_line(line, 'devices', key)}: devices[{key!r}]: "
                              "the key must be the constructor's parameter name")
    keywords = set(devices)
    for a in args:
        if not isinstance(a, Arg):
            raise ConfigError(f"{where}: args must be made with arg(...)")
        if a.keyword in keywords:
            raise ConfigError(f"config.py:{a.line}: boot argument {a.name!r} clashes with "
                              "another parameter of the same name")
        keywords.add(a.keyword)
    if REGISTRY.jobs:
        raise ConfigError(f"{where}: config.py registers more than one job")
    REGISTRY.jobs.append(Job(name, main, dict(devices), list(args), line, start))
