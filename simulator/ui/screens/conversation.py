"""Conversation: people, shown meters, the transcript, choices (1–9), private thought, confidence."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QSplitter, QVBoxLayout, QWidget

from simulator.ui.viewmodels.conversation import ConversationModel, RepLine
from simulator.ui.widgets.conversation import ChoicePanel, ConfidencePicker, MeterPanel, PeoplePanel, digit_shortcuts
from simulator.ui.widgets.transcript import Transcript
from simulator.ui.widgets.layout import button, card
from simulator.ui.widgets.text import flow, plain_label


def _centred(widget: QWidget) -> QHBoxLayout:
    """``widget`` as wide as the column up to its maximum width, centred beyond that."""
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addStretch(0)
    row.addWidget(widget, 1000)
    row.addStretch(0)
    return row


class ConversationScreen(QWidget):
    leave = Signal()
    debrief = Signal(object)  # the ConversationModel, once its attempt is finished and saved

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Conversation")
        self.model: ConversationModel | None = None
        self.last_render_ms = 0.0
        self._t_choice = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        bar = QWidget()
        bl = QHBoxLayout(bar)
        bl.setContentsMargins(16, 10, 16, 6)
        self.title = plain_label("", scale=1.3, bold=True)
        bl.addWidget(self.title, 1)
        self.meters_line = plain_label("", role="muted", wrap=False)  # the meters in one line on a narrow window
        self.meters_line.hide()
        bl.addWidget(self.meters_line)
        self.saved_label = plain_label("", role="muted", wrap=False)
        bl.addWidget(self.saved_label)
        self.leave_button = button("Pause and leave", "Pause and go back to the library (Escape)",
                                   tip="Your progress is saved; resume it from the library (Escape)")
        self.leave_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.leave_button.clicked.connect(self.leave.emit)
        bl.addWidget(self.leave_button)
        outer.addWidget(bar)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        side = QScrollArea()
        side.setObjectName("page")
        side.setWidgetResizable(True)
        side.setFrameShape(QFrame.Shape.NoFrame)
        side.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side_body = QWidget()
        side_body.setObjectName("pageBody")
        self.side = QVBoxLayout(side_body)
        self.side.setContentsMargins(16, 8, 8, 16)
        self.side.setSpacing(10)
        side.setWidget(side_body)
        side.setMinimumWidth(240)
        side.setMaximumWidth(360)
        split.addWidget(side)
        self.side_area = side

        main = QWidget()
        ml = QVBoxLayout(main)
        ml.setContentsMargins(8, 0, 16, 12)
        ml.setSpacing(8)
        self.transcript = Transcript()
        self.transcript.setMinimumHeight(110)
        ml.addWidget(self.transcript, 1)
        self.choices = ChoicePanel()
        self.choices.chosen.connect(self._choose)
        ml.addLayout(_centred(self.choices))
        self.confidence = ConfidencePicker()
        self.confidence.picked.connect(self._confidence)
        self.confidence.hide()
        self.confidence.setMaximumWidth(920)
        ml.addLayout(_centred(self.confidence))
        self.end_card, el = card()
        self.end_title = plain_label("", scale=1.2, bold=True)
        self.end_text = plain_label("")
        el.addWidget(self.end_title)
        el.addWidget(self.end_text)
        erow = QHBoxLayout()
        self.end_status = plain_label("Saving your attempt…", role="muted")
        erow.addWidget(self.end_status, 1)
        self.debrief_button = button("See your debrief  ⏎", "See your debrief (Enter)", primary=True)
        self.debrief_button.setEnabled(False)
        self.debrief_button.clicked.connect(lambda: self.model and self.debrief.emit(self.model))
        erow.addWidget(self.debrief_button)
        el.addLayout(erow)
        self.end_card.hide()
        ml.addWidget(self.end_card)
        split.addWidget(main)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([280, 900])
        outer.addWidget(split, 1)

        self._people_panel = None
        self._meters = None
        self._digits = digit_shortcuts(self, self._digit)
        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        esc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        esc.activated.connect(self.leave.emit)

    # -- binding ------------------------------------------------------------------------------

    def bind(self, model: ConversationModel) -> None:
        if self.model is not None:
            self.model.setParent(None)
            self.model.deleteLater()
        self.model = model
        model.setParent(self)
        sc = model.scenario
        self.title.setText(sc.title)
        self.saved_label.setText("")
        self._meter_values = {}
        self.meters_line.setText("")
        self.transcript.clear()
        self.transcript.people = sc.people
        while self.side.count():
            item = self.side.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.side.addWidget(plain_label("People", role="speaker", bold=True, scale=0.9))
        self._people_panel = PeoplePanel(sc.people)
        self.side.addWidget(self._people_panel)
        self._meters = MeterPanel()
        self.meters_heading = plain_label("What you can see", role="speaker", bold=True, scale=0.9)
        self.side.addWidget(self.meters_heading)
        self.side.addWidget(self._meters)
        has_meters = any(v.show for v in sc.variables.values())
        self.meters_heading.setVisible(has_meters)
        self._meters.setVisible(has_meters)
        self.side.addStretch(1)
        for w in (self._people_panel, self._meters, self.meters_heading):
            w.setVisible(w is self._people_panel or has_meters)
        self.end_card.hide()
        self.confidence.hide()
        self.choices.show()
        self.debrief_button.setEnabled(False)
        model.step_shown.connect(self._show_step)
        model.rep_said.connect(self._rep_said)
        model.confidence_requested.connect(self._ask_confidence)
        model.finished.connect(self._finished)
        model.saved.connect(self._saved)

    # -- model -> view --------------------------------------------------------------------------

    def _show_step(self, step) -> None:
        for ln in step.lines:
            self.transcript.add_line(ln)
        if self._people_panel is not None:
            self._people_panel.update_moods(step.lines)
        if step.meters and self._meters is not None:
            self._meters.set_meters(step.meters)
            self._meter_words(step.meters)
        if step.kind in ("decision", "diagnose"):
            self.choices.set_options(step.options, step.prompt, step.kind == "diagnose")
            self.choices.show()
            self.confidence.hide()
            self.choices.focus_first()
        elif step.kind in ("ending", "stuck"):
            self.choices.hide()
            self.confidence.hide()
            if step.kind == "ending":
                self.end_title.setText(f"The conversation is over: {step.ending.title}")
                self.end_text.setText(flow(step.ending.text))
                self.end_text.setVisible(bool(step.ending.text.strip()))
            else:
                self.end_title.setText("The conversation cannot go on")
                self.end_text.setText(f"The scenario has a problem: {step.reason}. Tell the scenario's author.")
            self.end_card.show()
            self.debrief_button.setFocus()
        if self._t_choice is not None:
            self.last_render_ms = (time.perf_counter() - self._t_choice) * 1000
            self._t_choice = None

    NARROW = 860  # below this width the people panel folds away; the meters stay in the title bar

    def _meter_words(self, meters) -> None:
        def one(m):
            if m.kind == "number":
                return f"{m.label or m.name} {m.value:g}/{m.max:g}"
            value = ("yes" if m.value else "no") if m.kind == "flag" else str(m.value)
            return f"{m.label or m.name}: {value}"

        self._meter_values = getattr(self, "_meter_values", {})
        for m in meters:
            self._meter_values[m.name] = one(m)
        self.meters_line.setText("   ·   ".join(self._meter_values.values()))
        self.meters_line.setAccessibleName("What you can see: " + self.meters_line.text())
        self.meters_line.setVisible(self.width() < self.NARROW and bool(self.meters_line.text()))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        narrow = self.width() < self.NARROW
        self.side_area.setVisible(not narrow)
        self.meters_line.setVisible(narrow and bool(self.meters_line.text()))

    def _rep_said(self, line: RepLine) -> None:
        self.transcript.add_rep(line.text, thought=line.diagnose)

    def _ask_confidence(self) -> None:
        self.choices.hide()
        self.confidence.show()
        self.confidence.focus_row()

    def _finished(self, card) -> None:
        self.end_status.setText("Your attempt is saved." if self.model and self.model.busy_writes == 0 else "")
        self.debrief_button.setEnabled(True)
        self.debrief_button.setFocus()

    def _saved(self, what: str) -> None:
        self.saved_label.setText("All progress saved")

    # -- view -> model ----------------------------------------------------------------------------

    def _choose(self, number: int) -> None:
        if self.model is not None:
            self._t_choice = time.perf_counter()
            self.model.choose(number)

    def _confidence(self, percent: int) -> None:
        if self.model is not None:
            self.model.set_confidence(percent)

    def _digit(self, n: int) -> None:
        if self.confidence.isVisible():
            self.confidence.press(n)
        elif self.choices.isVisible():
            self.choices.press(n)

    def focus_default(self) -> None:
        if self.end_card.isVisible():
            self.debrief_button.setFocus()
        elif self.confidence.isVisible():
            self.confidence.focus_row()
        else:
            self.choices.focus_first()
