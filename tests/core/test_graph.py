"""The scenario map: layout, marks and the DOT / Mermaid / SVG exports."""

import re
import xml.etree.ElementTree as ET

import pytest

from simulator.graph import scenario_graph, to_dot, to_mermaid, to_svg
from simulator.loader import load, load_text
from tests.conftest import FIXTURES
from tests.support.generate import generated_scenario

SPEC = FIXTURES / "valid" / "spec-example.yaml"
SVG_NS = "{http://www.w3.org/2000/svg}"


def spec():
    sc, diags = load(SPEC)
    assert sc is not None, diags
    return sc


def _overlap(a, b) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


@pytest.mark.parametrize("make", [lambda: spec(), lambda: load_text(generated_scenario(150, seed=3))[0],
                                  lambda: load(FIXTURES / "valid" / "loop-and-luck.yaml")[0]])
def test_layout_has_no_overlaps_and_goes_left_to_right(make):
    g = scenario_graph(make())
    nodes = list(g.nodes.values())
    for i, a in enumerate(nodes):
        for b in nodes[i + 1:]:
            assert not _overlap(a, b), (a.id, b.id)
    assert g.nodes[g.start].layer == 0
    forward = [e for e in g.edges if not e.back]
    assert forward
    for e in forward:
        assert g.nodes[e.source].layer < g.nodes[e.target].layer
        assert g.nodes[e.source].x + g.nodes[e.source].w < g.nodes[e.target].x
    last = max(n.layer for n in nodes)
    assert all(n.layer == last for n in nodes if n.is_ending)
    assert all(n.layer < last for n in nodes if not n.is_ending)


def test_spec_example_marks_best_path_and_attempt():
    g = scenario_graph(spec(), attempt=["opening", "quote-sent", "lost-on-price"])
    assert g.best_path == ["opening", "lost-deals", "reflect", "close", "pilot"]
    assert [(e.source, e.label) for e in g.edges if e.on_best] == [
        ("opening", "ask-lost-deals"), ("lost-deals", "if trust >= 45"), ("reflect", ""), ("close", "propose-pilot")]
    assert [(e.source, e.target) for e in g.edges if e.on_attempt] == [("opening", "quote-sent"), ("quote-sent", "lost-on-price")]
    assert g.nodes["pilot"].outcome == "won" and g.nodes["lost-on-price"].outcome == "lost"


def _spec_edges():
    sc = spec()
    g = scenario_graph(sc)
    return sc, g, {(e.source, e.target) for e in g.edges}


def test_dot_contains_every_node_and_edge():
    sc, g, pairs = _spec_edges()
    dot = to_dot(g)
    assert dot.startswith("//") and "rankdir=LR" in dot
    for nid in [*sc.nodes, *sc.endings]:
        assert f'"{nid}" [' in dot
    for s, t in pairs:
        assert f'"{s}" -> "{t}"' in dot
    assert len(pairs) == 9  # distinct (source, target) pairs in the example
    assert '"opening" -> "lost-deals" [label="ask-lost-deals"' in dot


def test_mermaid_contains_every_node_and_edge():
    sc, g, pairs = _spec_edges()
    text = to_mermaid(g)
    assert text.startswith("flowchart LR")
    ids = {}
    for line in text.splitlines():
        m = re.match(r'^\s*(n\d+)[\[\(\{]+"([^"]*)"', line)
        if m:
            ids[m.group(2).split(":")[0]] = m.group(1)
    assert set(ids) == set(sc.nodes) | set(sc.endings)
    for s, t in pairs:
        assert any(l.strip().startswith(f"{ids[s]} ") and l.strip().endswith(f" {ids[t]}") for l in text.splitlines()), (s, t)


def test_svg_is_xml_with_every_node_and_edge():
    sc, g, pairs = _spec_edges()
    root = ET.fromstring(to_svg(g).encode())
    assert root.tag == f"{SVG_NS}svg"
    node_ids = {el.get("data-id") for el in root.iter(f"{SVG_NS}g") if el.get("data-id")}
    assert node_ids == set(sc.nodes) | set(sc.endings)
    edges = {(el.get("data-source"), el.get("data-target")) for el in root.iter(f"{SVG_NS}path") if el.get("data-source")}
    assert edges == pairs
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG_NS}text"))
    assert "Ending: won" in texts and "Best path" in texts  # the legend
    fills = {el.get("data-id"): el.find(f"{SVG_NS}rect").get("fill") for el in root.iter(f"{SVG_NS}g") if el.get("data-id")}
    assert fills["pilot"] != fills["lost-on-price"]  # endings coloured by outcome


HOSTILE = """\
format: 1
id: hostile
title: "Tags <b>&</b> quotes"
people:
  x: {name: "X <i>"}
start: a
nodes:
  a:
    who: x
    text: "<script>alert('hi')</script> & \\"quoted\\" ]]>"
    choices:
      - id: go
        text: Go <now>
        goto: done
  orphan:
    text: nobody comes here
    choices:
      - {id: back, text: back, goto: done}
endings:
  done: {title: "Done <script>", outcome: won}
"""


def test_svg_escapes_script_in_node_text(write_scenario):
    sc, diags = load(write_scenario(HOSTILE))
    assert sc is not None, diags
    g = scenario_graph(sc)
    svg = to_svg(g)
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    root = ET.fromstring(svg.encode())  # still well-formed XML
    assert not list(root.iter(f"{SVG_NS}script"))
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG_NS}text"))
    assert "<script>alert('hi')</script>" in texts  # shown as text, not markup
    assert not g.nodes["orphan"].reachable
    assert "<script" not in to_mermaid(g)
    assert 'label="a\\n<script>' in to_dot(g)  # DOT labels are plain text, quoted


def test_trap_is_marked():
    sc, diags = load_text("""\
format: 1
id: trap
title: Trap
people: {x: {name: X}}
state: {tried: false}
start: a
nodes:
  a:
    text: hi
    choices:
      - {id: good, text: good, goto: done}
      - {id: bad, text: bad, goto: pit}
  pit:
    text: stuck here
    choices:
      - {id: out, text: out, if: tried, goto: done}
endings:
  done: {title: Done, outcome: won}
""")
    assert sc is not None, diags
    g = scenario_graph(sc)
    assert g.nodes["pit"].trap and not g.nodes["a"].trap
    assert "stroke-width=\"3.0\"" in to_svg(g)
