"""The Scenario map: a ``ScenarioGraph`` drawn with cached QGraphicsItems.

Built once per reload; nothing is allocated per frame: pens, brushes, fonts
and the elided texts are made when an item is created, node items use
``DeviceCoordinateCache``, and at low zoom nodes draw as plain boxes.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush, QColor, QFont, QFontMetricsF, QImage, QKeySequence, QPainter, QPainterPath, QPen, QPolygonF, QShortcut,
)
from PySide6.QtWidgets import (
    QGraphicsItem, QGraphicsPathItem, QGraphicsScene, QGraphicsView, QStyleOptionGraphicsItem, QWidget,
)

from simulator import graph as g
from simulator.graph_layout import arrow_direction

REGRET_COLOURS = {name: colour for _, name, colour, _ in g.REGRET_BINS}

MIN_SCALE, MAX_SCALE = 0.04, 4.0
DETAIL_LOD = 0.55  # below this zoom a node shows only its id, in a big font
OVERVIEW_LOD = 0.18  # below this, plain boxes


def elide_words(text: str, fm: QFontMetricsF, width: float) -> str:
    """``text`` if it fits, else as many whole words as fit followed by "…" (never cut inside a word);
    "" when not even the first word fits."""
    if fm.horizontalAdvance(text) <= width:
        return text
    words = text.replace("-", "- ").replace("_", "_ ").split(" ")
    out = ""
    for w in words:
        trial = out + w + ("" if w.endswith(("-", "_")) else " ")
        if fm.horizontalAdvance(trial.rstrip() + "…") > width:
            break
        out = trial
    out = out.rstrip()
    return out + "…" if out else ""


class Overlay:
    """What the map highlights; shared by every item (no per-item copies)."""

    def __init__(self):
        self.best = True
        self.attempt = True


def _pen(colour: str, width: float, style=Qt.PenStyle.SolidLine) -> QPen:
    p = QPen(QColor(colour), width, style)
    p.setCosmetic(False)
    p.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return p


class NodeItem(QGraphicsItem):
    TITLE_FONT: QFont | None = None
    TEXT_FONT: QFont | None = None
    BIG_FONT: QFont | None = None
    SPLIT_FONT: QFont | None = None

    def __init__(self, node: g.GraphNode, overlay: Overlay):
        super().__init__()
        self.node = node
        self.overlay = overlay
        self.setPos(node.x, node.y)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setAcceptHoverEvents(False)
        self.setToolTip(f"{node.id}: {node.label}")
        self._rect = QRectF(0, 0, node.w, node.h)
        self._bounds = self._rect.adjusted(-4, -4, 4, 4)
        self._radius = 14.0 if node.is_ending else 6.0
        if NodeItem.TITLE_FONT is None:
            NodeItem.TITLE_FONT = QFont()
            NodeItem.TITLE_FONT.setPointSizeF(9.5)
            NodeItem.TITLE_FONT.setBold(True)
            NodeItem.TEXT_FONT = QFont()
            NodeItem.TEXT_FONT.setPointSizeF(8.5)
            NodeItem.BIG_FONT = QFont()
            NodeItem.BIG_FONT.setPointSizeF(22)
            NodeItem.BIG_FONT.setBold(True)
        self.restyle()
        tm = QFontMetricsF(NodeItem.TITLE_FONT)
        xm = QFontMetricsF(NodeItem.TEXT_FONT)
        width = node.w - 16
        tag = g.node_tag(node)
        self._title = elide_words(node.id + tag, tm, width)
        self._big, self._big_font = self._overview_label(node.id, width, node.h - 8)
        self._big_rect = self._rect.adjusted(6, 0, -6, 0)
        # the label on up to two lines
        words = node.label.split()
        line1 = ""
        while words and xm.horizontalAdvance((line1 + " " + words[0]).strip()) <= width:
            line1 = (line1 + " " + words.pop(0)).strip()
        line2 = elide_words(" ".join(words), xm, width) if words else ""
        if not line1 and words:
            line1, line2 = elide_words(node.label, xm, width), ""
        self._lines = (line1, line2)
        self._title_pos = QPointF(8, 17)
        self._line_pos = (QPointF(8, 34), QPointF(8, 49))
        self.depends: dict | None = None  # situation title -> best options, when the best move depends on it

    @staticmethod
    def _overview_label(text: str, width: float, height: float) -> tuple[str, QFont]:
        """The id as the zoomed-out map shows it: whole on one line in the big font, else split at a
        hyphen or underscore onto two lines in a smaller font, else nothing (never cut inside a word)."""
        big = QFontMetricsF(NodeItem.BIG_FONT)
        if big.horizontalAdvance(text) <= width:
            return text, NodeItem.BIG_FONT
        if NodeItem.SPLIT_FONT is None:
            NodeItem.SPLIT_FONT = QFont(NodeItem.BIG_FONT)
            NodeItem.SPLIT_FONT.setPointSizeF(18)
        fm = QFontMetricsF(NodeItem.SPLIT_FONT)
        cuts = [i + 1 for i, ch in enumerate(text) if ch in "-_" and 0 < i < len(text) - 1]
        for cut in sorted(cuts, key=lambda i: abs(i - len(text) / 2)):
            a, b = text[:cut], text[cut:]
            if max(fm.horizontalAdvance(a), fm.horizontalAdvance(b)) <= width and 2 * fm.height() <= height + 6:
                return f"{a}\n{b}", NodeItem.SPLIT_FONT
        return "", NodeItem.BIG_FONT

    def mark_situation(self, depends: dict | None) -> None:
        """Mark a decision whose best move depends on the hidden situation (a badge and the tooltip)."""
        self.depends = depends or None
        tip = f"{self.node.id}: {self.node.label}"
        if self.depends:
            tip += "\nThe best move here depends on the situation:\n" + "\n".join(
                f"  {t}: {', '.join(b)}" for t, b in self.depends.items())
        self.setToolTip(tip)
        self.update()

    def restyle(self) -> None:
        """Recompute pens for the current marks and overlay (on reload or an overlay change, not per frame)."""
        n = self.node
        fill, border = g.node_colours(n)
        self._brush = QBrush(QColor(fill))
        width, colour, style = 1.3, border, Qt.PenStyle.SolidLine
        if self.overlay.attempt and n.on_attempt:
            width, colour = 3.2, g.ATTEMPT_COLOUR
        elif self.overlay.best and n.on_best:
            width, colour = 3.2, g.BEST_COLOUR
        if n.trap:
            width, colour = 3.4, g.TRAP_COLOUR
        if not n.reachable:
            style = Qt.PenStyle.DashLine
        self._pen = _pen(colour, width, style)
        self._sel_pen = _pen("#1a73e8", 4.0)
        self._text_pen = QPen(QColor("#1f2329"))
        self._muted_pen = QPen(QColor("#3c4148"))
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setBrush(self._brush)
        painter.setPen(self._sel_pen if self.isSelected() else self._pen)
        painter.drawRoundedRect(self._rect, self._radius, self._radius)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < DETAIL_LOD:
            if lod >= OVERVIEW_LOD:
                painter.setFont(self._big_font)
                painter.setPen(self._text_pen)
                painter.drawText(self._big_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self._big)
            return
        if self.depends:
            badge = QRectF(self._rect.right() - 20, self._rect.top() - 8, 16, 16)
            painter.setBrush(QColor("#7b52ab"))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(badge)
            painter.setPen(QPen(QColor("#ffffff")))
            painter.setFont(NodeItem.TEXT_FONT)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "S")
        painter.setFont(NodeItem.TITLE_FONT)
        painter.setPen(self._text_pen)
        painter.drawText(self._title_pos, self._title)
        painter.setFont(NodeItem.TEXT_FONT)
        painter.setPen(self._muted_pen)
        painter.drawText(self._line_pos[0], self._lines[0])
        if self._lines[1]:
            painter.drawText(self._line_pos[1], self._lines[1])


class EdgeItem(QGraphicsPathItem):
    """An edge along its layout route (never behind a box), with its arrowhead, coloured by regret; its
    choice id is drawn beside the box it leaves (at readable zoom levels)."""

    LABEL_FONT: QFont | None = None

    def __init__(self, graph: g.ScenarioGraph, edge: g.GraphEdge, overlay: Overlay):
        super().__init__()
        self.edge = edge
        self.overlay = overlay
        route = edge.route
        path = QPainterPath(QPointF(*route[0][1])) if route else QPainterPath()
        for seg in route:
            if seg[0] == "L":
                path.lineTo(QPointF(*seg[2]))
            else:
                path.cubicTo(QPointF(*seg[2]), QPointF(*seg[3]), QPointF(*seg[4]))
        if route:  # arrowhead as part of the same path: no extra item
            (x2, y2), (ux, uy) = arrow_direction(route)
            tip = QPointF(x2, y2)
            back = QPointF(x2 - ux * 9, y2 - uy * 9)
            left = QPointF(back.x() - uy * 4.5, back.y() + ux * 4.5)
            right = QPointF(back.x() + uy * 4.5, back.y() - ux * 4.5)
            path.addPolygon(QPolygonF([tip, left, right, tip]))
        self.setPath(path)
        self.setBrush(Qt.BrushStyle.NoBrush)
        tip_text = f"{edge.source} → {edge.target}" + (f"  [{edge.label}]" if edge.label else "")
        if edge.regret_range is not None:
            lo, hi = edge.regret_range
            tip_text += f"\nregret {lo:.1f}" + (f"–{hi:.1f}" if hi - lo >= 0.05 else "") + f" (mean {edge.regret:.1f})"
        self.setToolTip(tip_text)
        self._label = ""
        if edge.label and edge.kind == "choice" and route:
            if EdgeItem.LABEL_FONT is None:
                EdgeItem.LABEL_FONT = QFont()
                EdgeItem.LABEL_FONT.setPointSizeF(7.5)
            fm = QFontMetricsF(EdgeItem.LABEL_FONT)
            self._label = elide_words(edge.label, fm, g.LAYER_GAP - 14) or edge.label[:1] + "…"
            (x0, y0), (x1, _) = route[0][1], route[0][2]
            width = fm.horizontalAdvance(self._label)
            self._label_pos = QPointF(x0 - 6 - width if x1 < x0 else x0 + 6, y0 - 4)
            self._label_rect = QRectF(self._label_pos.x() - 2, y0 - 4 - fm.ascent(), width + 4, fm.height())
        self.restyle()

    def boundingRect(self) -> QRectF:
        r = super().boundingRect()
        return r.united(self._label_rect) if self._label else r

    def paint(self, painter: QPainter, option, widget=None) -> None:
        super().paint(painter, option, widget)
        if self._label and option.levelOfDetailFromTransform(painter.worldTransform()) >= DETAIL_LOD:
            painter.setFont(EdgeItem.LABEL_FONT)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 210))
            painter.drawRect(self._label_rect)
            painter.setPen(self._label_pen)
            painter.drawText(self._label_pos, self._label)

    def restyle(self) -> None:
        e = self.edge
        style = Qt.PenStyle.DashLine if e.kind == "route" else Qt.PenStyle.SolidLine
        bin_ = e.regret_bin
        if self.overlay.attempt and e.on_attempt:
            colour, width, z = g.ATTEMPT_COLOUR, 3.2, -1
        elif self.overlay.best and e.on_best:
            colour, width, z = g.BEST_COLOUR, 3.2, -2  # the best path on top of every other edge
        elif bin_ is not None:
            colour, width, z = REGRET_COLOURS[bin_], 1.6, -3 + 0.1 * ("best", "small", "costly", "severe").index(bin_)
        else:
            colour, width, z = g.EDGE_COLOUR, 1.2, -4
        self.setPen(_pen(colour, width, style))
        self.setZValue(z)
        self._label_pen = QPen(QColor(colour if colour != g.EDGE_COLOUR else "#4a525c"))
        self.update()


class LegendItem(QGraphicsItem):
    """The key to the colours, drawn above the graph (so exports carry it too)."""

    def __init__(self, title: str):
        super().__init__()
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._font = QFont()
        self._font.setPointSizeF(9)
        self._title_font = QFont()
        self._title_font.setPointSizeF(12)
        self._title_font.setBold(True)
        self._title = title
        fm = QFontMetricsF(self._font)
        x = 0.0
        self._entries = []
        for key, text in g.LEGEND:
            self._entries.append((x, key, text))
            x += 22 + fm.horizontalAdvance(text) + 14
        self._rect = QRectF(-4, -4, max(x, 200), 52)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setFont(self._title_font)
        painter.setPen(QColor("#1f2329"))
        painter.drawText(QPointF(0, 14), self._title)
        painter.setFont(self._font)
        y = 28.0
        for x, key, text in self._entries:
            box = QRectF(x, y, 16, 11)
            if key in g.OUTCOME_COLOURS or key in g.KIND_COLOURS:
                fill, border = g.OUTCOME_COLOURS.get(key) or g.KIND_COLOURS[key]
                painter.setBrush(QColor(fill))
                painter.setPen(_pen(border, 1.3))
                painter.drawRoundedRect(box, 2, 2)
            elif key == "unreachable":
                painter.setBrush(QColor(g.UNREACHABLE_COLOURS[0]))
                painter.setPen(_pen(g.UNREACHABLE_COLOURS[1], 1.3, Qt.PenStyle.DashLine))
                painter.drawRoundedRect(box, 2, 2)
            elif key == "trap":
                painter.setBrush(QColor("#ffffff"))
                painter.setPen(_pen(g.TRAP_COLOUR, 2.5))
                painter.drawRoundedRect(box, 2, 2)
            else:
                colour = {"best": g.BEST_COLOUR, "attempt": g.ATTEMPT_COLOUR}.get(key) or REGRET_COLOURS[key.removeprefix("regret-")]
                painter.setPen(_pen(colour, 3.2 if key in ("best", "attempt") else 2.0))
                painter.drawLine(QPointF(x, y + 5.5), QPointF(x + 16, y + 5.5))
            painter.setPen(QColor("#1f2329"))
            painter.drawText(QPointF(x + 22, y + 10), text)


class MapScene(QGraphicsScene):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.overlay = Overlay()
        self.graph: g.ScenarioGraph | None = None
        self.node_items: dict[str, NodeItem] = {}
        self.edge_items: list[EdgeItem] = []
        self.setBackgroundBrush(QColor("#fbfbfc"))
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)

    def build(self, graph: g.ScenarioGraph, empty: str = "Pick a scenario file on the left to see its map.") -> None:
        """``empty``: what the map says when there is nothing to draw (e.g. the file failed to load)."""
        self.clear()
        self.graph = graph
        self.node_items = {}
        self.edge_items = []
        self.empty_text = "" if graph.nodes else empty
        legend = LegendItem(f"{graph.title} — {len(graph.nodes)} nodes and endings" if graph.nodes else empty)
        legend.setPos(0, -80)
        self.addItem(legend)
        for e in graph.edges:
            item = EdgeItem(graph, e, self.overlay)
            self.addItem(item)
            self.edge_items.append(item)
        for n in graph.nodes.values():
            item = NodeItem(n, self.overlay)
            self.addItem(item)
            self.node_items[n.id] = item
        r = self.itemsBoundingRect().adjusted(-40, -30, 40, 60)
        self.setSceneRect(r)

    def mark_situations(self, dependent: dict) -> None:
        """``dependent``: node id -> {situation title: best options} (``studio.situations``)."""
        for nid, item in self.node_items.items():
            item.mark_situation(dependent.get(nid))

    def set_attempt(self, path: list[str] | None) -> None:
        if self.graph is None:
            return
        before = {n.id for n in self.graph.nodes.values() if n.on_attempt}
        self.graph.mark_attempt(path)
        after = {n.id for n in self.graph.nodes.values() if n.on_attempt}
        for nid in before | after:
            self.node_items[nid].restyle()
        for e in self.edge_items:
            e.restyle()

    def set_overlay(self, best: bool, attempt: bool) -> None:
        self.overlay.best, self.overlay.attempt = best, attempt
        for item in self.node_items.values():
            if item.node.on_best or item.node.on_attempt:
                item.restyle()
        for e in self.edge_items:
            e.restyle()

    def selected_node(self) -> str | None:
        for item in self.selectedItems():
            if isinstance(item, NodeItem):
                return item.node.id
        return None

    def select_node(self, node_id: str | None) -> None:
        self.clearSelection()
        item = self.node_items.get(node_id or "")
        if item is not None:
            item.setSelected(True)


class MapView(QGraphicsView):
    """Zoom with Ctrl+wheel or +/-, 0 fits the map; drag the background to pan; click a node to inspect it."""

    zoom_changed = Signal(float)
    node_clicked = Signal(str)

    def __init__(self, scene: MapScene, parent: QWidget | None = None):
        super().__init__(scene, parent)
        self.setObjectName("scenarioMap")
        self.setAccessibleName("Scenario map")
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for keys, slot in (((QKeySequence.StandardKey.ZoomIn, "+", "="), lambda: self.zoom_by(1.25)),
                           ((QKeySequence.StandardKey.ZoomOut, "-"), lambda: self.zoom_by(0.8)),
                           (("0",), self.fit)):
            for k in keys:
                sc = QShortcut(QKeySequence(k), self)
                sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                sc.activated.connect(slot)

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, z: float) -> None:
        z = min(MAX_SCALE, max(MIN_SCALE, z))
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.resetTransform()
        self.scale(z, z)
        self.setTransformationAnchor(anchor)
        self.zoom_changed.emit(z)

    def zoom_by(self, factor: float) -> None:
        z = min(MAX_SCALE, max(MIN_SCALE, self.zoom * factor))
        f = z / self.zoom
        if abs(f - 1) > 1e-9:
            self.scale(f, f)
            self.zoom_changed.emit(self.zoom)

    def fit(self) -> None:
        r = self.scene().sceneRect()
        if r.isEmpty():
            return
        self.fitInView(r, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom > 1.0:
            self.set_zoom(1.0)
            self.centerOn(r.center())
        self.zoom_changed.emit(self.zoom)

    def centre(self) -> QPointF:
        return self.mapToScene(self.viewport().rect().center())

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            if steps:
                self.zoom_by(1.15 ** steps)
            event.accept()
            return
        super().wheelEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        item = self.itemAt(event.position().toPoint())
        while item is not None and not isinstance(item, NodeItem):
            item = item.parentItem()
        if isinstance(item, NodeItem):
            self.node_clicked.emit(item.node.id)

    def show_node(self, node_id: str) -> None:
        scene: MapScene = self.scene()
        item = scene.node_items.get(node_id)
        if item is not None:
            scene.select_node(node_id)
            self.ensureVisible(item, 60, 60)


def render_scene(scene: QGraphicsScene, scale: float = 1.0) -> QImage:
    """The whole map as an image (PNG export): a map scene is drawn again wrapped into bands, so the
    picture is no wider than ``graph.EXPORT_ASPECT`` : 1 (the studio itself scrolls one long band)."""
    graph = getattr(scene, "graph", None)
    if isinstance(scene, MapScene) and graph is not None and graph.nodes and len(graph.bands) <= 1:
        import copy

        wrapped = copy.deepcopy(graph)
        g.layout(wrapped, max_aspect=g.EXPORT_ASPECT)
        if len(wrapped.bands) > 1:
            temp = MapScene()
            temp.overlay.best, temp.overlay.attempt = scene.overlay.best, scene.overlay.attempt
            temp.build(wrapped)
            for nid, item in scene.node_items.items():
                if item.depends and nid in temp.node_items:
                    temp.node_items[nid].mark_situation(item.depends)
            try:
                return render_scene(temp, scale)
            finally:
                temp.clear()
    r = scene.sceneRect()
    w, h = max(1, int(r.width() * scale)), max(1, int(r.height() * scale))
    # keep within a sane pixel budget
    limit = 16000
    if max(w, h) > limit:
        k = limit / max(w, h)
        w, h = max(1, int(w * k)), max(1, int(h * k))
    img = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(QColor("#ffffff"))
    p = QPainter(img)
    p.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    scene.render(p, QRectF(0, 0, w, h), r)
    p.end()
    return img
