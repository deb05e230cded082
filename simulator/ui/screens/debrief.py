"""Debrief: a summary a rep reads in ten seconds, the score card, then every decision reviewed.

Words come from ``viewmodels.debrief_words`` (pure, tested on their own); this module lays them out.
A debrief opened from History is read-only: it says when the attempt was made and goes back to
Progress.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from simulator.ui.paths_ui import asset
from simulator.ui.theme import SPACE, TYPE, competency_colour, is_dark
from simulator.ui.viewmodels.debrief_words import (
    OUTCOME_WORDS,
    best_alternatives,
    component_name,
    hidden_differs_sentence,
    points_text,
    quote,
    score_text,
    situation_title,
    situation_words,
    state_words,
    summarise,
    verdict_of,
    verdict_words,
)
from simulator.ui.widgets.avatar import svg_pixmap
from simulator.ui.widgets.layout import button, card, scroll_page
from simulator.ui.widgets.text import plain_label

FRAME_FOR = {"good": "reviewGood", "bad": "reviewBad", "muted": "reviewNeutral"}


class _Dot(QWidget):
    """A small filled circle in a component's colour (painted: no style sheet, no text)."""

    def __init__(self, colour: str, parent=None):
        super().__init__(parent)
        from PySide6.QtGui import QColor

        self.colour = QColor(colour)
        self.setFixedSize(12, 18)

    def paintEvent(self, event):  # noqa: N802
        from PySide6.QtGui import QPainter

        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.colour)
        p.drawEllipse(1, 5, 9, 9)
        p.end()


def _dot(colour: str) -> QWidget:
    return _Dot(colour)


