"""A damaged progress database: restore the last backup, start fresh, or continue without saving."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from simulator.ui.errors import show_error
from simulator.ui.ops import run_op


def recoverable(exc) -> bool:
    """A database the rep can recover from here: damaged (restore or start fresh), or unreadable /
    failed to migrate (offered only when a backup exists; checked off the UI thread)."""
    from simulator.storage import DatabaseProblem

    return isinstance(exc, DatabaseProblem) and exc.kind in ("corrupt", "unreadable", "migration-failed")


class RecoveryMixin:
    """``MainWindow``'s recovery from a damaged database (a mixin)."""

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
