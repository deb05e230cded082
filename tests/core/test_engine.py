"""Golden plans (choices in, path and exact scores out), run normally and in round-trip mode
(the session is saved to JSON and restored at every step), plus engine behaviour tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from simulator.engine import Session, play
from simulator.errors import EngineError, SaveFormatError
from simulator.loader import load_or_raise
from simulator.scoring import score_session

VALID = Path(__file__).resolve().parent.parent / "scenarios" / "valid"
PLANS = [
    (plan_file, i, plan)
    for plan_file in sorted(VALID.glob("*.plan"))
    for i, plan in enumerate(yaml.safe_load(plan_file.read_text(encoding="utf-8")))
]


def run_plan(scenario, plan, round_trip: bool) -> Session:
    session = Session(scenario, seed=plan["seed"])
    session.start()
    confidences = plan.get("confidences") or []
    for i, choice in enumerate(plan["choices"]):
        if round_trip:
            session = Session.restore(scenario, json.loads(json.dumps(session.to_json())))
        session.choose(choice)
        if i < len(confidences):
            session.set_confidence(confidences[i])
    if round_trip:
        session = Session.restore(scenario, session.dumps())
    return session


@pytest.mark.parametrize("round_trip", [False, True], ids=["normal", "round-trip"])
@pytest.mark.parametrize("plan_file,index,plan", PLANS, ids=[f"{p.stem}-{i}" for p, i, _ in PLANS])
def test_golden_plan(plan_file, index, plan, round_trip):
    scenario = load_or_raise(plan_file.with_suffix(".yaml"))
    session = run_plan(scenario, plan, round_trip)
    card = score_session(session)
    assert session.path == plan["path"]
    assert card.ending == plan["ending"]
    if "speakers" in plan:
        assert [ln.who for ln in session.transcript] == plan["speakers"]
    assert set(card.scores) == set(plan["scores"])
    for name, expected in plan["scores"].items():
        if expected is None:
            assert card.scores[name] is None, name
        else:
            assert card.scores[name] == pytest.approx(expected, abs=1e-9), name
    assert card.total == pytest.approx(plan["total"], abs=1e-9)
    assert card.passed is plan["passed"]
    assert card.luck == pytest.approx(plan["luck"], abs=1e-9)
    if "best_moves" in plan:
        assert [d.best_move for d in card.decisions] == plan["best_moves"]


def spec_example():
    return load_or_raise(VALID / "spec-example.yaml")


def test_step_data_is_immutable_and_lists_offered_options():
    session = Session(spec_example(), seed=3)
    step = session.start()
    assert step.kind == "decision"
    assert [o.number for o in step.options] == [1, 2, 3]
    assert step.lines[0].speaker == "Dana Ortiz" and step.lines[0].mood == "impatient"
    assert [m.name for m in step.meters] == ["urgency"]  # only show: true variables
    with pytest.raises(Exception):
        step.kind = "ending"  # frozen


def test_conditional_choice_is_hidden_until_its_if_holds():
    sc = spec_example()
    # quote-now is not a path to close; teach-decay raises urgency to 70 -> propose-pilot offered
    s = play(sc, ["teach-decay", "reflect.1"], seed=1)
    assert [o.id for o in s.current.options] == ["propose-pilot", "offer-discount"]


def test_choose_rejects_options_not_offered():
    s = Session(spec_example(), seed=1)
    s.start()
    with pytest.raises(EngineError, match="pick 1 to 3"):
        s.choose(4)
    with pytest.raises(EngineError):
        s.choose("propose-pilot")


def test_clamping_and_set_effects():
    sc = load_or_raise(VALID / "committee.yaml")
    s = play(sc, ["frame"], seed=1)
    assert dict(zip(sc.variables, s.values))["tension"] == 100  # 90 + 20 clamped to max
    s = play(sc, ["discount"], seed=1)
    assert dict(zip(sc.variables, s.values))["tension"] == 10


def test_same_seed_same_run_and_chance_depends_on_seed():
    sc = spec_example()
    endings = set()
    for seed in range(12):
        a = play(sc, ["quote-now"], seed=seed)
        b = play(sc, ["quote-now"], seed=seed)
        assert a.path == b.path
        endings.add(a.current.ending.id)
    assert endings == {"won-workshop", "lost-on-price"}


def test_restore_refuses_other_content_and_other_save_formats(tmp_path):
    sc = spec_example()
    s = play(sc, ["quote-now"], seed=1)
    data = s.to_json()
    other = load_or_raise(VALID / "committee.yaml")
    with pytest.raises(SaveFormatError, match="another version"):
        Session.restore(other, data)
    with pytest.raises(SaveFormatError, match="format 99"):
        Session.restore(sc, {**data, "save_format": 99})
    with pytest.raises(SaveFormatError, match="not valid JSON"):
        Session.restore(sc, "{broken")


def test_finished_session_refuses_more_choices():
    s = play(spec_example(), ["quote-now"], seed=1)
    assert s.finished
    with pytest.raises(EngineError, match="ended"):
        s.choose(1)


def test_confidence_levels_are_validated():
    s = Session(spec_example(), seed=1)
    s.start()
    s.choose(2)
    with pytest.raises(EngineError):
        s.set_confidence(55)
    s.set_confidence(80)
    assert s.decisions[-1].confidence == 80


def test_stuck_run_when_no_route_applies(write_scenario):
    p = write_scenario(
        """format: 1
id: stuck
title: Stuck
people: {a: {name: A}}
state: {x: 10}
start: n
nodes:
  n:
    text: hello
    next:
      - if: x > 50
        goto: end
endings:
  end: {title: End, outcome: won}
"""
    )
    sc = load_or_raise(p)
    s = Session(sc, seed=1)
    step = s.start()
    assert step.kind == "stuck" and "no route" in step.reason
    card = score_session(s)
    assert card.status == "stuck" and card.scores["outcome"] == 0 and not card.passed


def test_endless_loop_stops_as_stuck_after_1000_steps(write_scenario):
    p = write_scenario(
        """format: 1
id: loop
title: Loop
people: {a: {name: A}}
start: a1
nodes:
  a1:
    next: [{goto: a2}]
  a2:
    next: [{chance: 0.000001, goto: end}, {goto: a1}]
endings:
  end: {title: End, outcome: won}
"""
    )
    s = Session(load_or_raise(p), seed=1)
    step = s.start()
    assert step.kind == "stuck" and "1000 steps" in step.reason
