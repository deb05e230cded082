"""The conversation transcript: speech bubbles (painted, height for width) in a scroll area with a slim bar,
and the colours the conversation widgets share."""

from __future__ import annotations

from itertools import count
from math import ceil

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QPixmapCache,
    QPolygonF,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QScrollArea, QScrollBar, QSizePolicy, QStyle, QStyleOptionSlider, QVBoxLayout, QWidget

from simulator.ui.theme import colours, mix
from simulator.ui.widgets.avatar import avatar_pixmap
from simulator.ui.widgets.text import emphasis, emphasis_ranges, flow, scaled_font

MOOD_WORDS = {
    "neutral": "neutral",
    "interested": "interested",
    "skeptical": "sceptical",
    "impatient": "impatient",
    "pleased": "pleased",
    "annoyed": "annoyed",
}


_serials = count(1)


# --- bubbles ----------------------------------------------------------------------


class Bubble(QWidget):
    """One line of the conversation, painted by itself (no child widgets, no style-sheet rules).

    ``side`` is buyer | rep | thought | narration. The text is laid out once per width with
    QTextLayout (plain text, never HTML) and drawn with palette-derived colours, so it is cheap to
    add, lay out and paint, and crisp at any device pixel ratio.
    """

    AVATAR = 36
    GAP = 8  # avatar to box, and the free side's minimum margin
    PAD = (12, 8, 12, 10)  # left, top, right, bottom inside the box
    MAX_BOX = 720
    NARRATION_INDENT = 40
    SCENE_RULE = 14  # narration marks a change of scene: a rule above it

    def __init__(self, side: str, text: str, speaker: str = "", mood: str | None = None, avatar=None, parent=None):
        super().__init__(parent)
        self.side = side
        self.text = text
        self.speaker = speaker
        self.mood = mood
        self._avatar = avatar  # (path, name) for a buyer, or None
        shown, self._spans = emphasis(flow(text))  # *emphasis* drawn, never HTML
        self._shown = shown.replace("\n", "\u2028")  # paragraphs kept as forced line breaks
        if side == "narration":
            self.head = ""
            self.setAccessibleName(f"Scene: {text}")
        else:
            who = {"buyer": speaker, "rep": "You", "thought": "Your private thought"}[side]
            self.head = who + (f"  ·  {MOOD_WORDS.get(mood, mood)}" if mood and side == "buyer" else "")
            self.setAccessibleName(f"{who} said: {text}")
        self.setAccessibleDescription(text)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._cache: dict[int, tuple] = {}  # width -> (height, box rect, head layout, body layout)
        self._serial = next(_serials)  # names this bubble's cached pixmap

    # -- geometry ------------------------------------------------------------------------------

    def _fonts(self) -> tuple[QFont, QFont]:
        body = QFont(self.font())
        if self.side == "narration":
            body.setItalic(True)
        return scaled_font(self, 0.9, bold=True), body

    @staticmethod
    def _layout(text: str, font: QFont, width: float, wrap: bool = True, spans=()) -> tuple[QTextLayout, float]:
        lay = QTextLayout(text, font)
        if spans:
            lay.setFormats(emphasis_ranges(spans))
        opt = QTextOption()
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere if wrap else QTextOption.WrapMode.NoWrap)
        lay.setTextOption(opt)
        lay.setCacheEnabled(True)
        y = 0.0
        lay.beginLayout()
        while True:
            line = lay.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(1.0, width))
            line.setPosition(QPointF(0, y))
            y += line.height()
        lay.endLayout()
        return lay, y

    def _geometry(self, width: int) -> tuple:
        got = self._cache.get(width)
        if got is not None:
            return got
        head_font, body_font = self._fonts()
        if self.side == "narration":
            inner = max(40, width - 2 * self.NARRATION_INDENT)
            body, h = self._layout(self._shown, body_font, inner, spans=self._spans)
            for i in range(body.lineCount()):  # centred, as the label was
                line = body.lineAt(i)
                line.setPosition(QPointF(self.NARRATION_INDENT + (inner - line.naturalTextWidth()) / 2, line.y()))
            for i in range(body.lineCount()):  # below the scene rule
                line = body.lineAt(i)
                line.setPosition(QPointF(line.x(), line.y() + self.SCENE_RULE))
            got = (ceil(h) + self.SCENE_RULE, QRectF(), None, body)
        else:
            pl, pt, pr, pb = self.PAD
            lead = self.AVATAR + self.GAP if self.side == "buyer" and self._avatar is not None else 0
            room = max(80, width - lead - self.GAP)
            box_w = min(self.MAX_BOX, max(80, round(room * 5 / 6)))
            text_w = box_w - pl - pr
            head, hh = self._layout(self.head, head_font, text_w, wrap=False)
            body, bh = self._layout(self._shown, body_font, text_w, spans=self._spans)
            box_h = ceil(pt + hh + 2 + bh + pb)
            x = lead if self.side == "buyer" else width - box_w
            box = QRectF(x, 0, box_w, box_h)
            for lay, dy in ((head, pt), (body, pt + hh + 2)):
                for i in range(lay.lineCount()):
                    line = lay.lineAt(i)
                    line.setPosition(QPointF(x + pl, line.y() + dy))
            height = max(box_h, self.AVATAR) if self.side == "buyer" and self._avatar else box_h
            got = (height, box, head, body)
        if len(self._cache) > 8:
            self._cache.clear()
        self._cache[width] = got
        return got

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._geometry(width)[0]

    def sizeHint(self) -> QSize:  # noqa: N802
        w = self.width() if self.width() > 100 else 600
        return QSize(w, self._geometry(w)[0])

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(160, 0)

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._cache.clear()
            self.updateGeometry()
        super().changeEvent(event)

    # -- painting ------------------------------------------------------------------------------

    def paintEvent(self, event) -> None:  # noqa: N802
        # The finished bubble is kept as a pixmap at the device pixel ratio (crisp on high DPI): most
        # paints of a transcript are of lines already shown, so they become one blit.
        w, h = self.width(), self.height()
        if w <= 0 or h <= 0:
            return
        dpr = self.devicePixelRatioF()
        pal = self.palette()
        key = f"bubble:{self._serial}:{w}x{h}@{dpr:g}:{pal.cacheKey()}:{self.font().key()}"
        pm = QPixmapCache.find(key)
        if pm is None:
            pm = QPixmap(max(1, ceil(w * dpr)), max(1, ceil(h * dpr)))
            pm.setDevicePixelRatio(dpr)
            pm.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pm)
            self._paint(painter, w, pal)
            painter.end()
            QPixmapCache.insert(key, pm)
        p = QPainter(self)
        p.drawPixmap(0, 0, pm)
        p.end()

    def _paint(self, p: QPainter, width: int, pal: QPalette) -> None:
        _height, box, head, body = self._geometry(width)
        c = bubble_colours(pal)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        if self.side == "narration":
            rule = QPen(c["border"], 1)
            p.setPen(rule)
            y = self.SCENE_RULE / 2
            p.drawLine(QPointF(self.NARRATION_INDENT / 2, y), QPointF(width - self.NARRATION_INDENT / 2, y))
            p.setPen(c["muted"])
            body.draw(p, QPointF(0, 0))
            return
        if self.side == "buyer" and self._avatar is not None:
            path, name = self._avatar
            p.drawPixmap(0, 0, avatar_pixmap(path, name, self.AVATAR, p.device().devicePixelRatioF()))
        if self.side == "thought":
            pen = QPen(c["thought_border"], 2, Qt.PenStyle.DashLine)
            fill, radius = c["thought"], 10
        elif self.side == "rep":
            pen, fill, radius = QPen(c["rep_border"], 1), c["rep"], 12
        else:
            pen, fill, radius = QPen(c["border"], 1), c["buyer"], 12
        half = pen.widthF() / 2
        p.setPen(pen)
        p.setBrush(fill)
        p.drawRoundedRect(box.adjusted(half, half, -half, -half), radius, radius)
        p.setPen(c["muted"])
        head.draw(p, QPointF(0, 0))
        p.setPen(c["text"])
        body.draw(p, QPointF(0, 0))


