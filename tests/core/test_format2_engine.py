"""Format 2 in the engine: the situation draw, forced situations, text resolution, option order
(its own seeded stream, stable on resume, never changing chance draws), and format 1 unchanged."""

from collections import Counter
from pathlib import Path

import pytest

from simulator import loader
from simulator.engine import Session, ending_text, env_of, initial_distribution, initial_values, play, shown_lines
from simulator.errors import EngineError, SaveFormatError

ROOT = Path(__file__).resolve().parents[2]
SPEC_EXAMPLE = ROOT / "tests" / "scenarios" / "valid" / "spec-example.yaml"

# Situations, a variant that reads a state set by entry effects, {name} insertion, a line `if`,
# a shuffled and an authored decision, and a chance route after the first decision.
SCENARIO = """\
format: 2
id: f2-engine
title: Engine
people:
  pat: {name: Pat Reyes}
state:
  trust: 35
  budget: {start: open, values: [open, frozen]}
  urgent: false
  asked: false
situations:
  - id: budget-frozen
    title: The CFO froze spend
    weight: 2
    set: {budget: frozen, trust: 20}
  - id: board-pressure
    title: The board wants it by Q3
    set: {urgent: true}
start: opening
nodes:
  opening:
    who: pat
    effects: {trust: 5}
    mood: neutral
    text:
      - if: budget == "frozen"
        text: "Money is tight. Trust {trust}, urgent {urgent}, {{literal}}."
        mood: skeptical
      - text: Let's talk about the rollout.
    choices:
      - id: ask
        text: What changed?
        effects: {asked: true}
        goto: probe
      - id: pitch
        text: Here is our price for a {budget} budget.
        goto: coin
      - id: wait
        text: Shall we wait?
        goto: coin
      - id: demo
        text: Let me show you a demo.
        goto: coin
  probe:
    effects: {trust: 10}
    lines:
      - who: pat
        text:
          - if: asked and trust >= 40
            text: Since you ask, trust is {trust}.
          - text: Fair question.
      - who: pat
        if: urgent
        text: The board is on us.
    order: authored
    choices:
      - id: push
        text: Then let's move now.
        goto: coin
      - id: hold
        text: Let's hold.
        goto: coin
      - id: later
        text: Later.
        goto: coin
  coin:
    next:
      - chance: 0.5
        goto: again
      - goto: won
  again:
    who: pat
    text: Once more.
    choices:
      - {id: a1, text: One, goto: coin2}
      - {id: a2, text: Two, goto: coin2}
      - {id: a3, text: Three, goto: coin2}
  coin2:
    next:
      - chance: 0.3
        goto: won
      - goto: lost
endings:
  won:
    title: Won
    outcome: won
    text:
      - if: urgent
        text: Signed under pressure at trust {trust}.
      - text: Signed.
  lost: {title: Lost, outcome: lost, text: "Lost at {trust}."}
"""

SEEDS = range(300)


@pytest.fixture(scope="module")
def scenario():
    sc, diags = loader.load_text(SCENARIO, display="f2.yaml")
    assert sc is not None, diags
    return sc


@pytest.fixture(scope="module")
def v1():
    return loader.load_or_raise(SPEC_EXAMPLE)


def test_initial_distribution_applies_each_situation_to_the_start_values(scenario):
    (p1, s1, v1_), (p2, s2, v2_) = initial_distribution(scenario)
    assert (s1, s2) == ("budget-frozen", "board-pressure")
    assert (p1, p2) == pytest.approx((2 / 3, 1 / 3))
    assert v1_ == (20, "frozen", False, False) and v2_ == (35, "open", True, False)


def test_without_situations_the_distribution_is_the_start(v1):
    assert initial_distribution(v1) == ((1.0, None, initial_values(v1)),)
    session = Session(v1, 1)
    session.start()
    assert session.situation is None and not session.situation_forced


def test_the_draw_over_many_seeds_matches_the_weights(scenario):
    counts = Counter(Session(scenario, seed).situation for seed in range(3000))
    assert set(counts) == {"budget-frozen", "board-pressure"}
    assert abs(counts["budget-frozen"] / 3000 - 2 / 3) < 0.03


def _chance_trace(session: Session) -> list[str]:
    return [n for n in session.path if n in ("again", "won", "lost")]


def test_a_forced_situation_leaves_the_later_chance_draws_unchanged(scenario):
    for seed in SEEDS:
        free = play(scenario, ["pitch", "a1"], seed)
        for forced in ("budget-frozen", "board-pressure"):
            run = play(scenario, ["pitch", "a1"], seed, situation=forced)
            assert run.situation == forced and run.situation_forced
            assert _chance_trace(run) == _chance_trace(free), seed


