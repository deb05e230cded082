"""`simulator paths` on beliefs: per situation, the memoriser, the design report and honest ranges."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.analysis import paths_report
from simulator.engine import play
from simulator.loader import load_or_raise
from simulator.scoring import score_session
from simulator.textreport import paths_text

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests" / "scenarios" / "valid"


def test_per_situation_values_paths_and_the_memoriser():
    sc = load_or_raise(VALID / "ask-reveals.yaml")
    rep = paths_report(sc)
    assert rep.exact and rep.best_value == 80 and rep.best_value_known == 80
    rows = {row["id"]: row for row in rep.situations}
    assert rows["open"]["weight"] == 0.5 and rows["open"]["best_value_known"] == 100
    assert rows["open"]["policy_value"] == 100 and rows["open"]["best_path"] == ["ask-budget", "pitch-full"]
    assert rows["frozen"]["best_value_known"] == 60 and rows["frozen"]["best_path"] == ["ask-budget", "pilot-small"]
    # the plan of the most likely situation (a tie: the first listed, open) fails in frozen: (100 + 100/3)/2
    assert rep.memoriser_plan == ["ask-budget", "pitch-full"]
    assert rep.memoriser_judgment == pytest.approx(200 / 3)


def test_the_design_report_lists_each_belief_with_q_regret_and_expected_evidence():
    rep = paths_report(load_or_raise(VALID / "ask-reveals.yaml"))
    opening = next(row for row in rep.design if row["node"] == "opening")
    assert [b["probability"] for b in opening["belief"]] == [0.5, 0.5]
    assert {b["values"]["budget"] for b in opening["belief"]} == {"open", "frozen"}
    assert opening["stakes"] == 30
    assert [(o["id"], o["q"], o["regret"], o["mark"]) for o in opening["options"]] == [
        ("ask-budget", 80, 0, "best"), ("guess-full", 50, 30, "costly"), ("guess-pilot", 60, 20, "costly")]
    assert opening["options"][1]["evidence"] == {"insight": -0.5 * 2}
    text = paths_text(load_or_raise(VALID / "ask-reveals.yaml"), rep)
    assert ("  opening                50% budget=open | 50% budget=froze * ask-budget               80.0    0.0  "
            "discovery +2") in text
    assert "  answer                 sure: budget=open                  * pitch-full              100.0    0.0" in text
    assert "  answer                 sure: budget=frozen                x pitch-full                0.0   60.0" in text
    assert "Memoriser's judgment (replays one remembered path): 67" in text
    assert "  open (50%): V* 100.0, best play on beliefs 100.0; path ask-budget -> pitch-full" in text


def test_a_cycle_gives_ranges_marked_at_least_that_contain_every_played_total():
    sc = load_or_raise(VALID / "loop-hidden-chance.yaml")
    rep = paths_report(sc)
    assert not rep.exact and rep.sampled > 0
    text = paths_text(sc, rep)
    assert "NOT exact" in text and "Total          at least " in text
    lo, hi = rep.total_range
    for seed, picks in ((1, ["probe", "close-now"]), (0, ["small-talk", "small-talk", "probe", "nurture"]), (0, ["close"])):
        total = score_session(play(sc, picks, seed)).total
        assert lo <= total <= hi  # the plans' 69.4, 56.6 and 8.3 were all found


def test_exact_ranges_on_a_loop_that_ends():
    rep = paths_report(load_or_raise(VALID / "loop-and-luck.yaml"))
    assert rep.exact and rep.total_range == (5.0, 100.0)
    assert rep.component_ranges["insight"] == (0.0, 100.0)


def test_paths_json_fields():
    r = subprocess.run([sys.executable, "-m", "simulator", "paths", str(VALID / "cue-in-a-line.yaml"), "--json"],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["best_value"] == 95 and out["exact"] is True
    assert out["total_range"] == {"min": 16.666666666666668, "max": 80.0, "exact": True}
    assert out["competency_ranges"]["insight"] is None
    assert out["competency_ranges"]["control"] == {"min": 0.0, "max": 100.0, "exact": True}
    assert out["situations"]["champion"] == {"title": "Jo is a champion who can sign", "weight": 0.75,
                                             "best_value": 100.0, "policy_value": 100.0, "best_path": ["push-close"]}
    assert out["situations"]["blocker"]["best_path"] == ["map-stakeholders"]
    assert out["memoriser_judgment"] == pytest.approx(0.75 * 100 + 0.25 * 0)
    assert [d["node"] for d in out["decisions"]] == ["opening", "opening"]


def test_the_map_can_mark_decisions_whose_best_move_depends_on_the_situation():
    from simulator.beliefs import beliefs
    from simulator.design import situation_dependent

    assert situation_dependent(beliefs(load_or_raise(VALID / "cue-in-a-line.yaml"))) == {"opening": True}
    v1 = situation_dependent(beliefs(load_or_raise(VALID / "spec-example.yaml")))
    assert v1 == {"opening": False, "close": False}
