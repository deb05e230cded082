"""Progress: each competency across attempts, first vs best per scenario, and a history whose rows
open the attempt's debrief (read-only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from simulator.ui.ops import run_op
from simulator.ui.theme import SPACE, TYPE, colours
from simulator.ui.widgets.layout import button, card, scroll_page
from simulator.ui.widgets.text import plain_label

COMPONENT_NAMES = {"judgment": "Judgment", "outcome": "Outcome", "calibration": "Calibration"}
TREND_ORDER = ("judgment", "insight", "discovery", "tailoring", "control")
UUID_ROLE = Qt.ItemDataRole.UserRole + 3
SPARK_ROLE = Qt.ItemDataRole.UserRole + 2


def when(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        t = datetime.fromisoformat(iso.replace("Z", "+00:00"))
        if t.tzinfo is None:
            t = t.replace(tzinfo=timezone.utc)
        return t.astimezone().strftime("%d %b %Y %H:%M")
    except ValueError:
        return iso


@dataclass(frozen=True)
class PastDebrief:
    """What the debrief screen needs to show a finished attempt again."""

    scenario: object
    card: object
    session: object
    when: str
    uuid: str = ""  # the attempt (coaching: its reflection and the coach's comments)


def rebuild_debrief(scenario, row, decisions: list[dict]) -> PastDebrief:
    """Replay a stored attempt on its scenario (same seed, same moves) and score it again.

    Raises ValueError with a sentence for the rep when the scenario changed since."""
    from simulator.engine import Session
    from simulator.scoring import score_session

    if scenario is None:
        raise ValueError("The scenario of this attempt is no longer in your library, so its debrief cannot be shown.")
    if scenario.content_hash != row.scenario_hash:
        raise ValueError(f"“{scenario.title}” has changed since this attempt, so its debrief cannot be rebuilt. "
                         "Its scores are still in the table.")
    session = Session(scenario, row.seed)
    session.start()
    for d in decisions:
        if session.finished:
            break
        session.choose(d["option"])
        if d.get("confidence") is not None and scenario.ask_confidence:
            session.set_confidence(int(d["confidence"]))
    return PastDebrief(scenario, score_session(session), session, when(row.finished or row.started), row.uuid)


def _item(text: str, sort=None, align_right: bool = False) -> QStandardItem:
    it = QStandardItem(text)
    it.setEditable(False)
    if sort is not None:
        it.setData(sort, Qt.ItemDataRole.UserRole + 1)
    if align_right:
        it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return it


def _fit(view: QTableView, stretch: int, max_rows: int = 12) -> None:
    """Scenario titles get the spare width; the table is as tall as its rows (up to ``max_rows``)."""
    header = view.horizontalHeader()
    for i in range(view.model().columnCount()):
        header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch if i == stretch else QHeaderView.ResizeMode.ResizeToContents)
    view.resizeRowsToContents()
    n = view.model().rowCount()
    rows_h = sum(view.rowHeight(i) for i in range(min(n, max_rows))) or view.verticalHeader().defaultSectionSize()
    head_h = max(header.height(), header.sizeHint().height())
    view.setFixedHeight(head_h + rows_h + 2 * view.frameWidth() + 2)


def _table(name: str, headers: list[str]) -> tuple[QTableView, QStandardItemModel]:
    model = QStandardItemModel(0, len(headers))
    model.setHorizontalHeaderLabels(headers)
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(False)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)
    view.setCornerButtonEnabled(False)
    from PySide6.QtWidgets import QAbstractButton

    for b in view.findChildren(QAbstractButton):  # the corner "select all" button
        b.setAccessibleName("Select all rows")
    return view, model


class SparklineDelegate(QStyledItemDelegate):
    def paint(self, painter, option, index):  # noqa: D401
        super().paint(painter, option, index)
        values = index.data(SPARK_ROLE) or []
        c = colours(option.palette)
        from simulator.ui.widgets.charts import paint_sparkline

        paint_sparkline(painter, QRectF(option.rect), list(values), QColor(c["accent"]), QColor(c["muted"]))

    def sizeHint(self, option, index):  # noqa: N802
        s = super().sizeHint(option, index)
        s.setWidth(max(s.width(), 110))
        return s


class ProgressScreen(QWidget):
    back = Signal()
    loaded = Signal()
    open_debrief = Signal(object)  # PastDebrief
    debrief_failed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Progress")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        bar = QWidget()
        bl = QHBoxLayout(bar)
        bl.setContentsMargins(SPACE["l"], SPACE["m"], SPACE["l"], SPACE["xs"])
        self.heading = plain_label("Your progress", scale=TYPE["headline"], bold=True)
        bl.addWidget(self.heading, 1)
        self.back_button = button("Back to library", "Back to the library (Escape)")
        self.back_button.clicked.connect(self.back.emit)
        bl.addWidget(self.back_button)
        from simulator.ui.widgets.layout import capped_header

        outer.addWidget(capped_header(self, 1100, bar))  # lined up with the column below
        area, col = scroll_page(self, 1100)
        outer.addWidget(area, 1)
        self.summary = plain_label("", role="muted")
        col.addWidget(self.summary)
        from simulator.ui.coach.rep_side import CoachingCard

        self.coaching = CoachingCard()  # the coach's focus and its trend; reflections to edit
        col.addWidget(self.coaching)

        trend_card, self.trend_layout = card()
        self.trend_layout.addWidget(plain_label("Each skill, attempt by attempt", bold=True, scale=TYPE["subtitle"]))
        self.trend_hint = plain_label("Dots are your completed attempts in the order you made them; a line joins "
                                      "attempts at the same scenario.", role="muted", scale=TYPE["caption"])
        self.trend_layout.addWidget(self.trend_hint)
        self.trend_empty = plain_label("Finish a scenario to see how each skill develops.", role="muted")
        self.trend_layout.addWidget(self.trend_empty)
        self.trend_host = QWidget()
        self.trend_grid = QGridLayout(self.trend_host)
        self.trend_grid.setContentsMargins(0, 0, 0, 0)
        self.trend_grid.setSpacing(SPACE["l"])
        self.trend_layout.addWidget(self.trend_host)
        self.chart = None  # the trend host once it has panels
        self.panels: list = []
        col.addWidget(trend_card)

        fb_card, fl = card()
        fl.addWidget(plain_label("First attempt vs best, per scenario", bold=True, scale=TYPE["subtitle"]))
        self.first_best, self.first_best_model = _table("First versus best per scenario",
                                                        ["Scenario", "Attempts", "First", "Best", "Latest", "Passed", "Totals"])
        self.first_best.setItemDelegateForColumn(6, SparklineDelegate(self.first_best))
        fl.addWidget(self.first_best)
        col.addWidget(fb_card)

        hist_card, hl = card()
        hl.addWidget(plain_label("History", bold=True, scale=TYPE["subtitle"]))
        self.history_hint = plain_label("Double-click an attempt, or select it and press Enter, to read its debrief again.",
                                        role="muted", scale=TYPE["caption"])
        hl.addWidget(self.history_hint)
        self.history, self.history_model = _table("Attempt history (Enter opens the debrief)",
                                                  ["When", "Scenario", "Status", "Ending", "Total", "Passed"])
        self.history.activated.connect(self._activated)
        hl.addWidget(self.history)
        self.history_problem = plain_label("", role="bad")
        self.history_problem.hide()
        hl.addWidget(self.history_problem)
        col.addWidget(hist_card)
        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        esc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        esc.activated.connect(self.back.emit)
        self.titles: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.scenarios: dict[str, object] = {}
        self.rows: list = []

    def load(self, profile, scenarios) -> None:
        self.heading.setText(f"Your progress — {profile.name}")
        self.scenarios = {s.id: s for s in scenarios}
        self.titles = {s.id: s.title for s in scenarios}
        self.labels = dict(COMPONENT_NAMES)
        for s in scenarios:
            for c in s.competencies:
                self.labels.setdefault(c, s.label(c))
        self.history_problem.hide()
        self.coaching.load(profile, self.titles)
        run_op(self, lambda store: store.history(profile), self._show)

    def _ending_title(self, row) -> str:
        sc = self.scenarios.get(row.scenario_id)
        endings = getattr(sc, "endings", {}) or {}
        if row.ending and row.ending in endings and sc.content_hash == row.scenario_hash:
            return endings[row.ending].title
        if row.ending and row.ending in endings:
            return endings[row.ending].title
        return "" if not row.ending else "An ending of an earlier version"

    def _show(self, history) -> None:
        self.rows = list(history)
        completed = [h for h in history if h.status == "completed"]
        in_order = sorted(completed, key=lambda h: (h.finished or h.started or ""))
        passed = sum(1 for h in completed if h.passed)
        scenarios_done = {h.scenario_id for h in completed}
        self.summary.setText(
            f"{len(completed)} completed attempt{'s' if len(completed) != 1 else ''} on {len(scenarios_done)} "
            f"scenario{'s' if len(scenarios_done) != 1 else ''}; {passed} passed." if history else
            "No attempts yet. Pick a scenario in the library to start.")
        m = self.history_model
        m.removeRows(0, m.rowCount())
        for h in history:
            status = {"completed": "Completed", "in-progress": "Interrupted", "abandoned": "Abandoned"}.get(h.status, h.status)
            items = [
                _item(when(h.finished or h.started)),
                _item(self.titles.get(h.scenario_id, h.title or h.scenario_id)),
                _item(status),
                _item(self._ending_title(h)),
                _item("" if h.total is None else f"{h.total:.0f}", align_right=True),
                _item("" if h.passed is None else ("Yes" if h.passed else "No")),
            ]
            items[0].setData(h.uuid, UUID_ROLE)
            m.appendRow(items)
        self._first_best(in_order)
        _fit(self.history, 1)
        _fit(self.first_best, 0)
        self._trend(in_order)
        if self.isVisible() and self.focusWidget() in (None, self.back_button):
            self.focus_default()
        self.loaded.emit()

    def _first_best(self, in_order) -> None:
        per: dict[str, list] = {}
        for h in in_order:
            per.setdefault(h.scenario_id, []).append(h)
        f = self.first_best_model
        f.removeRows(0, f.rowCount())
        fmt = lambda x: "" if x is None else f"{x:.0f}"  # noqa: E731
        for sid, rows in sorted(per.items(), key=lambda kv: self.titles.get(kv[0], kv[0]).lower()):
            totals = [r.total for r in rows if r.total is not None]
            spark = _item("")
            spark.setData(totals, SPARK_ROLE)
            spark.setData("Totals in order: " + ", ".join(f"{t:.0f}" for t in totals), Qt.ItemDataRole.AccessibleTextRole)
            spark.setToolTip(", ".join(f"{t:.0f}" for t in totals))
            f.appendRow([_item(self.titles.get(sid, rows[0].title or sid)), _item(str(len(rows)), align_right=True),
                         _item(fmt(rows[0].total), align_right=True), _item(fmt(max(totals, default=None)), align_right=True),
                         _item(fmt(rows[-1].total), align_right=True),
                         _item("Yes" if any(r.passed for r in rows) else "No"), spark])

    def _trend(self, in_order) -> None:
        from simulator.ui.widgets.charts import TrendPanel

        for p in self.panels:
            self.trend_grid.removeWidget(p)
            p.deleteLater()
        self.panels = []
        series: dict[str, list] = {}
        for k, h in enumerate(in_order, start=1):
            for comp, v in (h.scores or {}).items():
                if v is not None and comp not in ("outcome", "calibration"):
                    series.setdefault(comp, []).append((k, h.scenario_id, float(v)))
        order = [c for c in TREND_ORDER if c in series] + sorted(c for c in series if c not in TREND_ORDER)
        for comp in order:
            self.panels.append(TrendPanel(comp, self.labels.get(comp, comp.capitalize()), series[comp], len(in_order)))
        self._columns = 0
        self._place_panels()
        self.trend_empty.setVisible(not order)
        self.trend_hint.setVisible(bool(order))
        self.trend_host.setVisible(bool(order))
        self.chart = self.trend_host if order else None

    def _place_panels(self) -> None:
        """As many panels per row as fit (three at most), so nothing runs off a narrow window."""
        width = self.trend_host.width() if self.trend_host.width() > 50 else self.width() - 80
        columns = max(1, min(3, len(self.panels) or 1, width // 250))
        if columns == getattr(self, "_columns", 0):
            return
        self._columns = columns
        for p in self.panels:
            self.trend_grid.removeWidget(p)
        for i, p in enumerate(self.panels):
            self.trend_grid.addWidget(p, i // columns, i % columns)
        for c in range(3):
            self.trend_grid.setColumnStretch(c, 1 if c < columns else 0)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.panels:
            self._place_panels()

    # -- a past debrief ----------------------------------------------------------------------------

    def _activated(self, index) -> None:
        uuid = self.history_model.item(index.row(), 0).data(UUID_ROLE)
        self.open_attempt(uuid)

    def open_attempt(self, uuid: str) -> None:
        row = next((r for r in self.rows if r.uuid == uuid), None)
        if row is None:
            return
        if row.status != "completed":
            self._problem("Only finished attempts have a debrief. Resume an interrupted one from the library.")
            return
        scenario = self.scenarios.get(row.scenario_id)

        def work(store):  # on the writer thread: the replay and its scoring may search the scenario
            return rebuild_debrief(scenario, row, store.decisions(uuid))

        def done(past) -> None:
            self.history_problem.hide()
            self.open_debrief.emit(past)

        def failed(exc) -> None:
            if isinstance(exc, ValueError):
                self._problem(str(exc))
            else:  # a scenario that no longer replays: say so, never a traceback
                self._problem(f"This attempt's debrief cannot be rebuilt ({exc}). Its scores are still in the table.")

        run_op(self, work, done, failed)

    def _problem(self, text: str) -> None:
        self.history_problem.setText(text)
        self.history_problem.show()
        self.debrief_failed.emit(text)

    def focus_default(self) -> None:
        if self.history_model.rowCount():
            self.history.setFocus()
            if not self.history.currentIndex().isValid():
                self.history.setCurrentIndex(self.history_model.index(0, 0))
        else:
            self.back_button.setFocus()
