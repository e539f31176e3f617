"""`pyrage new DIR`: an app folder that checks and runs as it is, with the editor's config."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_pyrage

FILES = {".gitignore", "README.md", "config.py", "mypy.ini", "pyrightconfig.json",
         "unikernel.py"}


def new(app: Path, *extra: str) -> Path:
    result = run_pyrage("new", str(app), *extra)
    assert result.returncode == 0, result.stderr
    return app


def test_help() -> None:
    result = run_pyrage("new", "--help")
    assert result.returncode == 0 and "usage: pyrage new" in result.stdout


def test_a_new_app_checks_and_runs(tmp_path: Path) -> None:
    app = new(tmp_path / "my-app")
    assert {p.name for p in app.iterdir()} == FILES
    assert "_build/" in (app / ".gitignore").read_text().split()
    assert "dist/" in (app / ".gitignore").read_text().split()
    assert '"my-app"' in (app / "config.py").read_text()
    assert run_pyrage("check", str(app)).returncode == 0
    for target in ("hosted", "unix"):
        result = run_pyrage("run", str(app), "-t", target, "--", "--interval-ms=0",
                            "--greeting=hi", timeout=300)
        assert result.returncode == 0, result.stderr
        assert result.stdout == "hi (1/3)\nhi (2/3)\nhi (3/3)\n"
    assert (app / "dist" / "my-app").exists()


def test_the_editor_config_names_pyrage_and_its_venv(tmp_path: Path) -> None:
    app = new(tmp_path / "ed")
    text = (app / "pyrightconfig.json").read_text()
    assert text.startswith("// ")  # pyright reads JSON with comments
    pyright = json.loads(text.split("\n", 1)[1])
    import pyrage

    source = str(Path(pyrage.__file__).resolve().parent.parent)
    assert pyright["extraPaths"] == [source]
    assert pyright["typeCheckingMode"] == "strict"
    if sys.prefix != sys.base_prefix:
        assert Path(pyright["venvPath"], pyright["venv"]) == Path(sys.prefix)
    mypy = (app / "mypy.ini").read_text()
    assert f"mypy_path = {source}\n" in mypy and "strict = True\n" in mypy


def test_mypy_resolves_pyrage_in_the_app_folder(tmp_path: Path) -> None:
    import subprocess

    app = new(tmp_path / "typed")
    env = {"PATH": "/usr/bin:/bin"}  # no PYTHONPATH: the app's mypy.ini alone finds pyrage
    result = subprocess.run([sys.executable, "-m", "mypy", "."], cwd=app, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_editor_only_rewrites_the_editor_config_of_an_app(tmp_path: Path) -> None:
    app = tmp_path / "hello"
    app.mkdir()
    (app / "config.py").write_text((ROOT / "examples" / "hello" / "config.py").read_text())
    result = run_pyrage("new", "--editor", str(app))
    assert result.returncode == 0, result.stderr
    assert {p.name for p in app.iterdir()} == {"config.py", "mypy.ini", "pyrightconfig.json"}
    (app / "mypy.ini").write_text("stale")
    assert run_pyrage("new", "--editor", str(app)).returncode == 0
    assert "mypy_path" in (app / "mypy.ini").read_text()


@pytest.mark.parametrize("setup,args,status,needle", [
    ("file", ["taken"], 1, "already exists and is not empty"),
    ("", ["Bad Name"], 2, "lower-case letters, digits"),
    ("", ["--editor", "nothing-here"], 1, "no config.py here"),
])
def test_refusals(tmp_path: Path, setup: str, args: list[str], status: int,
                  needle: str) -> None:
    if setup == "file":
        (tmp_path / "taken").mkdir()
        (tmp_path / "taken" / "unikernel.py").write_text("# mine\n")
    result = run_pyrage("new", *args, cwd=tmp_path)
    assert result.returncode == status, result.stderr
    assert needle in result.stderr and "Traceback" not in result.stderr
    if setup == "file":
        assert (tmp_path / "taken" / "unikernel.py").read_text() == "# mine\n"
