"""The conversation widgets: transcript bubbles, people panel, meters, choices, private thought, confidence."""

from __future__ import annotations

from itertools import count
from math import ceil

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QPixmapCache,
    QPolygonF,
    QShortcut,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QScrollBar,
    QSizePolicy,
    QStyle,
    QStyleOptionSlider,
    QVBoxLayout,
    QWidget,
)

from simulator.ui.theme import colours, mix
from simulator.ui.widgets.avatar import AvatarLabel, avatar_pixmap
from simulator.ui.widgets.text import ElidedLabel, EmphasisLabel, emphasis, flow, plain_label, scaled_font

MOOD_WORDS = {
    "neutral": "neutral",
    "interested": "interested",
    "skeptical": "sceptical",
    "impatient": "impatient",
    "pleased": "pleased",
    "annoyed": "annoyed",
}


_serials = count(1)


# --- transcript ----------------------------------------------------------------------


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
            from PySide6.QtGui import QTextCharFormat

            ranges = []
            for start, length, kind in spans:
                r = QTextLayout.FormatRange()
                r.start, r.length = start, length
                f = QTextCharFormat()
                if kind == "b":
                    f.setFontWeight(QFont.Weight.Bold)
                else:
                    f.setFontItalic(True)
                r.format = f
                ranges.append(r)
            lay.setFormats(ranges)
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
        c = _bubble_colours(pal)
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


def _bubble_colours(pal: QPalette) -> dict[str, QColor]:
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
        c = _bubble_colours(self.palette())
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


class PersonCard(QFrame):
    def __init__(self, person, parent=None):
        super().__init__(parent)
        self.setObjectName("personCard")
        self.person = person
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        lay.setSpacing(10)
        lay.addWidget(AvatarLabel(person.avatar, person.name, 48), 0, Qt.AlignmentFlag.AlignTop)
        col = QVBoxLayout()
        col.setSpacing(1)
        self.name_label = ElidedLabel(person.name, bold=True)
        col.addWidget(self.name_label)
        role = ", ".join(x for x in (person.role, person.company) if x)
        if role:
            self.role_label = ElidedLabel(role, role="muted", scale=0.9)
            col.addWidget(self.role_label)
        self.mood = plain_label("", role="muted", scale=0.9)
        col.addWidget(self.mood)
        lay.addLayout(col, 1)
        self.set_mood(None)

    def set_mood(self, mood: str | None) -> None:
        word = MOOD_WORDS.get(mood or "", mood or "")
        self.mood.setText(f"Mood: {word}" if word else "")
        self.mood.setVisible(bool(word))
        self.setAccessibleName(f"{self.person.name}" + (f", {self.person.role}" if self.person.role else "") + (f", mood {word}" if word else ""))


class PeoplePanel(QWidget):
    def __init__(self, people: dict, parent=None):
        super().__init__(parent)
        self.setAccessibleName("People in the conversation")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        self.cards = {pid: PersonCard(p) for pid, p in people.items()}
        for card in self.cards.values():
            lay.addWidget(card)

    def update_moods(self, lines) -> None:
        for ln in lines:
            if ln.who in self.cards and ln.mood:
                self.cards[ln.who].set_mood(ln.mood)


