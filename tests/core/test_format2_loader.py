"""Format 2 in the loader: situations, text variants, line conditions, {name} insertion, option order,
the content hash, the JSON Schema and the `simulator new` template."""

import json
from pathlib import Path

import pytest

from simulator import loader
from simulator.model import json_schema
from simulator.template import render

ROOT = Path(__file__).resolve().parents[2]
SPEC_EXAMPLE = ROOT / "tests" / "scenarios" / "valid" / "spec-example.yaml"

SCENARIO = """\
format: 2
id: f2-demo
title: Demo
people:
  pat: {name: Pat Reyes}
state:
  trust: 35
  budget: {start: open, values: [open, frozen]}
  urgent: false
situations:
  - id: budget-frozen
    title: The CFO froze spend
    weight: 2
    set: {budget: frozen, trust: 20}
  - id: board-pressure
    title: The board wants it by Q3
    set: {budget: open, urgent: true, trust: {set: 50}}
start: opening
nodes:
  opening:
    who: pat
    effects: {trust: 5}
    text:
      - if: budget == "frozen"
        text: "Money is tight. Trust {trust}, urgent {urgent}, {{literal}}."
        mood: skeptical
      - text: Let's talk about the rollout.
    choices:
      - id: ask
        text: What changed since we last spoke?
        goto: probe
      - id: pitch
        text: Here is our price for a {budget} budget.
        goto: lost
  probe:
    lines:
      - who: pat
        text: Fair question.
      - who: pat
        if: urgent
        text: The board is on us.
    order: authored
    choices:
      - id: push
        text: Then let's move now.
        goto: won
      - id: hold
        text: Let's hold.
        goto: lost
endings:
  won:
    title: Won
    outcome: won
    text:
      - if: urgent
        text: Signed under pressure.
      - text: Signed.
  lost: {title: Lost, outcome: lost}
"""


def load(text: str):
    return loader.load_text(text, display="s.yaml")


def test_a_format_2_scenario_loads_clean_with_every_new_key():
    scenario, diagnostics = load(SCENARIO)
    assert diagnostics == [] and scenario is not None
    assert scenario.format == 2
    frozen, board = scenario.situations
    assert (frozen.id, frozen.title, frozen.weight) == ("budget-frozen", "The CFO froze spend", 2.0)
    assert board.weight == 1.0  # the default
    assert [(e.var, e.op, e.value) for e in frozen.sets] == [("budget", "set", "frozen"), ("trust", "set", 20)]
    assert [(e.var, e.value) for e in board.sets] == [("budget", "open"), ("urgent", True), ("trust", 50)]
    (line,) = scenario.nodes["opening"].lines
    assert line.text == "" and [v.mood for v in line.variants] == ["skeptical", None]
    assert line.variants[0].cond is not None and line.variants[-1].cond is None
    probe = scenario.nodes["probe"]
    assert probe.order == "authored" and scenario.nodes["opening"].order == "shuffled"
    assert probe.lines[0].cond is None and probe.lines[1].cond is not None
    assert scenario.endings["won"].text == "" and len(scenario.endings["won"].variants) == 2
    assert scenario.endings["lost"].variants == ()


def test_a_version_1_scenario_has_format_1_and_no_situations():
    scenario, _ = loader.load(SPEC_EXAMPLE)
    assert scenario.format == 1 and scenario.situations == ()
    assert all(ln.cond is None and ln.variants == () for n in scenario.nodes.values() for ln in n.lines)


def test_version_1_content_hashes_do_not_change():
    # pinned before format 2 existed: attempts and leaderboards keep matching version 1 scenarios
    scenario, _ = loader.load(SPEC_EXAMPLE)
    assert scenario.content_hash == "9c7740ea3afd5f7bacc5a64fa9676f8558b3ba10c43e06aa6b163e6535248b60"


@pytest.mark.parametrize(
    "old,new",
    [
        ("    weight: 2\n", "    weight: 3\n"),  # situations
        ("set: {budget: frozen, trust: 20}", "set: {budget: frozen, trust: 25}"),
        ("text: Let's talk about the rollout.", "text: Let's talk about the plan."),  # a variant
        ("        if: urgent\n        text: The board", "        if: not urgent\n        text: The board"),  # a line's if
        ("    order: authored\n", ""),  # order
        ("      - text: Signed.", "      - text: Signed at last."),  # an ending's variant
    ],
)
def test_content_hash_covers_every_format_2_key(old, new):
    assert old in SCENARIO
    a, _ = load(SCENARIO)
    b, diags = load(SCENARIO.replace(old, new))
    assert b is not None, diags
    assert a.content_hash != b.content_hash


def test_a_version_1_file_using_format_2_gets_one_error_naming_format_2():
    text = SCENARIO.replace("format: 2", "format: 1")
    scenario, diagnostics = load(text)
    assert scenario is None
    assert [d.code for d in diagnostics] == ["format"]
    (d,) = diagnostics
    assert (d.line, d.column) == (10, 1)  # the first format 2 key: situations
    assert "write 'format: 2'" in d.message


def test_a_version_1_file_with_only_a_line_condition_gets_the_same_error():
    text = SPEC_EXAMPLE.read_text(encoding="utf-8").replace(
        "    text: Mostly price.", "    lines:\n      - if: trust > 40\n        text: Mostly price."
    ).replace("  lost-deals:\n    who: dana\n", "  lost-deals:\n")
    scenario, diagnostics = loader.load_text(text, path=SPEC_EXAMPLE, display="x.yaml")
    assert [(d.code, d.message) for d in diagnostics if d.is_error] == [
        ("format", "'if' on a line needs format 2; write 'format: 2' at the top of the file")
    ]


