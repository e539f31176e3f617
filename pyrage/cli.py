"""The pyrage command line: configure, build, compile, run, check, manifest, new.

An APP is a directory with config.py and unikernel.py (default: the current directory); a
PROGRAM is a single .py file whose module-level code is the job. An image records its NICs and
block devices in its device manifest (pyrage/manifest.py), and `run` attaches exactly those.
Exit status: 0 on success, 1 when pyrage reports an error, 2 for a bad command line; `run`
exits with the program's status.
"""

from __future__ import annotations

import argparse
import os
import re
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pyrage import manifest
from pyrage.errors import CompileError, ConfigError, Diagnostic, PyrageError, RunError, UsageError
from pyrage.launch.devices import nic_choices
from pyrage.manifest import Device

TARGETS = ("hosted", "unix", "virtio")
DEFAULT_TARGET = "unix"


# --- what is being built ----------------------------------------------------------------------


@dataclass
class Unit:
    """An app or a single program, made ready for a target: its entry file and module name."""

    name: str
    entry: Path
    module: str
    search_paths: list[Path]
    image_dir: Path
    work_dir: Path
    app_root: Path | None = None
    nics: list[str] = field(default_factory=list)  # the NIC names config.py gives
    #: the block device names config.py gives; None for a single-file program, whose names
    #: are its own business (`--block PATH` is "disk" there)
    blocks: list[str] | None = None
    #: the image's device manifest (pyrage/manifest.py): config.py's NICs and block devices;
    #: for a single-file program, what its command line declares (`--device`, or the devices
    #: `pyrage run` attaches)
    devices: list[Device] = field(default_factory=list)

    def image(self, target: str) -> Path:
        return self.image_dir / (self.name + (".virtio" if target == "virtio" else ""))


def resolve(path: str | None, target: str, *, configure: bool = True,
            net: str = "direct") -> Unit:
    """APP directory -> configure it (writes _build/TARGET/main.py); PROGRAM.py -> itself.
    `net` is the stack an app is configured with: "direct" or "socket"."""
    p = Path(path or ".")
    if p.is_file() or p.suffix == ".py":
        if not p.is_file():
            raise PyrageError(f"{p}: no such file")
        p = p.resolve()
        return Unit(p.stem, p, p.stem, [p.parent], p.parent, p.parent / "_build" / target,
                     nics=["service"])
    from pyrage.config.app import load_app
    from pyrage.config.generate import configure as write_main
    from pyrage.config.generate import manifest_devices

    try:
        app = load_app(p)
        main = app.build_dir(target, net) / "main.py"
        if configure:
            main = write_main(app, target, net)
        elif not main.exists():
            flag = "" if net == "direct" else f" --net {net}"
            raise PyrageError(f"{main} does not exist: run `pyrage configure -t {target}{flag}` "
                              "first")
        image_name = app.image(target, net).name.removesuffix(".virtio")
        devices = manifest_devices(app, target, net)
        # the build directory too: kv_ro()'s data modules are generated beside main.py
        return Unit(image_name, main, "main", [app.root, main.parent], app.root / "dist",
                    app.build_dir(target, net), app_root=app.root,
                    nics=[d.name for d in devices if d.kind == "net"],
                    blocks=[d.name for d in devices if d.kind == "block"], devices=devices)
    except ConfigError as e:
        raise ConfigError(located_config_error(str(e), p / "config.py")) from None


def declare_devices(args: argparse.Namespace, unit: Unit) -> None:
    """`--device KIND:NAME ...` of compile and build: a single-file program's manifest (an
    app's is config.py's)."""
    given = getattr(args, "device", None) or []
    if not given:
        return
    if unit.app_root is not None:
        raise UsageError("--device is for a single-file program: an app's devices are "
                         "config.py's")
    devices = []
    for text in given:
        try:
            devices.append(manifest.parse_device(text))
        except ValueError as e:
            raise UsageError(f"--device {e}") from None
    set_program_devices(unit, devices)


def set_program_devices(unit: Unit, devices: list[Device]) -> None:
    """A single-file program's manifest, checked (as a UsageError)."""
    try:
        manifest.check(devices)
    except ValueError as e:
        raise UsageError(str(e)) from None
    unit.devices = devices


