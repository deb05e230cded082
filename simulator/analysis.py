"""What ``simulator paths`` reports (spec/scoring.md "What paths reports"), built on the belief search.

A **path** fixes the situation, every decision and every chance outcome; it is
scored exactly as a run would be (judgment and evidence on beliefs, Ω_c of its
situation). Paths are enumerated depth-first over (belief, true state) pairs; a
path that would return to a pair it already passed is not followed (a loop can
repeat without end), and enumeration stops at a cap. Only when nothing was cut
are the ranges ``exact``; otherwise random runs are sampled as well and the
ranges are what was found, which the true ranges contain ("at least").
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field

from simulator.beliefs import BeliefGraph, beliefs, regret_of
from simulator.design import design_rows
from simulator.loader import Scenario
from simulator.policies import memoriser_judgment, memoriser_plan, situation_report
from simulator.scoring import aggregate, omegas
from simulator.search import EPS, gc_paused

PATH_CAP = 20_000  # complete paths enumerated at most
STEP_BUDGET = 2_000_000  # enumeration steps at most
MAX_DEPTH = 1000  # decisions along one path
SAMPLES = 1_000  # random runs added when the enumeration was cut


@dataclass(frozen=True)
class PathStep:
    state: int
    node: str
    kind: str  # decision | route | ending | stuck
    option: str | None = None  # the option taken at a decision
    probability: float = 1.0  # of the chance outcome that followed


@dataclass(frozen=True)
class PlayedPath:
    steps: tuple[PathStep, ...]
    choices: tuple[str, ...]
    ending: str | None
    probability: float
    scores: dict
    total: float | None
    passed: bool
    situation: str | None = None


@dataclass
class PathsReport:
    scenario_id: str
    scenario_hash: str
    states: int
    best_value: float  # V(b_0)
    endings: dict[str, bool]
    total_range: tuple[float, float] | None
    component_ranges: dict[str, tuple[float, float] | None]
    best_path: list[str]
    passing_paths: int
    paths_explored: int
    exhaustive: bool  # every path was enumerated: the ranges are exact
    multi_best_share: float | None
    decisions_with_stakes: int
    paths: list[PlayedPath] = field(default_factory=list, repr=False)
    beliefs: int = 0
    sampled: int = 0
    best_value_known: float = 0.0  # V* expected over situations
    situations: list[dict] = field(default_factory=list)
    memoriser_judgment: float | None = None
    memoriser_plan: list[str] = field(default_factory=list)
    graph: BeliefGraph | None = field(default=None, repr=False, compare=False)
    _design: list[dict] | None = field(default=None, repr=False, compare=False)

    @property
    def design(self) -> list[dict]:
        """The design report (``design.design_rows``), built on first use."""
        if self._design is None:
            self._design = design_rows(self.graph) if self.graph is not None else []
        return self._design

    @property
    def exact(self) -> bool:
        return self.exhaustive

    def to_json(self) -> dict:
        def rng(v):
            return None if v is None else {"min": v[0], "max": v[1], "exact": self.exact}

        comps = self.component_ranges
        return {
            "format": 2,
            "scenario": {"id": self.scenario_id, "hash": self.scenario_hash},
            "states": self.states,
            "beliefs": self.beliefs,
            "best_value": self.best_value,
            "best_value_known": self.best_value_known,
            "endings": self.endings,
            "exact": self.exact,
            "total_range": rng(self.total_range),
            "competency_ranges": {k: rng(v) for k, v in comps.items() if k not in ("judgment", "outcome")},
            "judgment_range": rng(comps.get("judgment")),
            "outcome_range": rng(comps.get("outcome")),
            "best_path": self.best_path,
            "passing_paths": self.passing_paths,
            "paths_explored": self.paths_explored,
            "paths_sampled": self.sampled,
            "exhaustive": self.exhaustive,
            "multi_best_share": self.multi_best_share,
            "decisions_with_stakes": self.decisions_with_stakes,
            "situations": {
                (row["id"] or ""): {
                    "title": row["title"],
                    "weight": row["weight"],
                    "best_value": row["best_value_known"],
                    "policy_value": row["policy_value"],
                    "best_path": row["best_path"],
                }
                for row in self.situations
            },
            "memoriser_judgment": self.memoriser_judgment,
            "memoriser_plan": self.memoriser_plan,
            "decisions": self.design,
        }


def multi_best_share(g: BeliefGraph) -> tuple[float | None, int]:
    """Share of decisions with stakes that have two or more best moves (on beliefs).

    Measured per decision node (each node counts once, as the mean over the beliefs in
    which it is met with stakes), so that a node met in many states does not outweigh the others.
    """
    per_node: dict[str, list[int]] = {}
    for i in range(1, len(g.beliefs)):
        if g.stakes(i) <= 0:
            continue
        per_node.setdefault(g.beliefs[i].node, []).append(1 if sum(g.best_flags(i)) >= 2 else 0)
    if not per_node:
        return None, 0
    shares = [sum(v) / len(v) for v in per_node.values()]
    return sum(shares) / len(shares), len(per_node)


class _Enumerator:
    """Scores complete paths over (belief, state) pairs, tracking ranges and passing counts."""

    def __init__(self, sc: Scenario, g: BeliefGraph, keep: int):
        self.sc, self.g, self.keep = sc, g, keep
        self.comps = sc.competencies
        self.omega = omegas(g)
        self._order = ["judgment", *self.comps, "outcome"]
        inf = float("inf")
        self._lo = [inf] * len(self._order)
        self._hi = [-inf] * len(self._order)
        self._tlo, self._thi = inf, -inf
        self._weights = [sc.weight(k) for k in self._order]
        self._omega_vec: dict = {}
        self._ending_value = {eid: e.value for eid, e in sc.endings.items()}
        self._pass = sc.pass_score
        self.kept: list[PlayedPath] = []
        self.paths = self.passing = self.steps = 0
        self.cut = False
        self._prep: dict[int, tuple] = {}
        self._xs: list = [None] * len(self._order)
        self._seen: dict[tuple, bool] = {}  # the sums a complete path ended with -> passed
        self._moves: dict[tuple[int, int], tuple] = {}
        self._outs: dict[tuple[int, int, int], list] = {}
        self._policy: dict[tuple[int, str | None], int] = {}

    def outs(self, b: int, a: int, s: int) -> list[tuple[float, int, int, str | None]]:
        """``g.step`` with the ending each terminal outcome reaches: [(probability, child belief or -1,
        next state, ending id or None)] (cached: a path enumeration meets the same pairs again and again)."""
        key = (b, a, s)
        hit = self._outs.get(key)
        if hit is None:
            ending_of = self.g.r.ending_of
            hit = self._outs[key] = [(q, child, term, ending_of.get(term) if child < 0 and term >= 0 else None)
                                     for q, child, term, _ in self.g.step(b, a, s)]
        return hit

    def moves(self, b: int, s: int) -> tuple:
        """(spans, [(move, regret, stakes, gains, outcomes)]) at the pair (belief ``b``, state ``s``); spans and
        gains as (competency index, value) for the values that are not 0 (adding 0 changes nothing)."""
        key = (b, s)
        hit = self._moves.get(key)
        if hit is None:
            opts, spans = self.prepared(b)
            hit = self._moves[key] = (_nonzero(spans), [(a, reg, stk, _nonzero(gains), self.outs(b, a, s))
                                                        for a, reg, stk, gains in opts])
        return hit

    def prepared(self, b: int) -> tuple:
        hit = self._prep.get(b)
        if hit is None:
            g = self.g
            q = g.Q[b]
            sigma = g.stakes(b)
            v = max(q)
            spans, per = [], []
            for c in self.comps:
                vals = [e[c] for e in g.ev[b]]
                lo = min(vals)
                spans.append(max(vals) - lo)
                per.append([x - lo for x in vals])
            opts = [(a, regret_of(v, q[a]) if sigma > 0 else 0.0, sigma, tuple(pc[a] for pc in per))
                    for a in range(len(q))]
            hit = self._prep[b] = (opts, tuple(spans))
        return hit

    def finish(self, sid, ending: str | None, sreg, sstk, gain, span, prob, trail) -> None:
        """Score one complete path (the arithmetic of ``scoring.aggregate``, inlined: it runs per path).

        Many paths end with the same sums (another order of the same moves, another chance outcome that
        earns the same); their scores are already in the ranges, so only the counts move."""
        self.paths += 1
        key = (sid, ending, sreg, sstk, *gain, *span)
        seen = self._seen.get(key)
        if seen is not None and (trail is None or len(self.kept) >= self.keep):
            self.passing += seen
            return
        outcome = self._ending_value[ending] if ending else 0.0
        om = self._omega_vec.get(sid)
        if om is None:
            o = self.omega.get(sid, {})
            om = self._omega_vec[sid] = [o.get(c, 0.0) for c in self.comps]
        xs = self._xs  # per component of ``_order``: the score, or None when it has none
        xs[0] = 100.0 * (1.0 - sreg / sstk) if sstk > EPS else None
        for k in range(len(om)):
            d = span[k]
            o = om[k]
            if o > d:
                d = o
            if d > EPS:
                x = 100.0 * gain[k] / d
                xs[k + 1] = 100.0 if x > 100.0 else (0.0 if x < 0.0 else x)
            else:
                xs[k + 1] = None
        xs[-1] = outcome
        lo, hi, w = self._lo, self._hi, self._weights
        num = den = 0.0
        for k, x in enumerate(xs):
            if x is None:
                continue
            if x < lo[k]:
                lo[k] = x
            if x > hi[k]:
                hi[k] = x
            if w[k] > 0:
                num += w[k] * x
                den += w[k]
        total = num / den if den > 0 else None
        passed = ending is not None and total is not None and total >= self._pass
        self.passing += passed
        self._seen[key] = passed
        if total is not None:
            if total < self._tlo:
                self._tlo = total
            if total > self._thi:
                self._thi = total
        if trail is not None and len(self.kept) < self.keep:
            scores, _, total = aggregate(self.sc, sreg, sstk, dict(zip(self.comps, gain)), dict(zip(self.comps, span)),
                                         outcome, [], self.omega.get(sid, {}))
            steps = self._steps(sid, trail, ending)
            self.kept.append(PlayedPath(tuple(steps), tuple(st.option for st in steps if st.option), ending, prob,
                                        scores, total, passed, sid))

    @property
    def ranges(self) -> dict[str, list[float]]:
        return {k: [a, b] for k, a, b in zip(self._order, self._lo, self._hi) if a <= b}

    @property
    def total_range(self) -> list[float]:
        return [self._tlo, self._thi] if self._tlo <= self._thi else []

    def _steps(self, sid, trail, ending) -> list[PathStep]:
        """Expand a trail of (belief, state, move, outcome) into node steps for the map."""
        g, r = self.g, self.g.r
        out: list[PathStep] = []
        for b, s, a, (q, child, term, o) in trail:
            if b != 0:
                out.append(PathStep(s, r.keys[s][0], "decision", g.beliefs[b].options[a]))
                t, last = r.decisions[s].succ[a], g.obs.meters_at(s)
            else:
                t, last = s, None
            if term < 0:
                out.append(PathStep(t, r.keys[t][0], "stuck", probability=q))
                continue
            nodes = g.obs.route_nodes(t, last, o, term)
            for k, nid in enumerate(nodes[:-1]):
                out.append(PathStep(-1, nid, "route", probability=q if k == 0 else 1.0))
            if child < 0:
                kind = "ending" if r.kind[term] == "ending" else "stuck"
                out.append(PathStep(term, r.keys[term][0], kind))
        return out

    def enumerate(self) -> None:
        g = self.g
        n = len(self.comps)
        gain, span = [0.0] * n, [0.0] * n
        trail: list | None = [] if self.keep else None
        on_path: set = set()
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old, 4 * MAX_DEPTH + 500))

        def outcome(sid, b, s, a, outs, sreg, sstk, prob, depth):
            for q, child, term, ending in outs:
                if trail is not None:
                    trail.append((b, s, a, (q, child, term, _obs_of(g, b, a, s, child, term))))
                if child < 0:
                    self.finish(sid, ending, sreg, sstk, gain, span, prob * q, trail)
                elif (child, term) in on_path or depth >= MAX_DEPTH:
                    self.cut = True
                else:
                    decide(sid, child, term, sreg, sstk, prob * q, depth + 1)
                if trail is not None:
                    trail.pop()

        def decide(sid, b, s, sreg, sstk, prob, depth):
            if self.paths >= PATH_CAP or self.steps >= STEP_BUDGET:
                self.cut = True
                return
            self.steps += 1
            pair = (b, s)
            on_path.add(pair)
            spans, moves = self._moves.get(pair) or self.moves(b, s)
            for j, x in spans:
                span[j] += x
            for a, reg, stk, gains, outs in moves:
                for j, x in gains:
                    gain[j] += x
                outcome(sid, b, s, a, outs, sreg + reg, sstk + stk, prob, depth)
                for j, x in gains:
                    gain[j] -= x
            for j, x in spans:
                span[j] -= x
            on_path.discard(pair)

        try:
            for p, sid, s0 in g.r.starts:
                outcome(sid, 0, s0, 0, self.outs(0, 0, s0), 0.0, 0.0, p, 0)
        finally:
            sys.setrecursionlimit(old)
            del outcome, decide  # they call each other: a reference cycle (holding this enumerator) otherwise

    def sample(self, runs: int, seed: int = 0) -> int:
        """Random runs (chance by its odds; moves at random or mostly by a best policy); returns how many
        were scored."""
        g = self.g
        rng = random.Random(seed)
        starts = g.r.starts
        weights = [p for p, _, _ in starts]
        n = len(self.comps)
        guides = [None, *self.comps]
        for k in range(runs):
            # half the runs move at random; half follow a competency's best policy (mostly), for the top of the ranges
            guide = None if k % 2 == 0 else guides[(k // 2) % len(guides)]
            _, sid, s = rng.choices(starts, weights)[0]
            b, a = 0, 0
            sreg = sstk = 0.0
            gain, span = [0.0] * n, [0.0] * n
            ending = None
            for _depth in range(MAX_DEPTH + 1):
                outs = self.outs(b, a, s)
                if len(outs) == 1:
                    q, child, term, end = outs[0]
                else:
                    x = rng.random()
                    for q, child, term, end in outs:
                        x -= q
                        if x < 0:
                            break
                if child < 0:
                    ending = end
                    break
                b, s = child, term
                opts, spans = self.prepared(b)
                if guide is not None and rng.random() > 0.1:
                    pick = self._policy.get((b, guide))
                    if pick is None:
                        pick = self._policy[(b, guide)] = g.policy(b, guide)
                    a, reg, stk, gains = opts[pick]
                else:
                    a, reg, stk, gains = opts[rng.randrange(len(opts))]
                sreg += reg
                sstk += stk
                for j in range(n):
                    span[j] += spans[j]
                    gain[j] += gains[j]
            self.finish(sid, ending, sreg, sstk, gain, span, 0.0, None)
        return runs


def _nonzero(values) -> tuple[tuple[int, float], ...]:
    return tuple((j, x) for j, x in enumerate(values) if x)


def _obs_of(g: BeliefGraph, b: int, a: int, s: int, child: int, term: int) -> int:
    """The observation behind one outcome (for drawing a kept path on the map)."""
    stretches = g.obs.first(s) if b == 0 else g.obs.after(s, a)
    out = g.beliefs[b].out[a]
    for o, t, _ in stretches:
        if t == term and out[o][1] == child:
            return o
    return -1


def paths_report(sc: Scenario, keep: int = 0) -> PathsReport:
    g = beliefs(sc)
    with gc_paused():
        return _report(sc, g, keep)


def _report(sc: Scenario, g: BeliefGraph, keep: int) -> PathsReport:
    r = g.r
    en = _Enumerator(sc, g, keep)
    en.enumerate()
    sampled = 0
    passing, explored = en.passing, en.paths
    if en.cut:
        sampled = en.sample(SAMPLES)
    share, n = multi_best_share(g)
    reachable = r.reachable_endings()
    component_order = ["judgment", *sc.competencies, "outcome"]
    return PathsReport(
        scenario_id=sc.id,
        scenario_hash=sc.content_hash,
        states=len(r.keys),
        best_value=g.best_value,
        endings={eid: eid in reachable for eid in sc.endings},
        total_range=tuple(en.total_range) if en.total_range else None,
        component_ranges={c: (tuple(en.ranges[c]) if c in en.ranges else None) for c in component_order},
        best_path=memoriser_plan(g),
        passing_paths=passing,
        paths_explored=explored,
        exhaustive=not en.cut,
        multi_best_share=share,
        decisions_with_stakes=n,
        paths=en.kept,
        beliefs=len(g.beliefs) - 1,
        sampled=sampled,
        best_value_known=r.best_value,
        situations=situation_report(g),
        memoriser_judgment=memoriser_judgment(g),
        memoriser_plan=memoriser_plan(g),
        graph=g,
    )


__all__ = ["EPS", "PathStep", "PlayedPath", "PathsReport", "multi_best_share", "paths_report"]
