"""The menu bar (Practice, Team, Author, Help) and the Help boxes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox


class MenusMixin:
    """``MainWindow``'s menus (a mixin)."""

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
