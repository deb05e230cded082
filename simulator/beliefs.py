"""V(b), Q(b, a) over the rep's beliefs (spec/scoring.md "What the rep could know").

A **belief** is a distribution over the decision states consistent with what
was shown (all at one node: the offered options identify it). Belief 0 is the
root: the situations' distribution over start states, before anything is shown;
its one pseudo-move is "start". From a belief, a move leads, per observation
(``observation.Observer``), either to the belief that observation leaves or to
a terminal (an ending's value; 0 when stuck).

Solved exactly over the reachable beliefs: memoised on (state, probability
rounded to 9 places); strongly connected components in reverse topological
order, value iteration from below inside a cycle. More than ``MAX_BELIEFS``
beliefs is a ``BeliefBoundError`` (``validate`` reports it like the state bound).

Beside ``V``/``Q`` this keeps, per belief and move: the expected evidence
``ē_c(b, a)`` and ``Dq``, the expected number of decisions to an ending when
playing best moves (fewest first), which is the policies' tie rule.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from simulator.fixpoint import components, is_cyclic, solve
from simulator.loader import Scenario
from simulator.observation import Observer
from simulator.search import BEST_TOLERANCE, EPS, BoundError, SearchResult, analyse, gc_paused

MAX_BELIEFS = 100_000
MAX_SUPPORT = 1_000_000  # states summed over all beliefs
ROUND = 9
D_ITERATIONS = 5_000  # a loop of best moves that never ends counts this many decisions at most


def regret_of(v: float, q: float) -> float:
    """``V - Q``, with rounding noise (below ``EPS``) read as no regret at all."""
    d = v - q
    return d if d > EPS else 0.0


class BeliefBoundError(BoundError):
    """Too many distinct beliefs to score."""

    what = "beliefs (what the rep could know)"
    advice = "reduce the situations, hidden variables or chance routes that show nothing"

    def __init__(self, count: int, bound: int | None = None):
        super().__init__(count, MAX_BELIEFS if bound is None else bound)


@dataclass
class Belief:
    states: tuple[int, ...]
    probs: tuple[float, ...]
    node: str | None  # the decision node; None for the root
    kind: str  # root | choices | diagnose
    options: tuple[str, ...]  # offered option ids in written order (root: one pseudo-move "")
    # per move: observation -> (probability, child belief or -1, terminal value)
    out: list[dict] = field(default_factory=list)


class BeliefGraph:
    """Every reachable belief of a scenario, solved."""

    def __init__(self, sc: Scenario, r: SearchResult):
        self.sc = sc
        self.r = r
        self.obs = Observer(sc, r)
        self.beliefs: list[Belief] = []
        self._index: dict[tuple, int] = {}
        self._points: dict[int, int] = {}  # state -> the belief that is certain of it
        self._support = 0
        self.V: list[float] = []
        self.Q: list[tuple[float, ...]] = []
        self.Dq: list[tuple[float, ...]] = []
        self.ev: list[tuple[dict, ...]] = []  # per belief, per move: competency -> expected points
        self._explore()
        self._solve_values()
        self._solve_decisions()
        self._evidence()

    # -- exploration ------------------------------------------------------------------

    def _intern(self, dist: dict[int, float]) -> int:
        if len(dist) == 1:
            return self._intern_point(next(iter(dist)))
        total = sum(dist.values())
        items = sorted((s, m / total) for s, m in dist.items() if m / total > 1e-12)
        z = sum(p for _, p in items)
        items = [(s, p / z) for s, p in items]
        if len(items) == 1:
            return self._intern_point(items[0][0])
        key = tuple((s, round(p, ROUND)) for s, p in items)
        i = self._index.get(key)
        if i is not None:
            return i
        return self._add(key, tuple(s for s, _ in items), tuple(p for _, p in items))

    def _intern_point(self, s: int) -> int:
        i = self._points.get(s)
        if i is None:
            i = self._points[s] = self._add(((s, 1.0),), (s,), (1.0,))
        return i

    def _add(self, key: tuple, states: tuple, probs: tuple) -> int:
        i = len(self.beliefs)
        if i >= MAX_BELIEFS or self._support + len(states) > MAX_SUPPORT:
            raise BeliefBoundError(i)
        self._support += len(states)
        info = self.r.decisions[states[0]]
        self.beliefs.append(Belief(states, probs, info.node, info.kind, info.options))
        self._index[key] = i
        return i

    def _explore(self) -> None:
        r = self.r
        root_states: dict[int, float] = {}
        for p, _, s in r.starts:
            root_states[s] = root_states.get(s, 0.0) + p
        self.beliefs.append(Belief(tuple(root_states), tuple(root_states.values()), None, "root", ("",)))
        values = {eid: e.value for eid, e in self.sc.endings.items()}
        last_event = self.obs.last_event
        after = self.obs.after
        self.edges: list[list[list[tuple]]] = []  # per belief, per move: [(probability, child or -1, value)]
        i = 0
        while i < len(self.beliefs):
            b = self.beliefs[i]
            root = b.kind == "root"
            point = len(b.states) == 1
            b_edges = []
            for a in range(len(b.options)):
                out: dict = {}
                if point and not root:
                    st = after(b.states[0], a)
                    if len(st) == 1:  # the common case: one certain state, one thing it can show next
                        o, term, q = st[0]
                        last = last_event[o]
                        if last[0] == "end":
                            e = (q, -1, values[last[1]])
                        elif last[0] == "stuck" or not last[1]:
                            e = (q, -1, 0.0)
                        else:
                            e = (q, self._intern_point(term), 0.0)
                        out[o] = e
                        b.out.append(out)
                        b_edges.append([e])
                        continue
                    parts = [(o, {term: q}) for o, term, q in after(b.states[0], a)]
                    if len(parts) > 1 and len({o for o, _ in parts}) != len(parts):
                        parts = self._group(b, a, root)
                else:
                    parts = self._group(b, a, root)
                for o, dist in parts:
                    mass = sum(dist.values()) if len(dist) > 1 else next(iter(dist.values()))
                    last = last_event[o]
                    if last[0] == "end":
                        out[o] = (mass, -1, values[last[1]])
                    elif last[0] == "stuck" or not last[1]:
                        out[o] = (mass, -1, 0.0)
                    else:
                        out[o] = (mass, self._intern(dist), 0.0)
                b.out.append(out)
                b_edges.append(list(out.values()))
            self.edges.append(b_edges)
            i += 1

    def _group(self, b: Belief, a: int, root: bool) -> list[tuple[int, dict[int, float]]]:
        groups: dict[int, dict[int, float]] = {}
        for s, p in zip(b.states, b.probs):
            for o, term, q in (self.obs.first(s) if root else self.obs.after(s, a)):
                g = groups.get(o)
                if g is None:
                    g = groups[o] = {}
                g[term] = g.get(term, 0.0) + p * q
        return list(groups.items())

    # -- values -----------------------------------------------------------------------

    def _children(self, i: int) -> list[int]:
        return [c for edges in self.edges[i] for (_, c, _) in edges if c >= 0]

    def _q(self, i: int, V: list[float]) -> list[float]:
        out = []
        for edges in self.edges[i]:
            total = 0.0
            for mass, c, val in edges:
                total += mass * (V[c] if c >= 0 else val)
            out.append(total)
        return out

    def _solve_values(self) -> None:
        n = len(self.beliefs)
        self._succ = [self._children(i) for i in range(n)]
        r = self.r
        if not r.cyclic and all(len(b.states) == 1 for b in self.beliefs[1:]):
            # the fast path: every belief is certain of a state (a scenario without hidden variables) and the
            # states form no cycle, so neither do the beliefs; the state search's solving order is theirs
            rank, beliefs = r.rank, self.beliefs
            self._comps = [[i] for i in sorted(range(1, n), key=lambda i: rank[beliefs[i].states[0]])] + [[0]]
            self.cyclic = set()
        else:
            self._comps = components(self._succ)
            self.cyclic = {i for comp in self._comps if is_cyclic(comp, self._succ) for i in comp}
        last: list = [None] * n

        def update(i: int, V: list[float]) -> float:
            q = last[i] = self._q(i, V)
            return max(q)

        self.V = solve(self._succ, update, comps=self._comps)
        cyc = self.cyclic
        self.Q = [tuple(self._q(i, self.V) if i in cyc else last[i]) for i in range(n)]

    def best_flags(self, i: int) -> tuple[bool, ...]:
        """Best moves on belief ``i`` (regret <= 0.1 stakes); every move when nothing is at stake."""
        flags = getattr(self, "_flags", None)
        if flags is not None:
            return flags[i]
        q = self.Q[i]
        v, lo = max(q), min(q)
        sigma = v - lo
        if sigma <= EPS:
            return tuple(True for _ in q)
        return tuple(v - x <= BEST_TOLERANCE * sigma + EPS for x in q)

    def stakes(self, i: int) -> float:
        q = self.Q[i]
        s = max(q) - min(q)
        return s if s > EPS else 0.0

    def _dq(self, i: int, D: list[float]) -> list[float]:
        step = 0.0 if i == 0 else 1.0
        out = []
        for edges in self.edges[i]:
            total = step
            for mass, c, _ in edges:
                if c >= 0:
                    total += mass * D[c]
            out.append(total)
        return out

    def _d(self, i: int, D: list[float]) -> float:
        flags = self._flags[i]
        dq = self._dq_last[i] = self._dq(i, D)
        if len(dq) == 1:
            return dq[0]
        return min(x for x, f in zip(dq, flags) if f)

    def _solve_decisions(self) -> None:
        """Expected decisions to an ending under best moves, fewest first (least fixed point)."""
        n = len(self.beliefs)
        self._flags = [self.best_flags(i) for i in range(n)]
        self._dq_last: list = [None] * n
        self.D = solve(self._succ, self._d, comps=self._comps, iterations=D_ITERATIONS, tolerance=1e-10)
        cyc = self.cyclic
        self.Dq = [self._dq(i, self.D) if i in cyc else self._dq_last[i] for i in range(n)]
        del self._dq_last

    def _evidence(self) -> None:
        self.ev = _Evidence(self)

    # -- reading it --------------------------------------------------------------------

    @property
    def best_value(self) -> float:
        """V(b_0): the best expected outcome a rep who acts on what they see can reach."""
        return self.V[0]

    def policy(self, i: int, competency: str | None = None) -> int:
        """The move a best policy takes on belief ``i``: a best move; among those the fewest expected
        decisions to an ending; then the highest expected evidence in ``competency`` (when given);
        then the first written."""
        flags = self._flags[i]
        dq = self.Dq[i]
        if len(flags) == 1:
            return 0
        cand = [a for a, f in enumerate(flags) if f]
        dmin = min(dq[a] for a in cand)
        cand = [a for a in cand if dq[a] <= dmin + 1e-9]
        if competency is not None and len(cand) > 1:
            ev = self.ev[i]
            top = max(ev[a][competency] for a in cand)
            cand = [a for a in cand if ev[a][competency] >= top - 1e-12]
        return cand[0]

    def spread(self, i: int, competency: str) -> float:
        """max - min of the expected evidence in ``competency`` over the moves at belief ``i``."""
        if i == 0:
            return 0.0
        vals = [e[competency] for e in self.ev[i]]
        return max(vals) - min(vals)

    def step(self, i: int, a: int, s: int) -> list[tuple[float, int, int, float]]:
        """From belief ``i`` with the true state ``s``, move ``a``: [(probability, child belief or -1,
        next state (an ending's state when the child is -1; -1 when stuck), terminal value)]."""
        out = self.beliefs[i].out[a]
        stretches = self.obs.first(s) if i == 0 else self.obs.after(s, a)
        res = []
        for o, term, q in stretches:
            _, child, val = out[o]
            res.append((q, child, term, val))
        return res

    def follow(self, i: int, a: int, s: int, nodes: list[str] | None, expect: int | None) -> tuple[int, int, tuple]:
        """The belief and state after move ``a`` from (``i``, ``s``) on the stretch actually played.

        ``nodes`` is that stretch's segment of the session's path; without it, the first
        observation leading to ``expect`` (the next decision state, or -1 for an ending) is used.
        Returns (child belief or -1, next state or -1, observation id)."""
        out = self.beliefs[i].out[a]
        if nodes is not None:
            t = s if i == 0 else self.r.decisions[s].succ[a]
            last = None if i == 0 else self.obs.meters_at(s)
            o, term = self.obs.trace(t, last, nodes)
            hit = out.get(o)
            if hit is not None:
                return (hit[1], term if hit[1] >= 0 else -1, o)
        stretches = self.obs.first(s) if i == 0 else self.obs.after(s, a)
        for o, term, _ in stretches:
            _, child, _ = out[o]
            if (expect is None or expect < 0) and child < 0:
                return (-1, -1, o)
            if child >= 0 and term == expect:
                return (child, term, o)
        return (-1, -1, -1)


_CACHE: "OrderedDict[str, BeliefGraph | BeliefBoundError]" = OrderedDict()
_LOCK = threading.Lock()


def beliefs(scenario: Scenario) -> BeliefGraph:
    """The belief graph of this scenario's content (cached by content hash, like the
    ``BeliefBoundError`` of a scenario with too many beliefs)."""
    key = scenario.content_hash
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
    if isinstance(hit, BeliefBoundError):
        raise hit.fresh()
    if hit is not None:
        return hit
    r = analyse(scenario)
    try:
        with gc_paused():
            g = BeliefGraph(scenario, r)
    except BeliefBoundError as exc:
        g = exc.fresh()
    with _LOCK:
        _CACHE[key] = g
        while len(_CACHE) > 16:
            _CACHE.popitem(last=False)
    if isinstance(g, BeliefBoundError):
        raise g.fresh() from None
    return g


def trail(g: BeliefGraph, decisions, path: list[str] | None, situation: str | None) -> list[tuple[int, int]]:
    """The belief filter along a played run: (belief, true state) at each decision.

    ``decisions`` are the engine's ``Decision`` records, ``path`` the session's path (every node
    and ending entered; without it the first observation consistent with the states is used).
    A belief of -1 means the filter lost the run (it cannot for a run of this scenario)."""
    r = g.r
    segs = split_path(g.sc, path) if path else None
    states = [r.state(d.entry_key) for d in decisions]

    def seg(k: int):
        return segs[k] if segs is not None and k < len(segs) else None

    out: list[tuple[int, int]] = []
    b, s, _ = g.follow(0, 0, r.start_of(situation), seg(0), states[0] if states else -1)
    for t, d in enumerate(decisions):
        if b < 0 or s != states[t]:
            b, s = -1, states[t]
        out.append((b, s))
        if b < 0:
            continue
        a = r.decisions[s].options.index(d.option)
        b, s, _ = g.follow(b, a, s, seg(t + 1), states[t + 1] if t + 1 < len(states) else -1)
    return out


def split_path(scenario: Scenario, path: list[str]) -> list[list[str]]:
    """A session's path (every node and ending entered) cut into stretches, each ending at a
    decision node or an ending."""
    segs: list[list[str]] = [[]]
    nodes = scenario.nodes
    for nid in path:
        segs[-1].append(nid)
        node = nodes.get(nid)
        if node is None or node.kind != "routes":
            segs.append([])
    if not segs[-1]:
        segs.pop()
    return segs


class _Evidence:
    """``ē_c(b, a)`` per belief (a tuple over moves of competency -> expected points), computed on first use."""

    def __init__(self, g: BeliefGraph):
        # what it needs, not the graph itself: no reference cycle, so a graph dropped from the cache is
        # freed by reference counts even once frozen out of the collector's sight (search.gc_paused)
        self.r, self.comps, self.beliefs = g.r, g.sc.competencies, g.beliefs
        self._rows: list = [None] * len(g.beliefs)
        self._rows[0] = ()

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, i: int) -> tuple:
        row = self._rows[i]
        if row is None:
            row = self._rows[i] = self._compute(i)
        return row

    def _compute(self, i: int) -> tuple:
        r = self.r
        comps = self.comps
        b = self.beliefs[i]
        if len(b.states) == 1:
            return tuple({c: float(pts.get(c, 0.0)) for c in comps} for pts in r.decisions[b.states[0]].evidence)
        per = []
        for a in range(len(b.options)):
            e = {c: 0.0 for c in comps}
            for s, p in zip(b.states, b.probs):
                pts = r.decisions[s].evidence[a]
                for c in comps:
                    x = pts.get(c)
                    if x:
                        e[c] += p * x
            per.append(e)
        return tuple(per)


class Tracker:
    """The belief filter kept up to date during a live session: call ``update()`` after each choice.

    ``belief``/``state`` are the belief and true state at the decision on screen (belief -1 once the
    run has ended or the filter lost it)."""

    def __init__(self, g: BeliefGraph, session):
        self.g = g
        self.session = session
        self._len = len(session.path)
        r = g.r
        nxt = r.state(session._entry_key) if not session.finished else -1
        segs = split_path(g.sc, list(session.path))
        done = session.decisions
        if not done:  # a fresh session: the first stretch
            self.belief, self.state, _ = g.follow(0, 0, r.start_of(session.situation), segs[0] if segs else [], nxt)
            return
        b, s = trail(g, done, list(session.path), session.situation)[-1]  # a restored session
        if b < 0:
            self.belief, self.state = -1, nxt
            return
        a = r.decisions[s].options.index(done[-1].option)
        seg = segs[len(done)] if len(segs) > len(done) else None
        self.belief, self.state, _ = g.follow(b, a, s, seg, nxt)

    def update(self) -> int:
        s = self.session
        seg = s.path[self._len:]
        self._len = len(s.path)
        if self.belief < 0:
            return -1
        a = self.g.r.decisions[self.state].options.index(s.decisions[-1].option)
        nxt = self.g.r.state(s._entry_key) if not s.finished else -1
        self.belief, self.state, _ = self.g.follow(self.belief, a, self.state, seg, nxt)
        return self.belief
