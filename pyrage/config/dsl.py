"""The device DSL that config.py uses: which job, which devices, which boot arguments.

    import unikernel
    from pyrage.config import arg, console, job, time

    job(
        "hello",
        unikernel.Main,
        console=console(),
        time=time(),
        hello=arg("hello", "the greeting to print"),
    )

`job` applies the functor the way the generated main.py will: its keywords are the class's
constructor parameters. So the type checker in an editor (pyright, mypy) checks config.py as an
application of the functor: a device that lacks a member of the parameter's signature, a
misspelt parameter or a boot argument of the wrong type is an error at its own line of
config.py. For that, each device function is typed as the signature its device provides
(`console()` is a CONSOLE, `arg(4)` an int): the values are descriptions of the devices, which
config.py only passes on, never uses.

`pyrage configure -t TARGET` runs config.py in CPython, picks each device's implementation for
the target, and writes _build/TARGET/main.py (see generate.py).
"""

from __future__ import annotations

import ast
import keyword
import re
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, Protocol, TypeVar, cast

from pyrage.errors import ConfigError

if TYPE_CHECKING:
    from pyrage.signatures.console import CONSOLE
    from pyrage.signatures.mclock import MCLOCK
    from pyrage.signatures.pclock import PCLOCK
    from pyrage.signatures.random import RANDOM
    from pyrage.signatures.time import TIME

TARGETS = ("hosted", "unix", "virtio")
_ARG_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$")


def _caller_line() -> int:
    """The line of config.py that called the DSL function (for error messages)."""
    frame = sys._getframe(2)
    return frame.f_lineno


def _entry_line(call_line: int, key: str) -> int:
    """The line of the keyword `key=` of the job(...) call at call_line of config.py (the
    caller's caller's file): where an error about that entry belongs. The call's line if it
    cannot be found (the keywords were built elsewhere, **{...})."""
    try:
        tree = ast.parse(Path(sys._getframe(2).f_code.co_filename).read_text())
    except (OSError, SyntaxError, ValueError):
        return call_line
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.lineno == call_line:
            for kw in node.keywords:
                if kw.arg == key:
                    return kw.value.lineno
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


def described(value: object, line: int, what: str) -> Device:
    """A device function's argument, which must be a device: the type checker takes it for the
    signature it provides, CPython finds the Device."""
    if not isinstance(value, Device):
        raise ConfigError(f"config.py:{line}: {what}")
    return value


def console() -> CONSOLE:
    """CONSOLE: the platform console (stdout, or the serial port on virtio)."""
    return cast("CONSOLE", Device("CONSOLE", _everywhere("pyrage.impls.console.Console"),
                                  _caller_line()))


def time() -> TIME:
    """TIME: sleeping on the platform's clock."""
    return cast("TIME", Device("TIME", _everywhere("pyrage.impls.time.Time"), _caller_line()))


def mclock() -> MCLOCK:
    """MCLOCK: the monotonic clock."""
    return cast("MCLOCK", Device("MCLOCK", _everywhere("pyrage.impls.mclock.Mclock"),
                                 _caller_line()))


def pclock() -> PCLOCK:
    """PCLOCK: the wall clock."""
    return cast("PCLOCK", Device("PCLOCK", _everywhere("pyrage.impls.pclock.Pclock"),
                                 _caller_line()))


def random() -> RANDOM:
    """RANDOM: HMAC_DRBG-SHA-256 seeded from the platform's entropy (getrandom on unix,
    RDSEED/RDRAND on virtio, os.urandom hosted)."""
    return cast("RANDOM", Device("RANDOM", _everywhere("pyrage.impls.random.Random"),
                                 _caller_line()))


D = TypeVar("D")


def device(impl: type[D], signature: str = "device") -> D:
    """A device of your own: its class (imported in config.py), constructed with no arguments,
    on every target. The editor checks it against the signature of the parameter it is passed
    to, as it checks pyrage's own devices."""
    line = _caller_line()
    where = f"config.py:{line}: device({impl!r})"
    if not isinstance(impl, type):
        raise ConfigError(f"{where}: pass the class itself (import its module in config.py), "
                          "as in device(mydevices.Led)")
    return cast(D, Device(signature, _everywhere(_class_path(impl, where)), line))


