"""The conversation widgets: transcript bubbles, people panel, meters, choices, private thought, confidence."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from simulator.ui.widgets.avatar import AvatarLabel
from simulator.ui.widgets.text import flow, plain_label, scaled_font

MOOD_WORDS = {
    "neutral": "neutral",
    "interested": "interested",
    "skeptical": "sceptical",
    "impatient": "impatient",
    "pleased": "pleased",
    "annoyed": "annoyed",
}


# --- transcript ----------------------------------------------------------------------


class Bubble(QFrame):
    """One line of the conversation. ``side`` is buyer | rep | narration."""

    def __init__(self, side: str, text: str, speaker: str = "", mood: str | None = None, avatar=None, parent=None):
        super().__init__(parent)
        self.side = side
        self.text = text
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(8)
        if side == "narration":
            label = plain_label(text, role="narration")
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            outer.addSpacing(40)
            outer.addWidget(label, 1)
            outer.addSpacing(40)
            self.setAccessibleName(f"Narration: {text}")
            return
        box = QFrame()
        box.setObjectName({"rep": "bubbleRep", "thought": "thought"}.get(side, "bubbleBuyer"))
        inner = QVBoxLayout(box)
        inner.setContentsMargins(12, 8, 12, 10)
        inner.setSpacing(2)
        who = {"buyer": speaker, "rep": "You", "thought": "Your private thought"}[side]
        head = who + (f"  ·  {MOOD_WORDS.get(mood, mood)}" if mood and side == "buyer" else "")
        inner.addWidget(plain_label(head, role="speaker", scale=0.9, bold=True, wrap=False))
        body = plain_label(text, selectable=True)
        inner.addWidget(body)
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        box.setMaximumWidth(720)
        if side == "buyer":
            if avatar is not None:
                outer.addWidget(avatar, 0, Qt.AlignmentFlag.AlignTop)
            outer.addWidget(box, 5)
            outer.addStretch(1)
        else:
            outer.addStretch(1)
            outer.addWidget(box, 5)
        self.setAccessibleName(f"{who} said: {text}")


class Transcript(QScrollArea):
    """A scrolling list of bubbles; follows the newest line."""

    def __init__(self, people: dict | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("transcript")
        self.setAccessibleName("Conversation transcript")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
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
        for b in self.bubbles:
            b.deleteLater()
        self.bubbles.clear()

    def add_line(self, line) -> Bubble:
        """A ShownLine from the engine."""
        if not line.who:
            bubble = Bubble("narration", line.text)
        else:
            person = self.people.get(line.who)
            avatar = AvatarLabel(getattr(person, "avatar", None), line.speaker, 36) if person is not None else None
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
        col.addWidget(plain_label(person.name, bold=True))
        role = ", ".join(x for x in (person.role, person.company) if x)
        if role:
            col.addWidget(plain_label(role, role="muted", scale=0.9))
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
                title = plain_label(m.label or m.name, scale=0.9)
                if m.kind == "number":
                    w = QProgressBar()
                    w.setTextVisible(True)
                    w.setMinimumHeight(18)
                else:
                    w = plain_label("", bold=True)
                self._lay.addWidget(title)
                self._lay.addWidget(w)
                title.show()
                w.show()
                row = self.rows[m.name] = (title, w)
            title, w = row
            if isinstance(w, QProgressBar):
                lo, hi = int(m.min), int(m.max)
                w.setRange(lo, hi if hi > lo else lo + 1)
                w.setValue(int(round(float(m.value))))
                w.setFormat(f"{m.value:g} / {m.max:g}" if isinstance(m.value, (int, float)) else "%v")
                w.setAccessibleName(f"{m.label or m.name}: {m.value:g} of {m.max:g}")
            else:
                value = ("Yes" if m.value else "No") if m.kind == "flag" else str(m.value)
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
        self._label = plain_label(text)
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
        self._label.setText(flow(text))
        self.setAccessibleName(f"Choice {number}: {flow(text)}")
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
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
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
        if diagnose:
            self.thought.set_prompt(prompt or "What is really going on here?")
            self.thought.show()
            self.heading.setText("What do you think? (private)")
        else:
            self.thought.hide()
            self.heading.setText("What do you say?")
        options = list(options)
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

    def focus_first(self) -> None:
        if self.buttons:
            self.buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

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
        self.setAccessibleName("How sure are you?")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 14, 12)
        lay.addWidget(plain_label("How sure are you that this was one of the best moves here?", bold=True))
        lay.addWidget(plain_label("50 % is a coin toss, 100 % is certain. Press 1–6 or click.", role="muted", scale=0.9))
        row = QHBoxLayout()
        self.buttons: list[QPushButton] = []
        for i, p in enumerate(self.LEVELS, start=1):
            b = QPushButton(f"{p} %")
            b.setAutoDefault(True)
            b.setAccessibleName(f"Confidence {p} percent (key {i})")
            b.setToolTip(f"Press {i}")
            b.clicked.connect(lambda _=False, v=p: self.picked.emit(v))
            row.addWidget(b)
            self.buttons.append(b)
        lay.addLayout(row)

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
