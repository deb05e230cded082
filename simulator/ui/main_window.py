"""The main window: a stack of screens, the menus, and the navigation between them."""

from __future__ import annotations

import importlib

import re
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget

from simulator.ui.errors import show_error
from simulator.ui.ops import run_op
from simulator.ui.paths_ui import asset
from simulator.ui.screens.library import LibraryScreen
from simulator.ui.screens.profile import ProfileScreen
from simulator.ui.theme import stylesheet
from simulator.ui.viewmodels.library import LibraryData, LibraryModel

SETTINGS_GEOMETRY = "window/geometry"
SETTINGS_PROFILE = "profile/last"
SETTINGS_EXPORT_DIR = "export/last_folder"
SETTINGS_STUDIO_DIR = "studio/last_opened"


def pick_profile(profiles, last_id):
    """The profile to open: the last one used, or the only one."""
    chosen = next((p for p in profiles if p.id == last_id), None)
    if chosen is None and len(profiles) == 1:
        chosen = profiles[0]
    return chosen


# The modules ``import_core`` needs, in groups small enough to import within a frame or so each.
WARM_UP_STEPS = (
    "sqlite_utils",
    "sqlite_utils.migrations",
    "pydantic",
    "simulator.model",
    "simulator.expressions",
    "simulator.yamlread",
    "simulator.loader",
    "simulator.engine",
    "simulator.search",
    "simulator.scoring",
    "simulator.storage",
)


def import_core() -> None:
    """Import everything the writer thread runs, here on the UI thread: shiboken's import hook is not
    thread-safe, and an import on the worker racing the event loop can crash Python."""
    import sqlite_utils  # noqa: F401 - simulator.storage imports these when first needed
    import sqlite_utils.migrations  # noqa: F401

    import simulator.engine  # noqa: F401
    import simulator.loader  # noqa: F401
    import simulator.scoring  # noqa: F401
    import simulator.storage  # noqa: F401


def recoverable(exc) -> bool:
    """A database the rep can recover from here: damaged (restore or start fresh), or unreadable /
    failed to migrate (offered only when a backup exists; checked off the UI thread)."""
    from simulator.storage import DatabaseProblem

    return isinstance(exc, DatabaseProblem) and exc.kind in ("corrupt", "unreadable", "migration-failed")


def results_file_name(profile_name: str) -> str:
    """``<profile>-results.json``, with characters that are unsafe in a file name replaced."""
    safe = re.sub(r'[\x00-\x1f<>:"/\\|?*]+', "_", profile_name).strip(" .") or "my"
    return f"{safe}-results.json"


