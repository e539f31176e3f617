"""_build/TARGET/main.py: the composition root of a unikernel, like Mirage's main.ml.

It is plain pyrage Python: mypy checks the functor application in it (does each device satisfy
the signature the job's TypeVar is bound to?), CPython runs it for the hosted target, and the
compiler compiles it, with everything it imports, for the native targets. Each generated line
that comes from config.py ends in `# config.py:N`, so errors in it are reported at config.py.

Devices are made in dependency order, each once (a device two others use is shared), then
the ones that ask for it are connected (`await dev.connect()`), then the job is made and
started. For the network stack this is mirage-tcpip's composition:

    dev_network = pyrage.impls.netif.Netif(name='service')
    dev_ethernet = pyrage.functors.net.ethernet.Ethernet(net=dev_network)
    dev_arp = pyrage.functors.net.arp.Arp(eth=dev_ethernet, time=dev_time)
    ...
"""

from __future__ import annotations

import re
from pathlib import Path

from pyrage import manifest
from pyrage.config.app import App
from pyrage.config.dsl import Arg, Device
from pyrage.errors import ConfigError

CONFIG_MARK = re.compile(r"# config\.py:(\d+)$")

#: How each kind of boot argument is read: a method of BootArgs (pyrage/stdlib/args.py), or a
#: function of pyrage/stdlib/netargs.py given the BootArgs.
ARG_READERS = {"bool": "boot.flag(", "int": "boot.integer(", "str": "boot.string(",
               "ipv4-prefix": "pyrage.stdlib.netargs.ipv4_prefix(boot, ",
               "ipv4-or-none": "pyrage.stdlib.netargs.ipv4_or_none(boot, "}

#: The stacks an app can be configured with (`--net`).
NET_KINDS = ("direct", "socket")


def _module_of(dotted: str) -> str:
    return dotted.rpartition(".")[0]


class _Graph:
    """The devices the job needs, in the order they must be made, with their variables."""

    def __init__(self, target: str, net: str) -> None:
        self.target = target
        self.net = net
        self.order: list[Device] = []
        self.names: dict[int, str] = {}
        self.taken: set[str] = set()

    def chosen(self, dev: Device) -> Device:
        """The device itself, or its stand-in for this configuration (--net socket)."""
        if self.net == "socket" and dev.socket is not None:
            if self.target not in dev.socket.impls:
                raise ConfigError(f"config.py:{dev.line}: the socket stack is not available on "
                                  f"the {self.target} target (it uses the host kernel's "
                                  "sockets: hosted and unix)")
            return dev.socket
        return dev

    def visit(self, dev: Device, key: str | None = None) -> None:
        dev = self.chosen(dev)
        if id(dev) in self.names:
            return
        if dev.parent is not None:
            self.visit(dev.parent)
        for dep in dev.deps.values():
            self.visit(dep)
        self.names[id(dev)] = self.fresh(key or dev.signature.lower())
        self.order.append(dev)

    def fresh(self, base: str) -> str:
        name, n = f"dev_{base}", 2
        while name in self.taken:
            name, n = f"dev_{base}{n}", n + 1
        self.taken.add(name)
        return name

    def var(self, dev: Device) -> str:
        return self.names[id(self.chosen(dev))]

    def expression(self, dev: Device) -> str:
        """How main.py makes the device (or reaches it, for a part of another)."""
        if dev.parent is not None:
            return f"{self.var(dev.parent)}.{dev.attribute}"
        keywords = [f"{k}={v!r}" for k, v in dev.params.items()]
        keywords += [f"{k}={self.var(d)}" for k, d in dev.deps.items()]
        keywords += [f"{a.parameter}=arg_{a.keyword}" for a in dev.args]
        return f"{dev.impl_for(self.target)}({', '.join(keywords)})"


def _boot_args(job_args: list[Arg], devices: list[Device]) -> list[Arg]:
    """Every boot argument, the devices' first (a shared Arg is declared once); a name used
    twice for different arguments is an error at the second."""
    out: list[Arg] = []
    for a in [a for d in devices for a in d.args] + job_args:
        known = next((b for b in out if b.name == a.name), None)
        if known is None:
            out.append(a)
        elif known is not a:
            raise ConfigError(f"config.py:{a.line}: boot argument {a.name!r} is declared twice "
                              f"(also at config.py:{known.line})")
    return out


