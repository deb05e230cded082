"""The studio's map: edges along their routes with choice ids and regret colours, the best path on top, and
a PNG export wrapped to at most 3:1 (the studio itself scrolls one long band)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage, QPainter

from simulator import graph as g
from simulator.loader import load
from simulator.ui.studio.map_view import EdgeItem, MapScene, MapView, render_scene

ROOT = Path(__file__).resolve().parents[2]
COUNCIL = ROOT / "scenarios" / "council-status-quo.yaml"


def _scene(qtbot, path=COUNCIL):
    sc, diags = load(path)
    assert sc is not None, diags
    scene = MapScene()
    scene.build(g.scenario_graph(sc))
    view = MapView(scene)
    qtbot.addWidget(view)
    return scene, view


def test_png_export_of_a_40_node_map_is_at_most_3_to_1(qtbot):
    scene, _ = _scene(qtbot)
    r = scene.sceneRect()
    assert r.width() / r.height() > 3  # the studio shows one long band
    img = render_scene(scene, 0.5)
    assert 1.0 <= img.width() / img.height() <= g.EXPORT_ASPECT
    assert len(scene.graph.bands) == 1  # the studio's own map was not changed by the export


def test_edges_carry_choice_ids_regret_colours_and_the_best_path_on_top(qtbot):
    scene, view = _scene(qtbot)
    items = scene.edge_items
    labelled = {i.edge.label for i in items if i._label}
    assert {"ask-why-died", "price-the-problem", "demo-for-owen"} <= labelled
    best = [i for i in items if i.edge.on_best]
    others = [i for i in items if not i.edge.on_best and not i.edge.on_attempt]
    assert best and min(i.zValue() for i in best) > max(i.zValue() for i in others)
    assert all(i.pen().color().name() == g.BEST_COLOUR for i in best)
    severe = [i for i in others if i.edge.regret_bin == "severe"]
    assert severe and all(i.pen().color().name() == "#c62828" for i in severe)
    assert "regret" in severe[0].toolTip()
    # the label is drawn at readable zoom: render one edge's label area and find its colour there
    item = next(i for i in severe if i._label)
    view.set_zoom(1.5)
    view.centerOn(item._label_rect.center())
    img = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    view.render(p)
    p.end()
    rect = view.mapFromScene(item._label_rect).boundingRect()
    reds = sum(1 for x in range(rect.left(), rect.right()) for y in range(rect.top(), rect.bottom())
               if 0 <= x < img.width() and 0 <= y < img.height() and QColor(img.pixel(x, y)).red() > 150
               and QColor(img.pixel(x, y)).green() < 120)
    assert reds > 10


def test_every_edge_item_follows_its_route(qtbot):
    scene, _ = _scene(qtbot)
    for item in scene.edge_items:
        assert isinstance(item, EdgeItem)
        start = item.edge.route[0][1]
        first = item.path().elementAt(0)
        assert (round(first.x, 1), round(first.y, 1)) == (round(start[0], 1), round(start[1], 1))
