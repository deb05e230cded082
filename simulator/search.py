"""V*/Q* over the reachable state graph, shared by scoring, ``paths`` and the linter.

A search state is ``(node id, variable values, visited set)`` *before* the
node is entered; entering applies the node's entry effects (see
``engine.enter``). From a state the graph has

* an ending: ``V = value``;
* a decision: one edge per offered option, ``Q(s, a) = V(successor)``,
  ``V = max_a Q``;
* routes: a probability distribution over successors (a route with
  ``chance p`` takes p of the probability that reaches it); probability that
  no route applies is "stuck" and is worth 0, like a decision with no option.

Values are exact with cycles: strongly connected components are solved in
reverse topological order; a component with a cycle is solved by value
iteration from below to its least fixed point (a loop that never ends is
worth 0), with ``fixpoint`` (shared with the belief search). The result is
computed once per scenario content and cached.
"""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field

from simulator import engine
from simulator.engine import enter, env_of, evidence_of, offered, route_distribution, apply_effects
from simulator.errors import SimulatorError
from simulator.fixpoint import components, is_cyclic, iterate
from simulator.loader import Scenario

MAX_STATES = 200_000
BEST_TOLERANCE = 0.1  # a move with regret <= 0.1 * stakes counts as a best move
EPS = 1e-9


class BoundError(SimulatorError):
    """More than ``bound`` distinct ``what`` to score (``validate`` reports it as an error)."""

    what = "states"
    advice = "reduce its state variables or their ranges"

    def __init__(self, count: int, bound: int):
        super().__init__(f"the scenario can reach more than {bound:,} distinct {self.what}, too many to score; {self.advice}")
        self.count, self.bound = count, bound

    def fresh(self) -> "BoundError":
        """The same outcome as a new exception, never raised: what a cache keeps (no traceback, no frames)."""
        return type(self)(self.count, self.bound)


class StateBoundError(BoundError):
    """The reachable state graph is too big to score."""

    def __init__(self, states: int, bound: int | None = None):
        super().__init__(states, MAX_STATES if bound is None else bound)
        self.states = states


@dataclass
class DecisionInfo:
    """A decision state: what is offered, what each option is worth and earns."""

    node: str
    kind: str  # choices | diagnose
    options: tuple[str, ...]  # offered option ids, in order
    succ: tuple[int, ...]  # successor state per option
    evidence: tuple[dict, ...]  # points per option (evaluated at this state)
    notes: tuple[str | None, ...]


@dataclass
class SearchResult:
    scenario_hash: str
    keys: list[tuple]  # state index -> key
    index: dict  # key -> state index
    kind: list[str]  # "ending" | "decision" | "routes" | "stuck"
    ending_of: dict  # state -> ending id
    decisions: dict  # state -> DecisionInfo
    routes: dict  # state -> [(p, succ)]
    V: list[float]
    cyclic: set  # states on a cycle
    can_end: list[bool]
    truncated: bool = False
    starts: list = field(default_factory=list)
    rank: list = field(default_factory=list, repr=False)  # state -> its component's place in the solving order
    entered: list = field(default_factory=list, repr=False)  # state -> (values, visited) after entry (None: ending)  # [(probability, situation id or None, state)]
    _qcache: dict = field(default_factory=dict, repr=False)

    @property
    def start(self) -> int:
        return 0

    @property
    def best_value(self) -> float:
        """V* at the start, expected over the situations (what a rep who knew everything could reach)."""
        if not self.starts:
            return self.V[0]
        return sum(p * self.V[s] for p, _, s in self.starts)

    def start_of(self, situation: str | None) -> int:
        """The start state of a situation (the first one when unknown)."""
        for _, sid, s in self.starts:
            if sid == situation:
                return s
        return self.starts[0][2] if self.starts else 0

    def state(self, key: tuple) -> int:
        return self.index[key]

    def q_values(self, s: int) -> tuple[float, ...]:
        d = self.decisions[s]
        return tuple(self.V[t] for t in d.succ)

    def stakes(self, s: int) -> float:
        q = self.q_values(s)
        return max(q) - min(q) if q else 0.0

    def best_options(self, s: int) -> tuple[str, ...]:
        d = self.decisions[s]
        q = self.q_values(s)
        v = max(q)
        sigma = v - min(q)
        return tuple(o for o, x in zip(d.options, q) if v - x <= BEST_TOLERANCE * sigma + EPS)

    def reachable_endings(self) -> set[str]:
        return set(self.ending_of.values())


