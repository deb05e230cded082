"""Transcript -> score card. Pure functions implementing spec/scoring.md exactly.

The ``ScoreCard`` is the one object the debrief, the database and the
leaderboard all use.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Iterable

from simulator.engine import Decision, env_of
from simulator.loader import Scenario
from simulator.search import BEST_TOLERANCE, EPS, SearchResult, analyse

SCORECARD_VERSION = 1


@dataclass(frozen=True)
class OptionReview:
    id: str
    text: str
    value: float  # Q*: best expected outcome after this move
    evidence: dict[str, float]
    note: str | None
    best: bool


@dataclass(frozen=True)
class DecisionScore:
    seq: int
    node: str
    kind: str  # choices | diagnose
    prompt: str | None
    option: str
    option_text: str
    evidence: dict[str, float]
    note: str | None
    stakes: float  # sigma_t
    regret: float  # r_t
    best_move: bool  # r_t <= 0.1 sigma_t (diagnose: most points)
    best_options: tuple[str, ...]
    alternatives: tuple[OptionReview, ...]  # every option offered, with what it would have earned
    state: dict[str, Any]  # every variable at the decision (shown and hidden)
    confidence: int | None
    elapsed_ms: int


@dataclass(frozen=True)
class ScoreCard:
    scenario_id: str
    scenario_version: int
    scenario_hash: str
    seed: int
    status: str  # completed | incomplete | stuck
    ending: str | None
    ending_title: str | None
    outcome: str | None  # won | advanced | stalled | lost, or None
    scores: dict[str, float | None]  # judgment, each competency, outcome, calibration (when asked)
    weights: dict[str, float]
    total: float | None
    passed: bool
    pass_score: float
    luck: float | None
    best_value: float
    decisions: tuple[DecisionScore, ...] = field(default=())
    version: int = SCORECARD_VERSION

    def to_json(self) -> dict:
        d = asdict(self)
        for dec in d["decisions"]:
            dec["best_options"] = list(dec["best_options"])
        return d

    @property
    def components(self) -> list[tuple[str, float | None, float]]:
        """(component, score or None, weight) in display order."""
        return [(k, v, self.weights.get(k, 0.0)) for k, v in self.scores.items()]


def _diagnose_best(evidence: Iterable[dict]) -> list[bool]:
    sums = [sum(e.values()) for e in evidence]
    top = max(sums)
    return [abs(s - top) <= EPS for s in sums]


def score(scenario: Scenario, decisions: list[Decision], ending: str | None, seed: int, *, stuck: bool = False, result: SearchResult | None = None) -> ScoreCard:
    """Score a run from its decisions and how it ended."""
    r = result or analyse(scenario)
    comps = scenario.competencies
    gain = {c: 0.0 for c in comps}
    span = {c: 0.0 for c in comps}
    sum_regret = 0.0
    sum_stakes = 0.0
    all_regret = 0.0
    brier: list[float] = []
    reviews: list[DecisionScore] = []
    for d in decisions:
        s = r.state(d.entry_key)
        info = r.decisions[s]
        q = r.q_values(s)
        v = max(q)
        lo = min(q)
        sigma = v - lo
        a = info.options.index(d.option)
        regret = max(0.0, v - q[a])
        all_regret += regret
        if sigma > EPS:
            sum_regret += regret
            sum_stakes += sigma
        for c in comps:
            vals = [e.get(c, 0.0) for e in info.evidence]
            hi_c, lo_c = max(vals), min(vals)
            if hi_c != lo_c:
                gain[c] += vals[a] - lo_c
                span[c] += hi_c - lo_c
        if info.kind == "diagnose":
            best_flags = _diagnose_best(info.evidence)
        else:
            best_flags = [v - x <= BEST_TOLERANCE * sigma + EPS for x in q]
        best_move = best_flags[a]
        if d.confidence is not None:
            brier.append((d.confidence / 100.0 - (1.0 if best_move else 0.0)) ** 2)
        node = scenario.nodes[d.node]
        texts = {o.id: o.text for o in node.options}
        alternatives = tuple(
            OptionReview(oid, texts[oid], q[i], dict(info.evidence[i]), info.notes[i], best_flags[i])
            for i, oid in enumerate(info.options)
        )
        reviews.append(
            DecisionScore(
                seq=d.seq,
                node=d.node,
                kind=info.kind,
                prompt=node.prompt,
                option=d.option,
                option_text=texts[d.option],
                evidence=dict(info.evidence[a]),
                note=info.notes[a],
                stakes=sigma,
                regret=regret,
                best_move=best_move,
                best_options=tuple(o for o, f in zip(info.options, best_flags) if f),
                alternatives=alternatives,
                state=env_of(scenario, d.values),
                confidence=d.confidence,
                elapsed_ms=d.elapsed_ms,
            )
        )

    end = scenario.endings.get(ending) if ending else None
    outcome_value = end.value if end is not None else (0.0 if stuck else None)
    scores, weights, total = aggregate(scenario, sum_regret, sum_stakes, gain, span, outcome_value, brier)
    complete = end is not None
    status = "completed" if complete else ("stuck" if stuck else "incomplete")
    luck = (end.value - r.best_value + all_regret) if end is not None else None
    return ScoreCard(
        scenario_id=scenario.id,
        scenario_version=scenario.version,
        scenario_hash=scenario.content_hash,
        seed=seed,
        status=status,
        ending=end.id if end else None,
        ending_title=end.title if end else None,
        outcome=end.outcome if end else ("stuck" if stuck else None),
        scores=scores,
        weights=weights,
        total=total,
        passed=bool(complete and total is not None and total >= scenario.pass_score),
        pass_score=scenario.pass_score,
        luck=luck,
        best_value=r.best_value,
        decisions=tuple(reviews),
    )


def aggregate(scenario: Scenario, sum_regret: float, sum_stakes: float, gain: dict, span: dict, outcome_value: float | None, brier: list[float]):
    """Sums over a run -> (component scores, weights, weighted total). Shared with ``paths``."""
    scores: dict[str, float | None] = {}
    scores["judgment"] = 100.0 * (1.0 - sum_regret / sum_stakes) if sum_stakes > EPS else None
    for c in scenario.competencies:
        scores[c] = 100.0 * gain[c] / span[c] if span[c] > 0 else None
    scores["outcome"] = outcome_value
    if scenario.ask_confidence:
        scores["calibration"] = 100.0 * max(0.0, 1.0 - (sum(brier) / len(brier)) / 0.25) if brier else None
    weights = {k: scenario.weight(k) for k in scores}
    num = den = 0.0
    for k, x in scores.items():
        w = weights[k]
        if x is not None and w > 0:
            num += w * x
            den += w
    return scores, weights, (num / den if den > 0 else None)


def score_session(session) -> ScoreCard:
    step = session.current
    return score(
        session.scenario,
        session.decisions,
        step.ending.id if step.ending else None,
        session.seed,
        stuck=step.kind == "stuck",
    )


def luck_in_words(card: ScoreCard) -> str:
    """The debrief's plain-language reading of luck (never weighted)."""
    if card.luck is None:
        return "The conversation did not reach an ending, so there is no outcome to judge luck by."
    judged_well = card.scores.get("judgment") is None or (card.scores["judgment"] or 0) >= 90
    if abs(card.luck) < 5:
        return "The outcome was what your decisions deserved — no luck either way."
    if card.luck < 0:
        if judged_well:
            return f"You played this well; chance went against you (about {abs(card.luck):.0f} points of outcome below what your moves deserved)."
        return f"Chance went against you as well (about {abs(card.luck):.0f} points below what your moves deserved)."
    if judged_well:
        return f"Good play, and chance helped too (about {card.luck:.0f} points above what your moves deserved)."
    return f"Chance was kind: the outcome is about {card.luck:.0f} points better than your decisions deserved — don't count on it next time."
