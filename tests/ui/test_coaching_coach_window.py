"""The coach window with awkward files: one line per rejected file, an attempt this computer cannot replay
(its moves, still with a comment box each), names and texts from files shown as plain text; the rep's
Progress shows the focus competency's trend and lets them edit a reflection."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from simulator.coaching.reply import ReplyDraft, write_reply
from simulator.engine import play
from simulator.loader import load_or_raise
from simulator.storage import Store, record_session
from tests.support.coaching_data import VALID, attempt, share_doc, uid, write
from tests.ui.conftest import close_and_wait

SC = load_or_raise(VALID / "committee.yaml")


def _config(tmp_path):
    from simulator.ui.app import AppConfig

    return AppConfig(db_path=tmp_path / "progress.db", library_paths=[VALID], settings_path=tmp_path / "settings.ini")


def test_rejected_files_unreplayable_attempts_and_untrusted_text(qtbot, make_window, tmp_path, shoot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from simulator.ui.coach.menu import open_coach

    good = attempt(SC, ["frame", "ana", "ask-pilot"], [90, 60, 100], uid(1), 2,
                   reflection={"differently": "<b>Ask</b> sooner", "buyer_needed": ""})
    other = attempt(SC, ["discount", "ben", "wait"], [90, 90, 90], uid(2), 3)
    other["scenario"]["hash"] = "0" * 64  # a version of the scenario this computer does not have
    other["title"] = "<i>Old</i> committee"
    share = write(tmp_path / "eve.json", share_doc("Eve <script>", "Ops", [good, other]))
    bad = write(tmp_path / "bad.json", json.dumps({"format": "sales-simulator-coaching-share", "version": 1}))
    w = make_window(_config(tmp_path))
    cw = open_coach(w)
    with qtbot.waitSignal(cw.team_loaded, timeout=20000):
        cw.open_files([share, bad])
    assert cw.problems.isVisible() and cw.problems.text().startswith(f"{bad}: rejected: ")
    assert cw.problems.text().count("\n") == 0  # one line for the one rejected file
    assert cw.rep_list.item(0).text().startswith("Eve <script>  (Ops)")
    assert "1 verified, 1 unverified" in cw.summary.text()
    # the unverified attempt: its moves, a comment box each, and why the debrief is not shown
    rows = [cw.attempt_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(cw.attempt_list.count())]
    cw.attempt_list.setCurrentRow(rows.index(uid(2)))
    qtbot.waitUntil(lambda: len(cw.comment_boxes) == 3)
    texts = [lab.text() for lab in cw.debrief._body.findChildren(QLabel)]
    assert "<i>Old</i> committee — total 24" in " ".join(texts) or any(t.startswith("<i>Old</i> committee") for t in texts)
    assert any("this scenario version is not in your library" in t for t in texts)
    assert all(lab.textFormat() == Qt.TextFormat.PlainText for lab in cw.debrief._body.findChildren(QLabel))
    cw.comment_boxes[0].setPlainText("Why the discount?")
    # the verified one: the rep's reflection shown as they wrote it, never as markup
    cw.attempt_list.setCurrentRow(rows.index(uid(1)))
    qtbot.waitUntil(lambda: len(cw.comment_boxes) == 3 and cw.debrief.review_cards and cw.debrief.ending_label.text() == "Won")
    labels = [lab for lab in cw.debrief._body.findChildren(QLabel) if lab.text() == "<b>Ask</b> sooner"]
    assert labels and labels[0].textFormat() == Qt.TextFormat.PlainText
    shoot(cw, "75-coach-window-reflection")
    # closing with a comment not yet in a reply asks first (Cancel keeps the window)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Cancel))
    cw.close()
    assert cw.isVisible() and asked and "Your comments for Eve <script> are not in a reply file yet" in asked[0]
    # nothing to write without a name; then the reply holds the comment on the unreplayable attempt
    cw.write_reply(str(tmp_path / "r.json"))
    assert "Type your name first" in cw.draft_status.text() and not (tmp_path / "r.json").exists()
    cw.coach_name.setText("Dana")
    cw.write_reply(str(tmp_path / "r.json"))
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert doc["rep"] == {"name": "Eve <script>", "team": "Ops"}
    assert [(c["attempt"], c["decision"], c["text"]) for c in doc["comments"]] == [(uid(2), 0, "Why the discount?")]
    cw.close()  # everything is in the reply now: no question
    assert not cw.isVisible() and len(asked) == 1
    close_and_wait(qtbot, w)


def test_progress_shows_the_focus_trend_and_edits_reflections(qtbot, make_window, tmp_path, shoot):
    with Store.open(tmp_path / "progress.db") as store:
        ids = [record_session(store, "Ann Lee", play(SC, ch, 7, conf), team="East")
               for ch, conf in ((["frame", "ben", "wait"], [90, 90, 90]), (["frame", "ana", "ask-pilot"], [90, 60, 100]))]
        from simulator.coaching.store import save_reflection

        save_reflection(store, ids[0], "Ask for the pilot.", "Proof the cost is real.")
    d = ReplyDraft("Dana", "Ann Lee", "East")
    d.set_focus("tailoring")
    reply = write_reply(tmp_path / "reply.json", d.document())
    w = make_window(_config(tmp_path))
    from simulator.ui.coach.menu import import_reply

    import_reply(w, [reply])
    qtbot.waitUntil(lambda: getattr(w, "reply_imported", None) is not None, timeout=10000)
    w.show_progress()
    card = w.progress_screen.coaching
    qtbot.waitUntil(lambda: card.isVisible() and card.focus_label.text() != "", timeout=10000)
    assert card.focus_label.text() == "Focus set by Dana: Tailoring"
    # tailoring 0 on the first attempt, 100 on the second (committee.plan's arithmetic)
    assert card.trend_label.text() == "Tailoring, attempt by attempt: 0 → 100  (+100 since your first)"
    shoot(w, "76-progress-coaching-card")
    edit = [b for b in card.findChildren(type(w.progress_screen.back_button)) if b.text() == "Edit…"]
    assert len(edit) == 1
    edit[0].click()
    box = card.dialog.box
    qtbot.waitUntil(lambda: not box._loading and box.texts[0] == "Ask for the pilot.")
    box.edits[1].setPlainText("A reason to act this quarter.")
    with qtbot.waitSignal(box.saved, timeout=5000):
        box.save()
    card.dialog.close()
    close_and_wait(qtbot, w)
    with Store.open(tmp_path / "progress.db") as store:
        from simulator.coaching.store import reflection

        assert reflection(store, ids[0]).buyer_needed == "A reason to act this quarter."


def test_an_assignment_is_done_once_played_and_the_live_debrief_asks_for_a_reflection(qtbot, make_window, tmp_path):
    """Dana assigns "Loop and luck"; Ann plays it in the app (first option each time): back in the library
    the assignment shows as done, and the debrief she just read had the reflection box."""
    from tests.ui.helpers import DIGITS, press

    with Store.open(tmp_path / "progress.db") as store:
        store.create_profile("Ann Lee", "East")
    d = ReplyDraft("Dana", "Ann Lee", "East")
    d.assign("loop-and-luck", "Loop and luck", None, "Try it")
    reply = write_reply(tmp_path / "reply.json", d.document())
    w = make_window(_config(tmp_path))
    from simulator.ui.coach.menu import import_reply

    import_reply(w, [reply])
    panel = w.library_screen.assignments
    qtbot.waitUntil(lambda: panel.isVisible() and bool(panel.lines), timeout=10000)
    assert panel.lines == ["From Dana: Loop and luck"]
    start = [b for b in panel.findChildren(type(w.library_screen.suggest_open)) if b.text() == "Start"]
    start[0].click()  # the briefing of the assigned scenario
    assert w.stack.currentWidget() is w.briefing_screen
    press(qtbot, w, Qt.Key.Key_Return)
    conv = w.conversation_screen
    moves = 0
    while not conv.end_card.isVisible() and moves < 30:
        press(qtbot, w, DIGITS[1])
        moves += 1
    qtbot.waitUntil(lambda: conv.debrief_button.isEnabled(), timeout=10000)
    press(qtbot, w, Qt.Key.Key_Return)
    deb = w.debrief_screen
    assert w.stack.currentWidget() is deb
    qtbot.waitUntil(lambda: getattr(deb, "reflection_box", None) is not None and not deb.reflection_box._loading)
    assert deb.reflection_box.status.text() == ""  # nothing saved yet
    press(qtbot, w, Qt.Key.Key_Return)  # Enter still goes back to the library
    assert w.stack.currentWidget() is w.library_screen
    qtbot.waitUntil(lambda: panel.lines == ["✓ From Dana: Loop and luck — done"], timeout=10000)
    close_and_wait(qtbot, w)
