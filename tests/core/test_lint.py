"""Graph lint warnings (no search): unreachable, dead-end, no-fallback, missing-id."""

from simulator import lint as lint_module
from simulator import loader
from simulator.lint import lint

HEAD = """format: 1
id: lint
title: T
people:
  pat: {name: Pat}
state:
  trust: 35
start: a
"""
ENDINGS = """endings:
  won: {title: Won, outcome: won}
  lost: {title: Lost, outcome: lost}
"""


def warnings_for(nodes: str, endings: str = ENDINGS):
    scenario, diagnostics = loader.load_text(HEAD + nodes + endings, display="lint.yaml")
    assert scenario is not None, diagnostics
    return [(d.line, d.column, d.severity, d.code) for d in lint(scenario, with_search=False)], lint(scenario, with_search=False)


def test_a_clean_scenario_has_no_graph_warnings():
    found, _ = warnings_for(
        "nodes:\n  a:\n    choices:\n      - {id: x, text: X, goto: won}\n      - {id: y, text: Y, goto: lost}\n"
    )
    assert found == []


def test_unreachable_node_and_ending():
    found, diags = warnings_for(
        "nodes:\n"
        "  a:\n    choices:\n      - {id: x, text: X, goto: won}\n"  # lines 10-12
        "  old-close:\n    next:\n      - goto: lost\n"  # line 13
    )
    assert found == [(13, 3, "warning", "unreachable"), (18, 3, "warning", "unreachable")]
    assert diags[0].message == "node 'old-close' is unreachable from 'start'"
    assert diags[1].message == "ending 'lost' is unreachable from 'start'"


def test_reachability_ignores_conditions_and_chances():
    found, _ = warnings_for(
        "nodes:\n  a:\n    next:\n      - if: trust > 1000\n        goto: b\n      - chance: 0.0001\n        goto: lost\n"
        "      - goto: won\n"
        "  b:\n    next:\n      - goto: won\n"
    )
    assert found == []


def test_dead_end_nodes_cannot_reach_any_ending():
    found, diags = warnings_for(
        "nodes:\n"
        "  a:\n    choices:\n      - {id: x, text: X, goto: won}\n      - {id: y, text: Y, goto: loop1}\n"
        "  loop1:\n    next:\n      - goto: loop2\n"  # line 14
        "  loop2:\n    choices:\n      - {id: back, text: Back, goto: loop1}\n",  # line 17
        ENDINGS.replace("  lost: {title: Lost, outcome: lost}\n", ""),
    )
    assert found == [(14, 3, "warning", "dead-end"), (17, 3, "warning", "dead-end")]
    assert "no ending can be reached from node 'loop1'" in diags[0].message


def test_a_route_list_without_a_fallback_warns_at_the_last_route():
    found, diags = warnings_for(
        "nodes:\n  a:\n    next:\n      - if: trust > 50\n        goto: won\n"
        "      - chance: 0.5\n        goto: lost\n"  # line 14
        "  b:\n    next:\n      - if: trust < 10\n        chance: 0.5\n        goto: won\n"
    )
    assert (14, 9, "warning", "no-fallback") in found
    assert (18, 9, "warning", "no-fallback") in found
    assert "'chance'" in diags[0].message
    by_line = {d.line: d for d in diags}
    assert "'if' and 'chance'" in by_line[18].message


def test_a_route_list_ending_in_a_plain_goto_is_fine():
    found, _ = warnings_for(
        "nodes:\n  a:\n    next:\n      - if: trust > 50\n        goto: won\n      - goto: lost\n"
    )
    assert found == []


def test_choices_and_diagnose_options_without_ids():
    found, diags = warnings_for(
        "nodes:\n"
        "  a:\n    choices:\n"
        "      - {id: x, text: X, goto: think}\n"  # line 12
        "      - text: Y\n        goto: think\n"  # line 13
        "  think:\n    diagnose:\n      prompt: Why?\n      options:\n"
        "        - text: Because.\n"  # line 19
        "        - {id: named, text: Named.}\n"
        "    goto: c\n"
        "  c:\n    choices:\n      - {text: Z, goto: won}\n      - {text: Q, goto: lost}\n"  # lines 24, 25
    )
    assert found == [
        (13, 9, "warning", "missing-id"),
        (19, 11, "warning", "missing-id"),
        (24, 9, "warning", "missing-id"),
        (25, 9, "warning", "missing-id"),
    ]
    assert "automatic id 'a.2'" in diags[0].message and diags[0].message.startswith("choice 2 of node 'a'")
    assert "automatic id 'think.1'" in diags[1].message and diags[1].message.startswith("diagnose option 1")
    assert "'c.1'" in diags[2].message and "'c.2'" in diags[3].message


def test_lint_appends_the_search_warnings():
    scenario, _ = loader.load_text(
        HEAD + "nodes:\n  a:\n    choices:\n      - {text: X, goto: won}\n" + ENDINGS, display="lint.yaml"
    )
    out = lint(scenario)
    graph_only = lint(scenario, with_search=False)
    assert [d.code for d in graph_only] == ["missing-id", "unreachable"]
    assert out[: len(graph_only)] == graph_only
    assert "no-stakes" in [d.code for d in out[len(graph_only):]]


def test_warnings_never_stop_a_scenario_from_loading():
    scenario, diagnostics = loader.load_text(
        HEAD + "nodes:\n  a:\n    next:\n      - {if: trust > 5, goto: won}\n  b:\n    next: [{goto: b}]\n" + ENDINGS
    )
    assert scenario is not None and diagnostics == []
    assert {d.code for d in lint_module.graph_warnings(scenario)} == {"no-fallback", "unreachable", "dead-end"}
