"""The editor sees what `pyrage check` sees. pyright (the checker inside Pylance): the examples
and the type-level tests are clean under it in strict mode, it rejects each functor application
that mypy rejects, and in an app made by `pyrage new` (no other setup) it resolves pyrage and
shows a device lacking a signature member at the line of the app's own file that causes it.
mypy, with the app's mypy.ini, shows the mistakes in the app's files too.

pyright runs on Node.js: without `node` (or without the pyright package of the test extras)
its tests are skipped, saying why; under CI they fail instead, since CI must run them.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, run_pyrage

HERE = Path(__file__).parent


def unavailable() -> str | None:
    if importlib.util.find_spec("pyright") is None:
        return "the pyright package is not installed (pip install -e '.[test]')"
    if shutil.which("node") is None:
        return "pyright needs Node.js and `node` is not on PATH (apt-get install nodejs)"
    return None


@pytest.fixture
def needs_pyright() -> None:
    why = unavailable()
    if why is not None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run pyright: {why}")
        pytest.skip(why)


def pyright(*args: str, cwd: Path) -> list[dict[str, Any]]:
    """pyright's diagnostics (errors and warnings) for the project at cwd, its own config."""
    env = {**os.environ, "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1"}  # no version check online
    result = subprocess.run([sys.executable, "-m", "pyright", "--outputjson", *args], cwd=cwd,
                            capture_output=True, text=True, timeout=600, env=env)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"pyright did not run:\n{result.stdout}\n{result.stderr}") from None
    diagnostics: list[dict[str, Any]] = report["generalDiagnostics"]
    assert report["summary"]["filesAnalyzed"] > 0, report
    return [d for d in diagnostics if d["severity"] in ("error", "warning")]


def located(diagnostics: list[dict[str, Any]], root: Path) -> list[tuple[str, int]]:
    """(file relative to root, 1-based line) of each diagnostic."""
    return sorted((Path(d["file"]).relative_to(root).as_posix(), d["range"]["start"]["line"] + 1)
                  for d in diagnostics)


def line_of(path: Path, needle: str) -> int:
    return next(i for i, text in enumerate(path.read_text().splitlines(), 1) if needle in text)


@pytest.mark.usefixtures("needs_pyright")
def test_examples_and_type_tests_are_clean_in_strict_mode() -> None:
    # pyproject.toml's [tool.pyright]: examples/ and tests/typecheck/, strict; every ignore in
    # hello_functor.py must be needed by pyright too (reportUnnecessaryTypeIgnoreComment).
    started = time.monotonic()
    diagnostics = pyright("--pythonpath", sys.executable, cwd=ROOT)
    elapsed = time.monotonic() - started
    assert diagnostics == [], "\n".join(f"{d['file']}:{d['range']['start']['line'] + 1}: "
                                        f"{d['message']}" for d in diagnostics)
    assert elapsed < 120, f"pyright took {elapsed:.1f} s over examples/ and tests/typecheck/"


@pytest.mark.usefixtures("needs_pyright")
def test_pyright_rejects_each_application_mypy_rejects(tmp_path: Path) -> None:
    # hello_functor.py without its ignores: pyright errs on exactly the lines that carried one.
    source = (HERE / "hello_functor.py").read_text()
    probe = tmp_path / "probe.py"
    probe.write_text(source.replace("  # type: ignore[type-var]", ""))
    (tmp_path / "pyrightconfig.json").write_text(json.dumps(
        {"extraPaths": [str(ROOT / "examples" / "hello"), str(ROOT)],
         "typeCheckingMode": "strict", "pythonVersion": "3.11"}))
    ignored = [i for i, text in enumerate(source.splitlines(), 1)
               if text.endswith("  # type: ignore[type-var]")]
    assert len(ignored) == 4
    diagnostics = pyright("--pythonpath", sys.executable, cwd=tmp_path)
    assert sorted({line for _, line in located(diagnostics, tmp_path)}) == ignored


UNIKERNEL_MISTAKE = '''
class Loud(Generic[C]):
    """A functor over a CONSOLE, applied by Main below."""

    def __init__(self, console: C) -> None:
        self.console = console


'''