def test_an_unknown_forced_situation_is_refused(scenario, v1):
    with pytest.raises(EngineError, match="not one of this scenario's situations"):
        Session(scenario, 1, situation="budget-frozn")
    with pytest.raises(EngineError, match="has no situations"):
        Session(v1, 1, situation="x")


def test_text_resolves_on_the_state_after_entry_effects(scenario):
    session = Session(scenario, 0, situation="budget-frozen")
    step = session.start()
    (line,) = step.lines
    assert line.text == "Money is tight. Trust 25, urgent no, {literal}."  # 20 + the entry effect 5
    assert line.mood == "skeptical" and line.speaker == "Pat Reyes"
    pitch = next(o for o in step.options if o.id == "pitch")
    assert pitch.text == "Here is our price for a frozen budget."
    step = session.choose("ask")
    assert [ln.text for ln in step.lines] == ["Fair question."]  # trust 35 < 40; urgent is false: the line is left out
    session = Session(scenario, 0, situation="board-pressure")
    step = session.start()
    assert [(ln.text, ln.mood) for ln in step.lines] == [("Let's talk about the rollout.", "neutral")]
    step = session.choose("ask")
    assert [ln.text for ln in step.lines] == ["Since you ask, trust is 50.", "The board is on us."]


def test_shown_lines_and_ending_text_are_pure_functions_of_the_state(scenario):
    values = (45, "open", True, True)
    env = env_of(scenario, values)
    assert [ln.text for ln in shown_lines(scenario, "probe", env, frozenset())] == ["Since you ask, trust is 45.", "The board is on us."]
    assert ending_text(scenario, "won", env, frozenset()) == "Signed under pressure at trust 45."
    assert ending_text(scenario, "lost", env, frozenset()) == "Lost at 45."
    assert ending_text(scenario, "won", env_of(scenario, (45, "open", False, True)), frozenset()) == "Signed."


def test_the_ending_step_carries_the_resolved_text(scenario):
    for seed in SEEDS:
        session = play(scenario, ["ask", "push", "a1"], seed, situation="board-pressure")
        step = session.current
        if step.kind == "ending" and step.node == "won":
            assert step.ending.text.startswith("Signed under pressure at trust ")
            assert step.ending.title == "Won"
            return
    pytest.fail("no seed reached 'won'")


def test_options_are_shown_in_a_drawn_order_and_numbered_as_shown(scenario):
    orders = set()
    for seed in SEEDS:
        step = Session(scenario, seed).start()
        assert [o.number for o in step.options] == [1, 2, 3, 4]
        assert sorted(o.index for o in step.options) == [1, 2, 3, 4]
        written = {o.id: o.index for o in step.options}
        assert written == {"ask": 1, "pitch": 2, "wait": 3, "demo": 4}
        orders.add(tuple(o.id for o in step.options))
    assert len(orders) > 12  # position gives nothing away


def test_order_authored_keeps_the_written_order(scenario):
    for seed in range(40):
        session = Session(scenario, seed)
        session.start()
        step = session.choose("ask")
        assert [(o.number, o.index, o.id) for o in step.options] == [(1, 1, "push"), (2, 2, "hold"), (3, 3, "later")]


def test_choose_by_number_counts_in_written_order_and_ids_always_work(scenario):
    for seed in range(40):
        session = Session(scenario, seed)
        session.start()
        session.choose(2)  # the second option as written: pitch, wherever it is shown
        assert session.decisions[-1].option == "pitch" and session.decisions[-1].number == 2
        session = Session(scenario, seed)
        session.start()
        session.choose("wait")
        assert session.decisions[-1].number == 3
        assert session.decisions[-1].offered == ("ask", "pitch", "wait", "demo")


def test_the_order_never_changes_the_chance_draws(scenario):
    # the same scenario as format 1 (no format 2 keys): no shuffling, same chance routes
    plain = SCENARIO.replace("format: 2", "format: 1")
    plain = plain[: plain.index("situations:")] + plain[plain.index("start: opening") :]
    plain = plain.replace("    order: authored\n", "").replace("        if: urgent\n", "")
    plain = plain.replace(
        '    text:\n      - if: budget == "frozen"\n        text: "Money is tight. Trust {trust}, urgent {urgent}, {{literal}}."\n'
        "        mood: skeptical\n      - text: Let's talk about the rollout.\n",
        "    text: Hello.\n",
    )
    plain = plain.replace(
        "        text:\n          - if: asked and trust >= 40\n            text: Since you ask, trust is {trust}.\n          - text: Fair question.\n",
        "        text: Fair question.\n",
    )
    plain = plain.replace(
        "    text:\n      - if: urgent\n        text: Signed under pressure at trust {trust}.\n      - text: Signed.\n", "    text: Signed.\n"
    )
    v1_copy, diags = loader.load_text(plain, display="plain.yaml")
    assert v1_copy is not None, diags
    for seed in SEEDS:
        # format 2 uses one draw for the situation first; compare with a format 1 run that burns one draw the same way
        f2 = play(scenario, ["pitch", "a2"], seed, situation="board-pressure")
        ref = Session(v1_copy, seed)
        ref._rng.random()
        ref.start()
        ref.choose("pitch")
        if not ref.finished:
            ref.choose("a2")
        assert _chance_trace(f2) == _chance_trace(ref), seed


