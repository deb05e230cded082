"""The Team and Author menus' actions: the leaderboard, exporting results, the learning record store,
and the authoring studio."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt

from simulator.ui.errors import show_error
from simulator.ui.main_window.settings_keys import SETTINGS_EXPORT_DIR, SETTINGS_STUDIO_DIR
from simulator.ui.ops import run_op


def results_file_name(profile_name: str) -> str:
    """``<profile>-results.json``, with characters that are unsafe in a file name replaced."""
    safe = re.sub(r'[\x00-\x1f<>:"/\\|?*]+', "_", profile_name).strip(" .") or "my"
    return f"{safe}-results.json"


class TeamAuthorMixin:
    """``MainWindow``'s team and authoring actions (a mixin)."""

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

    def show_lrs(self) -> None:
        """Team > Learning record store (xAPI settings, test, pending count, sync now)."""
        from simulator.ui.lrs_dialog import LrsDialog

        dlg = LrsDialog(self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self._lrs_dialog = dlg
