"""The coach window's Team insight tab: where the team loses deals, the heatmap of reps x components
(first attempts, latest beneath), and the item analysis per decision; "Save report…" writes HTML or CSV."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from simulator.ui.theme import TYPE
from simulator.ui.widgets.layout import button, card, scroll_page
from simulator.ui.widgets.text import plain_label


def _fmt(x, digits: int = 0) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def _label(c: str) -> str:
    return "Total" if c == "total" else c.replace("_", " ").replace("-", " ").capitalize()


def _table(name: str, headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setAccessibleName(name)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.verticalHeader().hide()
    t.setWordWrap(False)  # lines are explicit (one per option): rows as tall as their lines, at any width
    t.setTabKeyNavigation(False)
    return t


def _item(text: str, num: bool = False) -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    if num:
        it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return it


def _fit(t: QTableWidget, stretch: int | None = None, max_rows: int = 14) -> None:
    h = t.horizontalHeader()
    for i in range(t.columnCount()):
        h.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch if i == stretch else QHeaderView.ResizeMode.ResizeToContents)
    t.resizeRowsToContents()
    rows = sum(t.rowHeight(i) for i in range(min(t.rowCount(), max_rows))) or t.verticalHeader().defaultSectionSize()
    t.setFixedHeight(max(h.height(), h.sizeHint().height()) + rows + 2 * t.frameWidth() + 2)


class InsightView(QWidget):
    save_report = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Team insight")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        area, col = scroll_page(self, 1400)
        outer.addWidget(area, 1)
        head = QHBoxLayout()
        self.summary = plain_label("Open coaching files or leaderboard exports to see the team.", role="muted")
        head.addWidget(self.summary, 1)
        self.save_button = button("Save &report…", "Save the team report as HTML or CSV", primary=True)
        self.save_button.clicked.connect(self.save_report.emit)
        self.save_button.setEnabled(False)
        head.addWidget(self.save_button)
        col.addLayout(head)

        c1, l1 = card()
        l1.addWidget(plain_label("Where my team loses deals", bold=True, scale=TYPE["subtitle"]))
        l1.addWidget(plain_label("The decisions with the highest total regret across the team: outcome value given away by "
                                 "moves that were not the best available on what the rep could see.", role="muted",
                                 scale=TYPE["caption"]))
        self.losses = _table("Where my team loses deals",
                             ["#", "Scenario", "Decision", "Total regret", "Mean regret", "Costliest common mistake"])
        l1.addWidget(self.losses)
        col.addWidget(c1)

        c2, l2 = card()
        l2.addWidget(plain_label("Heatmap: reps × components", bold=True, scale=TYPE["subtitle"]))
        l2.addWidget(plain_label("Each cell: the mean first-attempt score over the rep's scenarios, and beneath it the "
                                 "latest attempts'. Red 0 — amber 50 — green 100.", role="muted", scale=TYPE["caption"]))
        self.heatmap = _table("Heatmap of reps by component", ["Rep"])
        l2.addWidget(self.heatmap)
        col.addWidget(c2)

        c4, l4 = card()
        l4.addWidget(plain_label("Each rep's trend", bold=True, scale=TYPE["subtitle"]))
        l4.addWidget(plain_label("Index: the leaderboard's first-attempt mean, shrunk toward the team's. Change: latest "
                                 "minus first, averaged over the scenarios the rep retried.", role="muted",
                                 scale=TYPE["caption"]))
        self.trends = _table("Each rep's trend", ["Rep", "Team", "Index", "Attempts", "Totals over time", "Change",
                                                  "Last activity"])
        l4.addWidget(self.trends)
        col.addWidget(c4)

        c3, l3 = card()
        l3.addWidget(plain_label("Item analysis per decision", bold=True, scale=TYPE["subtitle"]))
        l3.addWidget(plain_label("Over each rep's first attempt. r: how well making a best move here separates stronger "
                                 "reps (by index) from weaker ones — near 1 separates, near 0 does not, n/a when everyone "
                                 "or no one got it right.", role="muted", scale=TYPE["caption"]))
        self.items = _table("Item analysis per decision",
                            ["Scenario", "Decision", "Reps", "Share choosing each option", "Mean regret",
                             "Costliest common mistake", "r"])
        l3.addWidget(self.items)
        col.addWidget(c3)
        col.addStretch(1)
        self.insight = None

    def show_insight(self, ins, files: int) -> None:
        from simulator.coaching.report_html import heat_colour

        self.insight = ins
        self.save_button.setEnabled(bool(ins.reps))
        self.summary.setText(f"{len(ins.reps)} rep(s) from {files} file(s); item analysis over {ins.analysed} first "
                             f"attempt(s) replayed here" + (f" ({ins.not_analysed} could not be replayed)" if ins.not_analysed else "")
                             + ".")
        t = self.losses
        t.setRowCount(0)
        for i, it in enumerate(ins.losses, 1):
            r = t.rowCount()
            t.insertRow(r)
            for c, (text, num) in enumerate(((str(i), True), (it.title, False), (f"{it.node}: {it.prompt}" if it.prompt else it.node, False),
                                             (f"{it.total_regret:.0f}", True), (f"{it.mean_regret:.1f}", True),
                                             (it.costliest.text if it.costliest else "—", False))):
                t.setItem(r, c, _item(text, num))
        _fit(t, 5)
        cols = [*ins.components, "total"]
        h = self.heatmap
        h.setColumnCount(len(cols) + 1)
        h.setHorizontalHeaderLabels(["Rep", *[_label(c) for c in cols]])
        h.setRowCount(0)
        for rep in ins.reps:
            r = h.rowCount()
            h.insertRow(r)
            h.setItem(r, 0, _item(rep.name + (f"\n{rep.team}" if rep.team else "")))
            for c, comp in enumerate(cols, 1):
                cell = rep.cells.get(comp)
                first, latest = (cell.first, cell.latest) if cell else (None, None)
                it = _item(f"{_fmt(first)}\nlatest {_fmt(latest)}", True)
                it.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                it.setBackground(QBrush(QColor(heat_colour(first))))
                it.setForeground(QBrush(QColor("#1b1b1b")))
                it.setToolTip(f"{rep.name}, {_label(comp)}: first attempts {_fmt(first, 1)}, latest {_fmt(latest, 1)}")
                h.setItem(r, c, it)
        for c in range(1, h.columnCount()):
            h.setColumnWidth(c, 96)
        _fit(h, None, max_rows=60)
        for c in range(1, h.columnCount()):
            h.horizontalHeader().setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
            h.setColumnWidth(c, 96)
        t = self.trends
        t.setRowCount(0)
        for rep in ins.reps:
            r = t.rowCount()
            t.insertRow(r)
            totals = [v for _w, v in rep.totals]
            shown = " → ".join(f"{v:.0f}" for v in totals[-10:])
            if len(totals) > 10:
                shown = "… " + shown
            for c, (text, num) in enumerate(((rep.name, False), (rep.team, False), (_fmt(rep.index, 1), True),
                                             (str(rep.attempts), True), (shown, False),
                                             ("n/a" if rep.change is None else f"{rep.change:+.1f}", True),
                                             (rep.latest[:16].replace("T", " "), False))):
                t.setItem(r, c, _item(text, num))
        _fit(t, 4, max_rows=60)
        t = self.items
        t.setRowCount(0)
        for it in ins.items:
            r = t.rowCount()
            t.insertRow(r)
            shares = "\n".join(f"{o.share * 100:.0f}%  {o.text}{'' if o.best else '  ✗ not a best move'}" for o in it.options)
            cost = (f"{it.costliest.text} ({it.costliest.count}×, {it.costliest_total:.0f} lost in total)"
                    if it.costliest else "—")
            for c, (text, num) in enumerate(((it.title, False), (it.node, False), (str(it.reps), True), (shares, False),
                                             (f"{it.mean_regret:.1f}", True), (cost, False), (_fmt(it.r_pb, 2), True))):
                t.setItem(r, c, _item(text, num))
        _fit(t, 3, max_rows=40)
