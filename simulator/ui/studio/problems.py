"""The Problems panel: every error and warning with file:line:col; double-click opens the editor there."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from PySide6.QtCore import QProcess, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from simulator.errors import Diagnostic

EDITOR_KEY = "studio/editor_command"
EDITOR_EXAMPLES = "code -g {file}:{line}:{column}    ·    subl {file}:{line}    ·    gedit +{line} {file}    ·    notepad++ -n{line} {file}"


class EditorLauncher:
    """Opens a file at a line: the command template from QSettings, else the platform's opener."""

    def __init__(self, settings: QSettings):
        self.settings = settings
        self.last: tuple | None = None  # what was launched last (for tests and the status bar)

    @property
    def template(self) -> str:
        return str(self.settings.value(EDITOR_KEY, "") or "").strip()

    def set_template(self, template: str) -> None:
        self.settings.setValue(EDITOR_KEY, template.strip())
        self.settings.sync()

    def command_for(self, file: str, line: int, column: int = 1) -> list[str] | None:
        """The argv for the template (None: use the platform opener). Each {file} stays one argument."""
        template = self.template
        if not template:
            return None
        try:
            parts = shlex.split(template, posix=not sys.platform.startswith("win"))
        except ValueError:
            parts = template.split()
        values = {"file": str(file), "line": str(line), "column": str(column), "col": str(column)}
        out = []
        for p in parts:
            try:
                out.append(p.format(**values))
            except (KeyError, IndexError, ValueError):
                out.append(p)
        return out

    def open(self, file: str, line: int = 1, column: int = 1) -> bool:
        argv = self.command_for(file, line, column)
        if argv:
            self.last = ("command", argv)
            ok, _pid = QProcess.startDetached(argv[0], argv[1:])
            return bool(ok)
        self.last = ("url", str(file))
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(file)))


_SEVERITY_TEXT = {"error": "Error", "warning": "Warning"}


class ProblemsPanel(QWidget):
    """Lists diagnostics; ``open_requested(file, line, column)`` on double-click or Enter."""

    open_requested = Signal(str, int, int)
    problem_selected = Signal(object)  # Diagnostic

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("problemsPanel")
        self.summary = QLabel("No scenario folder open.")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.editor_button = QPushButton("Editor command…")
        self.editor_button.setToolTip("Which editor double-click opens, e.g. code -g {file}:{line}")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.summary, 1)
        top.addWidget(self.editor_button)
        self.tree = QTreeWidget()
        self.tree.setObjectName("problemsList")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["", "Where", "Problem", "Code"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAccessibleName("Problems")
        h = self.tree.header()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(self._activated)
        self.tree.currentItemChanged.connect(lambda cur, _prev: cur is not None and self.problem_selected.emit(cur.data(0, Qt.ItemDataRole.UserRole)))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addLayout(top)
        lay.addWidget(self.tree)
        self.diagnostics: list[Diagnostic] = []
        self.root: Path | None = None

    def set_diagnostics(self, diagnostics: list[Diagnostic], root: Path | None = None, files: int = 0) -> None:
        self.diagnostics = list(diagnostics)
        self.root = root
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        red, amber = QBrush(QColor("#c62828")), QBrush(QColor("#9a6b00"))
        items = []
        for d in self.diagnostics:
            shown = self._short(d.file)
            it = QTreeWidgetItem(["●  " + _SEVERITY_TEXT.get(d.severity, d.severity), f"{shown}:{d.line}:{d.column}", d.message, d.code])
            it.setForeground(0, red if d.is_error else amber)
            it.setData(0, Qt.ItemDataRole.UserRole, d)
            it.setToolTip(2, d.message)
            it.setToolTip(1, f"{d.file}:{d.line}:{d.column} — double-click to open it in your editor")
            items.append(it)
        self.tree.addTopLevelItems(items)
        self.tree.setUpdatesEnabled(True)
        errors = sum(1 for d in self.diagnostics if d.is_error)
        warnings = len(self.diagnostics) - errors
        files_text = f"{files} scenario file{'s' if files != 1 else ''}: " if files else ""
        if not self.diagnostics:
            self.summary.setText(f"{files_text}no problems found.")
        else:
            self.summary.setText(
                f"{files_text}{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
                " — double-click a line to open the file there."
            )

    def _short(self, file: str) -> str:
        if self.root is not None:
            try:
                return str(Path(file).resolve().relative_to(self.root))
            except ValueError:
                pass
        return file

    def _activated(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        d: Diagnostic = item.data(0, Qt.ItemDataRole.UserRole)
        self.open_requested.emit(str(Path(d.file).resolve()), d.line, d.column)
