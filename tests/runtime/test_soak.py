"""The allocation soak (bench/soak), briefly: a program that allocates without end, cycles
included, keeps a flat memory profile. `python bench/soak/run.py` runs it for 10 minutes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("soak_run", ROOT / "bench" / "soak" / "run.py")
assert _spec is not None and _spec.loader is not None
soak = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(soak)


@pytest.mark.slow
def test_churn_stays_under_a_fixed_ceiling(tmp_path: Path) -> None:
    result = soak.soak(20, soak.compile_churn(tmp_path))
    assert result["rounds"] >= 10, result  # it really ran: each round drops a 131k-node tree
    assert result["peak_mib"] <= 48, result
    # No creeping growth: the last sample is within 25% of the warm heap's size.
    assert result["final_mib"] <= result["warm_mib"] * 1.25 + 1, result
