"""Random playthroughs find runs that get stuck or loop, and every failure replays from its seed."""

from simulator.engine import play
from simulator.fuzz import fuzz, one_run, replay, run_seed
from simulator.loader import load, load_text
from simulator.testrun import derived_scenario, is_test_run, start_at
from tests.conftest import FIXTURES

STUCK = """\
format: 1
id: stuck
title: Stuck sometimes
people: {x: {name: X}}
state: {trust: 50}
start: a
nodes:
  a:
    text: hi
    choices:
      - {id: warm, text: warm, effects: {trust: 20}, goto: react}
      - {id: cold, text: cold, effects: {trust: -20}, goto: react}
  react:
    next:
      - {if: trust >= 60, goto: won}
      - {chance: 0.5, goto: lost}
endings:
  won: {title: Won, outcome: won}
  lost: {title: Lost, outcome: lost}
"""

LOOP = """\
format: 1
id: loop
title: Loops forever
people: {x: {name: X}}
state: {ready: false}
start: spin
nodes:
  spin:
    text: again?
    choices:
      - {id: again, text: again, goto: spin}
      - {id: leave, text: leave, if: ready, goto: done}
endings:
  done: {title: Done, outcome: won}
"""


def test_stuck_run_is_found_and_reproduces_from_its_seed():
    sc, diags = load_text(STUCK)
    assert sc is not None, diags
    report = fuzz(sc, runs=60, seed=7)
    assert not report.ok
    assert report.failed == len(report.failures) > 0
    assert set(report.endings) <= {"won", "lost"} and report.endings["won"] > 0
    f = report.failures[0]
    assert f.kind == "stuck" and f.node == "react" and f.choices == (2,) and f.option_ids == ("cold",)
    assert "no route out of 'react'" in f.message
    assert f.command("s.yaml") == f"simulator play s.yaml --choices 2 --seed {f.seed}"
    # what `simulator play --choices 2 --seed N` does
    again = play(sc, list(f.choices), seed=f.seed)
    assert again.current.kind == "stuck" and again.current.node == "react"
    assert replay(sc, f).current.reason == f.message
    # the same master seed finds the same failures
    assert [x.seed for x in fuzz(sc, runs=60, seed=7).failures] == [x.seed for x in report.failures]
    assert f"{report.failed} failed ({report.failed} stuck)" in report.summary()


def test_loop_past_the_cap_is_a_failure():
    sc, _ = load_text(LOOP)
    report = fuzz(sc, runs=3, seed=1)
    assert report.failed == 3
    f = report.failures[0]
    assert f.kind == "loop" and f.node == "spin" and "1000 steps" in f.message
    assert set(f.choices) == {1} and len(f.choices) == 1000
    assert replay(sc, f).current.kind == "stuck"


def test_clean_scenario_has_no_failures():
    sc, _ = load(FIXTURES / "valid" / "spec-example.yaml")
    report = fuzz(sc, runs=200, seed=3)
    assert report.ok and sum(report.endings.values()) == 200
    assert set(report.endings) == {"pilot", "won-workshop", "lost-on-price"}
    assert run_seed(3, 0) != run_seed(3, 1)


def test_start_at_plays_from_the_middle_with_chosen_values():
    sc, _ = load(FIXTURES / "valid" / "spec-example.yaml")
    # 'propose-pilot' needs stage == discovery or urgency >= 70: with the start values it is hidden
    s = start_at(sc, "close", {"stage": "intro", "urgency": 10}, seed=1)
    assert [o.id for o in s.current.options] == ["offer-discount"]
    s = start_at(sc, "close", {"stage": "discovery"}, seed=1)
    assert [o.id for o in s.current.options] == ["propose-pilot", "offer-discount"]
    s.choose("propose-pilot")
    assert s.current.kind == "ending" and s.current.ending.id == "pilot"
    assert is_test_run(s) and s.scenario.content_hash != sc.content_hash
    assert sc.start == "opening"  # the real scenario is untouched
    d = derived_scenario(sc, "lost-deals", {"trust": 250})
    assert d.variables["trust"].start == 100  # clamped like an effect
