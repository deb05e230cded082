"""Start-up: profiles and progress (or the library index and a read-only query), the library load,
readiness after the first paint, and the core imported on the UI thread."""

from __future__ import annotations

import importlib

from PySide6.QtCore import QTimer

from simulator.ui.errors import show_error
from simulator.ui.main_window.recovery import recoverable
from simulator.ui.main_window.settings_keys import SETTINGS_PROFILE
from simulator.ui.ops import run_op
from simulator.ui.viewmodels.library import LibraryData


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


class StartupMixin:
    """``MainWindow``'s start-up (a mixin: it uses the window's screens, model and status bar)."""

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

    def _painted(self) -> None:
        """The event loop has run once since the window was shown: the first paint is done (ready never
        comes earlier, even when a start from the library index had every card up at once)."""
        self._shown = True
        self._check_ready()