_colour_cache: dict[int, dict] = {}


def bubble_colours(pal: QPalette) -> dict[str, QColor]:
    key = pal.cacheKey()
    got = _colour_cache.get(key)
    if got is None:
        if len(_colour_cache) > 16:
            _colour_cache.clear()
        got = {k: QColor(v) for k, v in colours(pal).items()}
        base, text = pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Text)
        got["track"] = mix(pal.color(QPalette.ColorRole.Window), text, 0.06)
        got["handle"] = mix(base, text, 0.32)
        got["handle_active"] = mix(base, text, 0.5)
        _colour_cache[key] = got
    return got


class SlimScrollBar(QScrollBar):
    """A scroll bar that paints itself: a rounded handle and small arrows in palette colours.

    Geometry and mouse handling stay the style's; only the painting is ours. Fusion's own scroll bar
    costs about 3 ms per paint at transcript height, and it is repainted on every new line.
    """

    def paintEvent(self, event) -> None:  # noqa: N802
        opt = QStyleOptionSlider()
        self.initStyleOption(opt)
        style = self.style()
        cc = QStyle.ComplexControl.CC_ScrollBar
        c = bubble_colours(self.palette())
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        groove = QRectF(style.subControlRect(cc, opt, QStyle.SubControl.SC_ScrollBarGroove, self))
        vertical = self.orientation() == Qt.Orientation.Vertical
        inset = max(2.0, (groove.width() if vertical else groove.height()) / 2 - 4)
        rail = groove.adjusted(inset, 1, -inset, -1) if vertical else groove.adjusted(1, inset, -1, -inset)
        radius = (rail.width() if vertical else rail.height()) / 2
        p.setBrush(c["track"])
        p.drawRoundedRect(rail, radius, radius)
        if self.isEnabled() and self.maximum() > self.minimum():
            handle = QRectF(style.subControlRect(cc, opt, QStyle.SubControl.SC_ScrollBarSlider, self))
            handle = handle.adjusted(inset, 1, -inset, -1) if vertical else handle.adjusted(1, inset, -1, -inset)
            active = self.isSliderDown() or (opt.activeSubControls & QStyle.SubControl.SC_ScrollBarSlider)
            p.setBrush(c["handle_active"] if active else c["handle"])
            p.drawRoundedRect(handle, radius, radius)
        p.setBrush(c["muted"])
        for sub, up in ((QStyle.SubControl.SC_ScrollBarSubLine, True), (QStyle.SubControl.SC_ScrollBarAddLine, False)):
            r = QRectF(style.subControlRect(cc, opt, sub, self))
            if r.isEmpty():
                continue
            m, a = r.center(), min(r.width(), r.height()) * 0.22
            if vertical:
                d = -a if up else a
                pts = [QPointF(m.x() - a, m.y() - d / 2), QPointF(m.x() + a, m.y() - d / 2), QPointF(m.x(), m.y() + d / 2)]
            else:
                d = -a if up else a
                pts = [QPointF(m.x() - d / 2, m.y() - a), QPointF(m.x() - d / 2, m.y() + a), QPointF(m.x() + d / 2, m.y())]
            p.drawPolygon(QPolygonF(pts))
        p.end()


