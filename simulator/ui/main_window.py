"""The main window: a stack of screens, the menus, and the navigation between them."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget

from simulator.ui.errors import show_error
from simulator.ui.ops import run_op
from simulator.ui.paths_ui import asset
from simulator.ui.screens.briefing import BriefingScreen
from simulator.ui.screens.conversation import ConversationScreen
from simulator.ui.screens.library import LibraryScreen
from simulator.ui.screens.profile import ProfileScreen
from simulator.ui.theme import stylesheet
from simulator.ui.viewmodels.conversation import ConversationModel
from simulator.ui.viewmodels.library import LibraryModel

SETTINGS_GEOMETRY = "window/geometry"
SETTINGS_PROFILE = "profile/last"


class MainWindow(QMainWindow):
    ready = Signal()  # shown, library loaded and the first screen populated
    screen_changed = Signal(str)

    def __init__(self, library_paths, settings: QSettings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Sales Simulator")
        self.setWindowIcon(QIcon(str(asset("icon.svg"))))
        self.setMinimumSize(720, 520)
        self.profile = None
        self._is_ready = False
        self._shown = False
        self._first_screen_done = False

        self.library_model = LibraryModel(library_paths, self)
        self.library_model.failed.connect(lambda exc: show_error(self, exc))

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.profile_screen = ProfileScreen()
        self.library_screen = LibraryScreen(self.library_model)
        self.briefing_screen = BriefingScreen()
        self.conversation_screen = ConversationScreen()
        self._debrief_screen = None
        self._progress_screen = None
        for s in (self.profile_screen, self.library_screen, self.briefing_screen, self.conversation_screen):
            self.stack.addWidget(s)

        self.profile_screen.profile_chosen.connect(self.use_profile)
        self.library_screen.open_scenario.connect(self.open_briefing)
        self.library_screen.resume_attempt.connect(self.resume)
        self.library_screen.discard_attempt.connect(self.discard)
        self.library_screen.populated.connect(self._library_populated)
        self.briefing_screen.back.connect(self.show_library)
        self.briefing_screen.start.connect(self.start_conversation)
        self.conversation_screen.leave.connect(self.leave_conversation)
        self.conversation_screen.debrief.connect(self.show_debrief)

        self._menus()
        self._apply_theme()
        geometry = settings.value(SETTINGS_GEOMETRY)
        if isinstance(geometry, (QByteArray, bytes)) and geometry:
            self.restoreGeometry(QByteArray(geometry))
        else:
            self.resize(1120, 780)
        self.statusBar().showMessage("Loading scenarios…")

    # -- start-up ---------------------------------------------------------------------------------

    def start(self) -> None:
        """Load the library and the profiles in the background (called once the window exists)."""
        self.library_model.scenarios_loaded.connect(self._scenarios_loaded)
        self.library_model.load()
        run_op(self, lambda store: store.profiles(), self._profiles_loaded, self._store_failed)

    def _store_failed(self, exc) -> None:
        self.statusBar().showMessage("Progress cannot be saved: the database is not available.")
        self.show_screen(self.library_screen)
        self._first_screen_done = True
        self.library_model.progress_ready = True
        self.library_screen.rebuild()
        show_error(self, exc)
        self._check_ready()

    def _profiles_loaded(self, profiles) -> None:
        self.profile_screen.set_profiles(profiles)
        last = self.settings.value(SETTINGS_PROFILE)
        chosen = None
        try:
            last = int(last) if last is not None else None
        except (TypeError, ValueError):
            last = None
        chosen = next((p for p in profiles if p.id == last), None)
        if chosen is None and len(profiles) == 1:
            chosen = profiles[0]
        if chosen is not None:
            self.use_profile(chosen)
        else:
            self.show_screen(self.profile_screen)
            self._first_screen_done = True
            self._check_ready()

    def _scenarios_loaded(self) -> None:
        n = len(self.library_model.scenarios)
        self.statusBar().showMessage(f"{n} scenario{'s' if n != 1 else ''} loaded", 4000)
        if self.profile is not None:
            self.library_model.refresh(self.profile)
        self._check_ready()

    def _library_populated(self) -> None:
        if self.profile is not None and self.stack.currentWidget() is self.library_screen:
            self._first_screen_done = True
        self._check_ready()

    def _check_ready(self) -> None:
        if self._is_ready or not (self._shown and self.library_model.loaded and self._first_screen_done):
            return
        self._is_ready = True
        self.ready.emit()

    @property
    def is_ready(self) -> bool:
        return self._is_ready

    def showEvent(self, event):  # noqa: N802
        super().showEvent(event)
        self._shown = True
        QTimer.singleShot(0, self._check_ready)

    # -- navigation -------------------------------------------------------------------------------

    def show_screen(self, screen) -> None:
        self.stack.setCurrentWidget(screen)
        focus = getattr(screen, "focus_default", None)
        if focus:
            focus()
        self.screen_changed.emit(screen.accessibleName())

    def use_profile(self, profile) -> None:
        self.profile = profile
        self.settings.setValue(SETTINGS_PROFILE, profile.id)
        self.library_screen.set_profile(profile)
        self.setWindowTitle(f"Sales Simulator — {profile.name}")
        self.show_library()

    def show_library(self) -> None:
        self.show_screen(self.library_screen)
        if self.library_model.loaded and self.profile is not None:
            self.library_model.refresh(self.profile)

    def switch_profile(self) -> None:
        if self.stack.currentWidget() is self.conversation_screen:
            self.leave_conversation()
        self.profile_screen.reload()
        self.show_screen(self.profile_screen)

    def open_briefing(self, scenario) -> None:
        self.briefing_screen.show_scenario(scenario)
        self.show_screen(self.briefing_screen)

    def start_conversation(self, scenario) -> None:
        if self.profile is None:
            self.switch_profile()
            return
        # a fresh start replaces an interrupted attempt at the same scenario
        stale = [ip.uuid for ip in self.library_model.data.in_progress if ip.scenario_id == scenario.id]
        if stale:
            def drop(store, stale=stale):
                for uuid in stale:
                    store.abandon_attempt(uuid)
            run_op(self, drop)
            self.library_model.data.in_progress = [ip for ip in self.library_model.data.in_progress if ip.uuid not in stale]
        self._run(ConversationModel(scenario, self.profile))

    def _run(self, model: ConversationModel) -> None:
        model.failed.connect(lambda exc: show_error(self, exc))
        self.conversation_screen.bind(model)
        self.show_screen(self.conversation_screen)
        model.start()
        self.conversation_screen.focus_default()

    def resume(self, in_progress) -> None:
        from simulator.engine import Session

        scenario = self.library_model.by_id(in_progress.scenario_id)
        if scenario is None or self.profile is None:
            return
        try:
            session = Session.restore(scenario, in_progress.session_json)
        except Exception as exc:
            show_error(self, exc)
            return
        self._run(ConversationModel(scenario, self.profile, session=session, attempt=in_progress.uuid))

    def discard(self, in_progress) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, "Discard the interrupted conversation?",
                          "Discard this interrupted conversation? It will not count in your progress.",
                          QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def answered(result):
            if box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Discard:
                run_op(self, lambda store: store.abandon_attempt(in_progress.uuid), lambda _: self.show_library())

        box.finished.connect(answered)
        box.open()
        self._discard_box = box

    def leave_conversation(self) -> None:
        model = self.conversation_screen.model
        if model is not None and not model.session.finished:
            self.statusBar().showMessage("Your conversation is saved — resume it from the library.", 6000)
        self.show_library()

    def show_debrief(self, model: ConversationModel) -> None:
        screen = self.debrief_screen
        screen.show_card(model.scenario, model.card, model.session)
        self.show_screen(screen)

    @property
    def debrief_screen(self):
        if self._debrief_screen is None:
            from simulator.ui.screens.debrief import DebriefScreen

            self._debrief_screen = DebriefScreen()
            self._debrief_screen.back.connect(self.show_library)
            self._debrief_screen.try_again.connect(self.start_conversation)
            self.stack.addWidget(self._debrief_screen)
        return self._debrief_screen

    @property
    def progress_screen(self):
        if self._progress_screen is None:
            from simulator.ui.screens.progress import ProgressScreen

            self._progress_screen = ProgressScreen()
            self._progress_screen.back.connect(self.show_library)
            self.stack.addWidget(self._progress_screen)
        return self._progress_screen

    def show_progress(self) -> None:
        if self.profile is None:
            return
        if self.stack.currentWidget() is self.conversation_screen:
            self.leave_conversation()
        self.progress_screen.load(self.profile, self.library_model.scenarios)
        self.show_screen(self.progress_screen)

    # -- menus, theme, persistence ------------------------------------------------------------------

    def _menus(self) -> None:
        bar = self.menuBar()
        practice = bar.addMenu("&Practice")
        self.act_library = QAction("&Library", self, shortcut=QKeySequence("Ctrl+L"), triggered=self._menu_library)
        self.act_progress = QAction("&Progress", self, shortcut=QKeySequence("Ctrl+P"), triggered=self.show_progress)
        self.act_profile = QAction("&Switch profile…", self, shortcut=QKeySequence("Ctrl+Shift+P"), triggered=self.switch_profile)
        self.act_quit = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit, triggered=self.close)
        for a in (self.act_library, self.act_progress, self.act_profile):
            practice.addAction(a)
        practice.addSeparator()
        practice.addAction(self.act_quit)
        help_ = bar.addMenu("&Help")
        help_.addAction(QAction("&Keyboard shortcuts", self, shortcut=QKeySequence.StandardKey.HelpContents, triggered=self._shortcuts))
        help_.addAction(QAction("&About", self, triggered=self._about))
        from PySide6.QtWidgets import QToolButton

        for tb in bar.findChildren(QToolButton):  # the overflow button of a narrow menu bar
            tb.setAccessibleName("More menus")

    def _menu_library(self) -> None:
        if self.profile is None:
            return
        if self.stack.currentWidget() is self.conversation_screen:
            self.leave_conversation()
        else:
            self.show_library()

    def _shortcuts(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "Keyboard shortcuts",
                          "1–9: pick a choice (or a confidence level)\n"
                          "Enter: activate the focused button\n"
                          "Tab / Shift+Tab: move between controls\n"
                          "Escape: go back (a conversation is saved and can be resumed)\n"
                          "Ctrl+F: search the library\n"
                          "Ctrl+L: library   Ctrl+P: progress   Ctrl+Shift+P: switch profile",
                          QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _about(self) -> None:
        from simulator import __version__

        box = QMessageBox(QMessageBox.Icon.Information, "About Sales Simulator",
                          f"Sales Simulator {__version__}\nPractise complex buyer conversations offline.",
                          QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _apply_theme(self) -> None:
        sheet = stylesheet(self.palette())
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)

    def changeEvent(self, event):  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_theme()

    def closeEvent(self, event):  # noqa: N802
        self.settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        if self.profile is not None:
            self.settings.setValue(SETTINGS_PROFILE, self.profile.id)
        self.settings.sync()
        super().closeEvent(event)