#: A config error that names its line: "config.py:12: ..." (the DSL's) or "/abs/config.py:12:3:
#: error: ..." (a Python error running config.py, or unikernel.py, which config.py imports).
CONFIG_LINE = re.compile(r"^(?P<path>[^:\n]*\.py):(?P<line>\d+)(?::(?P<col>\d+))?: "
                         r"(?:error: )?(?P<message>.*)$", re.DOTALL)
CONFIG_FILE = re.compile(r"^(?P<path>[^:\n]*config\.py): (?:error: )?(?P<message>.*)$", re.DOTALL)


def located_config_error(message: str, config: Path) -> str:
    """A config error in the one diagnostic format, `path:line: error: ...`, with the path as
    the user gave the app (the DSL only knows "config.py"; Python's errors name absolute
    paths)."""
    m = CONFIG_LINE.match(message)
    if m is not None:
        named = config.parent / m["path"]  # "config.py" (the DSL's) is the app's; absolute stays
        col = f":{m['col']}" if m["col"] and m["col"] != "0" else ""
        return f"{display(str(named))}:{m['line']}{col}: error: {m['message']}"
    m = CONFIG_FILE.match(message)
    if m is not None:
        return f"{display(str(config))}: error: {m['message']}"
    return message


#: --net values that choose the stack an app is configured with; any other names a NIC's tap.
NET_KINDS = ("direct", "socket")


def net_kind(args: argparse.Namespace) -> str:
    kinds = [v for v in (getattr(args, "net", None) or []) if v in NET_KINDS]
    if len(set(kinds)) > 1:
        raise UsageError("--net socket and --net direct together")
    kind = kinds[0] if kinds else "direct"
    if kind == "socket" and args.target == "virtio":
        raise UsageError("--net socket is for hosted and unix (the virtio target has no host "
                         "kernel under it): attach a tap with --net TAP, or use --net user")
    return kind


def nic_values(args: argparse.Namespace) -> list[str]:
    """The --net values of `pyrage run` that attach NICs (not the stack's kind)."""
    return [v for v in (getattr(args, "net", None) or []) if v not in NET_KINDS]


def nic_arguments(args: argparse.Namespace, unit: Unit) -> list[str]:
    """`--net NAME=TAP` / `--net TAP` of `pyrage run` as the platform's own boot arguments,
    `--net:NAME=TAP` (unix and hosted), in the app's order of its NICs."""
    values = nic_values(args)
    if "user" in values or any(v.endswith("=user") for v in values):
        raise UsageError("--net user is QEMU's user-mode network: for -t virtio")
    return [f"--net:{name}={tap}" for name, tap in nic_choices(values, unit.nics).items()]


#: What a single-file program's block device is called when `--block PATH` does not say.
DEFAULT_BLOCK = "disk"
_BLOCK_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,63}$")


def block_files(args: argparse.Namespace, unit: Unit) -> list[tuple[str, Path]]:
    """`pyrage run --block [NAME=]PATH ...` as (NAME, absolute PATH) pairs, in the app's
    order of its block devices (for a single-file program, in the order given). PATH alone
    names the app's one block device ("disk" in a single-file program). Refused, as a
    UsageError: an unknown NAME, a NAME given twice, and a PATH that is missing, not a file or
    a block device, or a file whose size is not a whole number of 512-byte sectors."""
    names = unit.blocks
    chosen: dict[str, Path] = {}
    for value in getattr(args, "block", None) or []:
        name, eq, path = value.partition("=")
        known = _BLOCK_NAME.match(name) is not None if names is None else name in names
        if not eq or (not known and Path(value).exists()):  # PATH alone (it may hold a =)
            if names is not None and len(names) != 1:
                raise UsageError(f"--block {value}: this app has the block devices "
                                 f"{', '.join(names) or '(none)'}: say which, NAME=PATH")
            name, path = (names[0] if names else DEFAULT_BLOCK), value
        elif not known:
            if names is None:
                raise UsageError(f"--block {value}: {name!r} is not a block device's name "
                                 "(1 to 63 letters, digits, '_', '.', '-')")
            raise UsageError(f"--block {value}: no block device {name!r} in this app (it has "
                             f"{', '.join(names) or 'none'})")
        if name in chosen:
            raise UsageError(f"--block {value}: block device {name!r} is given twice")
        chosen[name] = _block_file(value, path)
    order = names if names is not None else list(chosen)
    return [(name, chosen[name]) for name in order if name in chosen]