def test_the_order_is_stable_across_save_and_restore(scenario):
    for seed in SEEDS:
        session = Session(scenario, seed)
        first = session.start()
        shown = [tuple(o.id for o in first.options)]
        session.choose(first.options[-1].id)  # whatever is shown last
        if session.finished:
            continue
        shown.append(tuple(o.id for o in session.current.options))
        restored = Session.restore(scenario, session.dumps())
        assert restored.situation == session.situation
        assert tuple(o.id for o in restored.current.options) == shown[-1]
        assert [o.number for o in restored.current.options] == [o.number for o in session.current.options]
        # and the next decision after the restore matches a run that never stopped
        pick = session.current.options[0].id
        a, b = session.choose(pick), restored.choose(pick)
        assert a == b


def test_the_order_does_not_depend_on_the_forced_situation(scenario):
    for seed in range(60):
        orders = {tuple(o.id for o in Session(scenario, seed, situation=s).start().options) for s in ("budget-frozen", "board-pressure")}
        assert len(orders) == 1


def test_a_forced_situation_is_saved_and_restored(scenario):
    session = Session(scenario, 7, situation="board-pressure")
    session.start()
    session.choose("ask")
    data = session.to_json()
    assert data["situation"] == "board-pressure"
    restored = Session.restore(scenario, data)
    assert restored.situation == "board-pressure" and restored.situation_forced
    assert restored.current == session.current
    unforced = Session(scenario, 7)
    unforced.start()
    assert "situation" not in unforced.to_json()
    with pytest.raises(SaveFormatError, match="cannot be resumed"):
        Session.restore(scenario, {**data, "situation": "gone"})


def test_format_1_keeps_the_written_order_and_literal_braces(v1):
    for seed in range(30):
        session = Session(v1, seed)
        step = session.start()
        assert [(o.number, o.index) for o in step.options] == [(i, i) for i in range(1, len(step.options) + 1)]
        assert [o.id for o in step.options] == [o.id for o in v1.nodes["opening"].options]
    text = SPEC_EXAMPLE.read_text(encoding="utf-8").replace("Mostly price.", "Mostly {trust} and {{x}}.")
    braces, _ = loader.load_text(text, path=SPEC_EXAMPLE, display="x.yaml")
    session = Session(braces, 1)
    session.start()
    step = session.choose("ask-lost-deals")
    assert any(ln.text.startswith("Mostly {trust} and {{x}}.") for ln in session.transcript)


def test_a_test_run_from_a_node_starts_from_the_given_values_not_a_drawn_situation(scenario):
    from simulator.testrun import derived_scenario, start_at

    for seed in range(20):
        session = start_at(scenario, "probe", {"trust": 45, "asked": True}, seed)
        assert session.situation is None
        assert [ln.text for ln in session.current.lines] == ["Since you ask, trust is 55."]  # 45 + the entry effect 10
    session = start_at(scenario, "probe", {"trust": 45, "asked": True}, 3, situation="board-pressure")
    assert [ln.text for ln in session.current.lines] == ["Since you ask, trust is 55.", "The board is on us."]
    assert derived_scenario(scenario, "probe", situation="budget-frozen").variables["budget"].start == "frozen"
    with pytest.raises(EngineError, match="not one of this scenario's situations"):
        start_at(scenario, "probe", situation="nope")


BUNDLED = sorted((ROOT / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_runs_restore_to_the_same_step_and_show_a_permutation(path):
    import random

    sc = loader.load_or_raise(path)
    rnd = random.Random(path.stem)
    for seed in range(25):
        session = Session(sc, seed)
        step = session.start()
        while not step.finished:
            assert sorted(o.index for o in step.options) == list(range(1, len(step.options) + 1))
            if sc.format == 1:
                assert [o.index for o in step.options] == [o.number for o in step.options]
            restored = Session.restore(sc, session.dumps())
            assert restored.current == step and restored.situation == session.situation
            step = session.choose(rnd.choice(step.options).id)
