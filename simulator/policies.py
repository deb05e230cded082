"""Policies on beliefs played in a known situation (spec/scoring.md: Ω_c, `paths`, the memoriser).

A policy picks a move per belief (it cannot see the situation). Played in a
situation, the run is a Markov chain over pairs (belief, true state): the move
the policy takes on the belief, then the observation the true state produces,
which leaves the next belief and the next true state. Expectations over that
chain are exact (cycles by iteration from below, see ``fixpoint``).
"""

from __future__ import annotations

from typing import Callable

from simulator.beliefs import BeliefGraph, regret_of
from simulator.fixpoint import solve
from simulator.search import EPS

MAX_PATH = 1000  # decisions along one followed path
MEMO_ROUNDS = 1000  # decisions a memoriser's run is followed for
MEMO_MASS = 1e-12  # probability below which a memoriser's run is dropped


class PairChain:
    """The chain over (belief, true state) pairs reachable from every situation under ``choose``."""

    def __init__(self, g: BeliefGraph, choose: Callable[[int], int]):
        self.g = g
        self.choose = choose
        self.pairs: list[tuple[int, int]] = []
        self.index: dict[tuple[int, int], int] = {}
        self.trans: list[list[tuple[float, int, float]]] = []  # (probability, pair or -1, terminal value)
        for _, _, s in g.r.starts:
            self._intern((0, s))
        i = 0
        while i < len(self.pairs):
            b, s = self.pairs[i]
            out = []
            for q, child, term, val in g.step(b, choose(b), s):
                out.append((q, self._intern((child, term)) if child >= 0 else -1, val))
            self.trans.append(out)
            i += 1
        self.succ = [[j for _, j, _ in t if j >= 0] for t in self.trans]

    def _intern(self, pair: tuple[int, int]) -> int:
        i = self.index.get(pair)
        if i is None:
            i = self.index[pair] = len(self.pairs)
            self.pairs.append(pair)
        return i

    def start(self, s: int) -> int:
        return self.index[(0, s)]

    def expected(self, reward: Callable[[int], float], terminal: bool) -> list[float]:
        """Per pair: expected sum of ``reward(belief)`` over the decisions met, plus the ending's
        value when ``terminal``."""
        rew = [reward(b) for b, _ in self.pairs]
        trans = self.trans

        def update(i: int, X: list[float]) -> float:
            total = rew[i]
            for q, j, val in trans[i]:
                total += q * (X[j] if j >= 0 else (val if terminal else 0.0))
            return total

        return solve(self.succ, update, iterations=20_000, tolerance=1e-12)

    def likeliest_path(self, s: int) -> list[tuple[int, int, int]]:
        """(belief, true state, move) along the likeliest run from situation start ``s``."""
        out = []
        seen = set()
        i = self.start(s)
        while i >= 0 and i not in seen and len(out) < MAX_PATH:
            seen.add(i)
            b, st = self.pairs[i]
            if b != 0:
                out.append((b, st, self.choose(b)))
            best = None
            for q, j, _ in self.trans[i]:
                if best is None or q > best[0] + 1e-12:
                    best = (q, j)
            i = best[1] if best else -1
        return out


def omega(g: BeliefGraph) -> dict[str | None, dict[str, float]]:
    """Ω_c per situation: the expected sum of the evidence spread in ``c`` over the decisions met when
    the competency's best policy is played in that situation."""
    out: dict[str | None, dict[str, float]] = {sid: {} for _, sid, _ in g.r.starts}
    for c in g.sc.competencies:
        chain = PairChain(g, lambda b, c=c: g.policy(b, c))
        W = chain.expected(lambda b, c=c: g.spread(b, c), terminal=False)
        for _, sid, s in g.r.starts:
            out[sid][c] = W[chain.start(s)]
    return out


def base_policy(g: BeliefGraph) -> Callable[[int], int]:
    """Best moves on beliefs; fewest expected decisions; then the first written."""
    return lambda b: g.policy(b)


def situation_report(g: BeliefGraph) -> list[dict]:
    """Per situation: weight, V* (had the rep known it), the expected value of the best policy on
    beliefs played in it, and that policy's likeliest path there (option ids)."""
    chain = PairChain(g, base_policy(g))
    W = chain.expected(lambda b: 0.0, terminal=True)
    rows = []
    titles = {s.id: s.title for s in getattr(g.sc, "situations", ()) or ()}
    for p, sid, s in g.r.starts:
        path = chain.likeliest_path(s)
        rows.append({
            "id": sid,
            "title": titles.get(sid),
            "weight": p,
            "best_value_known": g.r.V[s],
            "policy_value": W[chain.start(s)],
            "best_path": [g.beliefs[b].options[a] for b, _, a in path],
        })
    return rows


def memoriser_plan(g: BeliefGraph) -> list[str]:
    """The option ids of the best policy's likeliest path in the most likely situation
    (ties: the first listed)."""
    starts = g.r.starts
    top = max(p for p, _, _ in starts)
    s = next(st for p, _, st in starts if p >= top - 1e-12)
    chain = PairChain(g, base_policy(g))
    return [g.beliefs[b].options[a] for b, _, a in chain.likeliest_path(s)]


def memoriser_choice(g: BeliefGraph, plan: list[str]) -> Callable[[int], int]:
    rank = {}
    for k, oid in enumerate(plan):
        rank.setdefault(oid, k)
    fallback = base_policy(g)

    def choose(b: int) -> int:
        opts = g.beliefs[b].options
        best = None
        for a, oid in enumerate(opts):
            k = rank.get(oid)
            if k is not None and (best is None or k < best[0]):
                best = (k, a)
        return best[1] if best else fallback(b)

    return choose


def memoriser_judgment(g: BeliefGraph) -> float | None:
    """The memoriser's judgment, expected over situations and chance outcomes (runs without any
    decision at stake have no judgment and are left out); None when no run has one."""
    choose = memoriser_choice(g, memoriser_plan(g))
    frontier: dict[tuple, float] = {}
    for p, _, s in g.r.starts:
        key = (0, s, 0.0, 0.0)
        frontier[key] = frontier.get(key, 0.0) + p
    num = den = 0.0

    def finish(mass: float, sr: float, ss: float) -> None:
        nonlocal num, den
        if ss > EPS:
            num += mass * 100.0 * max(0.0, 1.0 - sr / ss)
            den += mass

    for _ in range(MEMO_ROUNDS):
        if not frontier:
            break
        nxt: dict[tuple, float] = {}
        for (b, s, sr, ss), mass in frontier.items():
            if mass < MEMO_MASS:
                continue
            a = choose(b)
            if b != 0:
                sigma = g.stakes(b)
                if sigma > 0:
                    q = g.Q[b]
                    sr = round(sr + regret_of(max(q), q[a]), 9)
                    ss = round(ss + sigma, 9)
            for q_, child, term, _ in g.step(b, a, s):
                if child < 0:
                    finish(mass * q_, sr, ss)
                else:
                    key = (child, term, sr, ss)
                    nxt[key] = nxt.get(key, 0.0) + mass * q_
        frontier = nxt
    for (b, s, sr, ss), mass in frontier.items():  # runs still going after the cap: judged so far
        finish(mass, sr, ss)
    return num / den if den > 0 else None
