"""The search: exact values with cycles, the state bound, and the search-based lint."""

from __future__ import annotations

import pytest

from simulator import search
from simulator.lint import lint
from simulator.loader import load_or_raise

BIG = """format: 1
id: big
title: Big
people: {a: {name: A}}
state:
  x: {start: 0, min: 0, max: 100}
  y: {start: 0, min: 0, max: 100}
start: n
nodes:
  n:
    text: again?
    choices:
      - {id: inc-x, text: x, effects: {x: 1}, goto: n}
      - {id: inc-y, text: y, effects: {y: 1}, goto: n}
      - {id: stop, text: stop, evidence: {control: 1}, goto: end}
endings:
  end: {title: End, outcome: won}
"""


@pytest.fixture
def over_the_bound(write_scenario, monkeypatch):
    """BIG with the state bound lowered to 500."""
    monkeypatch.setattr(search, "MAX_STATES", 500)
    search._CACHE.clear()
    yield load_or_raise(write_scenario(BIG))
    search._CACHE.clear()


def test_state_bound_is_a_validation_error_not_minutes_of_work(over_the_bound):
    diags = lint(over_the_bound)
    bound = [d for d in diags if d.code == "state-bound"]
    assert len(bound) == 1 and bound[0].severity == "error"
    assert "more than 500 distinct states" in bound[0].message
    with pytest.raises(search.StateBoundError):
        search.analyse(over_the_bound)


def test_too_many_states_is_found_out_once_per_content(over_the_bound, monkeypatch):
    """The outcome is kept like a result: asking again (lint, scoring, paths) does not explore again."""
    with pytest.raises(search.StateBoundError) as first:
        search.analyse(over_the_bound)
    monkeypatch.setattr(search, "MAX_STATES", 1_000_000)  # were it explored again, it would now fit
    with pytest.raises(search.StateBoundError) as again:
        search.analyse(over_the_bound)
    assert str(again.value) == str(first.value) and again.value is not first.value
    assert [d.code for d in lint(over_the_bound) if d.severity == "error"] == ["state-bound"]
    search._CACHE.clear()
    assert len(search.analyse(over_the_bound).keys) > 500


CYCLE = """format: 1
id: cyc
title: Cycle
people: {a: {name: A}}
start: ask
nodes:
  ask:
    text: Well?
    choices:
      - {id: clarify, text: Could you say more?, goto: ask}
      - {id: coin, text: Let's flip for it, goto: flip}
      - {id: settle, text: Let's settle, goto: stalled}
  flip:
    next:
      - {chance: 0.25, goto: won}
      - {goto: ask}
endings:
  won: {title: Won, outcome: won}
  stalled: {title: Stalled, outcome: stalled}
"""


def test_values_are_exact_with_cycles(write_scenario):
    """coin: v = 0.25*100 + 0.75*v  ->  v = 100 (the least fixed point from below); clarify loops back."""
    sc = load_or_raise(write_scenario(CYCLE))
    r = search.analyse(sc)
    assert r.best_value == pytest.approx(100.0, abs=1e-6)
    q = dict(zip(r.decisions[0].options, r.q_values(0)))
    assert q["settle"] == 30.0 and q["coin"] == pytest.approx(100.0, abs=1e-6)
    codes = {d.code for d in lint(sc)}
    assert "cycle-bound" in codes  # the rep (or chance) can keep the run in the same state


TRAP = """format: 1
id: trap
title: Trap
people: {a: {name: A}}
state: {angry: false}
start: open
nodes:
  open:
    text: Hi
    choices:
      - {id: insult, text: Rude, effects: {angry: true}, evidence: {tailoring: -1}, goto: gate}
      - {id: greet, text: Hello, evidence: {tailoring: 1}, goto: gate}
  gate:
    text: Hmm.
    choices:
      - {id: go, text: Proceed, if: not angry, goto: done}
endings:
  done: {title: Done, outcome: won}
"""


def test_trap_when_a_reachable_state_offers_no_way_out(write_scenario):
    sc = load_or_raise(write_scenario(TRAP))
    traps = [d for d in lint(sc) if d.code == "trap"]
    assert len(traps) == 1 and "'gate'" in traps[0].message
    assert (traps[0].line, traps[0].column) == (13, 3)  # the key of node gate


HIDDEN = """format: 2
id: hidden
title: Hidden
people: {a: {name: A}}
state:
  x: {start: 0, min: 0, max: 30}
situations:
  - {id: s0, title: Zero, set: {x: 0}}
  - {id: s1, title: Ten, set: {x: 10}}
  - {id: s2, title: Twenty, set: {x: 20}}
start: n
nodes:
  n:
    text: again?
    choices:
      - {id: more, text: more, effects: {x: 1}, goto: n}
      - {id: stop, text: stop, evidence: {control: 1}, goto: end}
endings:
  end: {title: End, outcome: won}
"""


def test_belief_bound_is_a_validation_error(write_scenario, monkeypatch):
    from simulator import beliefs

    monkeypatch.setattr(beliefs, "MAX_BELIEFS", 5)
    search._CACHE.clear()
    beliefs._CACHE.clear()
    sc = load_or_raise(write_scenario(HIDDEN))
    bound = [d for d in lint(sc) if d.code == "belief-bound"]
    assert len(bound) == 1 and bound[0].severity == "error"
    assert "more than 5 distinct beliefs" in bound[0].message and "reduce the situations" in bound[0].message
    assert bound[0].line == 7  # situations:
    with pytest.raises(beliefs.BeliefBoundError):
        beliefs.beliefs(sc)
    monkeypatch.setattr(beliefs, "MAX_BELIEFS", 100_000)  # the outcome is kept per content, like a graph
    with pytest.raises(beliefs.BeliefBoundError, match="more than 5 distinct beliefs"):
        beliefs.beliefs(sc)
    beliefs._CACHE.clear()
    assert len(beliefs.beliefs(sc).beliefs) > 5
    beliefs._CACHE.clear()


def test_the_search_imports_nothing_that_imports_it_back():
    """search -> analysis -> scoring -> search was a circle (issue 14): the search stands alone."""
    import subprocess
    import sys

    code = ("import sys, simulator.search; "
            "print(sorted(m for m in sys.modules if m in ('simulator.analysis', 'simulator.scoring', "
            "'simulator.beliefs', 'simulator.lint', 'simulator.policies')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr


def test_a_large_build_is_frozen_and_a_dropped_one_is_still_freed(write_scenario, monkeypatch):
    """A large search is kept out of the collector's sight (gc.freeze: no long pause in a live session
    later); so nothing it caches may hold a reference cycle, or a result dropped from the cache would
    never be freed."""
    import gc
    import weakref

    from simulator import beliefs
    from simulator.analysis import paths_report

    monkeypatch.setattr(search, "FREEZE_OBJECTS", 50)  # HIDDEN counts as large
    search._CACHE.clear()
    beliefs._CACHE.clear()
    sc = load_or_raise(write_scenario(HIDDEN))
    was = gc.isenabled()
    gc.disable()
    try:
        frozen = gc.get_freeze_count()
        report = paths_report(sc, keep=3)
        assert gc.get_freeze_count() > frozen
        g, r = report.graph, report.graph.r
        assert g.ev[1] and report.design  # what is computed on first use is kept too
        refs = [weakref.ref(x) for x in (g, r, g.obs, g.ev, report)]
        del g, r, report
        search._CACHE.clear()
        beliefs._CACHE.clear()
        assert [ref() for ref in refs] == [None] * len(refs)  # freed by reference counts alone
    finally:
        gc.unfreeze()
        if was:
            gc.enable()