def _block_file(value: str, path: str) -> Path:
    """The absolute path of a --block file, checked as block_files says."""
    file = Path(path).expanduser()
    where = f"--block {value}" + ("" if value == path else f": {path}")
    try:
        info = file.stat()
    except FileNotFoundError:
        raise UsageError(f"{where}: no such file") from None
    except OSError as e:
        raise UsageError(f"{where}: {e.strerror}") from None
    if stat.S_ISREG(info.st_mode):
        if info.st_size % 512:
            raise UsageError(f"{where}: its size ({info.st_size} bytes) is not a multiple of "
                             "512, the sector size")
    elif not stat.S_ISBLK(info.st_mode):
        raise UsageError(f"{where}: not a file or a block device")
    return file.resolve()


def require_devices(unit: Unit, nics: list[str], blocks: list[tuple[str, Path]]) -> None:
    """`pyrage run` attaches exactly the manifest's devices: a UsageError naming the first one
    that the command line leaves out (the ones it names that the manifest has not are refused
    by nic_choices and block_files)."""
    attached = {Device("net", n) for n in nics} | {Device("block", n) for n, _ in blocks}
    for d in unit.devices:
        if d not in attached:
            how = "--net NAME=TAP" if d.kind == "net" else "--block NAME=PATH"
            raise UsageError(f"{d} is in the image's manifest but not attached: add "
                             f"{how.replace('NAME', d.name)}")


def program_devices(nics: list[str], blocks: list[tuple[str, Path]]) -> list[Device]:
    """A single-file program's manifest for `pyrage run`: the devices its command line
    attaches (its NIC is "service")."""
    return [*(Device("net", n) for n in nics), *(Device("block", n) for n, _ in blocks)]


def block_arguments(files: list[tuple[str, Path]]) -> list[str]:
    """block_files' (NAME, PATH) pairs as the platform's own boot arguments,
    `--block:NAME=PATH` (unix and hosted)."""
    return [f"--block:{name}={path}" for name, path in files]


# --- reporting --------------------------------------------------------------------------------