FREEZE_OBJECTS = 200_000  # a build that leaves more new container objects than this is frozen (see gc_paused)


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while building large graphs of long-lived tuples (it would
    rescan them again and again; the build runs about twice as fast without it).

    A build that leaves more than ``FREEZE_OBJECTS`` new objects is then frozen (``gc.freeze``): the
    collector never scans them again, so a later collection does not pause a live session for up to a
    second to walk a graph of millions of objects that cannot be garbage while it is cached. Results
    hold no reference cycles, so once dropped from the cache they are still freed (by reference counts)."""
    was = gc.isenabled()
    gc.disable()
    start = gc.get_count()[0]
    try:
        yield
        if gc.get_count()[0] - start > FREEZE_OBJECTS:  # not when it failed: a partial graph is garbage
            gc.freeze()
    finally:
        if was:
            gc.enable()


_CACHE: "OrderedDict[str, SearchResult | StateBoundError]" = OrderedDict()
_LOCK = threading.Lock()


def _remember(key: str, value) -> None:
    with _LOCK:
        _CACHE[key] = value
        while len(_CACHE) > 32:
            _CACHE.popitem(last=False)


def analyse(scenario: Scenario) -> SearchResult:
    """The search result for this scenario's content (cached by content hash, like the
    ``StateBoundError`` of a scenario with too many states)."""
    with _LOCK:
        hit = _CACHE.get(scenario.content_hash)
        if hit is not None:
            _CACHE.move_to_end(scenario.content_hash)
    if isinstance(hit, StateBoundError):
        raise hit.fresh()
    if hit is not None:
        return hit
    try:
        with gc_paused():
            result = _explore(scenario)
            solve(result, scenario)
    except StateBoundError as exc:
        _remember(scenario.content_hash, exc.fresh())
        raise
    _remember(scenario.content_hash, result)
    return result


def _explore(sc: Scenario) -> SearchResult:
    keys: list[tuple] = []
    index: dict = {}
    kind: list[str] = []
    ending_of: dict = {}
    decisions: dict = {}
    routes: dict = {}

    def intern(key) -> int:
        i = index.get(key)
        if i is None:
            i = len(keys)
            if i >= MAX_STATES:
                raise StateBoundError(i)
            index[key] = i
            keys.append(key)
            kind.append("")
        return i

    starts = [(p, sid, intern((sc.start, vals, frozenset()))) for p, sid, vals in initial_states(sc)]
    entered: list = []
    i = 0
    nodes, endings = sc.nodes, sc.endings
    while i < len(keys):
        node_id, values, visited = keys[i]
        if node_id in endings:
            kind[i] = "ending"
            ending_of[i] = node_id
            entered.append(None)
            i += 1
            continue
        node = nodes[node_id]
        vals, vis = enter(sc, node_id, values, visited)
        entered.append((vals, vis))
        env = env_of(sc, vals)
        if node.kind == "routes":
            dist, stuck = route_distribution(node, env, vis)
            out = [(p, intern((goto, vals, vis))) for p, goto, _ in dist if p > 0]
            if stuck > EPS:
                out.append((stuck, -1))
            routes[i] = out
            kind[i] = "routes"
        else:
            opts = offered(sc, node, env, vis)
            if not opts:
                kind[i] = "stuck"
            else:
                succ = []
                evid = []
                notes = []
                for o in opts:
                    succ.append(intern((o.goto, apply_effects(sc, vals, o.effects), vis)))
                    pts, note = evidence_of(o, env, vis)
                    evid.append(pts)
                    notes.append(note)
                decisions[i] = DecisionInfo(node_id, node.kind, tuple(o.id for o in opts), tuple(succ), tuple(evid), tuple(notes))
                kind[i] = "decision"
        i += 1
    n = len(keys)
    return SearchResult(sc.content_hash, keys, index, kind, ending_of, decisions, routes, [0.0] * n, set(), [False] * n, starts=starts,
                        entered=entered)


def initial_states(sc: Scenario) -> list[tuple[float, str | None, tuple]]:
    """(probability, situation id or None, start values): the situations' distribution."""
    return [(float(p), sid, tuple(vals)) for p, sid, vals in engine.initial_distribution(sc)]


def _successors(r: SearchResult, s: int) -> list[int]:
    if s in r.decisions:
        return list(r.decisions[s].succ)
    if s in r.routes:
        return [t for _, t in r.routes[s] if t >= 0]
    return []


def _value(r: SearchResult, s: int, V: list[float], values_of_endings: dict) -> float:
    k = r.kind[s]
    if k == "ending":
        return values_of_endings[r.ending_of[s]]
    if k == "decision":
        return max(V[t] for t in r.decisions[s].succ)
    if k == "routes":
        return sum(p * V[t] for p, t in r.routes[s] if t >= 0)
    return 0.0


def solve(r: SearchResult, sc: Scenario) -> None:
    ends = {eid: e.value for eid, e in sc.endings.items()}
    V = r.V
    can_end = r.can_end
    kind, decisions, routes, ending_of = r.kind, r.decisions, r.routes, r.ending_of
    succ = [_successors(r, s) for s in range(len(kind))]
    rank = r.rank = [0] * len(kind)
    for pos, comp in enumerate(components(succ)):
        for s in comp:
            rank[s] = pos
        if not is_cyclic(comp, succ):
            s = comp[0]
            k = kind[s]
            if k == "decision":
                d = decisions[s].succ
                V[s] = max(V[t] for t in d)
                can_end[s] = any(can_end[t] for t in d)
            elif k == "routes":
                V[s] = sum(p * V[t] for p, t in routes[s] if t >= 0)
                can_end[s] = any(can_end[t] for t in succ[s])
            elif k == "ending":
                V[s] = ends[ending_of[s]]
                can_end[s] = True
            continue
        r.cyclic.update(comp)
        iterate(comp, lambda s, X: _value(r, s, X, ends), V)
        members = set(comp)
        exits = any(can_end[t] for s in comp for t in succ[s] if t not in members)
        for s in comp:
            can_end[s] = exits
