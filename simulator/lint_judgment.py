"""Lints that check a scenario measures judgment (spec/scoring.md "What the linter adds from the search"):
``memorisable``, ``evidence-conflict``, ``no-perfect-path``, ``length-cue`` and ``dead-rule``.

Each finding is one located line with a fix hint.
"""

from __future__ import annotations

from typing import Callable

from simulator.analysis import _Enumerator
from simulator.beliefs import BeliefGraph
from simulator.engine import enter, env_of
from simulator.loader import Scenario
from simulator.policies import memoriser_judgment

MEMORISABLE = 90.0
PERFECT = 90.0
LENGTH_CUE = 0.7

At = Callable[[tuple, str, str, str], None]


def _choice_path(scenario: Scenario, nid: str, option_id: str) -> tuple:
    node = scenario.nodes[nid]
    i = next((k for k, o in enumerate(node.options) if o.id == option_id), 0)
    if node.kind == "diagnose":
        return ("nodes", nid, "diagnose", "options", i)
    return ("nodes", nid, "choices", i)


def memorisable(scenario: Scenario, g: BeliefGraph, at: At) -> None:
    mj = memoriser_judgment(g)
    if mj is not None and mj >= MEMORISABLE:
        where = ("situations",) if getattr(scenario, "situations", ()) else ("start",)
        at(where, "warning", f"a rep who replays one remembered path scores {mj:.0f} on judgment (90 or more): the "
           "scenario tests recall, not judgment; add situations whose best moves differ, with cues in what people say",
           "memorisable")


def evidence_conflict(scenario: Scenario, g: BeliefGraph, at: At) -> None:
    seen: set[tuple] = set()
    for i in range(1, len(g.beliefs)):
        if g.stakes(i) <= 0 or g.beliefs[i].kind != "choices":
            continue
        b = g.beliefs[i]
        flags = g.best_flags(i)
        totals = [sum(e.values()) for e in g.ev[i]]
        best_top = max(t for t, f in zip(totals, flags) if f)
        for a, (oid, f) in enumerate(zip(b.options, flags)):
            if not f and totals[a] > best_top + 1e-9 and (b.node, oid, "costly") not in seen:
                seen.add((b.node, oid, "costly"))
                at(_choice_path(scenario, b.node, oid), "warning",
                   f"choice '{oid}' is a costly move (it lowers the best reachable outcome) yet earns more evidence "
                   f"({totals[a]:+.3g}) than every best move ({best_top:+.3g}): the scores send opposite messages; "
                   "lower its evidence or change where it leads", "evidence-conflict")
            if f and totals[a] < -1e-9 and (b.node, oid, "best") not in seen:
                seen.add((b.node, oid, "best"))
                at(_choice_path(scenario, b.node, oid), "warning",
                   f"choice '{oid}' is a best move for the outcome but earns negative evidence ({totals[a]:+.3g}): the "
                   "debrief would praise and fault it at once; give it evidence of zero or more, or make it costly",
                   "evidence-conflict")


def no_perfect_path(scenario: Scenario, g: BeliefGraph, at: At) -> None:
    en = _Enumerator(scenario, g, 0)
    en.sample(200)  # mostly best-policy runs find a high total fast
    if en.total_range and en.total_range[1] >= PERFECT:
        return
    en.enumerate()
    if en.total_range and en.total_range[1] >= PERFECT:
        return
    if en.cut:
        en.sample(1000)
        if en.total_range and en.total_range[1] >= PERFECT:
            return
    top = en.total_range[1] if en.total_range else None
    found = "no complete path" if not en.cut else f"none of the {en.paths:,} paths tried"
    where = ("scoring",) if scenario.model.scoring is not None and scenario.doc and ("scoring",) in scenario.doc.positions else ("start",)
    at(where, "warning", f"{found} reaches a total of 90 (the best is {0 if top is None else top:.0f}): the scenario's "
       "own scoring stops a flawless rep from scoring well; check the weights, the evidence on the best moves and "
       "the endings' values", "no-perfect-path")


