"""Charts painted with QPainter in the theme's colours (no QtCharts): the debrief's score bars, the
progress screen's per-skill trend panels and its sparklines. Imported lazily by those screens."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QWidget

from simulator.ui.theme import colours, is_dark


class ScoreBars(QWidget):
    """The score card as one painted chart-table: per component its name, a bar in the component's
    colour, the rounded score (the same text as everywhere on the debrief) and its weight; a dashed,
    labelled line at the pass mark. No QtCharts: it lays out like a table and reads like one."""

    ROW = 30
    HEAD = 22

    def __init__(self, rows: list[tuple[str, str, float | None, float]], pass_score: float | None, parent=None):
        """``rows``: (component id, display name, score or None, weight)."""
        super().__init__(parent)
        from simulator.ui.viewmodels.debrief_words import score_text

        self.rows = [(comp, name, value, weight, score_text(value)) for comp, name, value, weight in rows]
        self.pass_score = pass_score
        self.setMinimumHeight(self.HEAD + self.ROW * len(self.rows) + 8)
        self.setMinimumWidth(320)
        parts = [f"{name} {text}" + ("" if w else " (not weighted)") for _c, name, _v, w, text in self.rows]
        mark = f"; pass mark {pass_score:.0f}" if pass_score is not None else ""
        self.setAccessibleName("Score chart: " + ", ".join(parts) + mark)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def texts(self) -> list[str]:
        """The score shown on each row, top to bottom (what a rep reads)."""
        return [t for *_x, t in self.rows]

    def sizeHint(self):  # noqa: N802
        from PySide6.QtCore import QSize

        return QSize(560, self.minimumHeight())

    def paintEvent(self, event):  # noqa: N802
        from PySide6.QtCore import QRectF
        from PySide6.QtGui import QFontMetrics, QPen

        from simulator.ui.theme import competency_colour

        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        c = colours(pal)
        dark = is_dark(pal)
        fm = QFontMetrics(self.font())
        name_w = min(max((fm.horizontalAdvance(n) for _c, n, *_r in self.rows), default=60) + 16, self.width() // 3)
        score_w = fm.horizontalAdvance("100") + 16
        weight_w = fm.horizontalAdvance("not weighted") + 12
        x0 = name_w
        x1 = max(x0 + 60, self.width() - score_w - weight_w)
        span = x1 - x0
        muted = QColor(c["muted"])
        text = pal.color(QPalette.ColorRole.Text)
        p.setPen(muted)
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.88))
        p.setFont(small)
        p.drawText(QRectF(x1, 0, score_w, self.HEAD), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, "Score")
        p.drawText(QRectF(x1 + score_w, 0, weight_w, self.HEAD), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, "Weight")
        for i, (comp, name, value, weight, shown) in enumerate(self.rows):
            y = self.HEAD + i * self.ROW
            p.setFont(self.font())
            p.setPen(text)
            p.drawText(QRectF(0, y, name_w - 8, self.ROW), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(name, Qt.TextElideMode.ElideRight, name_w - 8))
            track = QRectF(x0, y + 7, span, self.ROW - 14)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(c["meter_track"]))
            p.drawRoundedRect(track, 4, 4)
            if value is not None:
                w = span * max(0.0, min(100.0, float(int(shown)))) / 100.0
                p.setBrush(QColor(competency_colour(comp, dark)))
                p.drawRoundedRect(QRectF(x0, y + 7, max(w, 3.0), self.ROW - 14), 4, 4)
            bold = QFont(self.font())
            bold.setBold(True)
            p.setFont(bold)
            p.setPen(text if value is not None else muted)
            p.drawText(QRectF(x1, y, score_w, self.ROW), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, shown)
            p.setFont(small)
            p.setPen(muted)
            p.drawText(QRectF(x1 + score_w, y, weight_w, self.ROW), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       f"×{weight:g}" if weight else "not weighted")
        if self.pass_score is not None and self.rows:
            x = x0 + span * max(0.0, min(100.0, float(self.pass_score))) / 100.0
            pen = QPen(QColor(c["text"]))
            pen.setWidthF(1.5)
            pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            bottom = self.HEAD + self.ROW * len(self.rows)
            p.drawLine(QPointF(x, self.HEAD - 2), QPointF(x, bottom))
            p.setFont(small)
            p.setPen(QColor(c["text"]))
            label = f"Pass mark {self.pass_score:.0f}"
            lw = QFontMetrics(small).horizontalAdvance(label) + 6
            lx = min(max(x - lw / 2, x0), x1 - lw)
            p.drawText(QRectF(lx, 0, lw, self.HEAD - 4), Qt.AlignmentFlag.AlignCenter, label)
        p.end()


class TrendPanel(QWidget):
    """One competency across the rep's attempts, in the order they were made (x: attempt number).

    Dots are attempts; a line joins only attempts at the same scenario, so different scenarios never
    make one zig-zag. The panel's words say where it started and where it stands now."""

    def __init__(self, comp: str, name: str, points: list[tuple[int, str, float]], total_attempts: int, parent=None):
        """``points``: (attempt number 1.., scenario id, score)."""
        super().__init__(parent)
        self.comp, self.name, self.points, self.n = comp, name, points, max(1, total_attempts)
        self.setMinimumSize(180, 120)
        first, last = points[0][2], points[-1][2]
        self.caption = f"{name}: first {first:.0f}, latest {last:.0f}"
        self.setAccessibleName(f"{name} over {len(points)} attempts: first {first:.0f}, latest {last:.0f}")
        self.setToolTip(self.caption)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def sizeHint(self):  # noqa: N802
        from PySide6.QtCore import QSize

        return QSize(300, 130)

    def paintEvent(self, event):  # noqa: N802
        from PySide6.QtCore import QRectF
        from PySide6.QtGui import QFontMetrics, QPen

        from simulator.ui.theme import competency_colour

        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        c = colours(pal)
        colour = QColor(competency_colour(self.comp, is_dark(pal)))
        bold = QFont(self.font())
        bold.setBold(True)
        fm = QFontMetrics(bold)
        p.setFont(bold)
        p.setPen(pal.color(QPalette.ColorRole.Text))
        p.drawText(QRectF(0, 0, self.width(), fm.height()), Qt.AlignmentFlag.AlignLeft, self.name)
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.88))
        p.setFont(small)
        p.setPen(QColor(c["muted"]))
        latest = f"latest {self.points[-1][2]:.0f}"
        p.drawText(QRectF(0, 0, self.width(), fm.height()), Qt.AlignmentFlag.AlignRight, latest)
        sfm = QFontMetrics(small)
        plot = QRectF(sfm.horizontalAdvance("100") + 6, fm.height() + 6, 0, 0)
        plot.setRight(self.width() - 6)
        plot.setBottom(self.height() - sfm.height() - 4)
        grid = QPen(QColor(c["border"]))
        grid.setWidthF(1.0)
        for v in (0, 50, 100):
            y = plot.bottom() - plot.height() * v / 100
            p.setPen(grid)
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(QColor(c["muted"]))
            p.drawText(QRectF(0, y - sfm.height() / 2, plot.left() - 4, sfm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(v))
        p.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), sfm.height()), Qt.AlignmentFlag.AlignLeft, "attempt 1")
        p.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), sfm.height()), Qt.AlignmentFlag.AlignRight,
                   f"attempt {self.n}")

        def at(k: int, v: float) -> QPointF:
            x = plot.left() + (plot.width() * (k - 1) / (self.n - 1) if self.n > 1 else plot.width() / 2)
            return QPointF(x, plot.bottom() - plot.height() * max(0.0, min(100.0, v)) / 100)

        line = QPen(colour)
        line.setWidthF(2.0)
        by_scenario: dict[str, list[QPointF]] = {}
        for k, sid, v in self.points:
            by_scenario.setdefault(sid, []).append(at(k, v))
        p.setPen(line)
        for pts in by_scenario.values():
            for a, b in zip(pts, pts[1:]):
                p.drawLine(a, b)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        for pts in by_scenario.values():
            for pt in pts:
                p.drawEllipse(pt, 3.5, 3.5)
        p.end()


def paint_sparkline(p: QPainter, rect, values: list[float], colour: QColor, muted: QColor) -> None:
    """Totals of one scenario's attempts, oldest first, in ``rect`` (0..100); the last one marked."""
    if not values:
        return
    from PySide6.QtGui import QPen

    r = rect.adjusted(4, 5, -6, -5)
    n = len(values)

    def at(i: int, v: float) -> QPointF:
        x = r.left() + (r.width() * i / (n - 1) if n > 1 else r.width() / 2)
        return QPointF(x, r.bottom() - r.height() * max(0.0, min(100.0, v)) / 100)

    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    base = QPen(muted)
    base.setStyle(Qt.PenStyle.DotLine)
    p.setPen(base)
    p.drawLine(QPointF(r.left(), r.bottom()), QPointF(r.right(), r.bottom()))
    pen = QPen(colour)
    pen.setWidthF(1.6)
    p.setPen(pen)
    pts = [at(i, v) for i, v in enumerate(values)]
    for a, b in zip(pts, pts[1:]):
        p.drawLine(a, b)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    p.drawEllipse(pts[-1], 2.8, 2.8)
    p.restore()