class Transcript(QScrollArea):
    """A scrolling list of bubbles; follows the newest line."""

    def __init__(self, people: dict | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("transcript")
        self.setAccessibleName("Conversation transcript")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setVerticalScrollBar(SlimScrollBar(Qt.Orientation.Vertical))
        self.people = people or {}
        body = QWidget()
        body.setObjectName("transcriptBody")
        body.setMinimumHeight(1)  # the scroll area then sizes by heightForWidth, not by wrapped labels' minimum
        self._layout = QVBoxLayout(body)
        self._layout.setContentsMargins(12, 12, 12, 12)
        self._layout.setSpacing(10)
        self._layout.addStretch(1)
        self.setWidget(body)
        self.bubbles: list[Bubble] = []
        self.verticalScrollBar().rangeChanged.connect(self._follow)

    def _follow(self, _lo: int, hi: int) -> None:
        self.verticalScrollBar().setValue(hi)

    def clear(self) -> None:
        body = self.widget()
        body.setUpdatesEnabled(False)
        for b in self.bubbles:  # out of the layout now, not when the deferred delete runs
            self._layout.removeWidget(b)
            b.hide()
            b.deleteLater()
        body.setUpdatesEnabled(True)
        self.bubbles.clear()

    def add_line(self, line) -> Bubble:
        """A ShownLine from the engine."""
        if not line.who:
            bubble = Bubble("narration", line.text)
        else:
            person = self.people.get(line.who)
            avatar = (getattr(person, "avatar", None), line.speaker) if person is not None else None
            bubble = Bubble("buyer", line.text, line.speaker, line.mood, avatar)
        return self._add(bubble)

    def add_rep(self, text: str, thought: bool = False) -> Bubble:
        return self._add(Bubble("thought" if thought else "rep", text))

    def _add(self, bubble: Bubble) -> Bubble:
        self._layout.insertWidget(self._layout.count() - 1, bubble)
        bubble.show()
        self.bubbles.append(bubble)
        return bubble

    def texts(self) -> list[str]:
        return [b.text for b in self.bubbles]


# --- people and meters ------------------------------------------------------------------
