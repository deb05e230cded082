"""Debrief: outcome and luck in words, the score card with a chart, then every decision reviewed."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from simulator.scoring import luck_in_words
from simulator.ui.paths_ui import asset
from simulator.ui.widgets.avatar import svg_pixmap
from simulator.ui.widgets.layout import button, card, scroll_page
from simulator.ui.widgets.text import plain_label

OUTCOME_WORDS = {
    "won": "Won",
    "advanced": "Advanced — the deal moved forward",
    "stalled": "Stalled — nothing moved",
    "lost": "Lost",
    "stuck": "The scenario got stuck",
}
COMPONENT_NAMES = {"judgment": "Judgment", "outcome": "Outcome", "calibration": "Calibration"}


def component_name(scenario, comp: str) -> str:
    return COMPONENT_NAMES.get(comp) or scenario.label(comp)


def points_text(scenario, points: dict) -> str:
    items = [(c, p) for c, p in points.items() if p]
    if not items:
        return "no points either way"
    return ", ".join(f"{p:+g} {scenario.label(c)}" for c, p in items)


def value_text(var, value) -> str:
    if var is not None and var.kind == "flag":
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class DebriefScreen(QWidget):
    try_again = Signal(object)  # Scenario
    back = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Debrief")
        self.scenario = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        area, self.col = scroll_page(self, 960)
        self.col.addStretch(1)
        self.area = area
        outer.addWidget(area, 1)
        foot = QWidget()
        fl = QHBoxLayout(foot)
        fl.setContentsMargins(16, 8, 16, 12)
        self.again_button = button("&Try again", "Try this scenario again")
        self.back_button = button("Back to &library  ⏎", "Back to the library (Enter or Escape)", primary=True)
        fl.addWidget(self.again_button)
        fl.addStretch(1)
        fl.addWidget(self.back_button)
        outer.addWidget(foot)
        self.again_button.clicked.connect(lambda: self.scenario and self.try_again.emit(self.scenario))
        self.back_button.clicked.connect(self.back.emit)
        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        esc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        esc.activated.connect(self.back.emit)
        self._body = None
        self.card = None

    def show_card(self, scenario, card_, session=None) -> None:
        self.scenario = scenario
        self.card = card_
        if self._body is not None:
            self.col.removeWidget(self._body)
            self._body.deleteLater()
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(14)
        self._body = body

        # headline
        head, hl = card()
        top = QHBoxLayout()
        art = QLabel()
        art.setPixmap(svg_pixmap(asset("debrief.svg"), QSize(72, 72), self.devicePixelRatioF() or 1.0))
        art.setAccessibleName("Debrief illustration")
        top.addWidget(art, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.addWidget(plain_label(f"Debrief — {scenario.title}", role="speaker", bold=True))
        self.ending_label = plain_label(card_.ending_title or "No ending reached", scale=1.5, bold=True)
        words.addWidget(self.ending_label)
        outcome = OUTCOME_WORDS.get(card_.outcome or "", card_.outcome or "")
        if outcome:
            words.addWidget(plain_label(f"Outcome: {outcome}"))
        top.addLayout(words, 1)
        total = QVBoxLayout()
        self.total_label = plain_label("—" if card_.total is None else f"{card_.total:.0f}", scale=2.4, bold=True, wrap=False)
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        total.addWidget(self.total_label)
        self.passed_label = plain_label(("✓ Passed" if card_.passed else "✗ Not passed") + f" (pass mark {card_.pass_score:g})",
                                        role="good" if card_.passed else "bad", wrap=False)
        self.passed_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        total.addWidget(self.passed_label)
        top.addLayout(total)
        hl.addLayout(top)
        self.luck_label = plain_label(luck_in_words(card_))
        hl.addWidget(self.luck_label)
        head.setAccessibleName(f"Result: {card_.ending_title}, total {self.total_label.text()}, {self.passed_label.text()}")
        lay.addWidget(head)

        # score card
        sc_card, sl = card()
        sl.addWidget(plain_label("Score card", bold=True, scale=1.15))
        rows = [(component_name(scenario, k), v) for k, v, w in card_.components if v is not None]
        row = QHBoxLayout()
        try:
            from simulator.ui.widgets.charts import score_bar_chart

            self.chart = score_bar_chart(rows, card_.pass_score, self)
            row.addWidget(self.chart, 3)
        except ImportError:  # QtCharts missing: the table below still says everything
            self.chart = None
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        grid.addWidget(plain_label("Component", role="muted", wrap=False), 0, 0)
        grid.addWidget(plain_label("Score", role="muted", wrap=False), 0, 1)
        grid.addWidget(plain_label("Weight", role="muted", wrap=False), 0, 2)
        r = 1
        for k, v, w in card_.components:
            grid.addWidget(plain_label(component_name(scenario, k), wrap=False), r, 0)
            grid.addWidget(plain_label("n/a" if v is None else f"{v:.0f}", wrap=False, bold=True), r, 1)
            grid.addWidget(plain_label(f"×{w:g}" if w else "not weighted", role="muted", wrap=False), r, 2)
            r += 1
        grid.addWidget(plain_label("Total", bold=True, wrap=False), r, 0)
        grid.addWidget(plain_label("—" if card_.total is None else f"{card_.total:.0f}", bold=True, wrap=False), r, 1)
        holder = QWidget()
        holder.setLayout(grid)
        row.addWidget(holder, 2, Qt.AlignmentFlag.AlignTop)
        sl.addLayout(row)
        if any(v is None for _k, v, _w in card_.components):
            sl.addWidget(plain_label("n/a: this run gave no chance to earn or lose points there, so it does not count.",
                                     role="muted", scale=0.9))
        lay.addWidget(sc_card)

        # decision by decision
        lay.addWidget(plain_label("Decision by decision", bold=True, scale=1.3))
        said = self._said_before(session)
        n = len(card_.decisions)
        self.review_cards = []
        for i, d in enumerate(card_.decisions):
            w = self._review(scenario, d, i + 1, n, said[i] if i < len(said) else [])
            self.review_cards.append(w)
            lay.addWidget(w)
        if not card_.decisions:
            lay.addWidget(plain_label("No decisions were made in this run.", role="muted"))
        self.col.insertWidget(0, body)
        body.show()
        self.area.verticalScrollBar().setValue(0)

    @staticmethod
    def _said_before(session) -> list[list]:
        if session is None:
            return []
        out, at = [], 0
        for d in session.decisions:
            out.append(session.transcript[at:d.lines_before])
            at = d.lines_before
        return out

    def _review(self, scenario, d, i: int, n: int, lines) -> QFrame:
        frame = QFrame()
        frame.setObjectName("reviewGood" if d.best_move else "reviewBad")
        lay = QVBoxLayout(frame)
        lay.setContentsMargins(16, 10, 14, 12)
        lay.setSpacing(6)
        head = QHBoxLayout()
        kind = " · private thought" if d.kind == "diagnose" else ""
        head.addWidget(plain_label(f"Decision {i} of {n}{kind}", bold=True, scale=1.05), 1)
        verdict = plain_label("✓ A best move" if d.best_move else "✗ Not the best move",
                              role="good" if d.best_move else "bad", wrap=False)
        head.addWidget(verdict)
        lay.addLayout(head)
        if lines:
            lay.addWidget(plain_label("What was said", role="muted", bold=True, scale=0.9))
            for ln in lines:
                lay.addWidget(plain_label(f"{ln.speaker}: {ln.text.strip()}" if ln.speaker else ln.text.strip()))
        if d.prompt:
            lay.addWidget(plain_label(f"You were thinking: {d.prompt}", role="muted"))
        if d.state:
            lay.addWidget(plain_label("The state at that moment (hidden values revealed)", role="muted", bold=True, scale=0.9))
            bits = []
            for name, value in d.state.items():
                var = scenario.variables.get(name)
                label = (var.label if var and var.label else name)
                hidden = "" if var is not None and var.show else " (hidden)"
                bits.append(f"{label}: {value_text(var, value)}{hidden}")
            lay.addWidget(plain_label("   ·   ".join(bits)))
        lay.addWidget(plain_label("Your move", role="muted", bold=True, scale=0.9))
        lay.addWidget(plain_label(f"“{d.option_text.strip()}”"))
        lay.addWidget(plain_label(f"Evidence: {points_text(scenario, d.evidence)}", bold=True))
        if d.note:
            lay.addWidget(plain_label(d.note.strip()))
        if not d.best_move:
            best = [a for a in d.alternatives if a.best]
            lay.addWidget(plain_label("Best move here" if len(best) == 1 else "Best moves here", role="muted", bold=True, scale=0.9))
            for a in best:
                lay.addWidget(plain_label(f"“{a.text.strip()}”"))
                lay.addWidget(plain_label(f"Would have earned: {points_text(scenario, a.evidence)}" + (f" — {a.note.strip()}" if a.note else ""),
                                          role="muted"))
        if d.confidence is not None:
            lay.addWidget(plain_label(f"You were {d.confidence} % sure.", role="muted"))
        frame.setAccessibleName(f"Decision {i}: {'best move' if d.best_move else 'not the best move'}: {d.option_text}")
        return frame

    def focus_default(self) -> None:
        self.back_button.setFocus()
