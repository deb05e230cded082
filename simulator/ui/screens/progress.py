"""Progress: history, a per-competency trend over time, first vs best per scenario."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QHBoxLayout, QTableView, QVBoxLayout, QWidget

from simulator.ui.ops import run_op
from simulator.ui.widgets.layout import button, card, scroll_page
from simulator.ui.widgets.text import plain_label

COMPONENT_NAMES = {"judgment": "Judgment", "outcome": "Outcome", "calibration": "Calibration"}


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


def _msecs(iso: str) -> float | None:
    try:
        t = datetime.fromisoformat(iso.replace("Z", "+00:00"))
        if t.tzinfo is None:
            t = t.replace(tzinfo=timezone.utc)
        return t.timestamp() * 1000
    except (ValueError, AttributeError):
        return None


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
    rows = min(max(view.model().rowCount(), 1), max_rows)
    row_h = view.verticalHeader().defaultSectionSize()
    view.setFixedHeight(header.height() + rows * row_h + 2 * view.frameWidth() + 2)


def _table(name: str, headers: list[str]) -> tuple[QTableView, QStandardItemModel]:
    model = QStandardItemModel(0, len(headers))
    model.setHorizontalHeaderLabels(headers)
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
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


class ProgressScreen(QWidget):
    back = Signal()
    loaded = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Progress")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        bar = QWidget()
        bl = QHBoxLayout(bar)
        bl.setContentsMargins(16, 12, 16, 4)
        self.heading = plain_label("Your progress", scale=1.5, bold=True)
        bl.addWidget(self.heading, 1)
        self.back_button = button("Back to library", "Back to the library (Escape)")
        self.back_button.clicked.connect(self.back.emit)
        bl.addWidget(self.back_button)
        outer.addWidget(bar)
        area, col = scroll_page(self, 1100)
        outer.addWidget(area, 1)
        self.summary = plain_label("", role="muted")
        col.addWidget(self.summary)

        trend_card, self.trend_layout = card()
        self.trend_layout.addWidget(plain_label("Competencies over time", bold=True, scale=1.15))
        self.trend_empty = plain_label("Finish a scenario to see your trend.", role="muted")
        self.trend_layout.addWidget(self.trend_empty)
        self.chart = None
        col.addWidget(trend_card)

        fb_card, fl = card()
        fl.addWidget(plain_label("First attempt vs best, per scenario", bold=True, scale=1.15))
        self.first_best, self.first_best_model = _table("First versus best per scenario",
                                                        ["Scenario", "Attempts", "First", "Best", "Latest", "Passed"])
        fl.addWidget(self.first_best)
        col.addWidget(fb_card)

        hist_card, hl = card()
        hl.addWidget(plain_label("History", bold=True, scale=1.15))
        self.history, self.history_model = _table("Attempt history",
                                                  ["When", "Scenario", "Status", "Ending", "Total", "Passed"])
        self.history.setSortingEnabled(True)
        hl.addWidget(self.history)
        col.addWidget(hist_card)
        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        esc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        esc.activated.connect(self.back.emit)
        self.titles: dict[str, str] = {}
        self.labels: dict[str, str] = {}

    def load(self, profile, scenarios) -> None:
        self.heading.setText(f"Your progress — {profile.name}")
        self.titles = {s.id: s.title for s in scenarios}
        self.labels = dict(COMPONENT_NAMES)
        for s in scenarios:
            for c in s.competencies:
                self.labels.setdefault(c, s.label(c))

        def query(store):
            return store.history(profile), store.scenario_progress(profile), store.competency_trend(profile)

        run_op(self, query, self._show)

    def _show(self, result) -> None:
        history, progress, trend = result
        completed = [h for h in history if h.status == "completed"]
        passed = sum(1 for h in completed if h.passed)
        self.summary.setText(
            f"{len(completed)} completed attempt{'s' if len(completed) != 1 else ''} on {len(progress)} "
            f"scenario{'s' if len(progress) != 1 else ''}; {passed} passed." if history else
            "No attempts yet. Pick a scenario in the library to start.")
        m = self.history_model
        m.removeRows(0, m.rowCount())
        for h in history:
            status = {"completed": "Completed", "in-progress": "Interrupted", "abandoned": "Abandoned"}.get(h.status, h.status)
            m.appendRow([
                _item(when(h.finished or h.started)),
                _item(self.titles.get(h.scenario_id, h.title or h.scenario_id)),
                _item(status),
                _item(h.ending or ""),
                _item("" if h.total is None else f"{h.total:.0f}", align_right=True),
                _item("" if h.passed is None else ("Yes" if h.passed else "No")),
            ])
        f = self.first_best_model
        f.removeRows(0, f.rowCount())
        for sid, p in sorted(progress.items(), key=lambda kv: self.titles.get(kv[0], kv[0]).lower()):
            fmt = lambda x: "" if x is None else f"{x:.0f}"  # noqa: E731
            f.appendRow([_item(self.titles.get(sid, sid)), _item(str(p.attempts), align_right=True),
                         _item(fmt(p.first), align_right=True), _item(fmt(p.best), align_right=True),
                         _item(fmt(p.latest), align_right=True), _item("Yes" if p.passed else "No")])
        _fit(self.history, 1)
        _fit(self.first_best, 0)
        data = {}
        for comp, pts in (trend or {}).items():
            xy = [(_msecs(t), v) for t, v in pts if v is not None and _msecs(t) is not None]
            if xy:
                data[self.labels.get(comp, comp.capitalize())] = xy
        if self.chart is not None:
            self.trend_layout.removeWidget(self.chart)
            self.chart.deleteLater()
            self.chart = None
        self.trend_empty.setVisible(not data)
        if data:
            try:
                from simulator.ui.widgets.charts import trend_chart

                self.chart = trend_chart(data, self)
                self.trend_layout.addWidget(self.chart)
            except ImportError:
                self.trend_empty.setText("Charts are not available in this build.")
                self.trend_empty.show()
        self.loaded.emit()

    def focus_default(self) -> None:
        self.back_button.setFocus()
