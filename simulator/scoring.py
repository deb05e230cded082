"""Transcript -> score card. Pure functions implementing spec/scoring.md exactly.

The ``ScoreCard`` is the one object the debrief, the database and the
leaderboard all use.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from simulator.beliefs import BeliefGraph, beliefs, regret_of, trail
from simulator.engine import Decision, env_of
from simulator.policies import omega
from simulator.loader import Scenario
from simulator.search import BEST_TOLERANCE, EPS, SearchResult

SCORECARD_VERSION = 2
VERDICTS = ("best", "costly", "no-stakes")


@dataclass(frozen=True)
class OptionReview:
    id: str
    text: str
    value: float  # Q(b, a): best expected outcome after this move, on what the rep could know
    evidence: dict[str, float]  # expected evidence under the belief
    note: str | None
    best: bool  # a best move on what the rep could know (every option when nothing was at stake)


@dataclass(frozen=True)
class DecisionScore:
    seq: int
    node: str
    kind: str  # choices | diagnose
    prompt: str | None
    option: str
    option_text: str
    evidence: dict[str, float]  # expected evidence of the move under the belief (what the score counts)
    note: str | None
    stakes: float  # sigma_t on the belief
    regret: float  # r_t on the belief
    best_move: bool  # the calibration event: r_t <= 0.1 sigma_t or sigma_t = 0 (diagnose: most points)
    best_options: tuple[str, ...]
    alternatives: tuple[OptionReview, ...]  # every option offered, with what it would have earned
    state: dict[str, Any]  # every variable at the decision (shown and hidden)
    confidence: int | None
    elapsed_ms: int
    verdict: str = "no-stakes"  # best | costly | no-stakes (diagnose: best | costly by points)
    best_if_known: tuple[str, ...] = ()  # best option ids had the rep known the hidden state
    hidden_differs: bool = False  # the best move on the evidence differs from the best had they known
    explanation: str | None = None  # one sentence saying so, for the debrief
    earned: dict[str, float] = field(default_factory=dict)  # the points in the true state
    belief: int = 1  # how many states the rep could not tell apart here


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
    best_value: float  # V(b_0)
    decisions: tuple[DecisionScore, ...] = field(default=())
    version: int = SCORECARD_VERSION
    situation: str | None = None
    situation_title: str | None = None
    situation_forced: bool = False
    omega: dict[str, float] = field(default_factory=dict)  # Ω_c: the spread a best rep meets here

    def to_json(self) -> dict:
        d = asdict(self)
        for dec in d["decisions"]:
            dec["best_options"] = list(dec["best_options"])
            dec["best_if_known"] = list(dec["best_if_known"])
        return d

    @property
    def components(self) -> list[tuple[str, float | None, float]]:
        """(component, score or None, weight) in display order."""
        return [(k, v, self.weights.get(k, 0.0)) for k, v in self.scores.items()]


def _most(sums: list[float]) -> list[bool]:
    top = max(sums)
    return [abs(x - top) <= EPS for x in sums]


def omegas(g: BeliefGraph) -> dict:
    """Ω_c per situation (cached on the belief graph)."""
    hit = getattr(g, "_omega", None)
    if hit is None:
        hit = g._omega = omega(g)
    return hit


def _quote(text: str) -> str:
    return "“" + " ".join(text.split()) + "”"


def _explain(texts: dict, chosen: str, on_evidence: tuple, if_known: tuple, sigma: float, title: str | None) -> str:
    """One sentence for the debrief where the best move on the evidence differs from the best had the rep
    known the hidden situation."""
    fact = f"in fact the situation was: {' '.join(title.split()).rstrip('.')}" if title else "in fact the hidden state was different"

    def quoted(ids) -> str:
        return " or ".join(_quote(texts[o]) for o in ids[:2])

    if sigma <= 0:
        return f"With what you could see, no move changed the expected outcome; {fact}, where {quoted(if_known)} was best."
    head = f"With what you could see, {quoted(on_evidence)} was right; {fact}"
    if chosen not in if_known:
        return f"{head}, where {quoted(if_known)} would have done better."
    if chosen not in on_evidence:
        return f"{head}, so your move turned out as good, but on what you could see it was a guess."
    others = tuple(o for o in if_known if o not in on_evidence)
    if others:
        return f"{head}, where {quoted(others)} would have done as well."
    return f"{head}, where only your move was best; it was right either way."


def score(scenario: Scenario, decisions: list[Decision], ending: str | None, seed: int, *, stuck: bool = False,
          result: SearchResult | None = None, path: list[str] | None = None, situation: str | None = None,
          situation_forced: bool = False) -> ScoreCard:
    """Score a run from its decisions and how it ended, on what the rep could know.

    ``path`` (every node and ending entered, ``Session.path``) lets the belief filter follow
    exactly what was shown; ``situation`` is the situation drawn (or forced)."""
    g = beliefs(scenario)
    r = g.r
    comps = scenario.competencies
    gain = {c: 0.0 for c in comps}
    span = {c: 0.0 for c in comps}
    sum_regret = sum_stakes = all_regret = 0.0
    brier: list[float] = []
    reviews: list[DecisionScore] = []
    titles = {s.id: s.title for s in getattr(scenario, "situations", ()) or ()}
    title = titles.get(situation)
    for t, (d, (b, s)) in enumerate(zip(decisions, trail(g, decisions, path, situation))):
        if b < 0:  # the filter lost the run (cannot happen for a run of this scenario): judge on the state
            b = next((i for i, bl in enumerate(g.beliefs) if bl.states == (s,)), -1)
        info = r.decisions[s]
        a = info.options.index(d.option)
        if b >= 0:
            q, ev, flags = g.Q[b], g.ev[b], g.best_flags(b)
            size = len(g.beliefs[b].states)
        else:
            q = r.q_values(s)
            ev = tuple({c: e.get(c, 0.0) for c in comps} for e in info.evidence)
            sig = max(q) - min(q)
            flags = tuple(sig <= EPS or max(q) - x <= BEST_TOLERANCE * sig + EPS for x in q)
            size = 1
        v = max(q)
        sigma = v - min(q)
        sigma = sigma if sigma > EPS else 0.0
        regret = regret_of(v, q[a]) if sigma > 0 else 0.0
        all_regret += regret
        if sigma > 0:
            sum_regret += regret
            sum_stakes += sigma
        for c in comps:
            vals = [e.get(c, 0.0) for e in ev]
            hi_c, lo_c = max(vals), min(vals)
            if hi_c - lo_c > 0:
                gain[c] += vals[a] - lo_c
                span[c] += hi_c - lo_c
        qk = r.q_values(s)
        sig_k = max(qk) - min(qk)
        if info.kind == "diagnose":
            best_flags = _most([sum(e.values()) for e in ev])
            known_flags = _most([sum(e.values()) for e in info.evidence])
            verdict = "best" if best_flags[a] else "costly"
        else:
            best_flags = list(flags)
            known_flags = [sig_k <= EPS or max(qk) - x <= BEST_TOLERANCE * sig_k + EPS for x in qk]
            verdict = "no-stakes" if sigma <= 0 else ("best" if flags[a] else "costly")
        best_move = best_flags[a]
        if d.confidence is not None:
            brier.append((d.confidence / 100.0 - (1.0 if best_move else 0.0)) ** 2)
        node = scenario.nodes[d.node]
        texts = {o.id: o.text for o in node.options}
        on_evidence = tuple(o for o, f in zip(info.options, best_flags) if f)
        if_known = tuple(o for o, f in zip(info.options, known_flags) if f)
        differs = (sigma > 0 or sig_k > EPS) and set(on_evidence) != set(if_known)
        alternatives = tuple(
            OptionReview(oid, texts[oid], q[i], dict(ev[i]), info.notes[i], best_flags[i])
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
                evidence={c: x for c, x in ev[a].items() if x},
                note=info.notes[a],
                stakes=sigma,
                regret=regret,
                best_move=best_move,
                best_options=on_evidence,
                alternatives=alternatives,
                state=env_of(scenario, d.values),
                confidence=d.confidence,
                elapsed_ms=d.elapsed_ms,
                verdict=verdict,
                best_if_known=if_known,
                hidden_differs=differs,
                explanation=_explain(texts, d.option, on_evidence, if_known, sigma, title) if differs else None,
                earned=dict(info.evidence[a]),
                belief=size,
            )
        )

    end = scenario.endings.get(ending) if ending else None
    outcome_value = end.value if end is not None else (0.0 if stuck else None)
    omega = omegas(g).get(situation) or next(iter(omegas(g).values()), {})
    scores, weights, total = aggregate(scenario, sum_regret, sum_stakes, gain, span, outcome_value, brier, omega)
    complete = end is not None
    status = "completed" if complete else ("stuck" if stuck else "incomplete")
    luck = (end.value - g.best_value + all_regret) if end is not None else None
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
        luck=_finite(luck),
        best_value=g.best_value,
        decisions=tuple(reviews),
        situation=situation,
        situation_title=title,
        situation_forced=situation_forced,
        omega=dict(omega),
    )


def _finite(x: float | None) -> float | None:
    return x if x is None or math.isfinite(x) else None


def aggregate(scenario: Scenario, sum_regret: float, sum_stakes: float, gain: dict, span: dict,
              outcome_value: float | None, brier: list[float], omega: dict | None = None):
    """Sums over a run -> (component scores, weights, weighted total). Shared with ``paths``.

    ``omega`` (Ω_c per competency) floors each competency's denominator: a run that ends early
    is scored against the spread a best rep would have met."""
    scores: dict[str, float | None] = {}
    scores["judgment"] = _finite(100.0 * (1.0 - sum_regret / sum_stakes)) if sum_stakes > EPS else None
    for c in scenario.competencies:
        den = max(span[c], (omega or {}).get(c, 0.0))
        scores[c] = _finite(min(100.0, max(0.0, 100.0 * gain[c] / den))) if den > EPS else None
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
    return scores, weights, (_finite(num / den) if den > 0 else None)


def score_session(session) -> ScoreCard:
    step = session.current
    return score(
        session.scenario,
        session.decisions,
        step.ending.id if step.ending else None,
        session.seed,
        stuck=step.kind == "stuck",
        path=session.path,
        situation=getattr(session, "situation", None),
        situation_forced=bool(getattr(session, "situation_forced", False)),
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
