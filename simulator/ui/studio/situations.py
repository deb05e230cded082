"""Which decisions' best move depends on the hidden situation (for the studio's map). No Qt."""

from __future__ import annotations


def situation_dependent(scenario) -> dict[str, dict[str, tuple[str, ...]]]:
    """node id -> {situation title: best option ids had the rep known it}, for every decision node
    where no single option is a best move in every situation that reaches it (and something is at
    stake). Empty for a scenario without situations."""
    from simulator.search import _successors, analyse

    if len(getattr(scenario, "situations", ()) or ()) < 2:
        return {}
    r = analyse(scenario)
    if len(r.starts) < 2:
        return {}
    titles = {s.id: s.title for s in scenario.situations}
    per_node: dict[str, dict[str, set]] = {}
    for _p, sid, s0 in r.starts:
        seen = {s0}
        todo = [s0]
        while todo:
            s = todo.pop()
            if s in r.decisions and r.stakes(s) > 1e-9:
                per_node.setdefault(r.decisions[s].node, {}).setdefault(titles.get(sid, sid), set()).update(r.best_options(s))
            for t in _successors(r, s):
                if t not in seen:
                    seen.add(t)
                    todo.append(t)
    out = {}
    for node, by_sit in per_node.items():
        if len(by_sit) < 2:
            continue
        common = set.intersection(*by_sit.values())
        if not common:
            out[node] = {t: tuple(sorted(b)) for t, b in by_sit.items()}
    return out
