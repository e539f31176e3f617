"""docs/signatures.md is generated from the Protocols (pyrage/signatures/reference.py): it must
be what the generator prints now, cover every signature module, and every member must say what
it does."""

from __future__ import annotations

import importlib
from pathlib import Path

from pyrage.signatures import reference

ROOT = Path(__file__).resolve().parents[1]
SIGNATURES = ROOT / "pyrage" / "signatures"


def test_the_reference_is_in_step_with_the_protocols() -> None:
    written = (ROOT / "docs" / "signatures.md").read_text()
    assert written == reference.render(), (
        "docs/signatures.md is stale: python -m pyrage.signatures.reference > "
        "docs/signatures.md")


def test_every_signature_module_is_in_the_reference() -> None:
    modules = {p.stem for p in SIGNATURES.glob("*.py")} - {"__init__", "reference"}
    assert modules == set(reference.MODULES)
    for short in reference.MODULES:
        assert reference.protocols(importlib.import_module(f"pyrage.signatures.{short}"))


def test_every_member_has_a_docstring() -> None:
    undocumented = [f"{cls.__name__}.{name}"
                    for short in reference.MODULES
                    for cls in reference.protocols(
                        importlib.import_module(f"pyrage.signatures.{short}"))
                    for name, value in reference.members(cls)
                    if not reference.doc_of(value)]
    assert undocumented == []
