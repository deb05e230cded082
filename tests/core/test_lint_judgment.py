"""The judgment lints (spec/scoring.md "What the linter adds from the search"): memorisable,
evidence-conflict, no-perfect-path, length-cue, dead-rule — each one located line with a fix hint."""

from __future__ import annotations

from pathlib import Path

from simulator import loader
from simulator.lint import lint

VALID = Path(__file__).resolve().parents[1] / "scenarios" / "valid"


def search_warnings(text: str) -> list:
    scenario, diags = loader.load_text(text, display="s.yaml")
    assert scenario is not None, [str(d) for d in diags]
    graph = lint(scenario, with_search=False)
    return [d for d in lint(scenario) if d not in graph]


def codes(diags) -> dict:
    return {d.code: d for d in diags}


def test_a_version_1_puzzle_is_memorisable_and_a_scenario_with_situations_is_not():
    found = codes(lint(loader.load_or_raise(VALID / "loop-and-luck.yaml")))
    d = found["memorisable"]
    assert (d.line, d.column, d.severity) == (8, 1, "warning")  # start: pitch
    assert "replays one remembered path scores 100 on judgment" in d.message and "add situations" in d.message
    assert "memorisable" not in codes(lint(loader.load_or_raise(VALID / "ask-reveals.yaml")))  # memoriser 67


BASE = """format: 2
id: lint2
title: T
people:
  pat: {name: Pat}
state:
  trust: 35
start: a
"""
ENDS = """endings:
  won: {title: Won, outcome: won}
  mid: {title: Mid, outcome: advanced, value: 40}
  lost: {title: Lost, outcome: lost}
"""


def test_a_costly_move_with_more_evidence_than_every_best_move_is_an_evidence_conflict():
    found = codes(search_warnings(BASE + """nodes:
  a:
    who: pat
    text: Hi.
    order: authored
    choices:
      - id: good
        text: The right move.
        evidence: {insight: 1}
        goto: won
      - id: flashy
        text: The flashy move.
        evidence: {insight: 3}
        goto: lost
""" + ENDS))
    d = found["evidence-conflict"]
    assert (d.line, d.column) == (19, 9)  # the flashy choice
    assert "choice 'flashy' is a costly move" in d.message and "(+3) than every best move (+1)" in d.message


def test_a_best_move_with_negative_evidence_is_an_evidence_conflict():
    d = codes(lint(loader.load_or_raise(VALID / "committee.yaml")))["evidence-conflict"]
    assert (d.line, d.column) == (45, 9)
    assert "choice 'ask-pilot' is a best move for the outcome but earns negative evidence (-1)" in d.message


def test_no_perfect_path_when_the_best_ending_is_worth_little():
    found = codes(search_warnings(BASE + """nodes:
  a:
    who: pat
    text: Hi.
    order: authored
    choices:
      - id: ok
        text: Fine.
        evidence: {insight: 1}
        goto: mid
      - id: bad
        text: Bad, and a longer text than the other one.
        evidence: {insight: -1}
        goto: lost
""" + ENDS))
    d = found["no-perfect-path"]
    assert d.line == 8 and "no complete path reaches a total of 90 (the best is 88)" in d.message
    assert "length-cue" not in found  # the longest option is the costly one


def test_length_cue_when_the_longest_option_is_always_best():
    d = codes(lint(loader.load_or_raise(VALID / "spec-example.yaml")))["length-cue"]
    assert d.severity == "warning" and "best move in 3 of 3 decisions with stakes (100%" in d.message
    assert "make some costly options the longest" in d.message


def test_dead_rules_on_a_choice_a_route_an_evidence_rule_a_line_and_a_text_variant():
    text = BASE + """nodes:
  a:
    lines:
      - who: pat
        text: Hello.
        if: trust > 0
      - who: pat
        text:
          - if: trust > 90
            text: Very warm.
          - text: Warm.
    order: authored
    choices:
      - id: x
        text: X.
        if: trust < 10
        goto: won
      - id: y
        text: Y.
        evidence:
          - if: trust >= 35
            points: {insight: 1}
          - points: {insight: 0}
        goto: b
  b:
    next:
      - if: trust > 50
        goto: won
      - goto: lost
""" + ENDS
    found = sorted((d.line, d.column, d.code) for d in search_warnings(text) if d.code == "dead-rule")
    diags = {d.line: d.message for d in search_warnings(text) if d.code == "dead-rule"}
    assert found == [(14, 9, "dead-rule"), (17, 13, "dead-rule"), (24, 9, "dead-rule"), (29, 13, "dead-rule"),
                     (35, 9, "dead-rule")]
    assert "'if' on line 1 of node 'a' is true in every reachable state: the line is always shown" in diags[14]
    assert "'if' on text variant 1 of node 'a' is false in every reachable state" in diags[17]
    assert "'if' on choice 'x' is false in every reachable state: the choice is never offered" in diags[24]
    assert "evidence rule 1 of choice 'y' is true in every reachable state" in diags[29]
    assert "'if' on route 1 of node 'b' is false in every reachable state: it is never taken" in diags[35]
