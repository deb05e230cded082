"""A damaged progress database: one dialog with the reason and the choices; nothing is ever deleted."""

from __future__ import annotations

import hashlib
import random

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from simulator.loader import load_or_raise
from simulator.storage import Store, record_session
from tests.conftest import SCENARIOS
from tests.support.leaderboard_data import random_run
from tests.ui.conftest import close_and_wait
from tests.ui.helpers import press, type_text


def _sha(p) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _garbage(db_path) -> str:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(b"this is not a database, just some bytes\n" * 200)
    return _sha(db_path)


def _recovery_box(qtbot, w) -> QMessageBox:
    qtbot.waitUntil(lambda: w.recovery_box is not None and w.recovery_box.isVisible(), timeout=10000)
    return w.recovery_box


def _buttons(box: QMessageBox) -> dict[str, object]:
    return {b.text(): b for b in box.buttons()}


def _damaged_copies(db_path) -> list:
    return sorted(db_path.parent.glob(db_path.name + ".damaged-*"))


def test_garbage_file_offers_start_fresh_and_keeps_the_damaged_file(qtbot, make_window, config, shoot):
    before = _garbage(config.db_path)
    w = make_window(config)
    box = _recovery_box(qtbot, w)
    assert box.text() == "Your progress database cannot be opened."
    reason = box.informativeText()
    assert "\n" not in reason and "is damaged" in reason
    assert set(_buttons(box)) == {"Start fresh", "Continue without saving"}  # no backup: nothing to restore
    assert not w.findChildren(QMessageBox, "errorDialog"), "one dialog, not an error on top of it"
    shoot(w, "30-damaged-database-dialog")
    shoot(box, "30-damaged-database-dialog-box")

    with qtbot.waitSignal(w.store_recovered, timeout=10000):
        _buttons(box)["Start fresh"].click()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.profile_screen, timeout=10000)
    [moved] = _damaged_copies(config.db_path)
    assert _sha(moved) == before, "the damaged file is kept byte for byte"
    assert "kept as " + moved.name in w.statusBar().currentMessage()
    # the fresh database works: a new profile is saved in it
    w.activateWindow()  # the window manager does this when the dialog closes; offscreen has none
    qtbot.waitUntil(lambda: w.profile_screen.name.hasFocus())
    type_text(qtbot, w, "Nia")
    press(qtbot, w, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.profile is not None and w.stack.currentWidget() is w.library_screen, timeout=10000)
    close_and_wait(qtbot, w)
    with Store.open(config.db_path) as store:
        assert [p.name for p in store.profiles()] == ["Nia"]


def test_truncated_database_with_a_backup_is_restored(qtbot, make_window, config, shoot):
    db = config.db_path
    sc = load_or_raise(SCENARIOS / "feature-request.yaml")
    rnd = random.Random(3)
    with Store.open(db, backup_every=None) as store:
        record_session(store, "Ana", random_run(sc, 1, rnd))
        good = store.backup()
    for i in range(20):  # several pages, so truncation cuts real data
        with Store.open(db, backup_every=None) as store:
            record_session(store, "Ana", random_run(sc, 100 + i, rnd))
    size = db.stat().st_size
    with open(db, "r+b") as f:
        f.truncate(size // 2)
    damaged = _sha(db)

    w = make_window(config)
    box = _recovery_box(qtbot, w)
    assert "is damaged" in box.informativeText() and "\n" not in box.informativeText()
    buttons = _buttons(box)
    assert set(buttons) == {"Restore last backup", "Start fresh", "Continue without saving"}
    assert box.defaultButton() is buttons["Restore last backup"]
    shoot(box, "31-damaged-database-with-backup")
    with qtbot.waitSignal(w.store_recovered, timeout=10000) as sig:
        buttons["Restore last backup"].click()
    assert sig.args == ["restore"]
    qtbot.waitUntil(lambda: w.profile is not None and w.library_model.progress_ready, timeout=10000)
    assert w.profile.name == "Ana" and w.stack.currentWidget() is w.library_screen
    assert f"Progress restored from the backup {good.name}" in w.statusBar().currentMessage()
    card = next(c for c in w.library_screen.cards if c.scenario.id == "feature-request")
    assert "1 attempt" in card.status.text(), "the attempt saved before the backup is back"
    shoot(w, "32-library-after-restore")
    [moved] = _damaged_copies(db)
    assert _sha(moved) == damaged
    close_and_wait(qtbot, w)


def test_continue_without_saving_changes_nothing_on_disk(qtbot, make_window, config):
    before = _garbage(config.db_path)
    w = make_window(config)
    box = _recovery_box(qtbot, w)
    press(qtbot, box, Qt.Key.Key_Escape)  # Escape means "Continue without saving"
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.profile_screen, timeout=10000)
    assert w.not_saving_label is not None and w.not_saving_label.isVisible()
    assert "Not saving" in w.not_saving_label.text()
    w.activateWindow()
    qtbot.waitUntil(lambda: w.profile_screen.name.hasFocus())
    type_text(qtbot, w, "Zoe")
    press(qtbot, w, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.profile is not None and w.stack.currentWidget() is w.library_screen, timeout=10000)
    scratch = w.unsaved_dir
    assert scratch is not None and scratch.exists()
    close_and_wait(qtbot, w)
    assert _sha(config.db_path) == before and _damaged_copies(config.db_path) == []
    assert not scratch.exists(), "the throw-away database goes when the app closes"


def test_a_problem_that_cannot_be_recovered_here_is_one_error_dialog(qtbot, make_window, config):
    config.db_path.mkdir(parents=True)  # a folder in the way, and no backup: explain, offer nothing
    w = make_window(config)
    qtbot.waitUntil(lambda: any(b.isVisible() for b in w.findChildren(QMessageBox, "errorDialog")), timeout=10000)
    box = next(b for b in w.findChildren(QMessageBox, "errorDialog") if b.isVisible())
    assert box.text() == "Your progress could not be saved or read."
    assert "it is a folder" in box.informativeText()
    assert w.recovery_box is None
    close_and_wait(qtbot, w)
