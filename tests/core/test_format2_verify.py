"""Leaderboard verification of format 2 attempts: the situation comes from the seed, so a replay of the
exported choices draws it again and must give the same card."""

from __future__ import annotations

import json
from pathlib import Path

from simulator import leaderboard as lb
from simulator.engine import Session
from simulator.loader import load_or_raise
from simulator.scoring import score_session
from simulator.storage import Store

ROOT = Path(__file__).resolve().parents[2]
ASK = load_or_raise(ROOT / "tests/scenarios/valid/ask-reveals.yaml")
LOOP = load_or_raise(ROOT / "tests/scenarios/valid/loop-hidden-chance.yaml")

RUNS = [
    (ASK, 0, ["ask-budget", "pilot-small"]),  # frozen
    (ASK, 1, ["ask-budget", "pitch-full"]),  # open
    (ASK, 0, ["guess-pilot"]),
    (LOOP, 0, ["small-talk", "small-talk", "probe", "nurture"]),  # a loop and a hidden chance
    (LOOP, 1, ["probe", "close-now"]),
]


def _record(store, prof, sc, seed, picks):
    s = Session(sc, seed)
    s.start()
    att = store.start_attempt(prof, sc, seed)
    for p in picks:
        s.choose(p)
        store.record_decision(att, s.decisions[-1], sc)
    card = score_session(s)
    store.finish_attempt(att, card)
    return card


def test_format2_attempts_export_and_verify_by_replay(tmp_path):
    with Store.open(tmp_path / "p.db") as store:
        prof = store.create_profile("Ann Lee", "East")
        cards = [_record(store, prof, sc, seed, picks) for sc, seed, picks in RUNS]
        out = tmp_path / "ann.json"
        doc = lb.write_export(out, store, prof)
    assert len(doc["attempts"]) == len(RUNS)
    assert {c.situation for c in cards[:3]} == {"frozen", "open"}
    entries, problems = lb.read_export(out)
    assert problems == []
    board = lb.merge([entries], [ASK, LOOP])
    assert board.counts()[lb.VERIFIED] == len(RUNS)


def test_a_format2_attempt_with_a_changed_score_fails_verification(tmp_path):
    with Store.open(tmp_path / "p.db") as store:
        prof = store.create_profile("Ann Lee", "East")
        _record(store, prof, ASK, 0, ["guess-pilot"])
        out = tmp_path / "ann.json"
        lb.write_export(out, store, prof)
    doc = json.loads(out.read_text(encoding="utf-8"))
    doc["attempts"][0]["score"]["scores"]["judgment"] = 100.0  # claims guessing was as good as asking
    out.write_text(json.dumps(doc), encoding="utf-8")
    entries, problems = lb.read_export(out)
    assert problems == []
    board = lb.merge([entries], [ASK])
    assert board.counts()[lb.FAILED] == 1
