"""The conversation widgets: people panel, meters, choices, private thought, confidence (the transcript's
bubbles are in ``simulator.ui.widgets.transcript``)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QPainter, QPen, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from simulator.ui.widgets.avatar import AvatarLabel
from simulator.ui.widgets.text import ElidedLabel, EmphasisLabel, flow, plain_label, scaled_font
from simulator.ui.widgets.transcript import MOOD_WORDS, bubble_colours


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

        c = bubble_colours(self.palette())
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
            c = bubble_colours(self.palette())
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
