"""The command line: help, usage errors, configure, and located errors that are never
tracebacks."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_pyrage

COMMANDS = ["configure", "build", "compile", "check", "run", "manifest"]


def make_app(root: Path, unikernel: str | None = None, config: str | None = None,
             extra: dict[str, str] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLES / "hello" / "unikernel.py", root / "unikernel.py")
    shutil.copy(EXAMPLES / "hello" / "config.py", root / "config.py")
    if unikernel is not None:
        (root / "unikernel.py").write_text(textwrap.dedent(unikernel))
    if config is not None:
        (root / "config.py").write_text(textwrap.dedent(config))
    for name, text in (extra or {}).items():
        (root / name).write_text(textwrap.dedent(text))
    return root


def assert_clean_failure(result: object, *needles: str) -> None:
    from subprocess import CompletedProcess

    assert isinstance(result, CompletedProcess)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help(command: str | None) -> None:
    result = run_pyrage(*([command] if command else []), "--help")
    assert result.returncode == 0
    assert "usage: pyrage" in result.stdout


def test_version() -> None:
    from importlib import metadata

    import llvmlite.binding

    result = run_pyrage("--version")
    assert result.returncode == 0, result.stderr
    llvm = ".".join(map(str, llvmlite.binding.llvm_version_info))
    assert result.stdout.startswith(f"pyrage {metadata.version('pyrage')} (Python ")
    assert f"LLVM {llvm})" in result.stdout


def test_usage_errors_exit_2() -> None:
    assert run_pyrage().returncode == 2
    assert run_pyrage("frobnicate").returncode == 2
    assert run_pyrage("run", "-t", "xen").returncode == 2
    assert run_pyrage("compile", "x.py", "--", "--a").returncode == 2


def test_configure_writes_a_readable_main(tmp_path: Path) -> None:
    app = make_app(tmp_path / "hello")
    result = run_pyrage("configure", str(app), "-t", "virtio")
    assert result.returncode == 0, result.stderr
    main = (app / "_build" / "virtio" / "main.py").read_text()
    assert "dev_console = pyrage.impls.console.Console()  # config.py:" in main
    # one argument a line, each marked with the config.py line it comes from
    assert "    job = unikernel.Main(  # config.py:" in main
    assert "        console=dev_console,  # config.py:" in main
    assert "        time=dev_time,  # config.py:" in main
    assert "sched.run(main())" in main


def test_check_accepts_hello() -> None:
    result = run_pyrage("check", str(EXAMPLES / "hello"))
    assert result.returncode == 0, result.stderr


def test_missing_protocol_member_is_named_at_the_config_line(tmp_path: Path) -> None:
    app = make_app(tmp_path / "bad", config="""\
        import mydevices
        import unikernel
        from pyrage.config import arg, device, job, time

        job(
            "bad",
            unikernel.Main,
            console=device(mydevices.Quiet),
            time=time(),
            hello=arg("hi"),
            count=arg(1),
            interval_ms=arg(0),
        )
        """, extra={"mydevices.py": """\
        class Quiet:
            async def write(self, data: bytes) -> None:
                pass
        """})
    result = run_pyrage("check", str(app))
    assert_clean_failure(result, 'cannot be "Quiet"',
                         '"Quiet" is missing the member "log" of the signature CONSOLE')
    # at the line of config.py that binds the device, not the job(...) line
    assert f'{app}/config.py:8: error: Value of type variable "C" of "Main" cannot be ' \
        '"Quiet"' in result.stderr
    assert f"{app}/config.py:8: note: " in result.stderr


def test_unsupported_construct_is_located(tmp_path: Path) -> None:
    source = (EXAMPLES / "hello" / "unikernel.py").read_text().replace(
        "            await self.console.log(self.hello)",
        "            await self.console.log(self.hello)\n            del self.hello")
    app = make_app(tmp_path / "deletes", unikernel=source)
    result = run_pyrage("check", str(app))
    assert_clean_failure(result, "unikernel.py:30:17: error: pyrage does not support del of "
                                 "anything but a list, dict or bytearray item (yet)")


def test_syntax_error_is_located(tmp_path: Path) -> None:
    app = make_app(tmp_path / "syntax", unikernel="def f(:\n    pass\n")
    assert_clean_failure(run_pyrage("check", str(app)), "unikernel.py:1:")


@pytest.mark.parametrize("config,located", [
    ("raise RuntimeError('boom')\n", "config.py:1: error: RuntimeError: boom"),
    ("from pyrage.config import job\njob('x', 'unikernel.Main')\n",
     "config.py:2: error: job('x', 'unikernel.Main'): the second argument is the unikernel's "
     "class"),
    ("import unikernel\nfrom pyrage.config import arg, job\n"
     "job('x', unikernel.Main,\n    Bad_Name=arg(1))\n",
     "config.py:4: error: boot argument Bad_Name: its name is the constructor's parameter"),
    ("import unikernel\nfrom pyrage.config import console, job\n"
     "job(\n    'x', unikernel.Main,\n    console=console(),\n    count=4)\n",
     "config.py:6: error: count=4: pass a device"),
    ("import unikernel\nfrom pyrage.config import arg, job\n"
     "class Here:\n    pass\njob('x', Here)\n",
     "config.py:5: error: Here must be defined at the top level"),
    ("import unikernel\nfrom pyrage.config import device, job\n"
     "job('x', unikernel.Main, console=device('m.Console'))\n",
     "config.py:3: error: device('m.Console'): pass the class itself"),
    ("x = 1\n", "config.py: error: config.py does not call job(...)"),
    ("def f(:\n", "config.py:1:7: error: "),
])
def test_config_errors_are_located(tmp_path: Path, config: str, located: str) -> None:
    """One format, `path:line: error: ...`, with the path as the user gave the app, and the
    line of the entry at fault (a device of the dict, not the job(...) line)."""
    app = make_app(tmp_path / "cfg", config=config)
    result = run_pyrage("configure", str(app))
    assert_clean_failure(result, located)
    assert result.stderr.startswith(f"{app}/{located}")


def test_errors_in_the_modules_config_imports_are_located_there(tmp_path: Path) -> None:
    # config.py imports unikernel.py (job's second argument is its class): CPython runs it
    # when the app is configured, and what stops it is reported at its own line.
    app = make_app(tmp_path / "raises", unikernel="import os\nLIMIT = int(os.environ['NOPE'])\n")
    assert_clean_failure(run_pyrage("configure", str(app)),
                         "unikernel.py:2: error: KeyError: 'NOPE'")
    app = make_app(tmp_path / "syntax", unikernel="def f(:\n    pass\n")
    assert_clean_failure(run_pyrage("configure", str(app)), "unikernel.py:1:")


def test_missing_config_and_missing_program(tmp_path: Path) -> None:
    assert_clean_failure(run_pyrage("check", str(tmp_path)), "no config.py here")
    assert_clean_failure(run_pyrage("run", str(tmp_path / "absent.py")), "no such file")


def test_build_needs_configure_first(tmp_path: Path) -> None:
    app = make_app(tmp_path / "fresh")
    assert_clean_failure(run_pyrage("build", str(app)), "run `pyrage configure -t unix` first")


def test_virtio_dry_run_prints_the_qemu_command(tmp_path: Path) -> None:
    app = make_app(tmp_path / "dry")
    result = run_pyrage("run", str(app), "-t", "virtio", "--dry-run", "--accel", "tcg",
                        "--", "--count=1")
    assert result.returncode == 0, result.stderr
    assert "qemu-system-x86_64 -M microvm" in result.stdout
    assert "-accel tcg" in result.stdout and "-append --count=1" in result.stdout


@pytest.mark.parametrize("target", ["hosted", "unix", "virtio"])
def test_a_dry_run_command_works_when_pasted(tmp_path: Path, target: str) -> None:
    """The printed command, run by a shell in another directory, prints what `pyrage run`
    prints (virtio: QEMU's own exit status is isa-debug-exit's, which `pyrage run` decodes)."""
    if target == "virtio" and shutil.which("qemu-system-x86_64") is None:
        pytest.skip("qemu-system-x86_64 is not installed")
    app = make_app(tmp_path / "pasted app")
    argv = ["run", str(app), "-t", target, "--", "--count=2", "--interval-ms=0"]
    accel = ["--accel", "tcg"] if target == "virtio" else []
    direct = run_pyrage(*argv[:4], *accel, *argv[4:], timeout=600)
    assert direct.returncode == 0, direct.stderr
    printed = run_pyrage(*argv[:4], *accel, "--dry-run", *argv[4:])
    assert printed.returncode == 0, printed.stderr
    pasted = subprocess.run(["bash", "-c", printed.stdout], cwd="/", capture_output=True,
                            text=True, timeout=300)
    assert pasted.stdout.replace("\r\n", "\n") == direct.stdout == "hello\nhello\n", \
        pasted.stderr


def test_images_go_where_the_help_says(tmp_path: Path) -> None:
    """An app's into its dist/; a program's beside it (.virtio for virtio); -o anywhere."""
    helped = run_pyrage("compile", "--help").stdout
    assert "dist/NAME" in " ".join(helped.split()) and "PROGRAM beside PROGRAM.py" in \
        " ".join(helped.split())
    program = tmp_path / "prog.py"
    program.write_text("print('hi')\n")
    for target, image in (("unix", tmp_path / "prog"), ("virtio", tmp_path / "prog.virtio")):
        result = run_pyrage("compile", str(program), "-t", target)
        assert result.returncode == 0 and image.is_file(), result.stderr
        assert (tmp_path / "_build" / target).is_dir()
    elsewhere = tmp_path / "out" / "x"
    assert run_pyrage("compile", str(program), "-o", str(elsewhere)).returncode == 0
    assert elsewhere.is_file()
    app = make_app(tmp_path / "app")
    assert run_pyrage("compile", str(app)).returncode == 0
    assert (app / "dist" / "hello").is_file()


def test_plain_program_runs_and_reports_its_status(tmp_path: Path) -> None:
    program = tmp_path / "prog.py"
    program.write_text("print('from a program')\nx = 1\nprint(x // (x - 1))\n")
    for target in ("unix", "hosted"):
        result = run_pyrage("run", str(program), "-t", target)
        assert result.stdout == "from a program\n"
        assert result.returncode == 1
        assert "ZeroDivisionError" in result.stderr


def test_a_misspelt_parameter_is_reported_at_its_line(tmp_path: Path) -> None:
    """At the keyword's line of config.py (as pyright shows it), with mypy's suggestion and no
    knock-on "Need type annotation" for the generated `job = ...`."""
    app = tmp_path / "typo"
    assert run_pyrage("new", str(app)).returncode == 0
    config = app / "config.py"
    lines = config.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == "time=time(),")
    lines[at] = lines[at].replace("time=", "tme=")
    config.write_text("\n".join(lines) + "\n")
    result = run_pyrage("check", str(app))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f'{config}:{at + 1}: error: Unexpected keyword argument "tme" '
                                'for "Main"; did you mean "time"?')
