"""Navigation between the screens: profile, library, briefing, conversation, debrief and progress
(each screen built when first needed)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from simulator.ui.errors import show_error
from simulator.ui.main_window.settings_keys import SETTINGS_PROFILE
from simulator.ui.ops import run_op


class NavigationMixin:
    """``MainWindow``'s moves between screens (a mixin)."""

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
