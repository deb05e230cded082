"""The coaching loop in the app: the rep shares, the coach comments and assigns, the rep imports and sees both
(the comment at its decision in the debrief, the assignment at the top of the library, the focus in Progress)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from simulator.engine import play
from simulator.loader import load_or_raise
from simulator.storage import Store, record_session
from tests.support.coaching_data import VALID
from tests.ui.conftest import close_and_wait

SC = load_or_raise(VALID / "committee.yaml")


def _config(tmp_path):
    from simulator.ui.app import AppConfig

    return AppConfig(db_path=tmp_path / "progress.db", library_paths=[VALID], settings_path=tmp_path / "settings.ini")


def _ann_with_two_runs(db_path) -> list[str]:
    with Store.open(db_path) as store:
        made = [record_session(store, "Ann Lee", play(SC, ["frame", "ben", "wait"], 7, [90, 90, 90]), team="East"),
                record_session(store, "Ann Lee", play(SC, ["discount", "ana", "ask-pilot"], 7, [50, 50, 50]), team="East")]
        with store.transaction():  # played last week, an hour apart (well before the coach's assignment)
            for i, u in enumerate(made):
                store.db.execute("UPDATE attempts SET started = ?, finished = ? WHERE uuid = ?",
                                 [f"2024-11-20T1{i}:00:00.000000Z", f"2024-11-20T1{i}:10:00.000000Z", u])
        return made


def _drop(widget, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    ev = QDropEvent(QPointF(QPoint(40, 40)), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(ev)
    assert ev.isAccepted()


def test_rep_shares_coach_comments_and_assigns_rep_sees_both(qtbot, make_window, tmp_path, shoot):
    from simulator.ui.coach.menu import import_reply, open_coach, share_with_coach

    first, _second = _ann_with_two_runs(tmp_path / "progress.db")
    w = make_window(_config(tmp_path))
    assert w.stack.currentWidget() is w.library_screen
    assert {"Share with my coach…", "Import coach's reply…", "Coach…"} <= {a.text().replace("&", "") for a in w.menuBar().actions()[1].menu().actions()}

    # the rep shares: both attempts are new, so both are ticked
    dlg = share_with_coach(w)
    qtbot.waitUntil(lambda: dlg.list.count() == 2, timeout=10000)
    assert len(dlg.chosen()) == 2 and dlg.count.text() == "2 of 2 selected"
    shoot(dlg, "70-share-with-my-coach")
    share = tmp_path / "ann.json"
    with qtbot.waitSignal(dlg.shared, timeout=10000):
        dlg.save_to(str(share))
    assert "Shared 2 attempts" in w.statusBar().currentMessage()

    # the coach drops the file on the coach window
    cw = open_coach(w)
    with qtbot.waitSignal(cw.team_loaded, timeout=20000):
        _drop(cw, [share])
    assert cw.rep_list.count() == 1 and cw.rep_list.item(0).text().startswith("Ann Lee  (East)\n2 attempt(s) · latest ")
    assert "2 verified" in cw.summary.text()
    # open the first attempt: its debrief in coach mode, a comment box per decision
    rows = [cw.attempt_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(cw.attempt_list.count())]
    cw.attempt_list.setCurrentRow(rows.index(first))
    qtbot.waitUntil(lambda: len(cw.comment_boxes) == 3)
    assert cw.debrief.ending_label.text() == "Lost"
    cw.comment_boxes[2].setPlainText("Ask for the pilot: after framing you had earned it.")
    cw.note_box.setPlainText("Strong opening. Close it next time.")
    cw.focus.setCurrentIndex(cw.focus.findData("control"))
    cw.assign_scenario.setCurrentIndex(cw.assign_scenario.findText("Committee of two"))
    due = date.today() + timedelta(days=3)
    cw.due.setDate(QDate(due.year, due.month, due.day))
    cw.assign_note.setText("Play it again and ask for the pilot")
    cw.assign_button.click()
    cw.assign_scenario.setCurrentIndex(cw.assign_scenario.findText("Loop and luck"))
    cw.assign_button.click()  # a second one, then taken back
    assert cw.assigned.count() == 2
    cw.assigned.setCurrentRow(1)
    cw.unassign_button.click()
    assert [cw.assigned.item(i).text() for i in range(cw.assigned.count())] == [
        f"• Committee of two, due {due.isoformat()}: Play it again and ask for the pilot"]
    cw.coach_name.setText("Dana")
    assert cw.draft_status.text() == "In this reply: 2 comment(s), 1 assignment(s), focus control."
    shoot(cw, "71-coach-window-debrief")
    cw.debrief.area.ensureWidgetVisible(cw.comment_boxes[2], 0, 40)
    shoot(cw, "71b-coach-window-comment-box")
    reply = tmp_path / "reply-ann.json"
    with qtbot.waitSignal(cw.reply_written, timeout=5000):
        cw.write_reply(str(reply))
    cw.tabs.setCurrentIndex(1)
    assert cw.insight_view.losses.rowCount() == 1  # one first attempt: it lost value at one decision
    shoot(cw, "72-coach-team-insight")
    cw.close()

    # the rep imports the reply: the assignment is at the top of the library
    import_reply(w, [reply])
    panel = w.library_screen.assignments
    qtbot.waitUntil(lambda: panel.isVisible() and bool(panel.lines), timeout=10000)
    assert panel.lines[0] == f"From Dana, due {due.strftime('%A')}: Committee of two — focus: control"
    shoot(w, "73-library-with-assignment")
    # ...and the comments in the debrief, at their decision
    w.show_progress()
    progress = w.progress_screen
    qtbot.waitUntil(lambda: len(progress.rows) == 2, timeout=10000)
    qtbot.waitUntil(lambda: progress.coaching.isVisible())
    assert progress.coaching.focus_label.text() == "Focus set by Dana: Control"
    with qtbot.waitSignal(progress.open_debrief, timeout=10000):
        progress.open_attempt(first)
    screen = w.debrief_screen
    qtbot.waitUntil(lambda: len(getattr(screen, "coach_comments", [])) == 2, timeout=10000)
    texts = [f.accessibleName() for f in screen.coach_comments]
    assert "Comment from Dana: Ask for the pilot: after framing you had earned it." in texts
    third = screen.review_cards[2]
    assert any(f.parent() is third for f in screen.coach_comments)  # inline at decision 3
    # the reflection box is there; what the rep writes is saved with the attempt
    box = screen.reflection_box
    qtbot.waitUntil(lambda: not box._loading)
    box.edits[0].setPlainText("Ask for the pilot instead of emailing.")
    with qtbot.waitSignal(box.saved, timeout=5000):
        box.save_button.click()
    screen.area.verticalScrollBar().setValue(screen.area.verticalScrollBar().maximum())
    shoot(w, "74-debrief-with-coach-comment-and-reflection")
    with Store.open(tmp_path / "progress.db") as store:
        from simulator.coaching.store import reflection

        assert reflection(store, first).differently == "Ask for the pilot instead of emailing."
    close_and_wait(qtbot, w)
