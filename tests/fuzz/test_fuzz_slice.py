"""The mutation fuzzer's fixed-seed slice (the full run is ``make fuzz N=10000``)."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest

from simulator.errors import Diagnostic
from tests.fuzz.harness import Case, Hang, _check_card, _check_diagnostics, corpus, deadline, fuzz, make_case, run_case

SLICE_SEED = 20261130
SLICE_CASES = 300


def test_a_fixed_slice_of_300_mutants_gives_only_located_diagnostics_and_finite_scores():
    report = fuzz(SLICE_CASES, SLICE_SEED)
    print(report.summary())
    assert [c.describe() for c in report.failures] == []
    assert report.loaded >= 50 and report.rejected >= 50  # both paths exercised (loaded mutants were linted and played)
    assert report.searched >= 25


def test_a_case_is_determined_by_its_seed_and_index():
    a, b = make_case(7, 42), make_case(7, 42)
    assert (a.origin, a.mutations, a.data) == (b.origin, b.mutations, b.data)
    assert make_case(7, 43).mutations != a.mutations or make_case(7, 43).origin != a.origin


def test_the_corpus_holds_the_bundled_scenarios_and_the_fixtures():
    files = corpus()
    assert len(files["bundled"]) >= 8 and len(files["valid"]) >= 3 and len(files["invalid"]) >= 20


def test_the_checks_catch_what_they_are_for():
    assert "swallow" in _check_diagnostics([Diagnostic("s.yaml", 1, 1, "error", "boom", "internal")], "s.yaml")
    assert "not located" in _check_diagnostics([Diagnostic("s.yaml", 0, 1, "error", "x", "wrong-type")], "s.yaml")
    assert _check_diagnostics([Diagnostic("s.yaml", 3, 4, "error", "x", "wrong-type")], "s.yaml") is None
    for bad in (math.inf, math.nan, 101.0, -5.0):
        card = SimpleNamespace(scores={"judgment": 50.0, "insight": bad}, total=50.0)
        assert "insight" in _check_card(card)
    assert "total" in _check_card(SimpleNamespace(scores={}, total=math.nan))
    assert _check_card(SimpleNamespace(scores={"calibration": None}, total=100.0)) is None


def test_a_hang_is_caught_and_reported():
    with pytest.raises(Hang):
        with deadline(0.2):
            while True:
                pass
    case = run_case(Case(0, 0, corpus()["valid"][0], ["none"], "format: [" * 1 + "1]\n"))
    assert case.outcome == "rejected" and case.failure == ""
