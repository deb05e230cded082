"""Random playthroughs: N seeded runs; each failure shows the command that reproduces it."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSpinBox, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from simulator.fuzz import Failure, FuzzReport
from simulator.graph import OUTCOME_COLOURS
from simulator.loader import Scenario

KIND_TEXT = {"stuck": "Stuck", "loop": "Loop (1,000-step cap)", "error": "Error"}


def _item(text: str, right: bool = False) -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    it.setFlags(it.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if right:
        it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return it


class FuzzPanel(QWidget):
    run_requested = Signal(int, int)  # runs, seed
    replay_requested = Signal(object)  # Failure
    show_path = Signal(list)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("fuzzPanel")
        self.scenario: Scenario | None = None
        self.report: FuzzReport | None = None
        self.runs = QSpinBox()
        self.runs.setRange(1, 100_000)
        self.runs.setValue(500)
        self.runs.setSingleStep(100)
        self.runs.setAccessibleName("Number of runs")
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setValue(1)
        self.run_button = QPushButton("▶ Run random playthroughs")
        self.run_button.setObjectName("primary")
        self.run_button.clicked.connect(lambda: self.run_requested.emit(self.runs.value(), self.seed.value()))
        top = QHBoxLayout()
        top.addWidget(QLabel("Runs"))
        top.addWidget(self.runs)
        top.addWidget(QLabel("Seed"))
        top.addWidget(self.seed)
        top.addWidget(self.run_button)
        top.addStretch(1)
        self.summary = QLabel("")
        self.summary.setObjectName("fuzzSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.endings = QLabel("")
        self.endings.setWordWrap(True)
        self.endings.setTextFormat(Qt.TextFormat.RichText)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("failures")
        self.table.setHorizontalHeaderLabels(["Problem", "Where", "What happened", "Runs", "Seed", "Choices"])
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.itemDoubleClicked.connect(lambda *_: self._replay())
        self.command = QLineEdit()
        self.command.setObjectName("reproduce")
        self.command.setReadOnly(True)
        self.command.setPlaceholderText("Select a failure to see the command that reproduces it")
        self.copy_button = QPushButton("Copy")
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.command.text()))
        self.replay_button = QPushButton("Replay as a test run")
        self.replay_button.clicked.connect(self._replay)
        cmd = QHBoxLayout()
        cmd.addWidget(QLabel("Reproduce:"))
        cmd.addWidget(self.command, 1)
        cmd.addWidget(self.copy_button)
        cmd.addWidget(self.replay_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.endings)
        lay.addWidget(self.table, 1)
        lay.addLayout(cmd)
        self.set_scenario(None)

    def set_scenario(self, sc: Scenario | None) -> None:
        changed = sc is None or self.scenario is None or sc.content_hash != self.scenario.content_hash
        self.scenario = sc
        self.run_button.setEnabled(sc is not None)
        if changed:
            self.set_report(None)
            self.summary.setText(
                "Plays the scenario many times picking options at random and reports every run that gets stuck, "
                "loops past 1,000 steps, or fails. Each failure can be replayed from its seed."
                if sc is not None else "Open a scenario that loads without errors to run random playthroughs."
            )

    def set_busy(self) -> None:
        self.run_button.setEnabled(False)
        self.summary.setText("Running…")

    def set_report(self, report: FuzzReport | None) -> None:
        self.report = report
        self.rows = []
        self.run_button.setEnabled(self.scenario is not None)
        self.table.setRowCount(0)
        self.command.clear()
        self.endings.setText("")
        self.copy_button.setEnabled(False)
        self.replay_button.setEnabled(False)
        if report is None:
            return
        distinct = len(report.distinct())
        self.summary.setText(report.summary() + ("." if report.ok else f" — {distinct} distinct problem{'s' if distinct != 1 else ''}; select one to reproduce it."))
        if self.scenario is not None and report.endings:
            bits = []
            for eid, n in report.endings.most_common():
                e = self.scenario.endings.get(eid)
                colour = OUTCOME_COLOURS.get(e.outcome if e else "", ("", "#333"))[1]
                title = html.escape(e.title if e else eid, quote=False)
                bits.append(f"<span style='color:{colour}'>■</span> {title}: {n}")
            self.endings.setText("Endings reached: " + " &nbsp; ".join(bits))
        self.rows = report.distinct()  # one row per distinct problem, with its shortest run
        self.table.setRowCount(len(self.rows))
        for i, (f, count) in enumerate(self.rows):
            kind = _item(KIND_TEXT[f.kind])
            kind.setForeground(QBrush(QColor("#c62828")))
            self.table.setItem(i, 0, kind)
            self.table.setItem(i, 1, _item(f.node or "?"))
            msg = _item(f.message)
            msg.setToolTip(f.message)
            self.table.setItem(i, 2, msg)
            self.table.setItem(i, 3, _item(f"{count}", True))
            self.table.setItem(i, 4, _item(str(f.seed), True))
            picks = ",".join(map(str, f.choices))
            self.table.setItem(i, 5, _item(picks if len(picks) < 40 else picks[:37] + "…"))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        if report.failures:
            self.table.selectRow(0)

    def selected_failure(self) -> Failure | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or self.report is None:
            return None
        return self.rows[rows[0].row()][0]

    def _selected(self) -> None:
        f = self.selected_failure()
        if f is None or self.scenario is None:
            return
        self.command.setText(f.command(str(self.scenario.path)))
        self.command.setCursorPosition(0)
        self.copy_button.setEnabled(True)
        self.replay_button.setEnabled(True)
        self.show_path.emit(list(f.path))

    def _replay(self) -> None:
        f = self.selected_failure()
        if f is not None:
            self.replay_requested.emit(f)
