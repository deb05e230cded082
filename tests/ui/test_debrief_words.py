"""The debrief's words on their own (no window): verdicts, the summary, outcome against what the moves
deserved, calibration — never a word about chance, and no internal names."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from simulator.ui.viewmodels import debrief_words as w

HERE = Path(__file__).resolve().parent / "scenarios"


@pytest.fixture(scope="module")
def sam():
    from simulator.loader import load_library

    scenarios, _ = load_library([HERE])
    return {s.id: s for s in scenarios}


def card_of(sc, seed, prefer):
    from simulator.engine import Session
    from simulator.scoring import score_session

    s = Session(sc, seed)
    s.start()
    while not s.finished:
        ids = [o.id for o in s.current.options]
        s.choose(next((p for p in prefer if p in ids), ids[0]))
        if sc.ask_confidence:
            s.set_confidence(100)
    return score_session(s)


def test_verdict_words_never_call_a_no_stakes_move_best_or_wrong(sam):
    card = card_of(sam["read-sam"], 3, ["send-prices"])
    d = card.decisions[0]
    assert w.verdict_of(d) == "costly" and w.verdict_words(d)[2] == "bad"
    quiet = dataclasses.replace(d, verdict="no-stakes")
    mark, words, role = w.verdict_words(quiet)
    assert (mark, role) == ("○", "muted") and "best" not in words.lower() and "costly" not in words.lower()
    old = dataclasses.replace(d, verdict=None, stakes=0.0, best_move=True)  # a version 1 card: from the stakes
    assert w.verdict_of(old) == "no-stakes"


def test_summary_names_strongest_weakest_and_quotes_the_costliest_move_in_full(sam):
    sc = sam["read-sam"]
    card = card_of(sc, 3, ["share-pattern", "lowest-price", "offer-demo"])
    s = w.summarise(sc, card)
    assert s.strongest is not None and s.weakest is not None
    scores = {k: w.score_text(v) for k, v, _ in card.components}
    assert str(s.strongest.score) == scores[s.strongest.comp] and str(s.weakest.score) == scores[s.weakest.comp]
    costly = [d for d in card.decisions if w.verdict_of(d) == "costly" and d.kind != "diagnose"]
    if costly:
        worst = max(costly, key=lambda d: d.regret)
        assert w.quote(worst.option_text) in s.remember
        better = w.best_alternatives(worst)
        assert w.quote(better[0].text) in s.remember  # quoted in full, never cut


def test_outcome_words_and_calibration_never_mention_chance(sam):
    sc = sam["read-sam-sure"]
    for seed, prefer in ((2, ["send-prices"]), (3, ["ask-cost", "cost-of-delay", "propose-review"])):
        card = card_of(sc, seed, prefer)
        for luck in (None, 0.0, -20.0, 20.0):
            said = w.deserved_words(dataclasses.replace(card, luck=luck))
            text = said.lower()
            assert said[0].isupper() and said.endswith(".")
            assert "chance" not in text and "luck" not in text and "random" not in text
        cal = w.calibration_words(card)
        assert cal is not None and cal.startswith("Calibration is how well your confidence matched your moves")
        assert "100 % sure" in cal


def test_only_author_labels_are_shown_for_the_state(sam):
    sc = sam["read-sam"]
    shown = w.state_words(sc, {"trust": 40, "need": "explicit", "pressure": "rush"})
    assert shown == [("Need expressed: explicit", True)]  # trust and pressure have no label: internal


def test_hidden_differs_sentence_uses_the_card_or_the_situation(sam):
    card = card_of(sam["read-sam"], 3, ["send-prices"])
    d = dataclasses.replace(card.decisions[0], hidden_differs=True, explanation=None,
                            best_if_known=("share-pattern",))
    text = w.hidden_differs_sentence(d, "Budget frozen", "Sam Lee")
    assert text.startswith("With what Sam Lee had said, “Happy to. What does a delayed order cost you today?” was right")
    assert "in fact the situation was “Budget frozen”" in text and text.endswith("would have done better.")
    said = dataclasses.replace(d, explanation="With what you could see, asking was right; in fact the budget was frozen.")
    assert w.hidden_differs_sentence(said, None, None) == said.explanation
    assert w.hidden_differs_sentence(dataclasses.replace(d, hidden_differs=False), "x", "y") is None