class MeterBar(QWidget):
    """A shown number as a bar whose "value / max" text stays readable over the fill and the track:
    the part of the text over the fill is drawn in the colour that reads best on the fill."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lo, self.hi, self.value, self.text = 0.0, 1.0, 0.0, ""
        self.setMinimumHeight(22)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_value(self, lo: float, hi: float, value: float, text: str) -> bool:
        new = (float(lo), float(hi if hi > lo else lo + 1), float(value), text)
        if new == (self.lo, self.hi, self.value, self.text):
            return False
        self.lo, self.hi, self.value, self.text = new
        self.update()
        return True

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(200, 22)

    def paintEvent(self, event) -> None:  # noqa: N802
        from simulator.ui.theme import readable_on

        c = _bubble_colours(self.palette())
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        share = max(0.0, min(1.0, (self.value - self.lo) / (self.hi - self.lo)))
        fill = QRectF(r.left(), r.top(), r.width() * share, r.height())
        p.setPen(QPen(c["border"], 1))
        p.setBrush(c["meter_track"])
        p.drawRoundedRect(r, 6, 6)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(c["meter_fill"])
        if share > 0:
            p.drawRoundedRect(fill, 6, 6)
        f = QFont(self.font())
        f.setBold(True)
        p.setFont(f)
        align = Qt.AlignmentFlag.AlignCenter
        p.save()
        p.setClipRect(fill)
        p.setPen(readable_on(c["meter_fill"]))
        p.drawText(r, align, self.text)
        p.restore()
        p.save()
        p.setClipRect(QRectF(fill.right(), r.top(), r.width() - fill.width() + 1, r.height()))
        p.setPen(c["text"])
        p.drawText(r, align, self.text)
        p.restore()
        p.end()


class MeterPanel(QWidget):
    """Only the ``show: true`` variables the engine reports in ``Step.meters``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("What you can see")
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(0, 0, 0, 0)
        self._lay.setSpacing(4)
        self.rows: dict[str, tuple] = {}

    def set_meters(self, meters) -> None:
        for m in meters:
            row = self.rows.get(m.name)
            if row is None:
                title = ElidedLabel(m.label or m.name, scale=0.9)
                w = MeterBar() if m.kind == "number" else plain_label("", bold=True)
                self._lay.addWidget(title)
                self._lay.addWidget(w)
                title.show()
                w.show()
                row = self.rows[m.name] = (title, w)
            title, w = row
            if isinstance(w, MeterBar):
                text = f"{m.value:g} / {m.max:g}" if isinstance(m.value, (int, float)) else str(m.value)
                if w.set_value(m.min, m.max, float(m.value), text):
                    w.setAccessibleName(f"{m.label or m.name}: {m.value:g} of {m.max:g}")
            else:
                value = ("Yes" if m.value else "No") if m.kind == "flag" else str(m.value)
                if w.text() != value:
                    w.setText(value)
                    w.setAccessibleName(f"{m.label or m.name}: {value}")


# --- choices, private thought, confidence ---------------------------------------------------