def generate_main(app: App, target: str, net: str = "direct") -> str:
    job = app.job
    graph = _Graph(target, net)
    for key, dev in job.devices.items():
        graph.visit(dev, key)
    args = _boot_args(job.args, graph.order)
    modules = sorted({_module_of(job.main)}
                     | {_module_of(d.impl_for(target)) for d in graph.order
                        if d.parent is None}
                     | {"pyrage.stdlib.netargs" for a in args if "netargs" in ARG_READERS[a.kind]})
    lines = [
        f'"""{job.name} for the {target} target: generated by `pyrage configure` from config.py.',
        "",
        "Do not edit: `pyrage configure` and `pyrage compile` rewrite it.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        *(f"import {m}" for m in modules),
        "from pyrage.stdlib import sched",
        "from pyrage.stdlib.args import BootArgs",
        "",
        "",
        "async def main() -> None:",
        f"    boot = BootArgs({job.name!r})",
    ]
    for a in args:
        lines.append(f"    arg_{a.keyword} = {ARG_READERS[a.kind]}{a.name!r}, {a.default!r}, "
                     f"{a.doc!r})  # config.py:{a.line}")
    lines.append("    boot.finish()")
    for dev in graph.order:
        lines.append(f"    {graph.var(dev)} = {graph.expression(dev)}  # config.py:{dev.line}")
    for dev in graph.order:
        if dev.connect:
            lines.append(f"    await {graph.var(dev)}.connect()  # config.py:{dev.line}")
    # One argument per line, each marked with the line of config.py that gave it: a device
    # that does not fit its signature is reported there (frontend/protocols.py).
    lines.append(f"    job = {job.main}(  # config.py:{job.line}")
    lines += [f"        {key}={graph.var(dev)},  # config.py:{graph.chosen(dev).line}"
              for key, dev in job.devices.items()]
    lines += [f"        {a.keyword}=arg_{a.keyword},  # config.py:{a.line}" for a in job.args]
    lines += [
        f"    )  # config.py:{job.line}",
        f"    await job.{job.start}()  # config.py:{job.line}",
        "",
        "",
        "sched.run(main())",
        "",
    ]
    return "\n".join(lines)


#: The signatures of the devices a manifest names, by the manifest's kinds.
MANIFEST_KINDS = {"NETWORK": "net", "BLOCK": "block"}


def manifest_devices(app: App, target: str, net: str = "direct") -> list[manifest.Device]:
    """The image's device manifest (pyrage/manifest.py): the NICs (netif("name")) and block
    devices (block("name")) the app's devices use, in the order main.py makes them. Two
    devices of one kind and name are an error at the second's config.py line."""
    graph = _Graph(target, net)
    for key, dev in app.job.devices.items():
        graph.visit(dev, key)
    out: list[manifest.Device] = []
    for d in graph.order:
        if d.signature in MANIFEST_KINDS:
            entry = manifest.Device(MANIFEST_KINDS[d.signature], str(d.params["name"]))
            if entry in out:
                raise ConfigError(f"config.py:{d.line}: a second {entry}: each NIC and block "
                                  "device is made once (use the same device for both)")
            out.append(entry)
    if len(out) > manifest.MAX_DEVICES:
        raise ConfigError(f"config.py:{app.job.line}: {len(out)} NICs and block devices: an "
                          f"image has at most {manifest.MAX_DEVICES}")
    return out


def nic_names(app: App, target: str, net: str = "direct") -> list[str]:
    """The names of the NICs the app's devices use (netif("name")), in config order."""
    return [d.name for d in manifest_devices(app, target, net) if d.kind == "net"]


def block_names(app: App, target: str, net: str = "direct") -> list[str]:
    """The names of the block devices the app's devices use (block("name")), in config
    order."""
    return [d.name for d in manifest_devices(app, target, net) if d.kind == "block"]


def configure(app: App, target: str, net: str = "direct") -> Path:
    """Write _build/TARGET/main.py, and the data module of each kv_ro() (only if they changed,
    to keep their timestamps meaningful)."""
    out = app.build_dir(target, net) / "main.py"
    out.parent.mkdir(parents=True, exist_ok=True)
    text = generate_main(app, target, net)
    graph = _Graph(target, net)
    for key, dev in app.job.devices.items():
        graph.visit(dev, key)
    for dev in graph.order:
        if dev.embed:
            module = _module_of(dev.impl_for(target))
            _write_if_changed(out.parent / f"{module}.py", embed_directory(app, dev))
    _write_if_changed(out, text)
    return out


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def embed_directory(app: App, dev: Device) -> str:
    """The data module of a kv_ro(): every file under its directory as a bytes constant, with
    its modification time and SHA-256 (pyrage/functors/storage/crunch.py)."""
    import hashlib

    from pyrage.stdlib.storage import BadKey, Key

    root = (app.root / dev.embed).resolve()
    if not root.is_dir():
        raise ConfigError(f"config.py:{dev.line}: kv_ro({dev.embed!r}): no such directory "
                          f"({root})")
    lines = [
        f'"""The files of kv_ro({dev.embed!r}) (config.py:{dev.line}), compiled into the image.',
        "",
        "Generated by `pyrage configure`: do not edit.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from pyrage.functors.storage.crunch import Crunch",
        "",
        "",
        "def store() -> Crunch:",
        "    return Crunch({",
    ]
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = path.relative_to(root).as_posix()
        try:
            Key(name)
        except BadKey as e:
            raise ConfigError(f"config.py:{dev.line}: kv_ro({dev.embed!r}): the file {name!r} "
                              f"cannot be a key: {e}") from None
        data = path.read_bytes()
        mtime = path.stat().st_mtime_ns
        lines.append(f"        {name!r}: ({data!r}, {mtime}, "
                     f"{hashlib.sha256(data).digest()!r}),")
    lines += ["    })", ""]
    return "\n".join(lines)


def config_line(generated: Path, line: int) -> int | None:
    """The config.py line a generated line came from, if it says."""
    try:
        text = generated.read_text().splitlines()[line - 1]
    except (OSError, IndexError):
        return None
    m = CONFIG_MARK.search(text)
    return int(m.group(1)) if m else None
