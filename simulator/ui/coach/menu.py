"""The Team menu's coaching actions: Coach…, Share with my coach…, Import coach's reply….

``add_coach_actions(window, menu)`` adds them to the main window's Team menu (the main window keeps only
that one call); the handlers live here so the main window stays small.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

SETTINGS_SHARE_DIR = "coach/share_folder"


def add_coach_actions(win, menu) -> None:
    win.act_coach = QAction("&Coach…", win, triggered=lambda: open_coach(win))
    win.act_share_coach = QAction("&Share with my coach…", win, triggered=lambda: share_with_coach(win))
    win.act_import_reply = QAction("&Import coach's reply…", win, triggered=lambda: choose_reply(win))
    for a in (win.act_share_coach, win.act_import_reply, win.act_coach):
        menu.addAction(a)
    win.coach_windows = []


def open_coach(win, files=()):
    """Team › Coach…: a window of its own (the rep's practice stays where it was)."""
    from simulator.ui.coach.window import CoachWindow

    win._load_full()
    cw = CoachWindow(lambda: list(win.library_model.scenarios), win.settings)
    cw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    cw.destroyed.connect(lambda *_: cw in win.coach_windows and win.coach_windows.remove(cw))
    win.coach_windows.append(cw)
    cw.show()
    cw.raise_()
    if files:
        cw.open_files(files)
    return cw


def share_with_coach(win, path=None):
    """Team › Share with my coach…: pick attempts, save the coaching file."""
    if win.profile is None:
        win.statusBar().showMessage("Choose a profile first: there is nothing to share yet.", 6000)
        return None
    from simulator.ui.coach.share_dialog import ShareDialog

    folder = Path(str(win.settings.value(SETTINGS_SHARE_DIR, "") or Path.home()))
    dlg = ShareDialog(win.profile, win, folder=folder)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def shared(p: str, n: int) -> None:
        win.settings.setValue(SETTINGS_SHARE_DIR, str(Path(p).parent))
        win.statusBar().showMessage(f"Shared {n} attempt{'s' if n != 1 else ''} in {p} — send this file to your coach.", 10000)

    dlg.shared.connect(shared)
    dlg.open()
    win._share_dialog = dlg
    return dlg


def choose_reply(win) -> None:
    from PySide6.QtWidgets import QFileDialog

    if win.profile is None:
        win.statusBar().showMessage("Choose a profile first.", 6000)
        return
    folder = str(win.settings.value(SETTINGS_SHARE_DIR, "") or Path.home())
    paths, _ = QFileDialog.getOpenFileNames(win, "Import your coach's reply", folder, "Coach's reply (*.json)")
    if paths:
        import_reply(win, paths)


def import_reply(win, paths) -> None:
    """Add what the replies bring (comments, assignments, focus) on the writer thread, then refresh."""
    from simulator.ui.errors import show_error
    from simulator.ui.ops import run_op

    profile, paths = win.profile, [Path(p) for p in paths]
    if profile is None:
        return

    def work(store):
        from simulator.coaching.reply import import_replies

        return import_replies(store, paths, profile)

    def done(result) -> None:
        if result.problems:
            from PySide6.QtWidgets import QMessageBox

            box = QMessageBox(QMessageBox.Icon.Warning, "Some files were not imported",
                              "\n".join(result.problems), parent=win)
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            win._reply_problems = box
        if result.imported:
            win.statusBar().showMessage(result.summary()[0].upper() + result.summary()[1:] + ".", 10000)
        panel = getattr(win.library_screen, "assignments", None)
        if panel is not None:
            panel.load(profile)
        win.reply_imported = result

    run_op(win, work, done, lambda exc: show_error(win, exc))
