"""What the rep sees between two decisions (spec/scoring.md "What the rep could know").

An **observation** of a stretch (from just after a move to the next decision or
ending) is a tuple of events, node-independent:

* each line shown, as an interned id of ``(who, text, mood)`` after variants and
  ``{name}`` insertions;
* ``("m", values)`` the shown meters, whenever they differ from the last shown;
* at the end ``("opts", offered option ids)`` at a decision (``()`` when none is
  offered: the run is stuck), ``("end", ending id)`` at an ending, or
  ``("stuck",)`` when no route applies.

A node that shows no line and changes no shown meter leaves no trace. The same
emission code serves the exhaustive expansion (``Observer.stretch``) and the
tracing of one played path (``Observer.trace``), so the search and the filter
along a run can never disagree about what was seen.
"""

from __future__ import annotations

from simulator import engine
from simulator.engine import env_of
from simulator.loader import Scenario
from simulator.search import SearchResult, initial_states  # noqa: F401  (re-exported)


MAX_STRETCH_STEPS = 1000  # like the engine's step cap
LOST = 1e-15  # probability mass below this is dropped (a loop that never shows anything)

def node_lines(sc: Scenario, node_id: str, env: dict, visited) -> tuple[tuple[str | None, str, str | None], ...]:
    """(who, text, mood) of each line the node shows on the state after its entry effects."""
    return tuple((ln.who, ln.text, ln.mood) for ln in engine.shown_lines(sc, node_id, env, visited))


