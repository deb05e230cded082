"""Briefing: what the rep needs before the call — the briefing, the people, what is scored."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from simulator.ui.screens.library import DIFFICULTY_WORDS
from simulator.ui.viewmodels.library import exercised
from simulator.ui.widgets.avatar import AvatarLabel
from simulator.ui.widgets.layout import button, card, scroll_page
from simulator.ui.widgets.text import SafeMarkdownView, plain_label

COMPONENT_WORDS = {
    "judgment": "Judgment (how close each move was to the best one)",
    "outcome": "Outcome (how the conversation ended)",
    "calibration": "Calibration (how well your confidence matched your moves)",
}


class BriefingScreen(QWidget):
    start = Signal(object)
    back = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Briefing")
        self.scenario = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        area, self.col = scroll_page(self, 860)
        self.col.addStretch(1)
        outer.addWidget(area, 1)
        foot = QWidget()
        fl = QHBoxLayout(foot)
        fl.setContentsMargins(16, 8, 16, 12)
        self.back_button = button("Back to library", "Back to the library (Escape)")
        self.start_button = button("Start the conversation  ⏎", "Start the conversation (Enter)", primary=True)
        fl.addWidget(self.back_button)
        fl.addStretch(1)
        fl.addWidget(self.start_button)
        outer.addWidget(foot)
        self.back_button.clicked.connect(self.back.emit)
        self.start_button.clicked.connect(lambda: self.scenario and self.start.emit(self.scenario))
        for key in (Qt.Key.Key_Escape,):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(self.back.emit)
        self._body: QWidget | None = None

    def show_scenario(self, scenario) -> None:
        self.scenario = scenario
        if self._body is not None:
            self.col.removeWidget(self._body)
            self._body.deleteLater()
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(12)
        m = scenario.model
        self.title = plain_label(m.title, scale=1.7, bold=True)
        lay.addWidget(self.title)
        meta = [DIFFICULTY_WORDS.get(m.difficulty, m.difficulty)]
        if m.minutes:
            meta.append(f"about {m.minutes} minutes")
        if m.author:
            meta.append(f"by {m.author}")
        lay.addWidget(plain_label("  ·  ".join(meta), role="muted"))

        brief_card, bl = card()
        bl.addWidget(plain_label("Briefing", bold=True, scale=1.15))
        self.briefing = SafeMarkdownView(accessible_name="Briefing text")
        self.briefing.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.briefing.set_markdown(m.briefing or m.summary or "")
        self.briefing.setStyleSheet("background: transparent;")
        self.briefing.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        bl.addWidget(self.briefing)
        lay.addWidget(brief_card)

        people_card, pl = card()
        pl.addWidget(plain_label("Who you will meet", bold=True, scale=1.15))
        for p in scenario.people.values():
            row = QHBoxLayout()
            row.setSpacing(12)
            row.addWidget(AvatarLabel(p.avatar, p.name, 56), 0, Qt.AlignmentFlag.AlignTop)
            text = QVBoxLayout()
            text.setSpacing(2)
            text.addWidget(plain_label(p.name, bold=True))
            role = ", ".join(x for x in (p.role, p.company) if x)
            if role:
                text.addWidget(plain_label(role, role="muted"))
            if p.style:
                text.addWidget(plain_label(f"Style: {p.style}", role="muted", scale=0.95))
            if p.about:
                text.addWidget(plain_label(p.about))
            row.addLayout(text, 1)
            pl.addLayout(row)
        lay.addWidget(people_card)

        score_card, sl = card()
        sl.addWidget(plain_label("How you will be scored", bold=True, scale=1.15))
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        r = 0
        used = exercised(scenario)
        for comp in list(scenario.competencies) + ["judgment", "outcome", "calibration"]:
            w = scenario.weight(comp)
            if comp == "calibration" and not scenario.ask_confidence:
                continue
            if comp in scenario.competencies and comp not in used:
                continue
            if w <= 0:
                continue
            name = COMPONENT_WORDS.get(comp, scenario.label(comp))
            grid.addWidget(plain_label(name), r, 0)
            grid.addWidget(plain_label(f"weight {w:g}", role="muted", wrap=False), r, 1)
            r += 1
        sl.addLayout(grid)
        note = f"Pass mark: {scenario.pass_score:g} of 100. Scores are hidden until the debrief."
        if scenario.ask_confidence:
            note += " After each move you will say how sure you are that it was a best move."
        sl.addWidget(plain_label(note, role="muted"))
        lay.addWidget(score_card)
        self.col.insertWidget(0, body)
        body.show()
        self._body = body
        QWidget.setTabOrder(self.start_button, self.back_button)
        QWidget.setTabOrder(self.back_button, self.briefing)

    def focus_default(self) -> None:
        self.start_button.setFocus()
