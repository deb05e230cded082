"""What ``simulator paths`` reports, built on the search (spec/scoring.md "What paths reports").

Score ranges and the count of passing paths come from enumerating complete
paths (a path fixes every decision and every chance outcome). Enumeration is
capped; the report says whether it was exhaustive.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.loader import Scenario
from simulator.scoring import aggregate
from simulator.search import BEST_TOLERANCE, EPS, SearchResult, analyse

PATH_CAP = 20_000  # complete paths enumerated at most
STEP_BUDGET = 2_000_000  # DFS steps at most
MAX_PATH_STEPS = 1000


@dataclass(frozen=True)
class PathStep:
    state: int
    node: str
    kind: str  # decision | route | ending | stuck
    option: str | None = None  # the option taken at a decision
    probability: float = 1.0  # of the route taken


@dataclass(frozen=True)
class PlayedPath:
    steps: tuple[PathStep, ...]
    choices: tuple[str, ...]
    ending: str | None
    probability: float
    scores: dict
    total: float | None
    passed: bool


@dataclass
class PathsReport:
    scenario_id: str
    scenario_hash: str
    states: int
    best_value: float
    endings: dict[str, bool]
    total_range: tuple[float, float] | None
    component_ranges: dict[str, tuple[float, float] | None]
    best_path: list[str]
    passing_paths: int
    paths_explored: int
    exhaustive: bool
    multi_best_share: float | None
    decisions_with_stakes: int
    paths: list[PlayedPath] = field(default_factory=list, repr=False)

    def to_json(self) -> dict:
        comps = {k: (list(v) if v else None) for k, v in self.component_ranges.items()}
        return {
            "scenario": {"id": self.scenario_id, "hash": self.scenario_hash},
            "states": self.states,
            "best_value": self.best_value,
            "endings": self.endings,
            "total_range": list(self.total_range) if self.total_range else None,
            "competency_ranges": {k: v for k, v in comps.items() if k not in ("judgment", "outcome")},
            "judgment_range": comps.get("judgment"),
            "outcome_range": comps.get("outcome"),
            "best_path": self.best_path,
            "passing_paths": self.passing_paths,
            "paths_explored": self.paths_explored,
            "exhaustive": self.exhaustive,
            "multi_best_share": self.multi_best_share,
            "decisions_with_stakes": self.decisions_with_stakes,
        }


def multi_best_share(r: SearchResult) -> tuple[float | None, int]:
    """Share of decisions with stakes that have two or more best moves.

    Measured per decision node (each node counts once, as the mean over the
    states in which it is met with stakes), so that a node met in many states
    does not outweigh the others.
    """
    per_node: dict[str, list[int]] = {}
    for s, info in r.decisions.items():
        if r.stakes(s) <= EPS:
            continue
        per_node.setdefault(info.node, []).append(1 if len(r.best_options(s)) >= 2 else 0)
    if not per_node:
        return None, 0
    shares = [sum(v) / len(v) for v in per_node.values()]
    return sum(shares) / len(shares), len(per_node)


def best_path(r: SearchResult) -> list[str]:
    """Best moves from the start; at chance routes the likeliest branch is followed."""
    out: list[str] = []
    s = 0
    seen = set()
    while s >= 0 and s not in seen and len(out) < MAX_PATH_STEPS:
        seen.add(s)
        k = r.kind[s]
        if k == "decision":
            info = r.decisions[s]
            best = r.best_options(s)
            q = r.q_values(s)
            a = max(
                (i for i, o in enumerate(info.options) if o in best),
                key=lambda i: (q[i], sum(info.evidence[i].values())),
            )
            out.append(info.options[a])
            s = info.succ[a]
        elif k == "routes":
            s = max(r.routes[s], key=lambda pt: pt[0])[1]
        else:
            break
    return out


def enumerate_paths(sc: Scenario, r: SearchResult | None = None, cap: int = PATH_CAP, keep: int = 0):
    """Yield-free DFS over complete paths; returns (paths kept, stats)."""
    r = r or analyse(sc)
    comps = sc.competencies
    # per decision state: per option (succ, regret, stake, gains, id); spans
    prepared: dict[int, tuple] = {}
    for s, info in r.decisions.items():
        q = r.q_values(s)
        v, lo = max(q), min(q)
        sigma = v - lo
        spans = []
        per_comp = []
        for c in comps:
            vals = [e.get(c, 0.0) for e in info.evidence]
            mn, mx = min(vals), max(vals)
            spans.append(mx - mn)
            per_comp.append([x - mn for x in vals])
        opts = []
        for i, oid in enumerate(info.options):
            opts.append((info.succ[i], max(0.0, v - q[i]) if sigma > EPS else 0.0, sigma if sigma > EPS else 0.0, tuple(pc[i] for pc in per_comp), oid))
        prepared[s] = (opts, tuple(spans))

    stats = {"paths": 0, "passing": 0, "steps": 0, "capped": False}
    ranges: dict[str, list[float]] = {}
    total_range: list[float] = []
    kept: list[PlayedPath] = []
    ncomp = len(comps)
    ending_values = {eid: e.value for eid, e in sc.endings.items()}

    gain = [0.0] * ncomp
    span = [0.0] * ncomp
    trail: list[PathStep] = []

    def finish(ending: str | None, sreg: float, sstk: float, prob: float) -> None:
        stats["paths"] += 1
        outcome = ending_values[ending] if ending else 0.0
        scores, _, total = aggregate(sc, sreg, sstk, dict(zip(comps, gain)), dict(zip(comps, span)), outcome, [])
        passed = ending is not None and total is not None and total >= sc.pass_score
        if passed:
            stats["passing"] += 1
        for k, x in scores.items():
            if x is None:
                continue
            lohi = ranges.get(k)
            if lohi is None:
                ranges[k] = [x, x]
            else:
                if x < lohi[0]:
                    lohi[0] = x
                if x > lohi[1]:
                    lohi[1] = x
        if total is not None:
            if not total_range:
                total_range.extend([total, total])
            else:
                total_range[0] = min(total_range[0], total)
                total_range[1] = max(total_range[1], total)
        if len(kept) < keep:
            kept.append(PlayedPath(tuple(trail), tuple(st.option for st in trail if st.option), ending, prob, scores, total, passed))

    # explicit stack DFS: frames are (state, sreg, sstk, prob, depth, phase-data)
    def dfs(s: int, sreg: float, sstk: float, prob: float, depth: int) -> None:
        if stats["paths"] >= cap or stats["steps"] >= STEP_BUDGET:
            stats["capped"] = True
            return
        stats["steps"] += 1
        k = r.kind[s]
        node = r.keys[s][0]
        if k == "ending":
            trail.append(PathStep(s, node, "ending"))
            finish(node, sreg, sstk, prob)
            trail.pop()
            return
        if k == "stuck" or depth >= MAX_PATH_STEPS:
            trail.append(PathStep(s, node, "stuck"))
            finish(None, sreg, sstk, prob)
            trail.pop()
            return
        if k == "routes":
            for p, t in r.routes[s]:
                if t < 0:
                    trail.append(PathStep(s, node, "stuck", probability=p))
                    finish(None, sreg, sstk, prob * p)
                    trail.pop()
                    continue
                trail.append(PathStep(s, node, "route", probability=p))
                dfs(t, sreg, sstk, prob * p, depth + 1)
                trail.pop()
            return
        opts, spans = prepared[s]
        for j in range(ncomp):
            if spans[j]:
                span[j] += spans[j]
        for succ, reg, stk, gains, oid in opts:
            for j in range(ncomp):
                if spans[j]:
                    gain[j] += gains[j]
            trail.append(PathStep(s, node, "decision", oid))
            dfs(succ, sreg + reg, sstk + stk, prob, depth + 1)
            trail.pop()
            for j in range(ncomp):
                if spans[j]:
                    gain[j] -= gains[j]
        for j in range(ncomp):
            if spans[j]:
                span[j] -= spans[j]

    import sys

    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 4 * MAX_PATH_STEPS + 200))
    try:
        dfs(0, 0.0, 0.0, 1.0, 0)
    finally:
        sys.setrecursionlimit(old)
    return kept, stats, ranges, total_range


def paths_report(sc: Scenario, keep: int = 0) -> PathsReport:
    r = analyse(sc)
    kept, stats, ranges, total_range = enumerate_paths(sc, r, keep=keep)
    share, n = multi_best_share(r)
    reachable = r.reachable_endings()
    component_order = ["judgment", *sc.competencies, "outcome"]
    return PathsReport(
        scenario_id=sc.id,
        scenario_hash=sc.content_hash,
        states=len(r.keys),
        best_value=r.best_value,
        endings={eid: eid in reachable for eid in sc.endings},
        total_range=tuple(total_range) if total_range else None,
        component_ranges={c: (tuple(ranges[c]) if c in ranges else None) for c in component_order},
        best_path=best_path(r),
        passing_paths=stats["passing"],
        paths_explored=stats["paths"],
        exhaustive=not stats["capped"],
        multi_best_share=share,
        decisions_with_stakes=n,
        paths=kept,
    )
