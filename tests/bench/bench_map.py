"""Benchmark: the Scenario map of the 40-node bundled scenarios and of a generated 1,000-node scenario, offscreen.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.bench.bench_map
Prints, for the bundled scenarios of 40 nodes: the layout (one band, and wrapped for export), the marks
(search, regret), the SVG export, the studio's PNG export, and the aspect ratios of the exports.
Then for the generated one: the layout time (pure), the search marks (traps, best path), the scene
build time, the time to render the whole map fitted in a 1600x1000 view to a
QImage, a view at 100% zoom (what an author scrolls around in), zoom steps,
and the same renders of an empty QGraphicsView as a baseline, with ratios.
Figures only; no timed assertions (house style).
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

W, H = 1600, 1000
REPEAT = 5


def _time(fn, repeat: int = REPEAT) -> float:
    """Median wall time in ms."""
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return statistics.median(out)


def bundled() -> list[dict]:
    """The maps of the bundled scenarios with 40 nodes: layout, marks, exports and aspect ratios."""
    import xml.etree.ElementTree as ET
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from simulator import graph as g
    from simulator.loader import load
    from simulator.ui.studio.map_view import MapScene, render_scene

    app = QApplication.instance() or QApplication(sys.argv[:1])
    rows = []
    for path in sorted((Path(__file__).resolve().parents[2] / "scenarios").glob("*.yaml")):
        sc, _ = load(path)
        if sc is None or len(sc.nodes) < 40:
            continue
        layout_ms = _time(lambda: g.scenario_graph(sc, with_search=False))
        wrapped_ms = _time(lambda: g.scenario_graph(sc, with_search=False, max_aspect=g.EXPORT_ASPECT))
        t = time.perf_counter()
        graph = g.scenario_graph(sc)
        marks_ms = (time.perf_counter() - t) * 1000
        svg_ms = _time(lambda: g.to_svg(graph))
        root = ET.fromstring(g.to_svg(graph).encode())
        svg_aspect = float(root.get("width")) / float(root.get("height"))
        scene = MapScene()
        scene.build(graph)
        png_ms = _time(lambda: render_scene(scene, 1.0), 3)
        img = render_scene(scene, 1.0)
        dummies = sum(max(0, abs(graph.nodes[e.target].layer - graph.nodes[e.source].layer) - 1) for e in graph.edges)
        row = {"scenario": sc.id, "nodes": len(graph.nodes), "edges": len(graph.edges), "dummies": dummies,
               "layout_ms": layout_ms, "wrapped_ms": wrapped_ms, "marks_ms": marks_ms, "svg_ms": svg_ms,
               "png_ms": png_ms, "one_band_aspect": graph.width / graph.height, "svg_aspect": svg_aspect,
               "png_aspect": img.width() / img.height()}
        rows.append(row)
        print(f"{sc.id}: {row['nodes']} nodes+endings, {row['edges']} edges, {dummies} dummy slots")
        print(f"  layout, one band (studio)       {layout_ms:8.1f} ms   aspect {row['one_band_aspect']:.1f}:1")
        print(f"  layout, wrapped (exports)       {wrapped_ms:8.1f} ms")
        print(f"  layout + search + regret marks  {marks_ms:8.1f} ms")
        print(f"  SVG export (wraps a copy)       {svg_ms:8.1f} ms   aspect {svg_aspect:.2f}:1")
        print(f"  studio PNG export ({img.width()}x{img.height()}) {png_ms:8.1f} ms   aspect {row['png_aspect']:.2f}:1")
        scene.clear()
    app.processEvents()
    return rows


def main(nodes: int = 1000) -> dict:
    bundled()
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView

    from simulator import graph as g
    from simulator.loader import load_text
    from simulator.search import analyse
    from simulator.ui.studio.map_view import MapScene, MapView
    from tests.support.generate import generated_scenario

    app = QApplication.instance() or QApplication(sys.argv[:1])
    sc, diags = load_text(generated_scenario(nodes, seed=1))
    assert sc is not None, diags

    layout_ms = _time(lambda: g.scenario_graph(sc, with_search=False), 3)
    t = time.perf_counter()
    analyse(sc)
    search_ms = (time.perf_counter() - t) * 1000
    with_marks_ms = _time(lambda: g.scenario_graph(sc), 3)  # search cached now
    marks_ms = with_marks_ms
    graph = g.scenario_graph(sc)

    scene = MapScene()
    t = time.perf_counter()
    scene.build(graph)
    build_ms = (time.perf_counter() - t) * 1000
    view = MapView(scene)
    view.resize(W, H)
    view.show()
    app.processEvents()

    img = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)

    def render(v) -> None:
        img.fill(QColor("white"))
        p = QPainter(img)
        v.render(p)
        p.end()

    view.fit()
    app.processEvents()
    render(view)  # warm the item caches once
    full_ms = _time(lambda: render(view))
    view.set_zoom(1.0)
    view.centerOn(graph.nodes[graph.start].x + W / 2, graph.nodes[graph.start].y)
    app.processEvents()
    render(view)
    readable_ms = _time(lambda: render(view))

    def zoom_steps() -> None:  # a Ctrl+wheel gesture: 6 steps in, 6 out, each a full render
        for f in [1.15] * 6 + [1 / 1.15] * 6:
            view.zoom_by(f)
            render(view)

    view.fit()
    zoom_ms = _time(zoom_steps, 3) / 12

    empty = QGraphicsView(QGraphicsScene())
    empty.resize(W, H)
    empty.show()
    app.processEvents()
    render(empty)
    base_ms = _time(lambda: render(empty))

    res = {
        "nodes": len(graph.nodes),
        "edges": len(graph.edges),
        "layers": len(graph.layers),
        "states": len(analyse(sc).keys),
        "layout_ms": layout_ms,
        "search_ms": search_ms,
        "marks_ms": marks_ms,
        "scene_build_ms": build_ms,
        "render_fit_ms": full_ms,
        "render_100pct_ms": readable_ms,
        "zoom_step_ms": zoom_ms,
        "empty_view_ms": base_ms,
    }
    print(f"map of a generated scenario: {res['nodes']} nodes+endings, {res['edges']} edges, {res['layers']} layers, {res['states']:,} search states")
    print(f"  layout (pure, no search)       {layout_ms:8.1f} ms")
    print(f"  search for traps/best path     {search_ms:8.1f} ms   (background thread in the studio; cached per content)")
    print(f"  layout + marks (search cached) {marks_ms:8.1f} ms")
    print(f"  scene build ({len(scene.items())} items)      {build_ms:8.1f} ms")
    print(f"  render whole map, {W}x{H}      {full_ms:8.1f} ms   ({full_ms / base_ms:.1f}x empty view)")
    print(f"  render at 100% zoom            {readable_ms:8.1f} ms   ({readable_ms / base_ms:.1f}x empty view)")
    print(f"  one zoom step (re-cache+render){zoom_ms:8.1f} ms")
    print(f"  empty QGraphicsView baseline   {base_ms:8.1f} ms")
    # tear down explicitly: leaving it to interpreter shutdown can crash PySide's finaliser
    from shiboken6 import delete

    for v in (view, empty):
        v.hide()
        v.setScene(None)
        delete(v)
    scene.clear()
    delete(scene)
    app.processEvents()
    return res


if __name__ == "__main__":
    main()
