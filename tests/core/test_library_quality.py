"""Every bundled scenario tests judgment, not recall or surface cues (issue 13, items 1-6).

The measurements come from tests/support/library_report.py (``python -m tests.support.library_report``
prints them as a table): the real ``paths`` analysis (best paths per situation, the memoriser, the
design report) and the bots of tests/support/bots.py playing the real engine in every situation
over ten seeds, scored by the real scoring.

A bot "passes a scenario" when more than one run in ten passes: bots that read the shown order
(or break keyword and length ties by it) are random players, and a random player sometimes
guesses right; none may do so reliably, and none may reach a mean judgment of 60.
"""
from functools import lru_cache
from pathlib import Path

import pytest

from tests.support.library_report import measure

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted((ROOT / "scenarios").glob("*.yaml"))
IDS = [p.stem for p in BUNDLED]


@lru_cache(maxsize=None)
def quality(path: Path):
    return measure(path)


@pytest.fixture(params=BUNDLED, ids=IDS)
def q(request):
    return quality(request.param)


# --- 1. size and shape --------------------------------------------------------------------


def test_is_format_2(q):
    assert q.format == 2


def test_has_25_to_60_nodes(q):
    assert 25 <= q.nodes <= 60, q.nodes


def test_has_four_endings_with_different_outcomes(q):
    assert len(q.endings) >= 4
    assert {o for o, _ in q.endings} == {"won", "advanced", "stalled", "lost"}, q.endings


def test_best_path_length_fits_the_difficulty(q):
    low, high = (6, 8) if q.difficulty == "intro" else (8, 15)
    assert all(low <= n <= high for n in q.best_path_decisions), (q.difficulty, q.best_paths)


def test_two_to_five_options_per_decision_and_varied(q):
    assert all(2 <= n <= 5 for n in q.option_counts), q.option_counts
    assert len(set(q.option_counts)) >= 2, f"every decision offers {q.option_counts[0]} options"


def test_has_a_diagnose_step(q):
    assert q.has_diagnose


# --- 2. situations the rep must read ---------------------------------------------------------


def test_situations_change_the_best_move_on_every_best_path(q):
    assert len(q.situations) >= 2
    assert all(n >= 3 for n in q.situational.values()), q.situational


def test_memoriser_judgment_is_at_most_60(q):
    assert q.memoriser is not None and q.memoriser <= 60, q.memoriser


# --- 3. no surface cue gives the answer away ---------------------------------------------


def test_no_bot_passes_or_reaches_judgment_60(q):
    bad = {
        name: (round(r.mean_judgment, 1), f"{r.passes}/{r.runs} passed", round(r.best_total, 1))
        for name, r in q.bots.items()
        if r.mean_judgment >= 60 or r.passes > 0.1 * r.runs
    }
    assert not bad, bad


def test_best_options_are_not_longer_or_shorter(q):
    assert q.length_ratio is not None and 0.8 <= q.length_ratio <= 1.25, q.length_ratio


# --- 4. real temptations ----------------------------------------------------------------------


def test_costly_options_tempt(q):
    assert q.temptation_share is not None and q.temptation_share >= 0.4, q.temptation_share


# --- 5. several ways to pass in every situation --------------------------------------------


def test_two_passing_paths_per_situation(q):
    assert all(n >= 2 for n in q.passing_variants.values()), q.passing_variants


# --- 6. the library as a whole ----------------------------------------------------------------


def _all():
    return [quality(p) for p in BUNDLED]


def _styles():
    return {s.replace("-", " ") for x in _all() for s in x.styles}


def _tagged(*tags):
    return [x.id for x in _all() if x.tags & set(tags)]


def test_library_has_fifteen_scenarios():
    assert len(BUNDLED) >= 15, IDS


def test_five_scenarios_ask_for_confidence():
    asking = [x.id for x in _all() if x.ask_confidence]
    assert len(asking) >= 5, asking


def test_coverage_of_coaching_sla_teaching_and_quick_fixes():
    coaching = _tagged("coaching")
    assert len(coaching) >= 3, coaching
    assert _tagged("call-review"), "a call review"
    assert _tagged("forecast-call", "forecasting", "forecast"), "a forecast call"
    assert [x.id for x in _all() if "coaching" in x.tags and "commercial-teaching" in x.tags], "coaching a rep to teach"
    assert len(_tagged("sla", "marketing-sla")) >= 2, _tagged("sla", "marketing-sla")
    assert _tagged("sdr", "marketing-ops", "revenue-operations"), "an SLA from the SDR or marketing-ops side"
    assert len(_tagged("commercial-teaching")) >= 3
    assert len(_tagged("no-quick-fix", "quick-fix")) >= 2


def test_coverage_of_buyer_types_and_deal_kinds():
    styles = " | ".join(sorted(_styles()))
    for kind in ("skeptic", "climber", "guide", "blocker", "talker", "mobilizer", "economic buyer"):
        assert kind in styles, f"no {kind} among the people's styles: {styles}"
    assert _tagged("public-sector"), "a public-sector deal"
    assert _tagged("channel-partner", "channel"), "a channel-partner deal"
    assert _tagged("do-nothing", "status-quo"), "'do nothing' as the real competitor"
    assert _tagged("insight-misfire", "insight-misfires", "insight-does-not-apply"), "a prepared insight that does not apply"


# --- the bots do what their names say ------------------------------------------------------


def test_bots_pick_by_length_question_position_and_keywords():
    from simulator.engine import OfferedOption

    from tests.support import bots as B

    shown = (  # display order; index = written order
        OfferedOption(1, "pitch", "Let me show you our platform and a quick demo of the dashboard.", 3),
        OfferedOption(2, "ask", "What happened in the deals you lost?", 1),
        OfferedOption(3, "teach", "Most teams like yours lose margin because the cost of risk hides in the data.", 2),
    )
    assert B.longest(shown) == "teach"
    assert B.question_else_longest(shown) == "ask"
    assert B.question_else_longest(shown[:1] + shown[2:]) == "teach"
    assert B.written_position(1)(shown) == "ask" and B.written_position(3)(shown) == "pitch"
    assert B.written_position(5)(shown) == "pitch", "fewer options than the position: the last written"
    assert B.display_position(1)(shown) == "pitch" and B.display_position(2)(shown) == "ask"
    assert B.keywords(B.PITCH_JARGON, "p")(shown) == "pitch"
    assert B.keywords(B.CHALLENGER_WORDS, "c")(shown) == "teach"


def test_a_bot_run_is_a_real_scored_attempt():
    from tests.support import bots as B

    sc = B.load(ROOT / "scenarios" / "council-status-quo.yaml")
    card = B.play(sc, B.longest, 3, "steady")
    assert card.situation == "steady" and card.ending in {"change-agreed", "small-step", "extended", "shut-out"}
    assert len(card.decisions) == 9 and card.total is not None