class MainWindow(QMainWindow):
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

    # -- start-up ---------------------------------------------------------------------------------

    def start(self) -> None:
        """Read the profiles (a quick query) then load the library, in the background.

        With a matching library index and a readable database the first screen is built from the
        index and a read-only query instead, and the rest follows the first paint (``_load_full``)."""
        self.library_model.scenarios_loaded.connect(self._scenarios_loaded)
        index, self._index = self._index, None
        if index is not None and self._start_from_index(index):
            return
        import_core()
        self._load_profiles()
        self.library_model.load()

    def _start_from_index(self, cards) -> bool:
        from simulator import storage

        if self.db_path is None:
            return False
        last = self._last_profile_id()
        quick = storage.quick_profiles_and_progress(self.db_path, lambda profiles: pick_profile(profiles, last))
        if quick is None or quick[1] is None:  # no profile to open (or not readable this way): the usual start
            return False
        profiles, q = quick
        self._profiles_loaded((profiles, (q.profile, LibraryData(progress=q.progress, in_progress=q.in_progress,
                                                                  weakest=q.weakest))))
        self.library_model.use_index(cards)
        return True

    def _load_full(self) -> None:
        """After a start from the index: open the store, read the progress with the resumable sessions,
        and load the real scenarios, here on the UI thread (the first screen is up already). Also called
        when the rep acts before it ran; does nothing once done."""
        model = self.library_model
        if not model.provisional:
            return
        import_core()
        run_op(self, lambda store: None, None, self._store_failed)  # a damaged database is reported as usual
        if self.profile is not None:
            from simulator import storage

            pid = self.profile.id
            quick = storage.quick_profiles_and_progress(
                self.db_path, lambda profiles: next((p for p in profiles if p.id == pid), None), sessions=True)
            if quick is not None and quick[1] is not None:
                profiles, q = quick
                self.profile_screen.set_profiles(profiles)
                model.data = LibraryData(progress=q.progress, in_progress=q.in_progress,
                                         weakest=q.weakest)
            else:
                model.progress_ready = False  # read through the store when the scenarios are in (_scenarios_loaded)
        model.load_now()

    def _real(self, scenario):
        """The loaded scenario for a card of the library index (loading the library now if need be)."""
        if not getattr(scenario, "provisional", False):
            return scenario
        self._load_full()
        return self.library_model.by_id(scenario.id)

    def _load_profiles(self) -> None:
        """Profiles, and the progress of the profile that will open, in one op (opening the store)."""
        last = self._last_profile_id()

        def query(store):
            from simulator.ui.viewmodels.library import progress_of

            profiles = store.profiles()
            chosen = pick_profile(profiles, last)
            return profiles, (chosen, progress_of(store, chosen)) if chosen is not None else None

        run_op(self, query, self._profiles_loaded, self._store_failed)

    def _last_profile_id(self):
        last = self.settings.value(SETTINGS_PROFILE)
        try:
            return int(last) if last is not None else None
        except (TypeError, ValueError):
            return None

    def _store_failed(self, exc) -> None:
        self.statusBar().showMessage("Progress cannot be saved: the database is not available.")
        self.show_screen(self.library_screen)
        self._first_screen_done = True
        self.library_model.progress_ready = True
        self.library_screen.rebuild()
        if recoverable(exc):
            self._find_backup_then_offer(exc)
        else:
            show_error(self, exc)
        self._check_ready()

    # -- a damaged database: restore the last backup, start fresh, or continue without saving ------

    def _find_backup_then_offer(self, exc) -> None:
        """Look for a good backup on the writer thread (it runs quick_check), then ask the rep."""
        from simulator import storage

        path = Path(getattr(exc, "path", None) or self.db_path)

        def offer(backup) -> None:
            if exc.kind != "corrupt" and backup is None:
                show_error(self, exc)  # unreadable / migration failed and nothing to restore: explain only
            else:
                self._offer_recovery(exc, path, backup)

        run_op(self, lambda: storage.latest_backup(path), offer, lambda _e: offer(None), needs_store=False)

    def _offer_recovery(self, exc, path: Path, backup) -> None:
        """One dialog: the one-line reason and the choices. Nothing is deleted whichever is picked."""
        box = QMessageBox(self)
        box.setObjectName("databaseRecovery")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Sales Simulator")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText("Your progress database cannot be opened.")
        box.setInformativeText(" ".join(str(exc).split()))  # one line, whatever the message held
        from PySide6.QtWidgets import QLabel

        for label in box.findChildren(QLabel):
            label.setTextFormat(Qt.TextFormat.PlainText)
        choices = {}
        if backup is not None:
            b = box.addButton("Restore last backup", QMessageBox.ButtonRole.AcceptRole)
            b.setToolTip(f"Put back the copy saved as {Path(backup).name}; the damaged file is kept beside it")
            choices[b] = "restore"
        b = box.addButton("Start fresh", QMessageBox.ButtonRole.DestructiveRole)
        b.setToolTip("Begin a new, empty progress database; the damaged file is renamed and kept, not deleted")
        choices[b] = "fresh"
        cont = box.addButton("Continue without saving", QMessageBox.ButtonRole.RejectRole)
        cont.setToolTip("Practise now without recording progress; nothing on disk is changed")
        choices[cont] = "continue"
        box.setEscapeButton(cont)
        box.setDefaultButton(next(iter(choices)))
        for button_, what in choices.items():
            button_.setAccessibleName(button_.text())
        box.setAccessibleName("Damaged progress database")

        def answered(_result) -> None:
            self.recover(choices.get(box.clickedButton(), "continue"), path, backup)

        box.finished.connect(answered)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.recovery_box = box
        box.open()

    def recover(self, choice: str, path: Path, backup=None) -> None:
        """Reopen the store on the writer thread: ``restore`` | ``fresh`` | ``continue`` (a throw-away database)."""
        from simulator import storage

        if choice == "restore":
            opener = lambda: storage.restore_backup(path, backup)  # noqa: E731
        elif choice == "fresh":
            opener = lambda: storage.start_fresh(path)  # noqa: E731
        else:
            import tempfile

            self.unsaved_dir = Path(tempfile.mkdtemp(prefix="simulator-unsaved-"))
            scratch = self.unsaved_dir / "progress.db"
            opener = lambda: storage.Store.open(scratch, backup_every=None)  # noqa: E731
            self._use_db(scratch)
            self._not_saving()
        self.statusBar().showMessage({"restore": "Restoring your progress from the last backup…",
                                      "fresh": "Starting a fresh progress database…"}.get(choice, ""))

        def reopened(paths) -> None:
            moved, restored = paths
            kept = f" The damaged file was kept as {moved.name}." if moved is not None else ""
            if choice == "restore":
                self.statusBar().showMessage(f"Progress restored from the backup {Path(restored).name}.{kept}", 15000)
            elif choice == "fresh":
                self.statusBar().showMessage(f"Started a fresh progress database.{kept}", 15000)
            self.store_recovered.emit(choice)
            self._load_profiles()

        self.current_runner().reopen(self, opener, reopened, self._store_failed)

    def current_runner(self):
        from simulator.ui.ops import current_runner

        return self.runner if getattr(self, "runner", None) is not None else current_runner()

    def _use_db(self, path: Path) -> None:
        self.db_path = path
        if self._leaderboard_screen is not None:
            self._leaderboard_screen._db_path = path

    def _not_saving(self) -> None:
        from PySide6.QtWidgets import QLabel

        if self.not_saving_label is None:
            self.not_saving_label = QLabel("Not saving: progress made now is lost when you quit")
            self.not_saving_label.setObjectName("bad")
            self.not_saving_label.setAccessibleName("Progress is not being saved")
            self.statusBar().addPermanentWidget(self.not_saving_label)
        self.not_saving_label.show()

    def _profiles_loaded(self, result) -> None:
        profiles, prefetched = result
        self.profile_screen.set_profiles(profiles)
        if prefetched is not None:
            chosen, data = prefetched
            self.use_profile(chosen, data)
        else:
            self.show_screen(self.profile_screen)
            self._first_screen_done = True
            self._check_ready()

    def _scenarios_loaded(self) -> None:
        n = len(self.library_model.scenarios)
        provisional = self.library_model.provisional
        if not provisional:
            self.statusBar().showMessage(f"{n} scenario{'s' if n != 1 else ''} loaded", 4000)
        if self.profile is not None:
            if self.library_model.progress_ready:  # prefetched with the profile: the cards are already up
                lib = self.library_screen
                if self.stack.currentWidget() is lib and lib.search.hasFocus() and not lib.search.text():
                    lib.focus_default()  # the resume banner or the first card, now that they exist
                if not provisional:
                    QTimer.singleShot(0, self, lambda: self.library_model.refine_suggestion(self.profile))
            else:
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
        if self.library_model.provisional and self.load_after_ready:  # from the index: the rest after the first paint
            self._warm_up(list(WARM_UP_STEPS))

    def _warm_up(self, steps: list) -> None:
        """Import the core one module group per turn of the event loop, so the window stays responsive
        (no single step blocks for long), then finish with ``_load_full`` (cheap once imports are warm).
        If the rep acts first, ``_load_full`` runs at once and the remaining steps find nothing to do."""
        if not self.library_model.provisional:
            return
        if not steps:
            self._load_full()
            return
        importlib.import_module(steps.pop(0))
        QTimer.singleShot(0, self, lambda: self._warm_up(steps))

    @property
    def is_ready(self) -> bool:
        return self._is_ready

    def showEvent(self, event):  # noqa: N802
        super().showEvent(event)
        QTimer.singleShot(0, self._painted)

    def _painted(self) -> None:
        """The event loop has run once since the window was shown: the first paint is done (ready never
        comes earlier, even when a start from the library index had every card up at once)."""
        self._shown = True
        self._check_ready()

    # -- navigation -------------------------------------------------------------------------------

    def show_screen(self, screen) -> None:
        self.stack.setCurrentWidget(screen)
        focus = getattr(screen, "focus_default", None)
        if focus:
            focus()
        self.screen_changed.emit(screen.accessibleName())

    def use_profile(self, profile, prefetched=None) -> None:
        self.profile = profile
        self.settings.setValue(SETTINGS_PROFILE, profile.id)
        self.library_screen.set_profile(profile)
        self.setWindowTitle(f"Sales Simulator — {profile.name}")
        if prefetched is not None:
            self.library_model.use_prefetched(prefetched)
            self.show_screen(self.library_screen)
        else:
            self.show_library()

    def show_library(self) -> None:
        self.show_screen(self.library_screen)
        if self.library_model.loaded and self.profile is not None:
            self.library_model.refresh(self.profile)

    def switch_profile(self) -> None:
        self._load_full()
        if self._in_conversation():
            self.leave_conversation()
        self.profile_screen.reload()
        self.show_screen(self.profile_screen)

    def open_briefing(self, scenario) -> None:
        scenario = self._real(scenario)
        if scenario is None:
            return
        self.briefing_screen.show_scenario(scenario)
        self.show_screen(self.briefing_screen)

    def start_conversation(self, scenario) -> None:
        if self.profile is None:
            self.switch_profile()
            return
        scenario = self._real(scenario)
        if scenario is None:
            return
        # a fresh start replaces an interrupted attempt at the same scenario
        stale = [ip.uuid for ip in self.library_model.data.in_progress if ip.scenario_id == scenario.id]
        if stale:
            def drop(store, stale=stale):
                for uuid in stale:
                    store.abandon_attempt(uuid)
            run_op(self, drop)
            self.library_model.data.in_progress = [ip for ip in self.library_model.data.in_progress if ip.uuid not in stale]
        from simulator.ui.viewmodels.conversation import ConversationModel

        self._run(ConversationModel(scenario, self.profile))

    def _run(self, model) -> None:
        model.failed.connect(lambda exc: show_error(self, exc))
        self.conversation_screen.bind(model)
        self.show_screen(self.conversation_screen)
        model.start()
        self.conversation_screen.focus_default()

    def resume(self, in_progress) -> None:
        if in_progress.session_json is None:  # read for the banner only, at a start from the library index
            self._load_full()
            in_progress = next((ip for ip in self.library_model.data.in_progress
                                if ip.uuid == in_progress.uuid and ip.session_json is not None), None)
            if in_progress is None:
                return
        from simulator.engine import Session

        scenario = self.library_model.by_id(in_progress.scenario_id)
        if scenario is None or self.profile is None:
            return
        try:
            session = Session.restore(scenario, in_progress.session_json)
        except Exception as exc:
            show_error(self, exc)
            return
        from simulator.ui.viewmodels.conversation import ConversationModel

        self._run(ConversationModel(scenario, self.profile, session=session, attempt=in_progress.uuid))

    def discard(self, in_progress) -> None:
        self._load_full()  # every op on the writer thread follows it (the core is imported on this thread)
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
        model = self._conversation_screen.model if self._conversation_screen is not None else None
        if model is not None and not model.session.finished:
            self.statusBar().showMessage("Your conversation is saved — resume it from the library.", 6000)
        self.show_library()

    def show_debrief(self, model) -> None:
        screen = self.debrief_screen
        screen.show_card(model.scenario, model.card, model.session)
        from simulator.ui.coach.rep_side import attach_to_debrief

        attach_to_debrief(screen, model.attempt, self.profile)  # reflection box, coach's comments
        self.show_screen(screen)

    def show_past_debrief(self, past) -> None:
        """A finished attempt from History, read-only (``progress.PastDebrief``)."""
        screen = self.debrief_screen
        screen.show_card(past.scenario, past.card, past.session, read_only=True, when=past.when)
        from simulator.ui.coach.rep_side import attach_to_debrief

        attach_to_debrief(screen, getattr(past, "uuid", None), self.profile)
        self.show_screen(screen)

    def _debrief_back(self) -> None:
        if self._debrief_screen is not None and self._debrief_screen.read_only and self.profile is not None:
            self.show_progress()
        else:
            self.show_library()

    def practise_next(self, scenario, weakest) -> None:
        """The debrief's "Practise next": a scenario that exercises the weakest skill of this run and is
        not passed yet (another one first), else the library's suggestion, else the same one again."""
        from simulator.ui.viewmodels.library import exercised

        data = self.library_model.data
        scenarios = list(self.library_model.scenarios)
        passed = {sid for sid, p in data.progress.items() if p.passed}

        def rank(s):
            return (s.id == scenario.id, not (weakest and weakest in exercised(s)), s.id in passed, s.title.lower())

        pick = min(scenarios, key=rank, default=None)
        if pick is None or (pick.id in passed and data.suggestion is not None):
            pick = data.suggestion or pick
        self.open_briefing(pick or scenario)

    @property
    def briefing_screen(self):
        if self._briefing_screen is None:
            from simulator.ui.screens.briefing import BriefingScreen

            self._briefing_screen = BriefingScreen()
            self._briefing_screen.back.connect(self.show_library)
            self._briefing_screen.start.connect(self.start_conversation)
            self.stack.addWidget(self._briefing_screen)
        return self._briefing_screen

    @property
    def conversation_screen(self):
        if self._conversation_screen is None:
            from simulator.ui.screens.conversation import ConversationScreen

            self._conversation_screen = ConversationScreen()
            self._conversation_screen.leave.connect(self.leave_conversation)
            self._conversation_screen.debrief.connect(self.show_debrief)
            self.stack.addWidget(self._conversation_screen)
        return self._conversation_screen

    def _in_conversation(self) -> bool:
        return self._conversation_screen is not None and self.stack.currentWidget() is self._conversation_screen

    @property
    def debrief_screen(self):
        if self._debrief_screen is None:
            from simulator.ui.screens.debrief import DebriefScreen

            self._debrief_screen = DebriefScreen()
            self._debrief_screen.back.connect(self._debrief_back)
            self._debrief_screen.try_again.connect(self.start_conversation)
            self._debrief_screen.practise_next.connect(self.practise_next)
            self.stack.addWidget(self._debrief_screen)
        return self._debrief_screen

    @property
    def progress_screen(self):
        if self._progress_screen is None:
            from simulator.ui.screens.progress import ProgressScreen

            self._progress_screen = ProgressScreen()
            self._progress_screen.back.connect(self.show_library)
            self._progress_screen.open_debrief.connect(self.show_past_debrief)
            self.stack.addWidget(self._progress_screen)
        return self._progress_screen

    def show_progress(self) -> None:
        if self.profile is None:
            return
        if self._in_conversation():
            self.leave_conversation()
        self._load_full()
        self.progress_screen.load(self.profile, self.library_model.scenarios)
        self.show_screen(self.progress_screen)

    # -- team: leaderboard and export ------------------------------------------------------------

    @property
    def leaderboard_screen(self):
        if self._leaderboard_screen is None:
            from simulator.ui.screens.leaderboard import LeaderboardScreen

            screen = LeaderboardScreen(scenarios=lambda: list(self.library_model.scenarios), db_path=self.db_path,
                                       own_profile=lambda: self.profile)
            screen.back.connect(self.show_library)
            screen.exported.connect(lambda path: self.statusBar().showMessage(f"Board saved to {path}", 8000))
            self.stack.addWidget(screen)
            self._leaderboard_screen = screen
        return self._leaderboard_screen

    def show_leaderboard(self) -> None:
        if self._in_conversation():
            self.leave_conversation()
        self._load_full()
        screen = self.leaderboard_screen
        screen.refresh()  # the files imported earlier (kept in the progress database) and this rep's results, live
        self.show_screen(screen)
        screen.import_button.setFocus()

    def choose_results_export(self) -> None:
        """Ask where to save the current profile's export file, then write it (``export_results``)."""
        if self.profile is None:
            self.statusBar().showMessage("Choose a profile first: there are no results to export yet.", 6000)
            return
        from PySide6.QtWidgets import QFileDialog

        folder = Path(str(self.settings.value(SETTINGS_EXPORT_DIR, "") or Path.home()))
        path, _ = QFileDialog.getSaveFileName(self, "Export my results", str(folder / results_file_name(self.profile.name)),
                                              "Leaderboard export (*.json)")
        if path:
            if not path.lower().endswith(".json"):
                path += ".json"
            self.settings.setValue(SETTINGS_EXPORT_DIR, str(Path(path).parent))
            self.export_results(path)

    def export_results(self, path) -> None:
        """Write the current profile's completed attempts to ``path`` on the writer thread."""
        if self.profile is None:
            return
        self._load_full()
        profile, path = self.profile, Path(path)

        def work(store):
            from simulator import leaderboard

            return len(leaderboard.write_export(path, store, profile)["attempts"])

        def done(n: int) -> None:
            self.statusBar().showMessage(
                f"Exported {n} completed attempt{'s' if n != 1 else ''} to {path} — share this file with your team.", 10000)
            self.results_exported.emit(str(path))

        run_op(self, work, done, lambda exc: show_error(self, exc))

    # -- authoring studio --------------------------------------------------------------------------

    def open_studio(self, folders=None):
        """Open the authoring studio on ``folders`` (default: the folders this app was started with)."""
        self._load_full()
        from simulator.ui.studio import StudioWindow

        win = StudioWindow(list(folders) if folders else list(self.library_paths), self.settings)
        win.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        win.destroyed.connect(lambda *_: self._forget_studio(win))
        self.studios.append(win)
        win.resize(1280, 820)
        win.show()
        win.raise_()
        win.activateWindow()
        self.studio_opened.emit(win)
        return win

    def _forget_studio(self, win) -> None:
        if win in self.studios:
            self.studios.remove(win)

    def choose_scenario_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.settings.value(SETTINGS_STUDIO_DIR, "") or Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Open a scenario folder", start)
        if folder:
            self.settings.setValue(SETTINGS_STUDIO_DIR, folder)
            self.open_studio([Path(folder)])

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
        team = bar.addMenu("&Team")
        self.act_leaderboard = QAction("Leader&board", self, shortcut=QKeySequence("Ctrl+B"), triggered=self.show_leaderboard)
        self.act_export_results = QAction("&Export my results…", self, triggered=self.choose_results_export)
        team.addAction(self.act_leaderboard)
        team.addAction(self.act_export_results)
        self.act_lrs = QAction("Learning &record store…", self, triggered=self.show_lrs)
        team.addAction(self.act_lrs)
        team.addSeparator()
        from simulator.ui.coach.menu import add_coach_actions

        add_coach_actions(self, team)  # Share with my coach…, Import coach's reply…, Coach…
        author = bar.addMenu("&Author")
        self.act_studio = QAction("Open authoring &studio…", self, shortcut=QKeySequence("Ctrl+Shift+A"),
                                  triggered=lambda: self.open_studio())
        self.act_open_folder = QAction("Open scenario &folder…", self, triggered=self.choose_scenario_folder)
        author.addAction(self.act_studio)
        author.addAction(self.act_open_folder)
        help_ = bar.addMenu("&Help")
        help_.addAction(QAction("&Keyboard shortcuts", self, shortcut=QKeySequence.StandardKey.HelpContents, triggered=self._shortcuts))
        help_.addAction(QAction("&About", self, triggered=self._about))
        from PySide6.QtWidgets import QToolButton

        for tb in bar.findChildren(QToolButton):  # the overflow button of a narrow menu bar
            tb.setAccessibleName("More menus")

    def show_lrs(self) -> None:
        """Team > Learning record store (xAPI settings, test, pending count, sync now)."""
        from simulator.ui.lrs_dialog import LrsDialog

        dlg = LrsDialog(self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self._lrs_dialog = dlg

    def _menu_library(self) -> None:
        if self.profile is None:
            return
        if self._in_conversation():
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
                          "Ctrl+L: library   Ctrl+P: progress   Ctrl+Shift+P: switch profile\n"
                          "Ctrl+B: team leaderboard   Ctrl+Shift+A: authoring studio",
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
        for win in list(self.studios):  # the studio windows belong to this app session
            win.close()
        self.studios.clear()
        self.settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        if self.profile is not None:
            self.settings.setValue(SETTINGS_PROFILE, self.profile.id)
        self.settings.sync()
        super().closeEvent(event)
