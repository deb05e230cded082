"""The design report: for every reachable decision and belief, what each option is worth.

One row per decision belief: the node, the states the rep cannot tell apart there
(only the variables that differ between them), the best expected outcome and the
stakes, and per option its ``Q``, regret, whether the scoring treats it as best,
and its expected evidence, so a trainer sees which moves count as best, costly
or neutral (spec/scoring.md "What paths reports").
"""

from __future__ import annotations

from simulator.beliefs import BeliefGraph, regret_of


def belief_states(g: BeliefGraph, i: int, vary: list[int] | None = None) -> list[dict]:
    """[{probability, values}] of a belief; ``values`` holds only the variables that differ (between its
    states, or the ``vary`` indices: those that differ between the states its node is met in)."""
    b = g.beliefs[i]
    names = list(g.sc.variables)
    rows = [g.r.keys[s][1] for s in b.states]
    if vary is None:
        vary = [k for k in range(len(names)) if len({row[k] for row in rows}) > 1]
    return [{"probability": p, "values": {names[k]: row[k] for k in vary}} for p, row in zip(b.probs, rows)]


def _varying(g: BeliefGraph) -> dict[str, list[int]]:
    """Per decision node: the variables that differ between the states its beliefs hold."""
    seen: dict[str, list[tuple]] = {}
    for b in g.beliefs[1:]:
        seen.setdefault(b.node, []).extend(g.r.keys[s][1] for s in b.states)
    out = {}
    for node, rows in seen.items():
        width = len(rows[0]) if rows else 0
        out[node] = [k for k in range(width) if len({row[k] for row in rows}) > 1]
    return out


def design_rows(g: BeliefGraph, limit: int | None = None) -> list[dict]:
    """One row per decision belief (the first ``limit`` when given)."""
    out = []
    vary = _varying(g)
    end = len(g.beliefs) if limit is None else min(len(g.beliefs), 1 + limit)
    for i in range(1, end):
        b = g.beliefs[i]
        q = g.Q[i]
        v = g.V[i]
        sigma = g.stakes(i)
        flags = g.best_flags(i)
        out.append({
            "node": b.node,
            "kind": b.kind,
            "belief": belief_states(g, i, vary.get(b.node)),
            "value": v,
            "stakes": sigma,
            "options": [
                {
                    "id": oid,
                    "q": q[a],
                    "regret": regret_of(v, q[a]) if sigma > 0 else 0.0,
                    "mark": ("no-stakes" if sigma <= 0 else ("best" if flags[a] else "costly")),
                    "evidence": {c: x for c, x in g.ev[i][a].items() if x},
                }
                for a, oid in enumerate(b.options)
            ],
        })
    return out


def situation_dependent(g: BeliefGraph) -> dict[str, bool]:
    """Per decision node: whether its best move depends on what is hidden — the best moves had the rep
    known (``Q*``) differ between the reachable states in which it is met (for the map's marks)."""
    r = g.r
    seen: dict[str, set] = {}
    for s, info in r.decisions.items():
        q = r.q_values(s)
        v, lo = max(q), min(q)
        if v - lo <= 1e-9:
            continue  # nothing at stake in this state
        best = frozenset(o for o, x in zip(info.options, q) if v - x <= 0.1 * (v - lo) + 1e-9)
        seen.setdefault(info.node, set()).add(best)
    return {nid: len(sets) > 1 for nid, sets in seen.items()}
