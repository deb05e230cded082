"""A rep's whole loop driven from the keyboard only: profile, library, briefing, conversation, debrief."""

from __future__ import annotations

from PySide6.QtCore import Qt

from simulator.search import analyse
from simulator.storage import Store
from tests.ui.conftest import close_and_wait
from tests.ui.helpers import DIGITS, bundled_count, focused, press, type_text

SCENARIO = "renewal-at-risk"


def pick(window, good: bool) -> int:
    """The number a test rep presses: a best move, or the worst one when ``good`` is False."""
    model = window.conversation_screen.model
    session = model.session
    r = analyse(model.scenario)
    s = r.state(session._entry_key)
    q = dict(zip(r.decisions[s].options, r.q_values(s)))
    offered = session.current.options
    ranked = sorted(offered, key=lambda o: q[o.id], reverse=good)
    return ranked[0].number


def test_full_run_by_keyboard(qtbot, make_window, config, shoot):
    w = make_window(config)
    # 1. first run: the profile screen asks for a name; type it and press Enter
    assert w.stack.currentWidget() is w.profile_screen
    assert focused(w) is w.profile_screen.name
    shoot(w, "01-profile-first-run")
    type_text(qtbot, w, "Alex Morgan")
    press(qtbot, w, Qt.Key.Key_Tab)
    type_text(qtbot, w, "EMEA <Enterprise>")
    press(qtbot, w, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.library_screen and w.library_model.progress_ready)
    assert w.profile.name == "Alex Morgan"
    assert len(w.library_screen.cards) == bundled_count()  # the bundled set changes; never a fixed number
    shoot(w, "02-library-new-rep")

    # 2. Ctrl+F, type part of a title, Enter opens the first match
    press(qtbot, w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert focused(w) is w.library_screen.search
    target = w.library_model.by_id(SCENARIO)
    type_text(qtbot, w, target.title)
    qtbot.waitUntil(lambda: w.library_screen.visible_titles()[:1] == [target.title])
    press(qtbot, w, Qt.Key.Key_Return)
    assert w.stack.currentWidget() is w.briefing_screen
    briefing_words = " ".join(target.model.briefing.split()).replace("**", "")[:20]
    assert briefing_words.split()[0] in w.briefing_screen.briefing.toPlainText()
    shoot(w, "03-briefing")

    # 3. Enter starts the conversation; digits pick choices
    press(qtbot, w, Qt.Key.Key_Return)
    conv = w.conversation_screen
    assert w.stack.currentWidget() is conv
    assert conv.choices.buttons, "the first choices are offered"
    assert conv.transcript.texts(), "the buyer opens the conversation"
    shoot(w, "04-conversation-start")
    decisions = 0
    while not conv.end_card.isVisible():
        n = pick(w, good=decisions != 1)  # one poor move, so the debrief shows a best alternative
        before = len(conv.transcript.bubbles)
        press(qtbot, w, DIGITS[n])
        assert len(conv.transcript.bubbles) > before, "the choice and the reply appear at once"
        decisions += 1
        if decisions == 2:
            shoot(w, "05-conversation-mid")
        if any(b.isVisible() for b in [conv.choices.thought]) and decisions < 20:
            shoot(w, "05b-conversation-private-thought")
        assert decisions < 40
    assert conv.end_card.isVisible()
    # no score or coach note during play
    shown = " ".join(conv.transcript.texts())
    assert "Evidence" not in shown and "best move" not in shown.lower()
    qtbot.waitUntil(lambda: conv.debrief_button.isEnabled())
    shoot(w, "06-conversation-ended")

    # 4. Enter opens the debrief
    press(qtbot, w, Qt.Key.Key_Return)
    deb = w.debrief_screen
    assert w.stack.currentWidget() is deb
    card = w.conversation_screen.model.card
    assert deb.ending_label.text() == card.ending_title
    assert deb.total_label.text() == f"{card.total:.0f}"
    assert len(deb.review_cards) == decisions == len(card.decisions)
    assert any(not d.best_move for d in card.decisions)
    shoot(w, "07-debrief")
    deb.area.verticalScrollBar().setValue(deb.area.verticalScrollBar().maximum() // 2)
    shoot(w, "07b-debrief-review")

    # 5. the attempt is in the database, with every decision
    store = Store.open(config.db_path)
    try:
        rows = store.history(w.profile)
        assert [(r.scenario_id, r.status) for r in rows] == [(SCENARIO, "completed")]
        assert abs(rows[0].total - card.total) < 0.01
        assert len(store.decisions(rows[0].uuid)) == decisions
        assert store.in_progress(w.profile) == []
    finally:
        store.close()

    # 6. Enter goes back to the library, which now shows the score on the card
    press(qtbot, w, Qt.Key.Key_Return)
    assert w.stack.currentWidget() is w.library_screen
    qtbot.waitUntil(lambda: any("Best" in c.status.text() for c in w.library_screen.cards))
    shoot(w, "08-library-after-run")

    # 7. progress screen from the menu shortcut
    press(qtbot, w, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    prog = w.progress_screen
    qtbot.waitUntil(lambda: prog.history_model.rowCount() == 1)
    assert prog.first_best_model.item(0, 0).text() == target.title
    assert prog.chart is not None
    shoot(w, "09-progress")
    press(qtbot, w, Qt.Key.Key_Escape)
    assert w.stack.currentWidget() is w.library_screen
    close_and_wait(qtbot, w)