class Observer:
    """Observations over one scenario's state graph (``search.analyse``); caches per state."""

    def __init__(self, sc: Scenario, r: SearchResult):
        self.sc = sc
        self.r = r
        self._entry: dict[int, tuple[tuple, tuple]] = {}
        self._line_ids: dict[tuple, int] = {}
        self.lines: list[tuple] = []  # line id -> (who, text, mood)
        self._shown = [i for i, v in enumerate(sc.variables.values()) if v.show]
        self._dec: dict[tuple[int, int], list] = {}
        self._from: dict[tuple, list] = {}
        self._static: dict[str, tuple] = {}
        self._obs_ids: dict[tuple, int] = {}
        self.observations: list[tuple] = []  # observation id -> its events
        self.last_event: list[tuple] = []  # observation id -> its last event (opts / end / stuck)

    def _oid(self, obs: tuple) -> int:
        i = self._obs_ids.get(obs)
        if i is None:
            i = self._obs_ids[obs] = len(self.observations)
            self.observations.append(obs)
            self.last_event.append(obs[-1])
        return i

    # -- what entering one state shows ------------------------------------------------

    def entry(self, s: int) -> tuple[tuple, tuple]:
        """(line ids shown, shown meter values after entry) for a non-ending state."""
        hit = self._entry.get(s)
        if hit is not None:
            return hit
        sc = self.sc
        node_id = self.r.keys[s][0]
        vals, vis = self.r.entered[s]
        ids = self._static.get(node_id)
        if ids is None:
            ids = []
            for ln in node_lines(sc, node_id, env_of(sc, vals), vis):
                i = self._line_ids.get(ln)
                if i is None:
                    i = self._line_ids[ln] = len(self.lines)
                    self.lines.append(ln)
                ids.append(i)
            ids = tuple(ids)
            if self._is_static(node_id):
                self._static[node_id] = ids
        hit = self._entry[s] = (ids, tuple(vals[i] for i in self._shown) if self._shown else ())
        return hit

    def _is_static(self, node_id: str) -> bool:
        """The node's lines cannot depend on the state (no line if, no variants, no insertion)."""
        f2 = self.sc.format >= 2
        return not any(ln.cond is not None or ln.variants or (f2 and ("{" in ln.text or "}" in ln.text))
                       for ln in self.sc.nodes[node_id].lines)

    def meters_at(self, s: int) -> tuple:
        """The shown meters at a decision state (after its entry effects)."""
        return self.entry(s)[1]

    def _step(self, s: int, obs: tuple, last):
        """Events of entering state ``s``: (obs, meters, terminal event or None)."""
        r = self.r
        k = r.kind[s]
        if k == "ending":
            return obs + (("end", r.ending_of[s]),), last, True
        ids, meters = self.entry(s)
        if meters != last:
            obs = obs + (("m", meters),)
        if ids:
            obs = obs + ids
        if k == "decision":
            return obs + (("opts", r.decisions[s].options),), meters, True
        if k == "stuck":
            return obs + (("opts", ()),), meters, True
        return obs, meters, False

    # -- every stretch that can follow -----------------------------------------------

    def stretch(self, t: int, last) -> list[tuple[int, int, float]]:
        """[(observation id, terminal state or -1, probability)] from state ``t`` (before entry)
        to the next decision, ending or stuck point, given the meters last shown."""
        r = self.r
        if r.kind[t] != "routes":  # the common case: straight to the next decision or ending
            obs, _, _ = self._step(t, (), last)
            return [(self._oid(obs), t, 1.0)]
        results: dict[tuple, float] = {}
        frontier: dict[tuple, float] = {(t, (), last): 1.0}
        rounds = 0
        while frontier:
            rounds += 1
            nxt: dict[tuple, float] = {}
            for (s, obs, m), p in frontier.items():
                if p < LOST:
                    continue
                if rounds > MAX_STRETCH_STEPS:
                    key = (obs + (("stuck",),), -1)
                    results[key] = results.get(key, 0.0) + p
                    continue
                obs2, m2, done = self._step(s, obs, m)
                if done:
                    key = (obs2, s)
                    results[key] = results.get(key, 0.0) + p
                    continue
                for q, u in r.routes[s]:
                    if u < 0:
                        key = (obs2 + (("stuck",),), -1)
                        results[key] = results.get(key, 0.0) + p * q
                    else:
                        fk = (u, obs2, m2)
                        nxt[fk] = nxt.get(fk, 0.0) + p * q
            frontier = nxt
        return [(self._oid(obs), term, p) for (obs, term), p in results.items()]

    def first(self, s: int) -> list[tuple[int, int, float]]:
        """The stretches from a start state (nothing shown yet)."""
        key = (s, None)
        hit = self._from.get(key)
        if hit is None:
            hit = self._from[key] = self.stretch(s, None)
        return hit

    def after(self, s: int, a: int) -> list[tuple[tuple, int, float]]:
        """The stretches that follow option ``a`` (index among the offered) at decision state ``s``."""
        key = (s, a)
        hit = self._dec.get(key)
        if hit is None:
            entry = self._entry.get(s) or self.entry(s)
            t, last = self.r.decisions[s].succ[a], entry[1]
            hit = self._from.get((t, last))  # several moves can lead to the same state
            if hit is None:
                hit = self._from[(t, last)] = self.stretch(t, last)
            self._dec[key] = hit
        return hit

    # -- one played stretch ---------------------------------------------------------

    def trace(self, t: int, last, nodes: list[str]) -> tuple[int, int]:
        """(observation id or -1 when never seen, terminal state) of the stretch that entered ``nodes`` in order from ``t``.

        ``nodes`` is the segment of a session's path (every node and ending entered);
        at a chance route the successor entering the next listed node is taken.
        """
        r = self.r
        obs: tuple = ()
        m = last
        s = t
        for i in range(len(nodes)):
            obs, m, done = self._step(s, obs, m)
            if done:
                return self._obs_ids.get(obs, -1), s
            want = nodes[i + 1] if i + 1 < len(nodes) else None
            nxt = next((u for _, u in r.routes[s] if u >= 0 and r.keys[u][0] == want), None)
            if nxt is None:
                return self._obs_ids.get(obs + (("stuck",),), -1), -1
            s = nxt
        return self._obs_ids.get(obs + (("stuck",),), -1), -1

    def route_nodes(self, t: int, last, oid: int, term: int) -> list[str]:
        """The node ids one stretch from ``t`` entered to produce ``obs`` and end at ``term``
        (the first such route sequence in written order); for showing a path on the map."""
        r = self.r
        if oid < 0:
            return [r.keys[t][0]]
        obs = self.observations[oid]
        stack = [(t, (), last, [])]
        steps = 0
        while stack and steps < 100_000:
            steps += 1
            s, o, m, nodes = stack.pop()
            o2, m2, done = self._step(s, o, m)
            nodes = nodes + [r.keys[s][0]]
            if o2 != obs[: len(o2)]:
                continue
            if done:
                if o2 == obs and s == term:
                    return nodes
                continue
            for _, u in reversed(r.routes[s]):
                if u >= 0:
                    stack.append((u, o2, m2, nodes))
        return [r.keys[t][0]]