class ChoiceButton(QPushButton):
    """A large, word-wrapped choice. The number is its keyboard shortcut."""

    def __init__(self, number: int, text: str, parent=None):
        super().__init__(parent)
        self.setObjectName("choice")
        self.number = number
        self.choice_text = text
        self.setAutoDefault(True)  # Enter activates the focused choice
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 10)
        lay.setSpacing(10)
        num = plain_label(str(number), wrap=False, bold=True, scale=1.15)
        num.setFixedWidth(num.fontMetrics().horizontalAdvance("99") + 4)
        num.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self._label = EmphasisLabel(text)
        for w in (num, self._label):
            w.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            lay.addWidget(w, 0 if w is num else 1)
        self._num = num
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.set_choice(number, text)

    def set_choice(self, number: int, text: str) -> None:
        """Reuse this button for another option (cheaper than a new, freshly styled widget)."""
        self.number = number
        self.choice_text = text
        self._num.setText(str(number))
        self._label.set_markdown(text)
        self.setAccessibleName(f"Choice {number}: {self._label.text()}")
        self.setToolTip(f"Press {number}")

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, w: int) -> int:  # noqa: N802
        return self.layout().totalHeightForWidth(w)

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = self.layout().totalSizeHint()
        return QSize(max(200, hint.width()), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(200, self.layout().totalMinimumSize().height())


class ThoughtCard(QFrame):
    """The diagnose prompt: what the rep is thinking, never said aloud."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("thought")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 14, 12)
        lay.setSpacing(4)
        lay.addWidget(plain_label("Private thought — only you can see this", role="muted", scale=0.9, bold=True))
        self.prompt = plain_label("", scale=1.05)
        self.prompt.setFont(scaled_font(self.prompt, 1.05))
        f = self.prompt.font()
        f.setItalic(True)
        self.prompt.setFont(f)
        lay.addWidget(self.prompt)

    def set_prompt(self, text: str) -> None:
        self.prompt.setText(flow(text))
        self.setAccessibleName(f"Private thought: {text}")


class ChoicePanel(QWidget):
    """The offered options as large buttons; 1–9 pick them."""

    chosen = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Your choices")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMaximumWidth(920)  # no 1,300 px choice buttons on a wide window
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(8)
        self.thought = ThoughtCard()
        self.thought.hide()
        lay.addWidget(self.thought)
        self.heading = plain_label("What do you say?", bold=True)
        lay.addWidget(self.heading)
        self._box = QVBoxLayout()
        self._box.setSpacing(6)
        lay.addLayout(self._box)
        self.buttons: list[ChoiceButton] = []
        self._pool: list[ChoiceButton] = []

    def set_options(self, options, prompt: str | None = None, diagnose: bool = False) -> None:
        options = list(options)
        keys = f"press 1–{len(options)}" if len(options) > 1 else "press 1"
        if diagnose:
            self.thought.set_prompt(prompt or "What is really going on here?")
            self.thought.show()
            self.heading.setText(f"What do you think? (private — {keys})")
        else:
            self.thought.hide()
            self.heading.setText(f"What do you say? ({keys})")
        self.setAccessibleDescription(self.heading.text())
        while len(self._pool) < len(options):  # buttons are pooled and reused from step to step
            b = ChoiceButton(len(self._pool) + 1, "")
            b.clicked.connect(lambda _=False, b=b: self.chosen.emit(b.number))
            self._box.addWidget(b)
            if self._pool:
                QWidget.setTabOrder(self._pool[-1], b)
            self._pool.append(b)
        for b, o in zip(self._pool, options):
            b.set_choice(o.number, o.text)
            b.show()
        for b in self._pool[len(options):]:
            b.hide()
        self.buttons = self._pool[:len(options)]

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        if self.hasFocus():  # the list has the keyboard: a quiet ring round all of it, no option singled out
            c = _bubble_colours(self.palette())
            p = QPainter(self)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setPen(QPen(c["rep_border"], 1.5, Qt.PenStyle.DashLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 12, 12)
            p.end()

    def focus_first(self) -> None:
        """Focus the list, not an option: nothing on screen looks like a suggestion. Tab or Down
        moves into the options; 1-9 pick directly."""
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if self.buttons and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            target = self.buttons[0] if event.key() == Qt.Key.Key_Down else self.buttons[-1]
            target.setFocus(Qt.FocusReason.TabFocusReason)
            return
        super().keyPressEvent(event)

    def press(self, number: int) -> bool:
        for b in self.buttons:
            if b.number == number and b.isVisible() and b.isEnabled():
                b.click()
                return True
        return False


class ConfidencePicker(QFrame):
    """How sure was the rep that the move was a best move (50..100 %)."""

    picked = Signal(int)
    LEVELS = (50, 60, 70, 80, 90, 100)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName("How sure are you? Press 1 to 6")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the row is focused, no level is pre-selected
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 14, 12)
        lay.addWidget(plain_label("How sure are you that this was one of the best moves here?", bold=True))
        lay.addWidget(plain_label("50 % is a coin toss, 100 % is certain. Press 1–6 or click.", role="muted", scale=0.9))
        row = QHBoxLayout()
        self.buttons: list[QPushButton] = []
        for i, p in enumerate(self.LEVELS, start=1):
            b = QPushButton(f"{i} · {p} %")
            b.setObjectName("level")
            b.setAutoDefault(True)
            b.setAccessibleName(f"Confidence {p} percent (key {i})")
            b.setToolTip(f"Press {i}")
            b.clicked.connect(lambda _=False, v=p: self.picked.emit(v))
            row.addWidget(b)
            self.buttons.append(b)
        lay.addLayout(row)

    def focus_row(self) -> None:
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def press(self, number: int) -> bool:
        if 1 <= number <= len(self.LEVELS) and self.isVisible():
            self.buttons[number - 1].click()
            return True
        return False


def digit_shortcuts(owner: QWidget, handler) -> list[QShortcut]:
    """Keys 1–9 (main row and keypad) call ``handler(n)`` while ``owner`` is on screen."""
    out = []
    for n in range(1, 10):
        for seq in (QKeySequence(str(n)), QKeySequence(Qt.KeyboardModifier.KeypadModifier | Qt.Key(Qt.Key.Key_0.value + n))):
            sc = QShortcut(seq, owner)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda n=n: handler(n))
            out.append(sc)
    return out