def mistaken_app(tmp_path: Path) -> Path:
    """An app from `pyrage new`, then three mistakes in config.py (a device of the user's own
    that lacks CONSOLE.log, a CONSOLE given for a TIME, a str for an int) and two in
    unikernel.py (a functor of its own applied to the TIME, a member CONSOLE lacks)."""
    app = tmp_path / "mistaken"
    result = run_pyrage("new", str(app))
    assert result.returncode == 0, result.stderr
    (app / "mydevices.py").write_text(
        "class Quiet:\n    async def write(self, data: bytes) -> None:\n        pass\n")
    config = (app / "config.py").read_text()
    config = config.replace("import unikernel\n", "import mydevices\nimport unikernel\n")
    config = config.replace("import arg, console, job, time", "import arg, console, device, job")
    config = config.replace("    console=console(),", "    console=device(mydevices.Quiet),")
    config = config.replace("    time=time(),", "    time=console(),")
    config = config.replace("count=arg(3,", "count=arg(\"3\",")
    (app / "config.py").write_text(config)
    unikernel = (app / "unikernel.py").read_text()
    unikernel = unikernel.replace("\nclass Main(", UNIKERNEL_MISTAKE + "class Main(")
    unikernel = unikernel.replace("        self.time = time\n",
                                  "        self.time = time\n        self.loud = Loud(time)\n")
    unikernel = unikernel.replace("await self.console.log(", "await self.console.shout(")
    (app / "unikernel.py").write_text(unikernel)
    return app


@pytest.mark.usefixtures("needs_pyright")
def test_a_new_app_is_clean_with_no_setup(tmp_path: Path) -> None:
    app = tmp_path / "fresh"
    assert run_pyrage("new", str(app)).returncode == 0
    assert pyright(cwd=app) == []


@pytest.mark.usefixtures("needs_pyright")
def test_functor_mistakes_are_shown_at_the_apps_own_lines(tmp_path: Path) -> None:
    app = mistaken_app(tmp_path)
    config, unikernel = app / "config.py", app / "unikernel.py"
    expected = [("config.py", line_of(config, "console=device(mydevices.Quiet)")),
                ("config.py", line_of(config, "time=console()")),
                ("config.py", line_of(config, "count=arg(\"3\"")),
                ("unikernel.py", line_of(unikernel, "self.loud = Loud(time)")),
                ("unikernel.py", line_of(unikernel, "self.console.shout("))]
    diagnostics = pyright(cwd=app)  # the app's pyrightconfig.json, as an editor reads it
    # (strict mode adds a knock-on error at the unikernel.py line: Loud[Unknown])
    assert sorted(set(located(diagnostics, app))) == sorted(expected), diagnostics
    messages: dict[tuple[str, int], str] = {}
    for d in diagnostics:
        at = (Path(d["file"]).name, d["range"]["start"]["line"] + 1)
        messages[at] = messages.get(at, "") + d["message"]
    assert '"log" is not present' in messages[expected[0]]
    assert '"sleep_ns" is not present' in messages[expected[1]]
    assert '"log" is not present' in messages[expected[3]]
    # pyrage check reports the same mistakes at the same lines
    result = run_pyrage("check", str(app))
    assert result.returncode == 1
    assert '"Quiet" is missing the member "log" of the signature CONSOLE' in result.stderr
    checked = sorted({(Path(line.split(":")[0]).name, int(line.split(":")[1]))
                      for line in result.stderr.splitlines() if ": error: " in line})
    assert checked == sorted(expected), result.stderr


def test_mypy_in_the_editor_shows_them_in_the_apps_files_too(tmp_path: Path) -> None:
    # mypy (the app's mypy.ini) reports the functor's application once, at config.py's
    # `unikernel.Main` line, with the devices' types; unikernel.py's mistakes at their lines.
    app = mistaken_app(tmp_path)
    result = subprocess.run([sys.executable, "-m", "mypy", "."], cwd=app, capture_output=True,
                            text=True, timeout=600)
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    where = sorted(tuple(line.split(":")[:2]) for line in errors)
    assert where == sorted([("config.py", str(line_of(app / "config.py", "unikernel.Main,"))),
                            ("unikernel.py", str(line_of(app / "unikernel.py", "Loud(time)"))),
                            ("unikernel.py", str(line_of(app / "unikernel.py", ".shout(")))]
                           ), result.stdout
    assert "Callable[[Quiet, CONSOLE, str, str, int], Startable]" in result.stdout
