"""The debrief in words: verdicts, the ten-second summary, outcome against what the moves deserved.

Pure functions over a ``ScoreCard`` and its ``Scenario`` (no Qt), so the wording is tested directly.
Format 2 fields (verdict, best_if_known, hidden_differs, situation) are read when the card has them;
a version 1 card gets the same words from ``best_move`` and ``stakes``.
Reps are never told the simulator draws anything: no "chance", no "luck", no "random".
"""

from __future__ import annotations

from dataclasses import dataclass

EPS = 1e-9
COMPUTED = {"judgment": "Judgment", "outcome": "Outcome", "calibration": "Calibration"}
SKILLS_EXCLUDED = ("outcome", "calibration")  # not a skill to be strongest or weakest in

WHAT = {
    "judgment": "picking the move with the best prospects on what you could see",
    "insight": "giving the buyer a view of their problem they did not have",
    "discovery": "asking what uncovers the real need",
    "tailoring": "fitting the message to this buyer",
    "control": "keeping the conversation and the next step on track",
    "outcome": "where the conversation ended",
    "calibration": "knowing when you are right",
}
OUTCOME_WORDS = {
    "won": "Won",
    "advanced": "Advanced — the deal moved forward",
    "stalled": "Stalled — nothing moved",
    "lost": "Lost",
    "stuck": "The scenario got stuck",
}


def score_text(x: float | None) -> str:
    """The one rounding used by every number on the debrief (chart, table, summary)."""
    return "n/a" if x is None else f"{x:.0f}"


def rounded(x: float) -> int:
    return int(score_text(x))


def component_name(scenario, comp: str) -> str:
    return COMPUTED.get(comp) or scenario.label(comp)


def component_what(scenario, comp: str) -> str:
    model = getattr(scenario, "model", None)
    custom = getattr(model, "competencies", {}) or {}
    if comp in custom and getattr(custom[comp], "description", None):
        return " ".join(custom[comp].description.split()).rstrip(".")
    return WHAT.get(comp, "the moves this scenario scores for it")


def quote(text: str) -> str:
    return f"“{' '.join((text or '').split())}”"


def points_text(scenario, points: dict) -> str:
    items = [(c, p) for c, p in points.items() if p]
    if not items:
        return "no points either way"
    return ", ".join(f"{p:+g} {component_name(scenario, c)}" for c, p in items)


# -- verdicts ---------------------------------------------------------------------------------


def verdict_of(d) -> str:
    """best | costly | no-stakes (format 2 cards say it; version 1 cards: from best_move and stakes)."""
    v = getattr(d, "verdict", None)
    if v in ("best", "costly", "no-stakes"):
        return v
    if d.kind != "diagnose" and d.stakes <= EPS:
        return "no-stakes"
    return "best" if d.best_move else "costly"


def cost_words(d) -> str:
    if d.kind == "diagnose":
        return "another reading earned more"
    share = d.regret / d.stakes if d.stakes > EPS else 0.0
    if share >= 0.67:
        return "it gave away most of what was at stake here"
    if share >= 0.34:
        return "it gave away a good part of what was at stake here"
    return "it gave away a little of what was at stake here"


def verdict_words(d) -> tuple[str, str, str]:
    """(mark, words, role): role is good | bad | muted, the frame style follows it."""
    v = verdict_of(d)
    if v == "best":
        return "✓", "A best move", "good"
    if v == "costly":
        return "✗", "Costly move — " + cost_words(d), "bad"
    return "○", "No move changed the outcome here", "muted"


def best_alternatives(d) -> list:
    """The best moves (on what the rep could know), in the order they were offered."""
    chosen = d.option
    return [a for a in d.alternatives if a.best and a.id != chosen]


def known_alternatives(d) -> list:
    ids = tuple(getattr(d, "best_if_known", ()) or ())
    return [a for a in d.alternatives if a.id in ids]


def hidden_differs_sentence(d, situation_title: str | None, who: str | None) -> str | None:
    """One sentence where the best move on the evidence differs from the best move had the rep known."""
    if not getattr(d, "hidden_differs", False):
        return None
    said = getattr(d, "explanation", None)
    if isinstance(said, str) and said.strip():
        return " ".join(said.split())
    on_evidence = [a for a in d.alternatives if a.best]
    if_known = known_alternatives(d)
    if not on_evidence or not if_known:
        return None
    source = f"what {who} had said" if who else "what you could see"
    fact = f"in fact the situation was {quote(situation_title)}" if situation_title else "in fact the hidden situation was different"
    return (f"With {source}, {quote(on_evidence[0].text)} was right; {fact}, "
            f"where {quote(if_known[0].text)} would have done better.")


# -- hidden state, in the trainer's labels ----------------------------------------------------


def value_text(var, value) -> str:
    if var is not None and getattr(var, "kind", None) == "flag" or isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def state_words(scenario, state: dict) -> list[tuple[str, bool]]:
    """(``Label: value``, hidden) for every variable the author gave a label; unlabelled ones are internal."""
    out = []
    declared = getattr(getattr(scenario, "model", None), "state", {}) or {}
    for name, value in state.items():
        var = scenario.variables.get(name)
        label = getattr(var, "label", None) if var is not None else None
        if name in declared:  # the loader fills a missing label with the name: only the author's own label counts
            label = getattr(declared[name], "label", None)
        if not label or label == name and name not in declared:
            continue
        out.append((f"{label}: {value_text(var, value)}", not getattr(var, "show", False)))
    return out


