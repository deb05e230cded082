"""Benchmark: the Scenario map of a generated 1,000-node scenario, offscreen.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.bench.bench_map
Prints: the layout time (pure), the search marks (traps, best path), the scene
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


def main(nodes: int = 1000) -> dict:
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
