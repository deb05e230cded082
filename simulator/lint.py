"""Linter: warnings about a scenario that loads but may not play as intended.

The graph warnings here need no search: they follow every goto and route
regardless of conditions and chances. The search-based ones (script,
unearnable competency, trap, ...) come from ``simulator.lint_search``.
"""

from __future__ import annotations

from collections import deque

from simulator.errors import Diagnostic
from simulator.loader import Scenario


def _targets(node) -> list[str]:
    """Every node or ending this node can lead to, in source order, duplicates removed."""
    out = [o.goto for o in node.options] + [r.goto for r in node.routes]
    return list(dict.fromkeys(out))


def _warn(scenario: Scenario, path: tuple, message: str, code: str) -> Diagnostic:
    line, column = scenario.position(*path)
    return Diagnostic(scenario.display_path, line, column, "warning", message, code)


def graph_warnings(scenario: Scenario) -> list[Diagnostic]:
    """unreachable, dead-end, no-fallback and missing-id warnings, sorted by position."""
    nodes = scenario.nodes
    endings = scenario.endings
    out: list[Diagnostic] = []

    # forward: what the start can reach
    reached = {scenario.start}
    queue = deque([scenario.start])
    while queue:
        node = nodes.get(queue.popleft())
        if node is None:
            continue
        for target in _targets(node):
            if target not in reached:
                reached.add(target)
                queue.append(target)
    for nid in nodes:
        if nid not in reached:
            out.append(_warn(scenario, ("nodes", nid), f"node '{nid}' is unreachable from 'start'", "unreachable"))
    for eid in endings:
        if eid not in reached:
            out.append(_warn(scenario, ("endings", eid), f"ending '{eid}' is unreachable from 'start'", "unreachable"))

    # backward: what can reach an ending
    incoming: dict[str, list[str]] = {}
    for nid, node in nodes.items():
        for target in _targets(node):
            incoming.setdefault(target, []).append(nid)
    finishing = set(endings)
    queue = deque(endings)
    while queue:
        for source in incoming.get(queue.popleft(), ()):
            if source not in finishing:
                finishing.add(source)
                queue.append(source)
    for nid in nodes:
        if nid not in finishing:
            out.append(
                _warn(
                    scenario,
                    ("nodes", nid),
                    f"no ending can be reached from node '{nid}'; a run that gets here is stuck",
                    "dead-end",
                )
            )

    for nid, node in nodes.items():
        # routes without a fallback
        if node.kind == "routes" and node.routes:
            last = node.routes[-1]
            i = len(node.routes) - 1
            if last.cond is not None or last.chance is not None:
                what = " and ".join(w for w, has in (("'if'", last.cond is not None), ("'chance'", last.chance is not None)) if has)
                key = "if" if last.cond is not None else "chance"
                out.append(
                    _warn(
                        scenario,
                        ("nodes", nid, "next", i, key),
                        f"the last route of node '{nid}' has {what}, so no route may apply and the run can get stuck; "
                        "end the list with a route that has only 'goto'",
                        "no-fallback",
                    )
                )
        # options without a stable id
        for i, option in enumerate(node.options):
            if option.explicit_id:
                continue
            if node.kind == "diagnose":
                path, what = ("nodes", nid, "diagnose", "options", i), "diagnose option"
            else:
                path, what = ("nodes", nid, "choices", i), "choice"
            out.append(
                _warn(
                    scenario,
                    path,
                    f"{what} {i + 1} of node '{nid}' has no id and gets the automatic id '{option.id}'; "
                    "give it a stable 'id:' so results stay comparable across versions",
                    "missing-id",
                )
            )
    out.sort()
    return out


def lint(scenario: Scenario, with_search: bool = True) -> list[Diagnostic]:
    """Every lint warning for a loaded scenario: the graph checks, then the search-based ones."""
    from simulator.lint_text import text_warnings

    out = graph_warnings(scenario)
    out.extend(text_warnings(scenario.source, scenario.display_path, path=scenario.path, scenario_id=scenario.id))
    if with_search:
        from simulator.lint_search import search_warnings

        out.extend(search_warnings(scenario))
    return out
