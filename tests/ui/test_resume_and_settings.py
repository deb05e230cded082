"""Closing mid-run is safe: the next start offers to resume, and the run continues where it stopped."""

from __future__ import annotations

from PySide6.QtCore import Qt

from simulator.storage import Store
from tests.ui.conftest import close_and_wait
from tests.ui.helpers import DIGITS, bundled_count, press, type_text


def test_resume_after_interrupted_attempt(qtbot, make_window, config, shoot):
    w = make_window(config)
    type_text(qtbot, w, "Rita")
    press(qtbot, w, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.library_screen and w.library_model.progress_ready)
    w.open_briefing(w.library_model.by_id("spin-discovery"))
    press(qtbot, w, Qt.Key.Key_Return)
    conv = w.conversation_screen
    press(qtbot, w, DIGITS[1])
    press(qtbot, w, DIGITS[1])
    said = conv.transcript.texts()
    offered = [b.choice_text for b in conv.choices.buttons]
    assert len(conv.model.session.decisions) == 2 and offered
    # the rep closes the window mid-conversation
    close_and_wait(qtbot, w)

    w2 = make_window(config)
    lib = w2.library_screen
    assert w2.profile is not None and w2.profile.name == "Rita", "the last profile opens by itself"
    assert w2.stack.currentWidget() is lib
    assert lib.banner.isVisible()
    assert "Twenty Minutes with the Plant Manager" in lib.banner_text.text()
    assert "2 decisions" in lib.banner_text.text()
    assert lib.focusWidget() is lib.resume or w2.focusWidget() is lib.resume
    shoot(w2, "14-library-resume-banner")
    press(qtbot, w2, Qt.Key.Key_Return)  # Resume has the focus
    conv2 = w2.conversation_screen
    assert w2.stack.currentWidget() is conv2
    assert conv2.transcript.texts() == said
    assert [b.choice_text for b in conv2.choices.buttons] == offered
    shoot(w2, "15-conversation-resumed")
    while not conv2.end_card.isVisible():
        press(qtbot, w2, DIGITS[1])
    qtbot.waitUntil(lambda: conv2.debrief_button.isEnabled())
    uuid = conv2.model.attempt
    close_and_wait(qtbot, w2)
    store = Store.open(config.db_path)
    try:
        rows = store.history()
        assert [(r.uuid, r.status) for r in rows] == [(uuid, "completed")], "the resumed attempt completed, no duplicate"
        assert len(store.decisions(uuid)) == len(conv2.model.session.decisions)
    finally:
        store.close()


def test_escape_leaves_and_discard_removes_the_banner(qtbot, make_window, config):
    w = make_window(config)
    type_text(qtbot, w, "Sam")
    press(qtbot, w, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.library_screen and w.library_model.progress_ready)
    w.open_briefing(w.library_model.by_id("feature-request"))
    press(qtbot, w, Qt.Key.Key_Return)
    press(qtbot, w, DIGITS[1])
    press(qtbot, w, Qt.Key.Key_Escape)
    lib = w.library_screen
    assert w.stack.currentWidget() is lib
    qtbot.waitUntil(lambda: lib.banner.isVisible())
    lib.discard.click()
    box = w._discard_box
    qtbot.waitUntil(box.isVisible)
    from PySide6.QtWidgets import QMessageBox

    box.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: not lib.banner.isVisible() and w.library_model.data.in_progress == [])
    close_and_wait(qtbot, w)


def test_geometry_and_last_profile_persist_in_injected_settings(qtbot, make_window, config):
    w = make_window(config)
    type_text(qtbot, w, "Pat")
    press(qtbot, w, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.profile is not None)
    w.resize(760, 560)
    close_and_wait(qtbot, w)
    text = config.settings_path.read_text()
    assert "geometry" in text and "last=" in text
    from simulator.ui.app import create_window, shutdown

    w2 = create_window(config)
    qtbot.addWidget(w2)
    assert (w2.width(), w2.height()) == (760, 560)
    w2.show()
    w2.start()
    qtbot.waitUntil(lambda: w2.is_ready)
    assert w2.profile.name == "Pat"
    close_and_wait(qtbot, w2)


def test_unusable_database_shows_one_clear_error(qtbot, make_window, config, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    bad = tmp_path / "not-a-db"
    bad.mkdir()  # a folder where the database file should be
    config.db_path = bad
    w = make_window(config)
    boxes = [b for b in w.findChildren(QMessageBox) if b.objectName() == "errorDialog"]
    assert len(boxes) == 1
    assert "Traceback" not in boxes[0].informativeText()
    assert boxes[0].text() == "Your progress could not be saved or read."
    assert w.stack.currentWidget() is w.library_screen and len(w.library_screen.cards) == bundled_count()
    close_and_wait(qtbot, w)
