"""Path explorer: the ``paths`` report, and distinct complete paths played back step by step."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QListWidget, QListWidgetItem, QPushButton, QSplitter,
    QTableWidget, QTableWidgetItem, QTextBrowser, QVBoxLayout, QWidget,
)

from simulator.analysis import PathsReport, PlayedPath
from simulator.graph import OUTCOME_COLOURS
from simulator.loader import Scenario

KEEP_PATHS = 500  # distinct paths listed at most


def _e(x) -> str:
    return html.escape(str(x), quote=True)


def _n(x) -> str:
    return "—" if x is None else f"{x:.0f}"


def _item(text: str, align_right: bool = False) -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    it.setFlags(it.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if align_right:
        it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return it


class PathsPanel(QWidget):
    show_path = Signal(list)  # node ids, to overlay on the map
    node_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pathsPanel")
        self.scenario: Scenario | None = None
        self.report: PathsReport | None = None
        self.path: PlayedPath | None = None
        self.step_index = 0

        self.summary = QLabel("")
        self.summary.setObjectName("pathsSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)

        self.ranges = QTableWidget(0, 3)
        self.ranges.setObjectName("ranges")
        self.ranges.setHorizontalHeaderLabels(["Score", "Lowest", "Highest"])
        self.ranges.verticalHeader().setVisible(False)
        self.ranges.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.ranges.horizontalHeader().setStretchLastSection(False)
        self.ranges.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.endings = QTableWidget(0, 3)
        self.endings.setObjectName("endings")
        self.endings.setHorizontalHeaderLabels(["Ending", "Outcome", "Reachable"])
        self.endings.verticalHeader().setVisible(False)
        self.endings.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.endings.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel("<b>Score ranges</b> (over every complete path)"))
        ll.addWidget(self.ranges, 3)
        ll.addWidget(QLabel("<b>Endings</b>"))
        ll.addWidget(self.endings, 2)

        self.paths = QTableWidget(0, 5)
        self.paths.setObjectName("pathList")
        self.paths.setHorizontalHeaderLabels(["#", "Ending", "Total", "Chance", "Choices"])
        self.paths.verticalHeader().setVisible(False)
        self.paths.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.paths.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.paths.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.paths.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.paths.setWordWrap(False)
        self.paths.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.paths.itemSelectionChanged.connect(self._path_selected)
        self.paths_label = QLabel("<b>Distinct paths</b>")
        from PySide6.QtWidgets import QComboBox

        self.situation_combo = QComboBox()
        self.situation_combo.setObjectName("pathsSituation")
        self.situation_combo.setAccessibleName("Situation")
        self.situation_combo.setToolTip("Format 2: the paths of one hidden situation, or of all")
        self.situation_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.situation_combo.setMinimumContentsLength(14)
        self.situation_combo.currentIndexChanged.connect(self._fill_paths)
        self.situation_info = QLabel("")
        self.situation_info.setObjectName("situationInfo")
        self.situation_info.setTextFormat(Qt.TextFormat.PlainText)
        self.situation_info.setWordWrap(True)
        self._shown: list[int] = []  # row -> index in report.paths

        self.steps = QListWidget()
        self.steps.setObjectName("pathSteps")
        self.steps.currentRowChanged.connect(self._step_changed)
        self.step_text = QTextBrowser()
        self.step_text.setObjectName("stepText")
        self.step_text.setOpenLinks(False)
        self.prev_button = QPushButton("◀ Previous step")
        self.next_button = QPushButton("Next step ▶")
        self.map_button = QPushButton("Show on map")
        self.prev_button.clicked.connect(lambda: self.go(self.step_index - 1))
        self.next_button.clicked.connect(lambda: self.go(self.step_index + 1))
        self.map_button.clicked.connect(self._show_on_map)
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        nav.addStretch(1)
        nav.addWidget(self.map_button)
        play = QWidget()
        pl = QVBoxLayout(play)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(QLabel("<b>Play back</b> the selected path"))
        pl.addLayout(nav)
        inner = QSplitter(Qt.Orientation.Horizontal)
        inner.addWidget(self.steps)
        inner.addWidget(self.step_text)
        inner.setSizes([250, 390])
        pl.addWidget(inner, 1)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.paths_label, 1)
        self.situation_label = QLabel("Situation")
        head.addWidget(self.situation_label)
        head.addWidget(self.situation_combo)
        rl.addLayout(head)
        rl.addWidget(self.situation_info)
        rl.addWidget(self.paths, 2)
        rl.addWidget(play, 3)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([270, 730])
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(split, 1)
        self.set_report(None, None)

    # -- data ----------------------------------------------------------------------

    def set_busy(self, scenario: Scenario | None) -> None:
        self.summary.setText("<i>Exploring every path…</i>" if scenario is not None else "")

    def set_error(self, message: str) -> None:
        self.summary.setText(f"<span style='color:#c62828'>{_e(message)}</span>")

    def set_report(self, sc: Scenario | None, report: PathsReport | None) -> None:
        self.scenario, self.report = sc, report
        self.ranges.setRowCount(0)
        self.endings.setRowCount(0)
        self.paths.setRowCount(0)
        self.steps.clear()
        self.path = None
        self.step_text.setHtml("")
        self._nav()
        if sc is None or report is None:
            self.summary.setText("<span style='color:#666'>Open a scenario that loads without errors to explore its paths.</span>")
            return
        share = "—" if report.multi_best_share is None else f"{report.multi_best_share:.0%}"
        explored = f"{report.paths_explored:,}" + ("" if report.exhaustive else "+ (capped: not every path was explored)")
        total = "—" if report.total_range is None else f"{report.total_range[0]:.0f} to {report.total_range[1]:.0f}"
        reached = sum(1 for v in report.endings.values() if v)
        self.summary.setText(
            f"<b>{_e(sc.title)}</b>: best achievable outcome <b>{report.best_value:.0f}</b>; total score {total} "
            f"(pass {sc.pass_score:g}); <b>{report.passing_paths:,}</b> of {explored} complete paths pass; "
            f"{reached} of {len(report.endings)} endings reachable; "
            f"<b>{share}</b> of the {report.decisions_with_stakes} decisions with stakes have several best moves"
            f"{' (below 40%: the scenario rewards one script)' if report.multi_best_share is not None and report.multi_best_share < 0.4 else ''}."
        )
        rows = [(("Total" if k == "total" else sc.label(k)), v) for k, v in [("total", report.total_range), *report.component_ranges.items()]]
        self.ranges.setRowCount(len(rows))
        for i, (name, rng) in enumerate(rows):
            self.ranges.setItem(i, 0, _item(name))
            self.ranges.setItem(i, 1, _item(_n(rng[0]) if rng else "n/a", True))
            self.ranges.setItem(i, 2, _item(_n(rng[1]) if rng else "n/a", True))
        self.endings.setRowCount(len(report.endings))
        for i, (eid, ok) in enumerate(report.endings.items()):
            e = sc.endings[eid]
            self.endings.setItem(i, 0, _item(f"{e.title} ({eid})"))
            out = _item(e.outcome)
            fill, border = OUTCOME_COLOURS.get(e.outcome, ("#fff", "#333"))
            out.setBackground(QBrush(QColor(fill)))
            out.setForeground(QBrush(QColor(border)))
            self.endings.setItem(i, 1, out)
            r = _item("yes" if ok else "never")
            if not ok:
                r.setForeground(QBrush(QColor("#c62828")))
            self.endings.setItem(i, 2, r)
        self.endings.resizeColumnsToContents()
        self.endings.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        situations = list(getattr(report, "situations", None) or [])
        previous = self.situation_combo.currentData()
        self.situation_combo.blockSignals(True)
        self.situation_combo.clear()
        self.situation_combo.addItem("All situations", "__all__")
        for row in situations:
            if row.get("id"):
                self.situation_combo.addItem(" ".join(str(row.get("title") or row["id"]).split()), row["id"])
        i = self.situation_combo.findData(previous)
        self.situation_combo.setCurrentIndex(max(0, i))
        self.situation_combo.blockSignals(False)
        has = self.situation_combo.count() > 1
        self.situation_combo.setVisible(has)
        self.situation_label.setVisible(has)
        self._fill_paths()

    def _situation_words(self, row: dict) -> str:
        weight = sum(float(r.get("weight") or 0) for r in (self.report.situations or [])) or 1.0
        share = float(row.get("weight") or 0) / weight
        known, policy = row.get("best_value_known"), row.get("policy_value")
        bits = [f"Drawn in {share:.0%} of attempts."]
        if known is not None:
            bits.append(f"Best outcome had the rep known it: {known:.0f}.")
        if policy is not None:
            bits.append(f"Best play on what the rep can see reaches {policy:.0f} here.")
        if row.get("best_path"):
            bits.append("Its best path: " + " → ".join(row["best_path"]) + ".")
        return " ".join(bits)

    def _fill_paths(self, _=None) -> None:
        """The paths table for the chosen situation (all of them by default)."""
        report, sc = self.report, self.scenario
        self.paths.setRowCount(0)
        if report is None or sc is None:
            return
        chosen = self.situation_combo.currentData() if self.situation_combo.count() > 1 else "__all__"
        row = next((r for r in (getattr(report, "situations", None) or []) if r.get("id") == chosen), None)
        self.situation_info.setText(self._situation_words(row) if row is not None else "")
        self.situation_info.setVisible(row is not None)
        self._shown = [i for i, p in enumerate(report.paths)
                       if chosen in (None, "__all__") or getattr(p, "situation", None) == chosen]
        listed = [report.paths[i] for i in self._shown]
        more = report.paths_explored - len(report.paths)
        self.paths_label.setText(f"<b>Distinct paths</b> — {len(listed):,} listed" + (f" of {report.paths_explored:,}{'+' if not report.exhaustive else ''}" if more > 0 else ""))
        self.paths.setRowCount(len(listed))
        for i, p in enumerate(listed):
            self.paths.setItem(i, 0, _item(str(i + 1), True))
            if p.ending is not None:
                e = sc.endings[p.ending]
                end = _item(f"{e.title} ({e.outcome})")
                end.setForeground(QBrush(QColor(OUTCOME_COLOURS.get(e.outcome, ("", "#333"))[1])))
            else:
                end = _item("stuck")
                end.setForeground(QBrush(QColor("#c62828")))
            self.paths.setItem(i, 1, end)
            tot = _item(("—" if p.total is None else f"{p.total:.0f}") + (" ✓" if p.passed else ""), True)
            self.paths.setItem(i, 2, tot)
            self.paths.setItem(i, 3, _item(f"{p.probability:.0%}" if p.probability < 0.995 else "certain", True))
            ch = _item(" → ".join(p.choices) or "(no decisions)")
            ch.setToolTip(" → ".join(p.choices))
            self.paths.setItem(i, 4, ch)
        self.paths.resizeColumnsToContents()
        self.paths.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        # no path is selected for the author: selecting one moves the map, which must stay where they left it
        self.step_text.setHtml("<p style='color:#666'>Select a path in the list to play it back step by step.</p>")

    # -- playback ----------------------------------------------------------------------

    def select_path(self, i: int) -> None:
        self.paths.selectRow(i)

    def _path_selected(self) -> None:
        rows = self.paths.selectionModel().selectedRows() if self.paths.selectionModel() else []
        if not rows or self.report is None:
            return
        row = rows[0].row()
        self.path = self.report.paths[self._shown[row] if row < len(self._shown) else row]
        self.steps.blockSignals(True)
        self.steps.clear()
        for k, st in enumerate(self.path.steps):
            if st.kind == "decision":
                text = f"{k + 1}. {st.node} → {st.option}"
            elif st.kind == "route":
                text = f"{k + 1}. {st.node} (reaction" + (f", {st.probability:.0%})" if st.probability < 0.995 else ")")
            elif st.kind == "ending":
                text = f"{k + 1}. ending: {st.node}"
            else:
                text = f"{k + 1}. stuck at {st.node}"
            self.steps.addItem(QListWidgetItem(text))
        self.steps.blockSignals(False)
        self.go(0)

    def go(self, index: int) -> None:
        if self.path is None or not self.path.steps:
            return
        index = max(0, min(len(self.path.steps) - 1, index))
        self.step_index = index
        if self.steps.currentRow() != index:
            self.steps.blockSignals(True)
            self.steps.setCurrentRow(index)
            self.steps.blockSignals(False)
        self.step_text.setHtml(self._step_html(index))
        self._nav()
        self.node_requested.emit(self.path.steps[index].node)
        self.show_path.emit([s.node for s in self.path.steps[: index + 1]])

    def _step_changed(self, row: int) -> None:
        if row >= 0:
            self.go(row)

    def _nav(self) -> None:
        has = self.path is not None and bool(self.path.steps)
        self.prev_button.setEnabled(has and self.step_index > 0)
        self.next_button.setEnabled(has and self.step_index < len(self.path.steps) - 1)
        self.map_button.setEnabled(has)

    def _show_on_map(self) -> None:
        if self.path is not None:
            self.show_path.emit([s.node for s in self.path.steps])

    def _step_html(self, index: int) -> str:
        sc = self.scenario
        st = self.path.steps[index]
        parts = [f"<p style='color:#666'>Step {index + 1} of {len(self.path.steps)}</p>"]
        if st.kind == "ending":
            e = sc.endings[st.node]
            parts.append(f"<h3>Ending: {_e(e.title)}</h3><p>{_e(e.outcome)}, value {e.value:g}</p>")
            if e.text:
                parts.append(f"<p>{_e(e.text)}</p>")
            p = self.path
            scores = ", ".join(f"{sc.label(k)} {_n(v)}" for k, v in p.scores.items() if v is not None)
            parts.append(f"<p><b>Total {_n(p.total)}</b> — {'passed' if p.passed else 'not passed'}<br>{_e(scores)}</p>")
            return "".join(parts)
        node = sc.nodes[st.node]
        parts.append(f"<h3>{_e(st.node)}</h3>")
        for ln in node.lines:
            who = sc.people[ln.who].name if ln.who and ln.who in sc.people else "Narration"
            parts.append(f"<p><b>{_e(who)}</b>: {_e(ln.text.strip())}</p>")
        if node.kind == "diagnose" and node.prompt:
            parts.append(f"<p style='color:#7b52ab'><i>Diagnose: {_e(node.prompt)}</i></p>")
        if st.kind == "decision":
            opt = next((o for o in node.options if o.id == st.option), None)
            if opt is not None:
                parts.append(f"<p style='color:#0b57d0'><b>The rep chooses</b> [{_e(opt.id)}]: {_e(opt.text.strip())}</p>")
                if opt.note:
                    parts.append(f"<p style='color:#555'>Coach's note: {_e(opt.note)}</p>")
        elif st.kind == "route":
            nxt = self.path.steps[index + 1].node if index + 1 < len(self.path.steps) else "?"
            chance = f" (chance {st.probability:.0%})" if st.probability < 0.995 else ""
            parts.append(f"<p>The buyer's reaction leads to <b>{_e(nxt)}</b>{chance}.</p>")
        else:
            parts.append("<p style='color:#c62828'>The run gets stuck here.</p>")
        return "".join(parts)