def length_cue(scenario: Scenario, g: BeliefGraph, at: At) -> None:
    hits = total = 0
    for i in range(1, len(g.beliefs)):
        b = g.beliefs[i]
        if g.stakes(i) <= 0 or b.kind != "choices" or len(b.options) < 2:
            continue
        node = scenario.nodes[b.node]
        texts = {o.id: o.text for o in node.options}
        lengths = [len(texts[o]) for o in b.options]
        top = max(lengths)
        total += 1
        if lengths.count(top) == 1 and g.best_flags(i)[lengths.index(top)]:
            hits += 1
    if total and hits / total >= LENGTH_CUE:
        at(("nodes",), "warning", f"the longest option is a best move in {hits} of {total} decisions with stakes "
           f"({hits / total:.0%}, 70% or more): length gives the answer away; make some costly options the longest "
           "and some best ones short", "length-cue")


def dead_rules(scenario: Scenario, g: BeliefGraph, at: At) -> None:
    """An ``if`` (choice, route, evidence rule, line, text variant) that is true in every reachable state
    where it is evaluated, or false in every one."""
    r = g.r
    envs: dict[str, list[tuple[dict, frozenset]]] = {}
    for s, (nid, values, visited) in enumerate(r.keys):
        if r.kind[s] == "ending":
            envs.setdefault(nid, []).append((env_of(scenario, values), visited))
            continue
        vals, vis = enter(scenario, nid, values, visited)
        envs.setdefault(nid, []).append((env_of(scenario, vals), vis))

    def check(cond, where: tuple, what: str, hint_true: str, hint_false: str, states) -> None:
        if cond is None or not states:
            return
        seen = {bool(cond(env, vis)) for env, vis in states}
        if seen == {True}:
            at(where + ("if",), "warning", f"the 'if' on {what} is true in every reachable state: {hint_true}", "dead-rule")
        elif seen == {False}:
            at(where + ("if",), "warning", f"the 'if' on {what} is false in every reachable state: {hint_false}", "dead-rule")

    fix = "fix the condition or remove it"
    for nid, node in scenario.nodes.items():
        states = envs.get(nid)
        if not states:
            continue
        if node.kind == "choices":
            for i, o in enumerate(node.options):
                base = ("nodes", nid, "choices", i)
                check(o.cond, base, f"choice '{o.id}'", "the choice is always offered; " + fix,
                      "the choice is never offered; " + fix, states)
                for k, rule in enumerate(o.evidence):
                    check(rule.cond, base + ("evidence", k), f"evidence rule {k + 1} of choice '{o.id}'",
                          "the rules after it never apply; " + fix, "the rule never applies; " + fix, states)
        for i, route in enumerate(node.routes):
            check(route.cond, ("nodes", nid, "next", i), f"route {i + 1} of node '{nid}'",
                  "it is always taken when reached; " + fix, "it is never taken; " + fix, states)
        model = scenario.model.nodes.get(nid)
        as_lines = model is not None and getattr(model, "lines", None) is not None
        for k, ln in enumerate(node.lines):
            base = ("nodes", nid, "lines", k) if as_lines else ("nodes", nid)
            if as_lines:
                check(ln.cond, base, f"line {k + 1} of node '{nid}'", "the line is always shown; " + fix,
                      "the line is never shown; " + fix, states)
            for j, v in enumerate(ln.variants[:-1]):
                check(v.cond, base + ("text", j), f"text variant {j + 1} of node '{nid}'",
                      "the variants after it are never shown; " + fix, "the variant is never shown; " + fix, states)
    for eid, ending in scenario.endings.items():
        states = envs.get(eid)
        for j, v in enumerate(ending.variants[:-1]):
            check(v.cond, ("endings", eid, "text", j), f"text variant {j + 1} of ending '{eid}'",
                  "the variants after it are never shown; " + fix, "the variant is never shown; " + fix, states)


def judgment_warnings(scenario: Scenario, g: BeliefGraph, at: At) -> None:
    memorisable(scenario, g, at)
    evidence_conflict(scenario, g, at)
    no_perfect_path(scenario, g, at)
    length_cue(scenario, g, at)
    dead_rules(scenario, g, at)