def situation_words(scenario, card) -> str | None:
    title = getattr(card, "situation_title", None)
    if not title:
        sid = getattr(card, "situation", None)
        sit = next((s for s in getattr(scenario, "situations", ()) if s.id == sid), None) if sid else None
        title = getattr(sit, "title", None)
    if not title:
        return None
    forced = " (picked for this run)" if getattr(card, "situation_forced", False) else ""
    return f"The situation this time{forced}: {' '.join(title.split())}"


def situation_title(scenario, card) -> str | None:
    title = getattr(card, "situation_title", None)
    if title:
        return title
    sid = getattr(card, "situation", None)
    sit = next((s for s in getattr(scenario, "situations", ()) if s.id == sid), None) if sid else None
    return getattr(sit, "title", None)


# -- the ten-second summary -------------------------------------------------------------------


@dataclass(frozen=True)
class Highlight:
    comp: str
    name: str
    score: int
    sentence: str


@dataclass(frozen=True)
class Summary:
    strongest: Highlight | None
    weakest: Highlight | None
    costliest: object | None  # the DecisionScore with the largest regret (a costly move), or None
    remember: str  # the move to remember, in one or two sentences
    deserved: str  # the outcome against what the moves deserved
    calibration: str | None


def _lost_in(d, comp: str) -> float:
    vals = [a.evidence.get(comp, 0.0) for a in d.alternatives]
    return (max(vals) - d.evidence.get(comp, 0.0)) if vals else 0.0


def _where_lost(card, comp: str) -> int | None:
    worst, at = 0.0, None
    for i, d in enumerate(card.decisions, start=1):
        lost = _lost_in(d, comp) if comp != "judgment" else (d.regret if verdict_of(d) == "costly" else 0.0)
        if lost > worst + EPS:
            worst, at = lost, i
    return at


def summarise(scenario, card) -> Summary:
    skills = [(k, v) for k, v, _w in card.components if v is not None and k not in SKILLS_EXCLUDED]
    strongest = weakest = None
    if skills:
        hi = max(skills, key=lambda kv: kv[1])
        lo = min(skills, key=lambda kv: kv[1])
        name = component_name(scenario, hi[0])
        strongest = Highlight(hi[0], name, rounded(hi[1]),
                              f"{name} is {component_what(scenario, hi[0])}; this is where your moves came closest to the best.")
        if lo[0] != hi[0] and rounded(lo[1]) < rounded(hi[1]):
            name = component_name(scenario, lo[0])
            at = _where_lost(card, lo[0])
            where = f" Most was lost at decision {at}." if at else ""
            weakest = Highlight(lo[0], name, rounded(lo[1]),
                                f"{name} is {component_what(scenario, lo[0])}; this is where the points went.{where}")
    costly = [d for d in card.decisions if verdict_of(d) == "costly" and d.kind != "diagnose"]
    costliest = max(costly, key=lambda d: d.regret, default=None)
    if costliest is not None:
        i = card.decisions.index(costliest) + 1
        better = best_alternatives(costliest)
        remember = f"At decision {i} you said {quote(costliest.option_text)}"
        remember += f"; better was {quote(better[0].text)}" if better else "."
    elif any(verdict_of(d) == "costly" for d in card.decisions):
        d = next(d for d in card.decisions if verdict_of(d) == "costly")
        i = card.decisions.index(d) + 1
        better = best_alternatives(d)
        remember = f"At decision {i} you read the situation as {quote(d.option_text)}"
        remember += f"; the better reading was {quote(better[0].text)}" if better else "."
    elif card.decisions:
        remember = "Every move you made was a best move on what you could see. Keep doing what you did."
    else:
        remember = "No decisions were made in this run."
    return Summary(strongest, weakest, costliest, remember, deserved_words(card), calibration_words(card))


def deserved_words(card) -> str:
    """How the ending compares with what the moves deserved (the spec's luck), in plain words."""
    luck = card.luck
    if luck is None:
        return "The conversation did not reach an ending."
    judgment = card.scores.get("judgment")
    played_well = judgment is None or judgment >= 90
    n = abs(luck)
    if n < 5:
        return "The ending matched what your decisions deserved."
    if luck < 0:
        if played_well:
            return (f"You played this well; the ending came out about {n:.0f} points below what your moves "
                    "deserved — that part was out of your hands.")
        return f"The ending came out about {n:.0f} points below what your moves deserved, on top of what the moves gave away."
    if played_well:
        return f"Good play; the ending came out about {n:.0f} points above what your moves deserved."
    return (f"The ending came out about {n:.0f} points better than your decisions deserved — the same moves "
            "will not always get this far.")


def calibration_words(card) -> str | None:
    rated = [d for d in card.decisions if d.confidence is not None]
    if card.scores.get("calibration") is None or not rated:
        return None
    sure = sum(d.confidence for d in rated) / len(rated)
    right = 100.0 * sum(1 for d in rated if d.best_move) / len(rated)
    head = (f"Calibration is how well your confidence matched your moves: on average you were {sure:.0f} % sure, "
            f"and {right:.0f} % of your moves were best moves.")
    if sure - right > 10:
        return head + " You were more sure than your moves warranted; when the signals are mixed, say so to yourself."
    if right - sure > 10:
        return head + " You were right more often than you thought: trust your reading a little more."
    return head + " Your confidence was about right."
