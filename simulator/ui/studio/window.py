"""The studio window: library list, Scenario map, node panel, Problems, test runs, paths and random runs."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QPointF, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox, QDockWidget, QFileDialog, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QMainWindow, QMenu, QPushButton, QTabWidget, QToolButton, QVBoxLayout, QWidget,
)

from simulator import graph as g
from simulator.loader import Scenario
from simulator.ui.studio.background import Background
from simulator.ui.studio.fuzz_panel import FuzzPanel
from simulator.ui.studio.inspector import NodeInspector
from simulator.ui.studio.library import Entry, StudioLibrary
from simulator.ui.studio.map_view import MapScene, MapView, render_scene
from simulator.ui.studio.paths_panel import KEEP_PATHS, PathsPanel
from simulator.ui.studio.play import PlayPanel
from simulator.ui.studio.problems import EDITOR_EXAMPLES, EditorLauncher, ProblemsPanel

LAST_DIR_KEY = "studio/last_folder"
READABLE_ZOOM = 0.7
MAP_FORMATS = {"svg": "SVG image (*.svg)", "png": "PNG image (*.png)", "dot": "Graphviz DOT (*.dot *.gv)", "mermaid": "Mermaid (*.mmd *.md)"}


class StudioWindow(QMainWindow):
    """The authoring studio. ``library_dirs`` and ``settings`` are injected (tests pass temp ones)."""

    map_built = Signal(str)  # scenario id
    paths_ready = Signal(str)

    def __init__(self, library_dirs: list | None = None, settings: QSettings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("studioWindow")
        self.setWindowTitle("Scenario Studio")
        self.settings = settings if settings is not None else QSettings("SalesSimulator", "Studio")
        self.launcher = EditorLauncher(self.settings)
        self.bg = Background(self)
        self.entries: list[Entry] = []
        self.entry: Entry | None = None
        self.scenario: Scenario | None = None  # what the map shows (possibly the last version that loaded)
        self.graph: g.ScenarioGraph | None = None
        self._last_good: dict[str, Scenario] = {}
        self._attempt: list[str] = []
        self.situation_dependent: dict = {}  # node id -> {situation title: best options had the rep known}
        self._pending_place: dict | None = None
        self.reloads = 0
        self.last_reload_ms = 0.0

        # library list
        self.list = QListWidget()
        self.list.setObjectName("scenarioList")
        self.list.setAccessibleName("Scenario files")
        self.list.currentRowChanged.connect(self._row_changed)
        self.folder_label = QLabel("")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextFormat(Qt.TextFormat.PlainText)
        open_btn = QPushButton("Open folder…")
        open_btn.clicked.connect(self.choose_folder)
        lw = QWidget()
        ll = QVBoxLayout(lw)
        ll.setContentsMargins(6, 6, 6, 6)
        ll.addWidget(self.folder_label)
        ll.addWidget(self.list, 1)
        ll.addWidget(open_btn)
        self.library_dock = self._dock("Scenarios", lw, Qt.DockWidgetArea.LeftDockWidgetArea)

        # map tab
        self.scene = MapScene(self)
        self.view = MapView(self.scene)
        self.view.node_clicked.connect(self.select_node)
        self.scene.selectionChanged.connect(self._scene_selection)
        self.view.zoom_changed.connect(lambda z: self.zoom_label.setText(f"{z:.0%}"))
        self.zoom_label = QLabel("100%")
        self.zoom_label.setMinimumWidth(44)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        zo, zi, fit = QToolButton(), QToolButton(), QToolButton()
        zo.setText("−")
        zo.setToolTip("Zoom out (−, or Ctrl+wheel)")
        zi.setText("+")
        zi.setToolTip("Zoom in (+, or Ctrl+wheel)")
        fit.setText("Fit")
        fit.setToolTip("Show the whole map (0)")
        zo.clicked.connect(lambda: self.view.zoom_by(0.8))
        zi.clicked.connect(lambda: self.view.zoom_by(1.25))
        fit.clicked.connect(self.view.fit)
        self.find = QLineEdit()
        self.find.setPlaceholderText("Find node…")
        self.find.setMaximumWidth(180)
        self.find.setMinimumWidth(110)
        self.find.returnPressed.connect(lambda: self.select_node(self.find.text().strip(), centre=True))
        self.best_box = QCheckBox("Best path")
        self.best_box.setChecked(True)
        self.attempt_box = QCheckBox("Test-run path")
        self.attempt_box.setToolTip("Show the path of the attempt or test run on the map")
        self.attempt_box.setChecked(True)
        self.best_box.toggled.connect(self._overlay_changed)
        self.attempt_box.toggled.connect(self._overlay_changed)
        clear = QToolButton()
        clear.setText("Clear path")
        clear.clicked.connect(lambda: self.show_attempt([]))
        export = QToolButton()
        export.setText("Export map ▾")
        export.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(export)
        for fmt, label in (("svg", "as SVG image…"), ("png", "as PNG image…"), ("dot", "as Graphviz DOT…"), ("mermaid", "as Mermaid…")):
            menu.addAction(label, lambda f=fmt: self.choose_export(f))
        export.setMenu(menu)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for w in (zo, self.zoom_label, zi, fit, self.find, self.best_box, self.attempt_box, clear):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(export)
        self.map_banner = QLabel("")
        self.map_banner.setObjectName("mapBanner")
        self.map_banner.setWordWrap(True)
        self.map_banner.setTextFormat(Qt.TextFormat.PlainText)
        self.map_banner.setStyleSheet("QLabel#mapBanner { background: #fdecea; color: #8e1c1c; border: 1px solid #f2b8b5; border-radius: 6px; padding: 5px 8px; }")
        self.map_banner.hide()
        map_tab = QWidget()
        ml = QVBoxLayout(map_tab)
        ml.setContentsMargins(4, 4, 4, 4)
        ml.addLayout(bar)
        ml.addWidget(self.map_banner)
        ml.addWidget(self.view, 1)

        self.play = PlayPanel()
        self.play.path_changed.connect(self.show_attempt)
        self.paths = PathsPanel()
        self.paths.show_path.connect(self.show_attempt)
        self.paths.node_requested.connect(lambda nid: self.select_node(nid, centre=True, switch=False))
        self.fuzz = FuzzPanel()
        self.fuzz.run_requested.connect(self.run_fuzz)
        self.fuzz.replay_requested.connect(self._replay_failure)
        self.fuzz.show_path.connect(self.show_attempt)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("studioTabs")
        self.tabs.addTab(map_tab, "Scenario map")
        self.tabs.addTab(self.play, "Play from here")
        self.tabs.addTab(self.paths, "Path explorer")
        self.tabs.addTab(self.fuzz, "Random playthroughs")
        self.setCentralWidget(self.tabs)

        self.inspector = NodeInspector()
        self.inspector.play_requested.connect(self.play_from)
        self.inspector.open_requested.connect(self.open_location)
        self.node_dock = self._dock("Node", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea)
        self.problems = ProblemsPanel()
        self.problems.open_requested.connect(self.open_location)
        self.problems.editor_button.clicked.connect(self.configure_editor)
        self.problems_dock = self._dock("Problems", self.problems, Qt.DockWidgetArea.BottomDockWidgetArea)

        self._menus()
        self.library = StudioLibrary(parent=self)
        self.library.reloaded.connect(self._reloaded)
        self.library.reload_started.connect(lambda: self._started_at.__setitem__(0, time.monotonic()))
        self._started_at = [time.monotonic()]
        self.resize(1360, 860)
        self.resizeDocks([self.library_dock, self.node_dock], [270, 380], Qt.Orientation.Horizontal)
        self.resizeDocks([self.problems_dock], [170], Qt.Orientation.Vertical)
        if library_dirs:
            self.open_folders(library_dirs)
        else:
            self.folder_label.setText("No folder open. Open a folder of scenario files (*.yaml).")

    # -- construction helpers ------------------------------------------------------

    def _dock(self, title: str, widget: QWidget, area) -> QDockWidget:
        d = QDockWidget(title, self)
        d.setObjectName(f"dock-{title.lower()}")
        d.setWidget(widget)
        d.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, d)
        return d

    def _menus(self) -> None:
        m = self.menuBar().addMenu("&File")
        a = QAction("&Open scenario folder…", self)
        a.setShortcut(QKeySequence.StandardKey.Open)
        a.triggered.connect(self.choose_folder)
        m.addAction(a)
        a = QAction("&Reload", self)
        a.setShortcut(QKeySequence.StandardKey.Refresh)
        a.triggered.connect(lambda: self.library.reload())
        m.addAction(a)
        m.addSeparator()
        for fmt, label in (("svg", "Export map as &SVG…"), ("png", "Export map as &PNG…"), ("dot", "Export map as &DOT…"), ("mermaid", "Export map as &Mermaid…")):
            act = QAction(label, self)
            act.triggered.connect(lambda _=False, f=fmt: self.choose_export(f))
            m.addAction(act)
        m.addSeparator()
        a = QAction("&Close studio", self)
        a.setShortcut(QKeySequence.StandardKey.Close)
        a.triggered.connect(self.close)
        m.addAction(a)
        s = self.menuBar().addMenu("&Settings")
        a = QAction("&Editor command…", self)
        a.triggered.connect(self.configure_editor)
        s.addAction(a)

    # -- library -------------------------------------------------------------------

    def choose_folder(self) -> None:
        start = str(self.settings.value(LAST_DIR_KEY, "") or Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Open a folder of scenarios", start)
        if folder:
            self.open_folders([folder])

    def open_folders(self, dirs: list) -> None:
        dirs = [Path(d).resolve() for d in dirs]
        self.settings.setValue(LAST_DIR_KEY, str(dirs[0]))
        self.folder_label.setText("Watching " + ", ".join(str(d) for d in dirs) + " — save a file and it reloads here.")
        self.statusBar().showMessage("Loading scenarios…")
        self.library.set_dirs(dirs)

    @property
    def busy(self) -> bool:
        return self.bg.running > 0 or self.library._running or self.library._timer.isActive()

    def _reloaded(self, entries: list) -> None:
        self.reloads += 1
        self.last_reload_ms = (time.monotonic() - self._started_at[0]) * 1000
        keep = self.entry.path.resolve() if self.entry is not None else None
        self.entries = entries
        self.list.blockSignals(True)
        self.list.clear()
        row = 0
        for i, e in enumerate(entries):
            if e.errors:
                mark = f"✖ {e.errors}  "
            elif e.warnings:
                mark = f"⚠ {e.warnings}  "
            else:
                mark = "✓  "
            it = QListWidgetItem(f"{mark}{e.title}\n      {e.path.name}")
            it.setToolTip(f"{e.path}\n{e.errors} errors, {e.warnings} warnings")
            if e.errors:
                it.setForeground(QColor("#c62828"))
            self.list.addItem(it)
            if keep is not None and e.path.resolve() == keep:
                row = i
        self.list.blockSignals(False)
        diags = [d for e in entries for d in e.diagnostics]
        root = self.library.dirs[0] if len(self.library.dirs) == 1 else None
        self.problems.set_diagnostics(diags, root, files=len(entries))
        errors = sum(e.errors for e in entries)
        warnings = sum(e.warnings for e in entries)
        self.statusBar().showMessage(
            f"Loaded {len(entries)} scenario file{'s' if len(entries) != 1 else ''} at {time.strftime('%H:%M:%S')}: "
            f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
        )
        if entries:
            self.list.setCurrentRow(row)
            self._show_entry(entries[row], keep_place=keep is not None and entries[row].path.resolve() == keep)
        else:
            self.entry = None
            self._show_scenario(None)
            self.map_banner.setText("No scenario files (*.yaml) in this folder yet.")
            self.map_banner.show()

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            self._show_entry(self.entries[row], keep_place=False)

    def select_file(self, name: str) -> None:
        for i, e in enumerate(self.entries):
            if e.path.name == name or str(e.path) == name:
                self.list.setCurrentRow(i)
                return

    def _show_entry(self, entry: Entry, keep_place: bool) -> None:
        self.entry = entry
        key = str(entry.path.resolve())
        if keep_place and self.graph is not None:
            self._pending_place = {"node": self.scene.selected_node() or self.inspector.node_id, "zoom": self.view.zoom, "centre": self.view.centre()}
        else:
            self._pending_place = None
        if entry.scenario is not None:
            self._last_good[key] = entry.scenario
            self.map_banner.hide()
            self._show_scenario(entry.scenario, keep_place)
            return
        last = self._last_good.get(key)
        first = next((d for d in entry.diagnostics if d.is_error), None)
        where = f" First: line {first.line}, column {first.column}: {first.message}" if first else ""
        if last is not None:
            self.map_banner.setText(f"{entry.path.name} has {entry.errors} error{'s' if entry.errors != 1 else ''} (see Problems below); "
                                    f"the map shows the last version that loaded.{where}")
            self.map_banner.show()
            self._pending_place = None
            self.fuzz.set_scenario(None)
            return
        self.map_banner.setText(f"{entry.path.name} does not load: {entry.errors} error{'s' if entry.errors != 1 else ''} "
                                f"(see Problems below; double-click one to open the file there).{where}")
        self.map_banner.show()
        self._show_scenario(None)

    def _show_scenario(self, sc: Scenario | None, keep_place: bool = False) -> None:
        same = sc is not None and self.scenario is not None and sc.path == self.scenario.path
        self.scenario = sc
        self.play.set_scenario(sc, keep=keep_place and same)
        self.fuzz.set_scenario(sc)
        if sc is None:
            self.graph = None
            failed = self.entry is not None and getattr(self.entry, "scenario", None) is None
            self.scene.build(g.ScenarioGraph("", "", "", {}, []),
                             "This file did not load, so there is no map. Its problems are listed below: fix them "
                             "and save, and the map comes back." if failed else "Pick a scenario file on the left to see its map.")
            self.inspector.show_node(None, None)
            self.paths.set_report(None, None)
            return
        if not (keep_place and same):
            self._attempt = []
        attempt = list(self._attempt)
        self.bg.run("graph", lambda: g.scenario_graph(sc, attempt=attempt), lambda graph: self._graph_ready(sc, graph),
                    lambda exc: self._graph_failed(sc, exc))
        self.paths.set_busy(sc)
        from simulator.analysis import paths_report

        self.bg.run("paths", lambda: paths_report(sc, keep=KEEP_PATHS), lambda rep: self._paths_ready(sc, rep),
                    lambda exc: self.paths.set_error(f"The paths could not be explored: {exc}"))

    def _graph_failed(self, sc: Scenario, exc: BaseException) -> None:
        self.map_banner.setText(f"The map could not be built: {exc}")
        self.map_banner.show()

    def _graph_ready(self, sc: Scenario, graph: g.ScenarioGraph) -> None:
        if sc is not self.scenario:
            return
        self.graph = graph
        self.scene.build(graph)
        place = self._pending_place
        self._pending_place = None
        if graph.search_note:
            self.map_banner.setText(graph.search_note)
            self.map_banner.show()
        if place:
            self.view.set_zoom(place["zoom"])
            self.view.centerOn(place["centre"])
            node = place["node"] if place["node"] in graph.nodes else None
            self.scene.select_node(node)
            self.inspector.show_node(sc, node, graph.nodes.get(node) if node else None)
        else:
            self.view.fit()
            start = self.scene.node_items.get(graph.start)
            if self.view.zoom < READABLE_ZOOM and start is not None:
                # a long map fitted whole is unreadable: start readable at the start node; "Fit" shows it all
                self.view.set_zoom(READABLE_ZOOM)
                self.view.centerOn(start.sceneBoundingRect().center() + QPointF(self.view.viewport().width() * 0.35 / READABLE_ZOOM, 0))
            self.scene.select_node(graph.start)
            self.inspector.show_node(sc, graph.start, graph.nodes.get(graph.start))
        self._mark_situations(sc)
        self.map_built.emit(sc.id)

    def _mark_situations(self, sc: Scenario) -> None:
        """Mark the decisions whose best move depends on the situation (format 2), in the background."""
        if not getattr(sc, "situations", ()):
            return
        from simulator.ui.studio.situations import situation_dependent

        def done(dep) -> None:
            if sc is self.scenario:
                self.situation_dependent = dep
                self.scene.mark_situations(dep)

        self.bg.run("situations", lambda: situation_dependent(sc), done, lambda exc: None)

    def _paths_ready(self, sc: Scenario, report) -> None:
        if sc is not self.scenario:
            return
        self.paths.set_report(sc, report)
        self.paths_ready.emit(sc.id)

    # -- map -----------------------------------------------------------------------

    def _scene_selection(self) -> None:
        nid = self.scene.selected_node()
        if nid is not None and nid != self.inspector.node_id and self.scenario is not None:
            self.inspector.show_node(self.scenario, nid, self.graph.nodes.get(nid) if self.graph else None)

    def select_node(self, node_id: str, centre: bool = False, switch: bool = False) -> None:
        if self.scenario is None or self.graph is None or node_id not in self.graph.nodes:
            if node_id:
                self.statusBar().showMessage(f"No node '{node_id}' in this scenario.", 4000)
            return
        self.scene.select_node(node_id)
        self.inspector.show_node(self.scenario, node_id, self.graph.nodes[node_id])
        if centre:
            self.view.show_node(node_id)
        if switch:
            self.tabs.setCurrentIndex(0)

    def show_attempt(self, path: list) -> None:
        """Overlay a path (node ids in the order entered) on the map: an attempt's, a test run's, a listed path."""
        self._attempt = list(path or [])
        self.scene.set_attempt(self._attempt)

    def _overlay_changed(self) -> None:
        self.scene.set_overlay(self.best_box.isChecked(), self.attempt_box.isChecked())

    def choose_export(self, fmt: str) -> None:
        if self.graph is None:
            self.statusBar().showMessage("Open a scenario that loads first.", 4000)
            return
        ext = {"svg": ".svg", "png": ".png", "dot": ".dot", "mermaid": ".mmd"}[fmt]
        start = str(Path(str(self.settings.value(LAST_DIR_KEY, "") or Path.home())) / f"{self.graph.scenario_id}-map{ext}")
        path, _ = QFileDialog.getSaveFileName(self, "Export the map", start, MAP_FORMATS[fmt])
        if path:
            self.export_map(Path(path), fmt)

    def export_map(self, path: Path, fmt: str) -> Path:
        if self.graph is None:
            raise RuntimeError("no map to export")
        if fmt == "png":
            if not render_scene(self.scene, 1.0).save(str(path)):
                raise OSError(f"could not write {path}")
        else:
            text = {"svg": g.to_svg, "dot": g.to_dot, "mermaid": g.to_mermaid}[fmt](self.graph)
            Path(path).write_text(text, encoding="utf-8")
        self.statusBar().showMessage(f"Map exported to {path}", 6000)
        return Path(path)

    # -- test runs, random runs, editor -----------------------------------------------------

    def play_from(self, node_id: str) -> None:
        if self.scenario is None:
            return
        self.play.set_node(node_id)
        self.tabs.setCurrentWidget(self.play)

    def _replay_failure(self, failure) -> None:
        self.tabs.setCurrentWidget(self.play)
        self.play.replay(failure.seed, list(failure.choices))

    def run_fuzz(self, runs: int, seed: int) -> None:
        sc = self.scenario
        if sc is None:
            return
        from simulator.fuzz import fuzz

        self.fuzz.set_busy()
        self.bg.run("fuzz", lambda: fuzz(sc, runs, seed), lambda rep: sc is self.scenario and self.fuzz.set_report(rep),
                    lambda exc: self.fuzz.summary.setText(f"The runs could not be made: {exc}"))

    def open_location(self, file: str, line: int, column: int) -> None:
        ok = self.launcher.open(file, line, column)
        how = " ".join(self.launcher.last[1]) if self.launcher.last and self.launcher.last[0] == "command" else "the system's default app"
        if ok:
            self.statusBar().showMessage(f"Opened {Path(file).name}:{line} with {how}", 5000)
        else:
            self.statusBar().showMessage(f"Could not open {Path(file).name} with {how}; set the editor command under Settings.", 8000)

    def configure_editor(self) -> None:
        text, ok = QInputDialog.getText(
            self, "Editor command",
            "The command that opens a file at a line. Use {file}, {line} and {column}.\n"
            "Leave empty to use the system's default app for .yaml files.\n\nExamples: " + EDITOR_EXAMPLES,
            QLineEdit.EchoMode.Normal, self.launcher.template,
        )
        if ok:
            self.launcher.set_template(text)
            self.statusBar().showMessage("Editor command saved." if text.strip() else "Files open with the system's default app.", 4000)


def open_studio(parent: QWidget | None = None, library_dirs: list | None = None, settings: QSettings | None = None) -> StudioWindow:
    """Show the studio as its own top-level window (the main app's menu entry and ``--library`` call this)."""
    win = StudioWindow(library_dirs, settings)
    win.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is not None:
        parent.destroyed.connect(win.close)
    win.show()
    win.raise_()
    return win
