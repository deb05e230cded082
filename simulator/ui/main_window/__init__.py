"""The main window: a stack of screens, the menus, and the navigation between them.

Split by concept: start-up (``startup``), recovery from a damaged database (``recovery``), moving
between screens (``navigation``), the Team and Author actions (``team_author``) and the menus
(``menus``), each a mixin of ``MainWindow``; the window itself builds the screens and persists its state.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QSettings, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMainWindow, QStackedWidget

from simulator.ui.errors import show_error
from simulator.ui.main_window.menus import MenusMixin
from simulator.ui.main_window.navigation import NavigationMixin
from simulator.ui.main_window.recovery import RecoveryMixin, recoverable
from simulator.ui.main_window.settings_keys import (
    SETTINGS_EXPORT_DIR,
    SETTINGS_GEOMETRY,
    SETTINGS_PROFILE,
    SETTINGS_STUDIO_DIR,
)
from simulator.ui.main_window.startup import WARM_UP_STEPS, StartupMixin, import_core, pick_profile
from simulator.ui.main_window.team_author import TeamAuthorMixin, results_file_name
from simulator.ui.paths_ui import asset
from simulator.ui.screens.library import LibraryScreen
from simulator.ui.screens.profile import ProfileScreen
from simulator.ui.theme import stylesheet
from simulator.ui.viewmodels.library import LibraryModel

__all__ = ["MainWindow", "import_core", "pick_profile", "recoverable", "results_file_name", "WARM_UP_STEPS",
           "SETTINGS_GEOMETRY", "SETTINGS_PROFILE", "SETTINGS_EXPORT_DIR", "SETTINGS_STUDIO_DIR"]


class MainWindow(StartupMixin, RecoveryMixin, NavigationMixin, TeamAuthorMixin, MenusMixin, QMainWindow):
    ready = Signal()  # shown, library loaded and the first screen populated
    screen_changed = Signal(str)
    results_exported = Signal(str)  # the path of the export file written
    store_recovered = Signal(str)  # restore | fresh | continue: the store was reopened after damage
    studio_opened = Signal(object)  # a StudioWindow

    def __init__(self, library_paths, settings: QSettings, parent=None, *, db_path=None, cache_dir=None, index=None):
        """``cache_dir`` holds the library index (None: none is used or written); ``index`` is its cards
        when they match the library (``library_index.read_index``): start() then shows them at once."""
        super().__init__(parent)
        self.settings = settings
        self.library_paths = list(library_paths)  # bundled scenarios first, then every --library
        self.db_path = db_path  # the progress database (the leaderboard keeps imported files there)
        self.studios: list = []  # open authoring studio windows
        self.recovery_box = None  # the damaged-database dialog, while it is open
        self.not_saving_label = None
        self.unsaved_dir = None  # "continue without saving": a throw-away database lives here
        self.setWindowTitle("Sales Simulator")
        self.setWindowIcon(QIcon(str(asset("icon.svg"))))
        self.setMinimumSize(720, 520)
        self.profile = None
        self._is_ready = False
        self._shown = False
        self._first_screen_done = False

        self._index = index
        self.load_after_ready = True  # after a start from the index; off for --exit-after-startup (it quits at ready)
        self.library_model = LibraryModel(library_paths, self, cache_dir=cache_dir)
        self.library_model.failed.connect(lambda exc: show_error(self, exc))

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.profile_screen = ProfileScreen()
        self.library_screen = LibraryScreen(self.library_model)
        self._briefing_screen = None  # built when first needed: start-up shows the library or the profile
        self._conversation_screen = None
        self._debrief_screen = None
        self._progress_screen = None
        self._leaderboard_screen = None
        for s in (self.profile_screen, self.library_screen):
            self.stack.addWidget(s)

        self.profile_screen.profile_chosen.connect(self.use_profile)
        self.library_screen.open_scenario.connect(self.open_briefing)
        self.library_screen.resume_attempt.connect(self.resume)
        self.library_screen.discard_attempt.connect(self.discard)
        self.library_screen.populated.connect(self._library_populated)

        self._menus()
        self._apply_theme()
        geometry = settings.value(SETTINGS_GEOMETRY)
        if isinstance(geometry, (QByteArray, bytes)) and geometry:
            self.restoreGeometry(QByteArray(geometry))
        else:
            self.resize(1120, 780)
        self.statusBar().showMessage("Loading scenarios…")

    def _apply_theme(self) -> None:
        sheet = stylesheet(self.palette())
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)

    def changeEvent(self, event):  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_theme()

    def showEvent(self, event):  # noqa: N802
        super().showEvent(event)
        QTimer.singleShot(0, self._painted)

    def closeEvent(self, event):  # noqa: N802
        for win in list(self.studios):  # the studio windows belong to this app session
            win.close()
        self.studios.clear()
        self.settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        if self.profile is not None:
            self.settings.setValue(SETTINGS_PROFILE, self.profile.id)
        self.settings.sync()
        super().closeEvent(event)
