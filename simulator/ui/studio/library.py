"""The studio's library: every scenario file in the watched folders, loaded and linted.

Reloads are triggered by ``QFileSystemWatcher`` (debounced) and run in the
background; ``reloaded`` is emitted with the new entries on the UI thread.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from simulator.errors import Diagnostic
from simulator.loader import Scenario, load_library, scenario_files
from simulator.ui.studio.background import Background

DEBOUNCE_MS = 150


@dataclass
class Entry:
    """One scenario file: what loaded (or None) and every error and warning about it."""

    path: Path
    scenario: Scenario | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors

    @property
    def title(self) -> str:
        if self.scenario is not None:
            return self.scenario.title
        return "does not load" if self.errors else self.path.name


def scan(dirs: list[Path]) -> list[Entry]:
    """Load and lint every scenario file under ``dirs`` (pure; runs off the UI thread)."""
    from simulator.lint import lint

    files: list[Path] = []
    for d in dirs:
        files.extend(scenario_files(d) if d.is_dir() else ([d] if d.exists() else []))
    scenarios, diagnostics = load_library(dirs)
    by_file: dict[Path, Entry] = {}
    for f in files:
        by_file.setdefault(f.resolve(), Entry(f, None))
    for sc in scenarios:
        key = Path(sc.path).resolve()
        by_file.setdefault(key, Entry(Path(sc.path), None)).scenario = sc
    for d in diagnostics:
        key = Path(d.file).resolve()
        by_file.setdefault(key, Entry(Path(d.file), None)).diagnostics.append(d)
    for entry in by_file.values():
        if entry.scenario is not None:
            try:
                entry.diagnostics.extend(lint(entry.scenario))
            except Exception as exc:  # a linter bug must not hide the map
                entry.diagnostics.append(Diagnostic(str(entry.path), 1, 1, "warning", f"the linter failed: {exc}", "lint-failed"))
        entry.diagnostics.sort(key=lambda d: (d.line, d.column, d.severity, d.code))
    return sorted(by_file.values(), key=lambda e: str(e.path))


class StudioLibrary(QObject):
    reloaded = Signal(list)  # list[Entry]
    reload_started = Signal()

    def __init__(self, dirs: list[Path] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.dirs: list[Path] = []
        self.entries: list[Entry] = []
        self.loaded_at = 0.0
        self.generation = 0
        self._bg = Background(self)
        self._running = False
        self._again = False
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._changed)
        self.watcher.directoryChanged.connect(self._changed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.reload)
        if dirs:
            self.set_dirs(dirs)

    def set_dirs(self, dirs: list[Path]) -> None:
        self.dirs = [Path(d).resolve() for d in dirs]
        old = self.watcher.files() + self.watcher.directories()
        if old:
            self.watcher.removePaths(old)
        self.reload()

    def _changed(self, _path: str) -> None:
        self._timer.start()

    def reload(self) -> None:
        if self._running:
            self._again = True
            return
        self._running = True
        self.reload_started.emit()
        dirs = list(self.dirs)
        self._bg.run("scan", lambda: scan(dirs), self._finished, self._failed)

    def _finished(self, entries: list[Entry]) -> None:
        self._running = False
        self.entries = entries
        self.loaded_at = time.monotonic()
        self.generation += 1
        self._watch(entries)
        self.reloaded.emit(entries)
        if self._again:
            self._again = False
            self.reload()

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        self.entries = []
        self.reloaded.emit([Entry(d, None, [Diagnostic(str(d), 1, 1, "error", f"could not read the folder: {exc}", "io")]) for d in self.dirs])

    def _watch(self, entries: list[Entry]) -> None:
        """(Re-)watch every folder and file: editors that save by renaming drop a file from the watcher."""
        want: set[str] = set()
        for d in self.dirs:
            if d.is_dir():
                want.add(str(d))
                for root, subdirs, _ in os.walk(d):
                    subdirs[:] = [s for s in subdirs if not s.startswith(".")]
                    want.update(str(Path(root) / s) for s in subdirs)
        for e in entries:
            if e.path.exists():
                want.add(str(e.path.resolve()))
        have = set(self.watcher.files()) | set(self.watcher.directories())
        missing = sorted(want - have)
        if missing:
            self.watcher.addPaths(missing)
