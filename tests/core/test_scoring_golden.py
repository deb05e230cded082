"""Golden plans, the scoring side: per-decision verdicts, best moves had the rep known, the situation
drawn, and the card/JSON a user reads (the engine side of the plans runs in test_engine.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from simulator.engine import play
from simulator.loader import load_or_raise
from simulator.scoring import score_session
from simulator.textreport import play_text

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests" / "scenarios" / "valid"
PLANS = [
    (plan_file, i, plan)
    for plan_file in sorted(VALID.glob("*.plan"))
    for i, plan in enumerate(yaml.safe_load(plan_file.read_text(encoding="utf-8")))
]


def card_of(plan_file: Path, plan: dict):
    sc = load_or_raise(plan_file.with_suffix(".yaml"))
    session = play(sc, plan["choices"], plan["seed"], plan.get("confidences"))
    return sc, session, score_session(session)


@pytest.mark.parametrize("plan_file,index,plan", PLANS, ids=[f"{p.stem}-{i}" for p, i, _ in PLANS])
def test_plan_verdicts_and_what_the_rep_could_know(plan_file, index, plan):
    sc, session, card = card_of(plan_file, plan)
    assert card.situation == plan.get("situation")
    if "verdicts" in plan:
        assert [d.verdict for d in card.decisions] == plan["verdicts"]
    if "best_if_known" in plan:
        assert [list(d.best_if_known) for d in card.decisions] == plan["best_if_known"]
    if "hidden_differs" in plan:
        assert [d.hidden_differs for d in card.decisions] == plan["hidden_differs"]
    for d in card.decisions:
        assert d.verdict in ("best", "costly", "no-stakes")
        assert (d.explanation is not None) == d.hidden_differs
        if d.verdict == "no-stakes":
            assert d.stakes == 0 and d.regret == 0
        if d.verdict == "costly" and d.kind == "choices":
            assert d.regret > 0.1 * d.stakes


def test_the_debrief_sentence_names_the_situation_and_both_moves():
    plan_file = VALID / "ask-reveals.plan"
    plan = yaml.safe_load(plan_file.read_text(encoding="utf-8"))[1]  # guesses the pilot, frozen
    sc, session, card = card_of(plan_file, plan)
    d = card.decisions[0]
    assert d.explanation == (
        "With what you could see, “Where does the budget for this stand today?” was right; in fact the situation "
        "was: The CFO froze discretionary spend, so your move turned out as good, but on what you could see it was "
        "a guess."
    )
    asked = score_session(play(sc, ["ask-budget", "pitch-full"], 1)).decisions[0]  # open: guessing full was as good
    assert asked.explanation == (
        "With what you could see, “Where does the budget for this stand today?” was right; in fact the situation "
        "was: Budget is open this quarter, where “Our full rollout is what you need; let's sign it.” would have "
        "done as well."
    )
    pushed = score_session(play(sc, ["ask-budget", "pitch-full"], 0)).decisions[1]
    assert pushed.hidden_differs is False and pushed.explanation is None  # asking showed it: nothing hidden
    text = play_text(session, card)
    assert "Situation: The CFO froze discretionary spend" in text
    assert "1. opening: guess-pilot — costly move (gave away 20.0 of the 30.0 at stake)" in text


def test_a_move_with_no_stakes_is_never_called_best_in_the_text_card():
    plan_file = VALID / "loop-and-luck.plan"
    plan = yaml.safe_load(plan_file.read_text(encoding="utf-8"))[1]
    sc, session, card = card_of(plan_file, plan)
    text = play_text(session, card)
    assert "3. pitch: give-up — no move changed the outcome here" in text


def test_a_best_move_with_negative_evidence_says_so():
    sc = load_or_raise(VALID / "committee.yaml")
    session = play(sc, ["discount", "ben", "ask-pilot"], 7)
    text = play_text(session, score_session(session))
    assert "3. close: ask-pilot — a best move for the outcome, though its evidence is negative; control -1" in text


def test_play_json_adds_situation_verdict_and_best_if_known():
    r = subprocess.run([sys.executable, "-m", "simulator", "play", str(VALID / "ask-reveals.yaml"), "--choices",
                        "guess-pilot", "--seed", "0", "--json"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["situation"] == "frozen" and out["situation_forced"] is False
    assert out["situation_title"] == "The CFO froze discretionary spend"
    d = out["decisions"][0]
    assert d["verdict"] == "costly" and d["best_options"] == ["ask-budget"]
    assert d["best_if_known"] == ["ask-budget", "guess-pilot"] and d["hidden_differs"] is True
    assert out["luck"] == 0 and out["best_value"] == 80


def test_forced_situation_keeps_beliefs_from_the_weights():
    sc = load_or_raise(VALID / "ask-reveals.yaml")
    session = play(sc, ["guess-full"], 0, situation="open")
    card = score_session(session)
    assert card.situation == "open" and card.situation_forced
    assert card.best_value == 80  # V(b0) from the weights, not from the forced situation
    assert card.decisions[0].regret == 30 and card.luck == 100 - 80 + 30