class DebriefScreen(QWidget):
    try_again = Signal(object)  # Scenario
    practise_next = Signal(object, object)  # Scenario just played, the weakest component (str or None)
    back = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Debrief")
        self.scenario = None
        self.read_only = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        area, self.col = scroll_page(self, 960)
        self.col.addStretch(1)
        self.area = area
        outer.addWidget(area, 1)
        foot = QWidget()
        fl = QHBoxLayout(foot)
        fl.setContentsMargins(SPACE["l"], SPACE["s"], SPACE["l"], SPACE["m"])
        self.again_button = button("T&ry again", "Try this scenario again")
        self.next_button = button("Practise &next", "Practise the scenario suggested for your weakest skill")
        self.back_button = button("Back to &library  ⏎", "Back to the library (Enter or Escape)", primary=True)
        fl.addWidget(self.again_button)
        fl.addWidget(self.next_button)
        fl.addStretch(1)
        fl.addWidget(self.back_button)
        outer.addWidget(foot)
        self.again_button.clicked.connect(lambda: self.scenario and self.try_again.emit(self.scenario))
        self.next_button.clicked.connect(self._practise_next)
        self.back_button.clicked.connect(self.back.emit)
        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        esc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        esc.activated.connect(self.back.emit)
        self._body = None
        self.card = None
        self.summary = None
        self.chart = None
        self.review_cards: list[QFrame] = []

    def _practise_next(self) -> None:
        if self.scenario is not None:
            weakest = self.summary.weakest.comp if self.summary and self.summary.weakest else None
            self.practise_next.emit(self.scenario, weakest)

    # -- building ----------------------------------------------------------------------------------

    def show_card(self, scenario, card_, session=None, *, read_only: bool = False, when: str | None = None) -> None:
        """Show a score card. ``read_only``: an attempt from History (``when`` it was made)."""
        self.scenario = scenario
        self.card = card_
        self.read_only = read_only
        self.back_button.setText("Back to pro&gress  ⏎" if read_only else "Back to &library  ⏎")
        self.back_button.setAccessibleName("Back to your progress (Enter or Escape)" if read_only
                                           else "Back to the library (Enter or Escape)")
        if self._body is not None:
            self.col.removeWidget(self._body)
            self._body.deleteLater()
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(SPACE["l"] - 2)
        self._body = body
        self.summary = summarise(scenario, card_)
        lay.addWidget(self._headline(scenario, card_, when))
        lay.addWidget(self._score_card(scenario, card_))
        lay.addWidget(plain_label("Decision by decision", bold=True, scale=TYPE["title"]))
        said = self._said_before(session)
        n = len(card_.decisions)
        self.review_cards = []
        sit = situation_title(scenario, card_)
        for i, d in enumerate(card_.decisions):
            w = self._review(scenario, d, i + 1, n, said[i] if i < len(said) else [], sit)
            self.review_cards.append(w)
            lay.addWidget(w)
        if not card_.decisions:
            lay.addWidget(plain_label("No decisions were made in this run.", role="muted"))
        self.col.insertWidget(0, body)
        body.show()
        self.area.verticalScrollBar().setValue(0)
        self.next_button.setVisible(not read_only)

    def _headline(self, scenario, card_, when) -> QFrame:
        head, hl = card(name="summary")
        hl.setSpacing(SPACE["s"])
        top = QHBoxLayout()
        top.setSpacing(SPACE["l"])
        art = QLabel()
        art.setPixmap(svg_pixmap(asset("debrief.svg"), QSize(64, 64), self.devicePixelRatioF() or 1.0))
        art.setAccessibleName("Debrief illustration")
        top.addWidget(art, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.setSpacing(SPACE["xxs"])
        kicker = f"Debrief — {scenario.title}"
        if when:
            kicker += f" · attempt of {when} (read-only)"
        words.addWidget(plain_label(kicker, role="speaker", bold=True))
        self.ending_label = plain_label(card_.ending_title or "No ending reached", scale=TYPE["headline"], bold=True)
        words.addWidget(self.ending_label)
        outcome = OUTCOME_WORDS.get(card_.outcome or "", card_.outcome or "")
        if outcome:
            words.addWidget(plain_label(outcome, role="muted"))
        top.addLayout(words, 1)
        total = QVBoxLayout()
        total.setSpacing(0)
        self.total_label = plain_label("—" if card_.total is None else score_text(card_.total), scale=TYPE["score"],
                                       bold=True, wrap=False)
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        total.addWidget(self.total_label)
        self.passed_label = plain_label(("✓ Passed" if card_.passed else "✗ Not passed") + f" · pass mark {card_.pass_score:g}",
                                        role="good" if card_.passed else "bad", wrap=False)
        self.passed_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        total.addWidget(self.passed_label)
        top.addLayout(total)
        hl.addLayout(top)
        sit = situation_words(scenario, card_)
        self.situation_label = plain_label(sit or "", bold=True)
        hl.addWidget(self.situation_label)  # parented first: a parentless label shown would be a window
        self.situation_label.setVisible(bool(sit))

        s = self.summary
        grid = QGridLayout()
        grid.setHorizontalSpacing(SPACE["s"])
        grid.setVerticalSpacing(SPACE["s"])
        grid.setColumnStretch(2, 1)
        dark = is_dark(self.palette())
        self.summary_labels: dict[str, QLabel] = {}
        r = 0
        for key, hi in (("strongest", s.strongest), ("weakest", s.weakest)):
            if hi is None:
                continue
            grid.addWidget(_dot(competency_colour(hi.comp, dark)), r, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(plain_label(f"{key.capitalize()}: {hi.name} {hi.score}", bold=True, wrap=False), r, 1,
                           Qt.AlignmentFlag.AlignTop)
            lab = plain_label(hi.sentence)
            self.summary_labels[key] = lab
            grid.addWidget(lab, r, 2)
            r += 1
        grid.addWidget(_dot(self.palette().color(self.palette().ColorRole.Highlight).name()), r, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(plain_label("The move to remember", bold=True, wrap=False), r, 1, Qt.AlignmentFlag.AlignTop)
        self.remember_label = plain_label(s.remember)
        grid.addWidget(self.remember_label, r, 2)
        hl.addLayout(grid)
        self.deserved_label = plain_label(s.deserved, role="muted")
        hl.addWidget(self.deserved_label)
        head.setAccessibleName(f"Result: {card_.ending_title or 'no ending'}, total {self.total_label.text()}, "
                               f"{self.passed_label.text()}. {s.remember}")
        return head

    def _score_card(self, scenario, card_) -> QFrame:
        sc_card, sl = card()
        sl.addWidget(plain_label("Score card", bold=True, scale=TYPE["subtitle"]))
        from simulator.ui.widgets.charts import ScoreBars

        rows = [(k, component_name(scenario, k), v, w) for k, v, w in card_.components]
        self.chart = ScoreBars(rows, card_.pass_score, self)
        sl.addWidget(self.chart)
        total_row = QHBoxLayout()
        total_row.addWidget(plain_label("Total (weighted mean of the scored components)", bold=True), 1)
        total_row.addWidget(plain_label("—" if card_.total is None else score_text(card_.total), bold=True, wrap=False))
        sl.addLayout(total_row)
        if any(v is None for _k, v, _w in card_.components):
            sl.addWidget(plain_label("n/a: this run gave no chance to earn or lose points there, so it does not count.",
                                     role="muted", scale=TYPE["caption"]))
        self.calibration_label = plain_label(self.summary.calibration or "", role="muted")
        sl.addWidget(self.calibration_label)
        self.calibration_label.setVisible(bool(self.summary.calibration))
        return sc_card

    @staticmethod
    def _said_before(session) -> list[list]:
        if session is None:
            return []
        out, at = [], 0
        for d in session.decisions:
            out.append(session.transcript[at:d.lines_before])
            at = d.lines_before
        return out

    def _review(self, scenario, d, i: int, n: int, lines, sit_title) -> QFrame:
        mark, words, role = verdict_words(d)
        frame = QFrame()
        frame.setObjectName(FRAME_FOR[role])
        lay = QVBoxLayout(frame)
        lay.setContentsMargins(SPACE["l"], SPACE["s"] + 2, SPACE["m"] + 2, SPACE["m"])
        lay.setSpacing(SPACE["xs"] + 2)
        head = QHBoxLayout()
        kind = " · private thought" if d.kind == "diagnose" else ""
        head.addWidget(plain_label(f"Decision {i} of {n}{kind}", bold=True, scale=1.05), 1)
        verdict = plain_label(f"{mark} {words}", role=role if role != "muted" else "muted", wrap=True)
        verdict.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        verdict.setObjectName(role if role != "muted" else "muted")
        frame.verdict_label = verdict
        head.addWidget(verdict, 1)
        lay.addLayout(head)
        who = None
        if lines:
            lay.addWidget(plain_label("What was said", role="muted", bold=True, scale=TYPE["caption"]))
            for ln in lines:
                lay.addWidget(plain_label(f"{ln.speaker}: {ln.text.strip()}" if ln.speaker else ln.text.strip()))
                who = ln.speaker or who
        if d.prompt:
            lay.addWidget(plain_label(f"You were thinking: {d.prompt}", role="muted"))
        shown = state_words(scenario, d.state)
        if shown:
            visible = [t for t, hidden in shown if not hidden]
            hidden = [t for t, hidden in shown if hidden]
            if visible:
                lay.addWidget(plain_label("What you could see: " + "   ·   ".join(visible), role="muted"))
            if hidden:
                lay.addWidget(plain_label("Hidden from you (revealed now): " + "   ·   ".join(hidden), role="muted"))
        lay.addWidget(plain_label("Your move", role="muted", bold=True, scale=TYPE["caption"]))
        lay.addWidget(plain_label(quote(d.option_text)))
        ev = plain_label(f"Evidence: {points_text(scenario, d.evidence)}", bold=True)
        lay.addWidget(ev)
        verdict_kind = verdict_of(d)
        if verdict_kind == "best" and any(v < 0 for v in d.evidence.values()):
            lay.addWidget(plain_label("A best move for where it leads, though it cost the points above.", role="muted"))
        if d.note:
            lay.addWidget(plain_label(d.note.strip()))
        if verdict_kind == "costly":
            best = best_alternatives(d)
            if best:
                lay.addWidget(plain_label("Best move here" if len(best) == 1 else "Best moves here", role="muted", bold=True,
                                          scale=TYPE["caption"]))
                for a in best:
                    lay.addWidget(plain_label(quote(a.text)))
                    lay.addWidget(plain_label(f"Would have earned: {points_text(scenario, a.evidence)}"
                                              + (f" — {a.note.strip()}" if a.note else ""), role="muted"))
        differs = hidden_differs_sentence(d, sit_title, who)
        if differs:
            frame.differs_label = plain_label(differs, bold=True)
            lay.addWidget(frame.differs_label)
        if d.confidence is not None:
            lay.addWidget(plain_label(f"You were {d.confidence} % sure.", role="muted"))
        frame.setAccessibleName(f"Decision {i}: {words}: {d.option_text}")
        return frame

    def focus_default(self) -> None:
        self.back_button.setFocus()