def display(path: str) -> str:
    """A path relative to the current directory when it is below it, else as it is."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def report(err: PyrageError) -> None:
    if isinstance(err, CompileError):
        for d in err.diagnostics:
            print(format_diagnostic(d), file=sys.stderr)
    elif isinstance(err, ConfigError) and ": error: " in str(err):
        print(err, file=sys.stderr)  # located: path:line: error: ...
    else:
        print(f"pyrage: {err}", file=sys.stderr)


def format_diagnostic(d: Diagnostic) -> str:
    """Errors in a generated main.py are shown at the config.py line they come from."""
    from pyrage.config.generate import config_line

    path = Path(d.path)
    if path.name == "main.py" and path.parent.parent.name == "_build":
        line = config_line(path, d.line)
        if line is not None:
            config = path.parent.parent.parent / "config.py"
            moved = Diagnostic(display(str(config)), line, 0, d.message, d.severity)
            return f"{moved}  [in generated {display(d.path)}:{d.line}]"
    return str(Diagnostic(display(d.path), d.line, d.column, d.message, d.severity))


# --- commands ---------------------------------------------------------------------------------


def cmd_configure(args: argparse.Namespace) -> int:
    unit = resolve(args.app, args.target, net=net_kind(args))
    if unit.app_root is None:
        raise PyrageError("configure takes an app directory (with config.py)")
    print(display(str(unit.entry)))
    return 0


class ProgressLine:
    """What a build is doing, on one line of stderr rewritten as it goes from stage to stage
    and erased when it ends: only on a terminal, and not under -q (a pipe or a log gets
    nothing)."""

    def __init__(self, args: argparse.Namespace, what: str) -> None:
        self.what = what
        self.enabled = not getattr(args, "quiet", False) and sys.stderr.isatty()
        self.shown = False

    def __call__(self, stage: str) -> None:
        if self.enabled:
            sys.stderr.write(f"\r\x1b[Kpyrage: {self.what}: {stage}...")
            sys.stderr.flush()
            self.shown = True

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.shown:  # erased, so that what follows (diagnostics, the program) starts clean
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def build(unit: Unit, args: argparse.Namespace) -> Path | None:
    """Type-check (hosted) or compile (unix, virtio) a resolved unit."""
    name = display(str(unit.app_root or unit.entry))
    if args.target == "hosted":
        check_program(unit, args)
        return None
    from pyrage.compiler.fingerprint import fingerprint, is_up_to_date

    out = Path(args.output) if getattr(args, "output", None) else unit.image(args.target)
    emitting = getattr(args, "emit_ir", None) or getattr(args, "emit_llvm", None)
    stamp = unit.work_dir / f"{out.name}.stamp"
    digest = fingerprint(unit.entry, unit.search_paths, args.target,
                         manifest.encode(unit.devices))
    if not emitting and not getattr(args, "force", False) and is_up_to_date(stamp, out, digest):
        if getattr(args, "timings", False):
            print(f"pyrage: {display(str(out))} is up to date", file=sys.stderr)
        return out
    from pyrage.compiler import driver  # mypy and llvmlite: imported only to build

    with ProgressLine(args, f"{name} ({args.target})") as progress:
        artifacts = driver.compile_to_image(
            unit.entry, unit.module, unit.search_paths, args.target, out,
            work_dir=unit.work_dir,
            emit_ir=Path(args.emit_ir) if getattr(args, "emit_ir", None) else None,
            emit_llvm=Path(args.emit_llvm) if getattr(args, "emit_llvm", None) else None,
            progress=progress, devices=unit.devices)
    stamp.write_text(digest)
    if getattr(args, "timings", False):
        stages = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in artifacts.timings.stages.items())
        print(f"pyrage: {stages}", file=sys.stderr)
    return artifacts.image


def check_program(unit: Unit, args: argparse.Namespace, *, reuse: bool = False) -> None:
    """What the native compile checks, without generating code: mypy and the subset, then
    irbuild's type-level limits (Protocol-typed values, Any...). So hosted refuses what unix
    and virtio refuse. With `reuse`, a program that passed unchanged (its stamp matches the
    fingerprint of its sources and of pyrage) is not checked again: `pyrage run -t hosted`
    of an unchanged app starts at once."""
    from pyrage.compiler.fingerprint import fingerprint

    stamp = unit.work_dir / "checked.stamp"
    digest = fingerprint(unit.entry, unit.search_paths, "checked")
    if reuse and stamp.exists() and stamp.read_text() == digest:
        return
    from pyrage.compiler import driver

    with ProgressLine(args, display(str(unit.app_root or unit.entry))) as progress:
        timings = driver.Timings(progress=progress)
        driver.build_ir(driver.front_end(unit.entry, unit.module, unit.search_paths, timings),
                        timings)
    unit.work_dir.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest)


def cmd_build(args: argparse.Namespace) -> int:
    unit = resolve(args.app, args.target, configure=False, net=net_kind(args))
    declare_devices(args, unit)
    print_built(unit, build(unit, args), args)
    return 0


def cmd_compile(args: argparse.Namespace) -> int:
    unit = resolve(args.app, args.target, net=net_kind(args))
    declare_devices(args, unit)
    print_built(unit, build(unit, args), args)
    return 0


def cmd_manifest(args: argparse.Namespace) -> int:
    """`pyrage manifest IMAGE`: the image's devices, a line each (`net service`)."""
    sys.stdout.write(manifest.format_devices(manifest.read(Path(args.image))))
    return 0


def print_built(unit: Unit, image: Path | None, args: argparse.Namespace) -> None:
    """The image's path, and with --size where its bytes go (link/sizes.py)."""
    if image is None:
        return
    print(display(str(image)))
    if args.size:
        from pyrage.compiler.link import sizes

        obj = unit.work_dir / f"{image.name}.o"
        print(sizes.format_report(sizes.size_report(obj, args.target, image)))


