"""The linter's warnings that need the search (spec/scoring.md "What the linter adds from the search").

Each is one located line with a fix hint. Built on ``search`` (states), ``beliefs``
(what the rep could know) and ``analysis`` (paths, the memoriser).
"""

from __future__ import annotations

from simulator.analysis import multi_best_share
from simulator import beliefs as beliefs_module
from simulator.beliefs import BeliefBoundError, beliefs
from simulator.errors import Diagnostic
from simulator.lint_judgment import judgment_warnings
from simulator.loader import Scenario
from simulator import search
from simulator.search import StateBoundError, analyse

SCRIPT_SHARE = 0.4


def search_warnings(scenario: Scenario) -> list[Diagnostic]:
    """Warnings that need the search: state-bound and belief-bound (errors), script, no-stakes, unearnable,
    unreachable-ending, trap, cycle-bound, then the judgment lints (``lint_judgment``)."""
    file = scenario.display_path
    out: list[Diagnostic] = []

    def at(path: tuple, severity: str, message: str, code: str) -> None:
        line, col = scenario.position(*path)
        out.append(Diagnostic(file, line, col, severity, message, code))

    try:
        r = analyse(scenario)
    except StateBoundError:
        at(("nodes",), "error", f"the conversation can reach more than {search.MAX_STATES:,} distinct states, too many to score; "
           "reduce the number of state variables or the range of values they take", "state-bound")
        return out

    # unreachable endings (statically reachable but never in any reachable state)
    reachable = r.reachable_endings()
    static_reachable = _static_reachable(scenario)
    for eid in scenario.endings:
        if eid not in reachable and eid in static_reachable:
            at(("endings", eid), "warning", f"ending '{eid}' can never be reached: the conditions on the way to it never hold", "unreachable-ending")

    # traps: reachable states from which no ending can be reached
    trap_nodes: dict[str, int] = {}
    for s, ok in enumerate(r.can_end):
        if not ok and r.kind[s] != "ending":
            trap_nodes.setdefault(r.keys[s][0], s)
    for nid in trap_nodes:
        at(("nodes", nid), "warning", f"a run can reach node '{nid}' in a state from which no ending can be reached; it would get stuck", "trap")

    # cycles: a state can repeat, so a run can loop until the 1,000-step cap
    cyc_nodes = sorted({r.keys[s][0] for s in r.cyclic if r.kind[s] != "ending"})
    if cyc_nodes:
        shown = ", ".join(cyc_nodes[:5]) + (" ..." if len(cyc_nodes) > 5 else "")
        at(("nodes", cyc_nodes[0]), "warning", f"a run can loop through the same state forever ({shown}) and would stop as stuck after 1,000 steps; make each loop change the state or offer a way out", "cycle-bound")

    try:
        g = beliefs(scenario)
    except BeliefBoundError:
        at(("situations",) if scenario.situations else ("nodes",), "error",
           f"the rep can be left in more than {beliefs_module.MAX_BELIEFS:,} distinct beliefs (what they could know), too many to "
           "score; reduce the situations, hidden variables or chance routes that show nothing", "belief-bound")
        return out

    # stakes and scripts (on what the rep could know)
    if r.decisions and not any(g.stakes(i) > 0 for i in range(1, len(g.beliefs))):
        at(("nodes",), "warning", "no decision changes the best reachable outcome: every move leads to the same ending value, so judgment cannot be scored", "no-stakes")
    share, n = multi_best_share(g)
    if share is not None and share < SCRIPT_SHARE:
        at(("nodes",), "warning", f"only {share:.0%} of decisions with stakes have two or more best moves (at least 40% wanted): the scenario rewards one script, not judgment", "script")

    # unearnable competencies
    weights = scenario.weights
    for c in scenario.competencies:
        used_anywhere = any(c in rule.points for node in scenario.nodes.values() for o in node.options for rule in o.evidence)
        custom = c in scenario.model.competencies
        if not used_anywhere and not custom:
            continue  # a standard competency the scenario does not exercise: simply n/a
        earnable = any(
            len({e.get(c, 0.0) for e in info.evidence}) > 1 for info in r.decisions.values()
        )
        if not earnable and weights.get(c, 0) > 0:
            path = ("competencies", c) if custom else ("nodes",)
            at(path, "warning", f"no reachable decision lets the rep earn points in '{c}' (no decision offers options that differ in it)", "unearnable")
    judgment_warnings(scenario, g, at)
    return out


def _static_reachable(scenario: Scenario) -> set[str]:
    seen = {scenario.start}
    todo = [scenario.start]
    while todo:
        nid = todo.pop()
        node = scenario.nodes.get(nid)
        if node is None:
            continue
        targets = [o.goto for o in node.options] + [rt.goto for rt in node.routes]
        for t in targets:
            if t not in seen:
                seen.add(t)
                todo.append(t)
    return seen
