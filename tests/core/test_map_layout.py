"""The map a trainer can read at 40+ nodes: no edge passes behind a box, choice ids on the edges, edges
coloured by regret with the best path on top, exports wrapped to at most 3:1, text every rasteriser draws."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from simulator.graph import EXPORT_ASPECT, scenario_graph, to_svg
from simulator.graph_layout import sample
from simulator.loader import load, load_text
from tests.support.generate import generated_scenario

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted((ROOT / "scenarios").glob("*.yaml"))
FIXTURES = sorted((ROOT / "tests" / "scenarios" / "valid").glob("*.yaml"))
SVG = "{http://www.w3.org/2000/svg}"


def _load(path):
    sc, diags = load(path)
    assert sc is not None, diags
    return sc


def _behind_boxes(graph) -> list[tuple[str, str, str]]:
    """(edge source, edge target, box) for every edge point strictly inside a box."""
    boxes = [(n.id, n.x + 1.5, n.y + 1.5, n.x + n.w - 1.5, n.y + n.h - 1.5) for n in graph.nodes.values()]
    hits = []
    for e in graph.edges:
        assert e.route, (e.source, e.target)
        for x, y in sample(e.route):
            for nid, x0, y0, x1, y1 in boxes:
                if x0 < x < x1 and y0 < y < y1:
                    hits.append((e.source, e.target, nid))
                    break
    return sorted(set(hits))


@pytest.mark.parametrize("path", BUNDLED + FIXTURES, ids=lambda p: p.name)
@pytest.mark.parametrize("wrap", [None, EXPORT_ASPECT], ids=["one-band", "wrapped"])
def test_no_edge_passes_behind_a_box(path, wrap):
    graph = scenario_graph(_load(path), with_search=False, max_aspect=wrap)
    assert _behind_boxes(graph) == []


@pytest.mark.parametrize("nodes", [150, 1000])
def test_no_edge_passes_behind_a_box_in_big_generated_maps(nodes):
    sc, _ = load_text(generated_scenario(nodes, seed=1))
    for wrap in (None, EXPORT_ASPECT):
        graph = scenario_graph(sc, with_search=False, max_aspect=wrap)
        assert _behind_boxes(graph) == []
        if wrap:
            assert len(graph.bands) > 1


def test_every_edge_ends_on_a_side_of_its_target():
    graph = scenario_graph(_load(ROOT / "scenarios" / "council-status-quo.yaml"), with_search=False)
    for e in graph.edges:
        t = graph.nodes[e.target]
        x, y = e.route[-1][-1]
        on_side = abs(x - t.x) < 0.01 or abs(x - (t.x + t.w)) < 0.01 or abs(y - t.y) < 0.01
        assert on_side and t.y - 0.01 <= y <= t.y + t.h + 0.01, (e.source, e.target)


def _svg_size(text: str) -> tuple[float, float]:
    root = ET.fromstring(text.encode())
    return float(root.get("width")), float(root.get("height"))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_exported_svg_is_no_wider_than_3_to_1(path):
    w, h = _svg_size(to_svg(scenario_graph(_load(path))))
    assert w / h <= EXPORT_ASPECT


def test_cli_map_is_wrapped_and_the_studio_graph_is_not():
    path = ROOT / "scenarios" / "council-status-quo.yaml"
    r = subprocess.run([sys.executable, "-m", "simulator", "map", str(path)], capture_output=True, text=True, cwd=ROOT)
    w, h = _svg_size(r.stdout)
    assert r.returncode == 0 and 1.0 <= w / h <= EXPORT_ASPECT
    unwrapped = scenario_graph(_load(path), with_search=False)
    assert len(unwrapped.bands) == 1 and unwrapped.width / unwrapped.height > EXPORT_ASPECT  # scrolls in the studio


def _spec_svg():
    sc = _load(ROOT / "tests" / "scenarios" / "valid" / "spec-example.yaml")
    graph = scenario_graph(sc)
    return sc, graph, ET.fromstring(to_svg(graph).encode())


def test_choice_ids_are_written_on_their_edges():
    sc, graph, root = _spec_svg()
    edges = root.find(f"{SVG}g[@class='edges']")
    labels = {"".join(t.itertext()) for t in edges.iter(f"{SVG}text")}
    choice_ids = {o.id for n in sc.nodes.values() if n.kind == "choices" for o in n.options}
    assert choice_ids == {"quote-now", "ask-lost-deals", "teach-decay", "propose-pilot", "offer-discount"}
    assert choice_ids <= labels


def test_edges_are_coloured_by_regret_and_the_best_path_is_drawn_last():
    sc, graph, root = _spec_svg()
    by_label = {e.label: e for e in graph.edges if e.kind == "choice"}
    assert by_label["ask-lost-deals"].regret == 0 and by_label["ask-lost-deals"].regret_bin == "best"
    assert by_label["quote-now"].regret > by_label["teach-decay"].regret >= 0
    assert by_label["quote-now"].regret_bin in ("costly", "severe")
    groups = [g for g in root.find(f"{SVG}g[@class='edges']") if g.tag == f"{SVG}g"]
    colours = {(g.get("data-source"), g.find(f"{SVG}path").get("stroke")) for g in groups}
    assert ("opening", "#c62828") in colours or ("opening", "#e07b1a") in colours
    best = [i for i, g in enumerate(groups) if "best" in g.get("class").split()]
    assert best and best == list(range(len(groups) - len(best), len(groups)))  # on top of every other edge
    assert all(g.find(f"{SVG}path").get("stroke") == "#2e7d32" for g in (groups[i] for i in best))
    regret_tip = next("".join(g.find(f"{SVG}title").itertext()) for g in groups if g.get("data-regret") and
                      "quote-now" in "".join(g.find(f"{SVG}title").itertext()))
    assert re.search(r"\(regret [0-9.]+.*mean [0-9.]+\)", regret_tip)


def test_every_text_names_its_fonts_and_draws_without_paint_order():
    _, _, root = _spec_svg()
    texts = list(root.iter(f"{SVG}text"))
    assert texts
    for t in texts:
        fonts = t.get("font-family") or ""
        assert "DejaVu Sans" in fonts and fonts.endswith("sans-serif")
        assert t.get("paint-order") is None
        if t.get("stroke"):  # a halo is white text under the real one, never a stroke over coloured text
            assert t.get("fill") == "#ffffff"