#: The module names of a class defined in config.py itself, which main.py cannot import.
_NOT_IMPORTABLE = ("__config__", "__main__", "builtins")


def _class_path(cls: type, where: str) -> str:
    """"module.Class", as the generated main.py imports and names the class."""
    dotted = f"{cls.__module__}.{cls.__qualname__}"
    if not _DOTTED.match(dotted) or cls.__module__ in _NOT_IMPORTABLE:
        raise ConfigError(f"{where}: {cls.__qualname__} must be defined at the top level of a "
                          "module beside config.py (such as unikernel.py), not in config.py")
    return dotted


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
    #: the device constructor's parameter it is passed as, when that is not `keyword`
    #: (stackv4(prefix="b")'s --b-ipv4 is Ipv4's `ipv4`)
    param: str = ""

    @property
    def keyword(self) -> str:
        return self.name.replace("-", "_")

    @property
    def parameter(self) -> str:
        return self.param or self.keyword

    @property
    def kind(self) -> str:
        return self.typed or type(self.default).__name__


A = TypeVar("A", bool, int, str)


def arg(default: A, doc: str = "") -> A:
    """A boot argument, passed to the job's constructor as the keyword it is given to in
    job(...): `interval_ms=arg(1000, "...")` is read from `--interval-ms=N`. Its type is its
    default's: str, int or bool (a flag)."""
    line = _caller_line()
    if not isinstance(default, (str, int, bool)):
        raise ConfigError(f"config.py:{line}: arg({default!r}): the default must be a str, an "
                          f"int or a bool, not {type(default).__name__}")
    return cast(A, Arg("", default, doc, line))


def _named(key: str, a: Arg) -> Arg:
    """The job's boot argument passed as keyword `key`, named after it (--interval-ms for
    interval_ms)."""
    name = key.replace("_", "-")
    if not _ARG_NAME.match(name) or name == "help":
        raise ConfigError(f"config.py:{a.line}: boot argument {key}: its name is the "
                          "constructor's parameter, lower-case words joined by underscores, "
                          "like ipv4_gateway (and \"help\" is taken)")
    return replace(a, name=name)


class Startable(Protocol):
    """A job's class, once constructed: `await job.start()` runs the unikernel."""

    def start(self) -> Awaitable[None]: ...


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

P = ParamSpec("P")


def job(name: str, main: Callable[P, Startable], /, *args: P.args, **params: P.kwargs) -> None:
    """Register the unikernel `name` (the image's name): `main` is its class, constructed with
    each device and boot argument given here as keywords (its constructor's parameters), then
    `await instance.start()` runs it."""
    line = _caller_line()
    where = f"config.py:{line}"
    if not isinstance(name, str) or not re.match(r"^[a-z0-9][a-z0-9_-]*$", name):
        raise ConfigError(f"{where}: job name {name!r}: use lower-case letters, digits, - and _ "
                          "(it names the image)")
    if not isinstance(main, type):
        raise ConfigError(f"{where}: job({name!r}, {main!r}): the second argument is the "
                          "unikernel's class: import unikernel, then job(..., unikernel.Main)")
    dotted = _class_path(main, where)
    if args:
        raise ConfigError(f"{where}: pass the devices and boot arguments by keyword, as the "
                          "constructor's parameters: job(..., console=console())")
    devices: dict[str, Device] = {}
    boot: list[Arg] = []
    for key, value in cast(dict[str, Any], params).items():
        if keyword.iskeyword(key):  # only through **{...}: not a parameter's name
            raise ConfigError(f"config.py:{_entry_line(line, key)}: {key!r} is not a parameter "
                              "name")
        if isinstance(value, Device):
            devices[key] = value
        elif isinstance(value, Arg):
            boot.append(_named(key, value))
        else:
            raise ConfigError(f"config.py:{_entry_line(line, key)}: {key}={value!r}: pass a "
                              "device (console(), time(), ...) or a boot argument "
                              "(arg(default, \"doc\"))")
    if REGISTRY.jobs:
        raise ConfigError(f"{where}: config.py registers more than one job")
    REGISTRY.jobs.append(Job(name, dotted, devices, boot, line))