def test_braces_in_a_version_1_text_stay_literal_and_load():
    text = SPEC_EXAMPLE.read_text(encoding="utf-8").replace("Mostly price.", "Mostly {price} and a lone }.")
    scenario, diagnostics = loader.load_text(text, path=SPEC_EXAMPLE, display="x.yaml")
    assert scenario is not None, diagnostics
    assert "{price}" in scenario.nodes["lost-deals"].lines[0].text


def test_unknown_key_in_a_situation_suggests_the_near_miss():
    scenario, diagnostics = load(SCENARIO.replace("    title: The CFO", "    titel: The CFO"))
    assert scenario is None
    assert any("unknown key 'titel' in situations.0; did you mean 'title'?" in d.message for d in diagnostics)


def test_unknown_key_in_a_text_variant_suggests_the_near_miss():
    scenario, diagnostics = load(SCENARIO.replace("        mood: skeptical", "        mod: skeptical"))
    assert scenario is None
    assert any("unknown key 'mod'" in d.message and "did you mean 'mood'?" in d.message for d in diagnostics)


def test_a_list_of_plain_texts_is_not_a_list_of_variants():
    scenario, diagnostics = load(SCENARIO.replace("  lost: {title: Lost, outcome: lost}", "  lost: {title: Lost, outcome: lost, text: [Gone, Over]}"))
    assert scenario is None
    (d,) = diagnostics
    assert d.message == "endings.lost.text should be text, not a list of texts (text variants are mappings: - {if: ..., text: ...})"


def test_a_variant_condition_is_type_checked_like_any_if():
    scenario, diagnostics = load(SCENARIO.replace('if: budget == "frozen"', 'if: budget == "frozn"'))
    assert scenario is None
    assert [d.code for d in diagnostics] == ["bad-value"]


def test_order_on_a_node_without_a_decision_is_an_error():
    text = SCENARIO.replace("  lost: {title: Lost, outcome: lost}", "  lost: {title: Lost, outcome: lost}").replace(
        "    choices:\n      - id: push", "    choices:\n      - id: push"
    )
    text = text.replace("  probe:\n", "  relay:\n    order: authored\n    next: [{goto: probe}]\n  probe:\n")
    scenario, diagnostics = load(text)
    assert scenario is None
    assert [(d.code, d.message) for d in diagnostics] == [
        ("node-shape", "'order' applies to a node with choices or diagnose; node 'relay' has none")
    ]


@pytest.mark.parametrize("value", ["true", "1.0", "2.0", "'2'"])
def test_format_must_be_a_whole_number(value):
    scenario, diagnostics = load(SCENARIO.replace("format: 2", f"format: {value}"))
    assert scenario is None
    (d,) = diagnostics
    assert (d.line, d.column, d.code) == (1, 9, "format")


def test_placeholders_in_choice_texts_and_prompts_are_checked():
    scenario, diagnostics = load(SCENARIO.replace("for a {budget} budget", "for a {budgt} budget"))
    assert scenario is None
    (d,) = diagnostics
    assert d.code == "unknown-name" and "did you mean 'budget'?" in d.message


def test_json_schema_covers_format_2():
    schema = json_schema("2020-12")  # $defs (the default draft-07 names them definitions)
    assert schema["properties"]["format"]["enum"] == [1, 2]
    assert "situations" in schema["properties"]
    situation = schema["$defs"]["Situation"]
    assert set(situation["properties"]) == {"id", "title", "weight", "set"}
    assert situation["properties"]["weight"]["exclusiveMinimum"] == 0
    assert "order" in schema["$defs"]["NodeModel"]["properties"]
    assert "if" in schema["$defs"]["Line"]["properties"]
    text_kinds = json.dumps(schema["$defs"]["Ending"]["properties"]["text"])
    assert "TextVariant" in text_kinds
    json.dumps(schema)  # serialisable


def test_the_new_scenario_template_is_format_2_with_two_situations_and_a_text_variant(tmp_path):
    path = tmp_path / "first-call.yaml"
    path.write_text(render("first-call"), encoding="utf-8")
    scenario, diagnostics = loader.load(path)
    assert diagnostics == [] and scenario is not None
    assert scenario.format == 2 and len(scenario.situations) == 2
    assert any(ln.variants for n in scenario.nodes.values() for ln in n.lines)


@pytest.mark.parametrize(
    "old,new,expected",
    [
        (
            "      - text: Let's talk about the rollout.\n",
            "      - mood: pleased\n",
            "s.yaml:27:9: error: missing required key 'text' in nodes.opening.text.1 [missing-key]",
        ),
        (
            "  lost: {title: Lost, outcome: lost}",
            "  lost: {title: Lost, outcome: lost, text: []}",
            "s.yaml:58:44: error: endings.lost.text must not be empty [empty]",
        ),
        (
            "Trust {trust}, urgent",
            "Trust {trüst}, urgent",
            "s.yaml:25:39: error: unknown state variable 'trüst' in {trüst}; did you mean 'trust'? "
            "(write '{{' and '}}' for literal braces) [unknown-name]",
        ),
        (
            "Trust {trust}, urgent",
            "Trust {}, urgent",
            "s.yaml:25:38: error: '{}' in the text names no state variable: write {name}, or '{{' and '}}' for literal braces [bad-text]",
        ),
        (
            "Trust {trust}, urgent",
            "Trust } urgent",
            "s.yaml:25:38: error: a lone '}' in the text: write {name} to insert a state variable, or '}}' for a literal brace [bad-text]",
        ),
    ],
)
def test_format_2_text_mistakes_are_located(old, new, expected):
    assert old in SCENARIO
    scenario, diagnostics = load(SCENARIO.replace(old, new))
    assert scenario is None
    assert [str(d) for d in diagnostics] == [expected]
