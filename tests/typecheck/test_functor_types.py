"""mypy accepts applying a functor to devices that satisfy its signatures, rejects the others,
and pyrage's notes name the member that is missing or mistyped."""

from __future__ import annotations

from pathlib import Path

from pyrage.compiler.frontend import protocols
from pyrage.compiler.frontend.mypy_build import typecheck
from tests.conftest import EXAMPLES

HERE = Path(__file__).parent


def test_expected_errors_and_only_those() -> None:
    # --strict includes warn_unused_ignores: an ignore that is not needed is itself an error.
    _, diags = typecheck(HERE / "hello_functor.py", "hello_functor", [EXAMPLES / "hello"])
    assert [str(d) for d in diags if d.severity == "error"] == []


def test_notes_name_the_missing_and_the_mistyped_member(tmp_path: Path) -> None:
    source = (HERE / "hello_functor.py").read_text()
    source = source.replace("  # type: ignore[type-var]", "")
    probe = tmp_path / "probe.py"
    probe.write_text(source)
    program, diags = typecheck(probe, "probe", [EXAMPLES / "hello"])
    explained = protocols.explain(program, diags)
    notes = [d.message for d in explained if d.severity == "note"]
    assert '"NoLog" is missing the member "log" of the signature CONSOLE' in notes
    assert any(n.startswith('"LogTakesBytes.log" has type') and "CONSOLE needs" in n
               for n in notes), notes
    assert '"Time" is missing the member "log" of the signature CONSOLE' in notes
    assert '"Console" is missing the member "sleep_ns" of the signature TIME' in notes
    errors = [d for d in explained if d.severity == "error"]
    assert len(errors) == 5 and all("[type-var]" in d.message for d in errors)