def cmd_check(args: argparse.Namespace) -> int:
    unit = resolve(args.app, args.target, net=net_kind(args))
    check_program(unit, args)  # mypy, the subset, and irbuild's type-level limits
    print(f"pyrage: {display(str(unit.app_root or unit.entry))}: no errors ({args.target})",
          file=sys.stderr)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from pyrage.scaffold import new_app  # pyrage/scaffold.py

    for path in new_app(Path(args.app), editor_only=args.editor):
        print(display(str(path)))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    unit = resolve(args.app, args.target, net=net_kind(args))
    # The devices to attach, checked against the manifest before anything is built
    blocks = block_files(args, unit)
    nics = list(nic_choices(nic_values(args), unit.nics))
    if unit.app_root is None:
        set_program_devices(unit, program_devices(nics, blocks))
    require_devices(unit, nics, blocks)
    if args.target == "virtio" and args.accel == "kvm" and not args.dry_run:
        from pyrage.launch import qemu

        if (why := qemu.kvm_unusable()) is not None:  # QEMU would hang: say so before building
            raise RunError(f"--accel kvm: {why}; use --accel tcg (or auto, which picks it)")
    boot_args: list[str] = args.boot_args
    if args.target != "virtio":
        boot_args = [*nic_arguments(args, unit), *block_arguments(blocks), *boot_args]
    if args.target == "hosted":
        if not args.no_check:
            check_program(unit, args, reuse=True)
        env = dict(os.environ)
        paths = [str(p) for p in unit.search_paths]
        env["PYTHONPATH"] = os.pathsep.join([*paths, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        # CPython, with the images' 64-bit overflow trap at the program's own lines
        argv = [sys.executable, "-m", "pyrage.launch.hosted", str(unit.entry), *boot_args]
        if args.dry_run:  # with the module path main.py imports the app and pyrage from
            print(" ".join([f"PYTHONPATH={_shell_quote(env['PYTHONPATH'])}",
                            *(_shell_quote(a) for a in argv)]))
            return 0
        return exec_or_run(argv, env)
    image = build(unit, args)
    assert image is not None
    found = manifest.read(image)  # what the image will drive: exactly what is attached
    if found != unit.devices:
        raise RunError(f"{display(str(image))}: its device manifest "
                       f"({', '.join(map(str, found)) or 'none'}) is not the "
                       f"configuration's ({', '.join(map(str, unit.devices)) or 'none'}): "
                       "rebuild it (--force)")
    if args.target == "unix":
        argv = [str(image), *boot_args]
        if args.dry_run:
            print(" ".join(_shell_quote(a) for a in argv))
            return 0
        return exec_or_run(argv, None)
    return run_virtio(args, unit, image, boot_args, blocks)


def run_virtio(args: argparse.Namespace, unit: Unit, image: Path, boot_args: list[str],
               blocks: list[tuple[str, Path]]) -> int:
    """`pyrage run -t virtio`: QEMU with the NICs of --net (taps or QEMU's user-mode network,
    --forward adding host ports to the latter) and the block devices of --block, the guest's
    exit status read back exactly."""
    import tempfile

    from pyrage.launch import qemu

    accel = qemu.detect_accel() if args.accel == "auto" else args.accel
    nics = nic_values(args)
    disks, disk_args = qemu.block_devices(blocks)
    # A generated main.py that reads --ipv4 (stackv4's) gets the user-mode network's address;
    # a single-file program reads its arguments itself, and gets it too.
    reads_ipv4 = unit.app_root is None or "'ipv4'" in unit.entry.read_text()
    devices, boot_args = qemu.network(nics, unit.nics, args.forward or [],
                                      [*disk_args, *boot_args], user_addresses=reads_ipv4)
    devices += disks
    if args.dry_run:  # the status file a real run would make in a fresh temporary directory
        status_path = Path(tempfile.gettempdir()) / f"pyrage-{image.name}.status"
        command = qemu.qemu_command(image, accel=accel, mem=args.mem, boot_args=boot_args,
                                    devices=devices, status_path=status_path)
        print(" ".join(_shell_quote(a) for a in command))
        return 0
    qemu.find_qemu()
    with tempfile.TemporaryDirectory(prefix="pyrage-run-") as tmp:
        status_path = Path(tmp) / "status"
        command = qemu.qemu_command(image, accel=accel, mem=args.mem, boot_args=boot_args,
                                    devices=devices, status_path=status_path)
        # The guest's console is QEMU's stdout; QEMU's own stderr is only its diagnostics, kept
        # apart because a QEMU that fails to start exits 1, which isa-debug-exit also means "0".
        proc = subprocess.run(command, stderr=subprocess.PIPE, text=True)
        status_line = qemu.read_status(status_path)
    sys.stderr.write(proc.stderr)
    started = qemu.status_from_line(status_line) is not None
    if proc.returncode == 1 and "qemu-system" in proc.stderr and not started:
        raise RunError("QEMU failed to start the image (see its message above)")
    message = qemu.exit_message(proc.returncode, proc.stderr, status_line)
    if message is not None:  # a reset or a killed QEMU: a failure, never silent
        print(f"pyrage: {message}", file=sys.stderr)
    status: int = qemu.decode_exit_status(proc.returncode, proc.stderr, status_line)
    return status


def _shell_quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)


def exec_or_run(argv: list[str], env: dict[str, str] | None) -> int:
    """Replace this process with the program, so its exit status and signals are its own."""
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        if env is None:
            os.execv(argv[0], argv)
        else:
            os.execve(argv[0], argv, env)
    except OSError as e:
        raise RunError(f"cannot run {argv[0]}: {e}") from None
    return 0  # pragma: no cover - exec does not return


# --- argument parsing -------------------------------------------------------------------------


def version_text() -> str:
    """`pyrage --version`: pyrage's and what a build depends on (the Python that type-checks,
    mypy, llvmlite's LLVM), for bug reports."""
    from importlib import metadata

    import llvmlite.binding

    def installed(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    llvm = ".".join(map(str, llvmlite.binding.llvm_version_info))
    return (f"pyrage {installed('pyrage')} (Python {sys.version.split()[0]}, "
            f"mypy {installed('mypy')}, llvmlite {installed('llvmlite')}, LLVM {llvm})")


class VersionAction(argparse.Action):
    """--version, computed only when asked (it imports llvmlite)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(version_text())
        parser.exit()


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="pyrage", description="Build unikernels from typed Python (MirageOS for Python).")
    top.add_argument("--version", action=VersionAction, nargs=0,
                     help="print pyrage's version and those of what it builds with")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    sub.add_parser("kv", help="KV store images: create, ls, get, set, rm, mv, check "
                              "(pyrage kv --help)", add_help=False)

    def add(name: str, help: str, *, app_help: str = "APP directory or PROGRAM.py (default: .)"
            ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.add_argument("app", nargs="?", metavar="APP", help=app_help)
        p.add_argument("-t", "--target", choices=TARGETS, default=DEFAULT_TARGET,
                       help=f"target (default: {DEFAULT_TARGET})")
        p.add_argument("--net", action="append", metavar="NET",
                       help="socket: configure the socket stack (hosted, unix); direct: the "
                            "stack in pyrage (default). With run also NAME=TAP, or TAP for "
                            "an app with one NIC; virtio: user (QEMU's user-mode network)")
        return p

    def add_build_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("-o", "--output", help="where to write the image (default: an app's "
                       "dist/NAME, or PROGRAM beside PROGRAM.py; .virtio added for virtio)")
        p.add_argument("--emit-ir", metavar="FILE", help="also write pyrage's IR to FILE")
        p.add_argument("--emit-llvm", metavar="FILE", help="also write the optimized LLVM IR")
        p.add_argument("--timings", action="store_true", help="print the time of each stage")
        p.add_argument("-q", "--quiet", action="store_true",
                       help="no progress line while building (there is none off a terminal)")

    add("configure", "write _build/TARGET/main.py from config.py",
        app_help="APP directory (default: .)")
    for name, help in (("build", "compile a configured app into dist/"),
                       ("compile", "configure and build (an app), or compile a PROGRAM.py")):
        p = add(name, help)
        add_build_options(p)
        p.add_argument("--force", action="store_true",
                       help="rebuild even if the image is up to date")
        p.add_argument("--size", action="store_true",
                       help="print where the image's bytes go: the app, pyrage's packages, "
                            "the runtime in C")
        p.add_argument("--device", action="append", metavar="KIND:NAME",
                       help="a PROGRAM.py's device manifest: net:NAME or block:NAME, the only "
                            "devices its image will drive (an app's are config.py's); "
                            "repeatable")
    add("check", "type-check (mypy --strict) and check the compiled subset, without building")
    new = sub.add_parser("new", help="create an app folder DIR: unikernel.py, config.py, a "
                         "README, and the editor's config (pyright, mypy)",
                         description="create an app folder DIR: unikernel.py, config.py, a "
                         "README, and the editor's config (pyright, mypy)")
    new.add_argument("app", metavar="DIR", help="the new app's folder (its name is the app's)")
    new.add_argument("--editor", action="store_true",
                     help="only write the editor config of the existing app DIR again")
    run = add("run", "compile and run (unix: as a process; virtio: under QEMU; hosted: CPython)")
    add_build_options(run)
    run.add_argument("--accel", choices=("auto", "kvm", "tcg"), default="auto",
                     help="virtio: QEMU accelerator (auto picks TCG unless KVM is real)")
    run.add_argument("--mem", default="64M", help="virtio: guest memory (default: 64M)")
    run.add_argument("--block", action="append", metavar="[NAME=]PATH",
                     help="attach the file (or host block device) PATH as the app's block "
                          "device NAME (PATH alone: its only one, or \"disk\" in a "
                          "PROGRAM.py); repeatable")
    run.add_argument("--forward", action="append", metavar="PROTO:HOST=GUEST",
                     help="virtio, --net user: forward this machine's port HOST (udp or tcp) to "
                          "the unikernel's port GUEST; repeatable")
    run.add_argument("--dry-run", action="store_true", help="print the command, do not run it")
    run.add_argument("--no-check", action="store_true", help="hosted: skip the type check")
    run.epilog = "Boot arguments for the unikernel follow --, e.g. pyrage run -- --count=2"
    shown = sub.add_parser("manifest", help="print an image's device manifest: the NICs and "
                           "block devices it was built with, `KIND NAME` a line",
                           description="print an image's device manifest: the NICs and block "
                           "devices it was built with (`net NAME`, `block NAME`, a line each, "
                           "in config.py's order), the only ones its runtime drives and "
                           "`pyrage run` attaches")
    shown.add_argument("image", metavar="IMAGE", help="a unix or virtio image (dist/NAME, "
                       "dist/NAME.virtio)")
    return top


COMMANDS = {"configure": cmd_configure, "build": cmd_build, "compile": cmd_compile,
            "check": cmd_check, "run": cmd_run, "manifest": cmd_manifest, "new": cmd_new}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["kv"]:  # KV store images: its own command line (pyrage/kvtool.py)
        from pyrage import kvtool

        return kvtool.main(argv[1:])
    boot_args: list[str] = []
    if "--" in argv:  # everything after -- is the unikernel's, untouched
        split = argv.index("--")
        argv, boot_args = argv[:split], argv[split + 1:]
    args = parser().parse_args(argv)
    args.boot_args = boot_args
    if boot_args and args.command != "run":
        parser().error("boot arguments (after --) are only for `pyrage run`")
    try:
        return COMMANDS[args.command](args)
    except UsageError as err:
        print(f"pyrage: {err}", file=sys.stderr)
        return 2
    except PyrageError as err:
        report(err)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # a bug in pyrage: say so plainly, never with a traceback
        where = internal_error_origin(err)
        print(f"pyrage: internal error: {type(err).__name__}: {err}{where}\n"
              "This is a bug in pyrage, not in your program: please report it with the "
              "program that triggered it (PYRAGE_TRACEBACK=1 shows the traceback).",
              file=sys.stderr)
        if os.environ.get("PYRAGE_TRACEBACK"):
            raise
        return 1


def internal_error_origin(err: BaseException) -> str:
    """ (at pyrage/...py:N): the innermost frame of pyrage's own code, for the report."""
    import traceback

    frames = [f for f in traceback.extract_tb(err.__traceback__) if "/pyrage/" in f.filename]
    if not frames:
        return ""
    last = frames[-1]
    return f" (at pyrage/{last.filename.rsplit('/pyrage/', 1)[1]}:{last.lineno})"


if __name__ == "__main__":
    sys.exit(main())
