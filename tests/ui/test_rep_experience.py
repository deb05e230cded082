"""What a rep sees (issue 16 and the app part of format 2), on the tests' own scenarios (tests/ui/scenarios):
history opens a read-only debrief, focus never singles out an option, options in the drawn order with keys
following the display, the confidence row starts empty, no mnemonic clash, the studio never resizes itself,
empty states that say what to do, and a debrief whose words never contradict the verdicts."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMessageBox

from simulator.ui.app import AppConfig
from tests.ui.conftest import close_and_wait
from tests.ui.helpers import DIGITS, press, type_text

HERE = Path(__file__).resolve().parent / "scenarios"


@pytest.fixture
def lib(tmp_path):
    folder = tmp_path / "lib"
    folder.mkdir()
    for name in ("read-sam.yaml", "read-sam-sure.yaml"):
        (folder / name).write_text((HERE / name).read_text(encoding="utf-8"), encoding="utf-8")
    return folder


@pytest.fixture
def cfg(tmp_path, lib):
    return AppConfig(db_path=tmp_path / "progress.db", library_paths=[lib], settings_path=tmp_path / "settings.ini")


def scenario(lib, sid="read-sam"):
    from simulator.loader import load_library

    scenarios, _ = load_library([lib])
    return next(s for s in scenarios if s.id == sid)


def run(sc, seed: int, prefer=()):
    """A whole run: the first preferred option offered at each decision, else the first offered."""
    from simulator.engine import Session

    s = Session(sc, seed)
    s.start()
    while not s.finished:
        ids = [o.id for o in s.current.options]
        s.choose(next((p for p in prefer if p in ids), ids[0]))
        if sc.ask_confidence:
            s.set_confidence(80)
    return s


def seed_history(db, sc, runs) -> list:
    from simulator.storage import Store, record_session

    store = Store.open(db)
    sessions = []
    try:
        for seed, prefer in runs:
            session = run(sc, seed, prefer)
            record_session(store, "Rita", session, team="East")
            sessions.append(session)
    finally:
        store.close()
    return sessions


def texts(widget) -> list[str]:
    return [lab.text() for lab in widget.findChildren(QLabel) if lab.text()]


# -- progress: any past attempt's debrief, read-only ---------------------------------------------


def test_history_opens_a_read_only_debrief_and_escape_returns(qtbot, make_window, cfg, lib, shoot):
    from simulator.scoring import score_session

    sc = scenario(lib)
    sessions = seed_history(cfg.db_path, sc, [(3, ["ask-cost", "cost-of-delay", "propose-review"]), (2, ["send-prices"])])
    w = make_window(cfg)
    w.show_progress()
    prog = w.progress_screen
    qtbot.waitUntil(lambda: prog.history_model.rowCount() == 2)
    # endings by title, never by id
    assert {prog.history_model.item(r, 3).text() for r in range(2)} == {"Review booked", "Lost on price"}
    assert prog.first_best_model.item(0, 0).text() == "Read Sam" and prog.first_best_model.item(0, 1).text() == "2"
    # the trend: one panel per skill, attempts in order
    assert prog.panels and all(p.points[0][0] == 1 for p in prog.panels)
    shoot(w, "progress-two-attempts")
    # newest first: row 0 is the lost run; Enter on it opens its debrief
    assert QApplication.focusWidget() is prog.history
    prog.history.setCurrentIndex(prog.history_model.index(0, 0))
    press(qtbot, w, Qt.Key.Key_Return)
    deb = w.debrief_screen
    qtbot.waitUntil(lambda: w.stack.currentWidget() is deb)
    expected = score_session(sessions[1])
    assert deb.read_only and deb.ending_label.text() == "Lost on price" == expected.ending_title
    assert deb.total_label.text() == f"{expected.total:.0f}"
    assert "(read-only)" in " ".join(texts(deb))
    assert deb.situation_label.text() == f"The situation this time: {expected.situation_title}"
    assert deb.back_button.text().replace("&", "").startswith("Back to progress")
    assert not deb.next_button.isVisible()
    shoot(w, "debrief-from-history")
    press(qtbot, w, Qt.Key.Key_Escape)
    assert w.stack.currentWidget() is prog
    close_and_wait(qtbot, w)


# -- conversation: drawn order, keys follow the display, focus on the list ------------------------


def drawn_seed(sc) -> int:
    """A seed whose first decision is shown in an order other than the written one."""
    from simulator.engine import Session

    written = [c.id for c in sc.nodes[sc.start].options]
    for seed in range(1, 200):
        s = Session(sc, seed)
        shown = [o.id for o in s.start().options]
        if shown != written[:len(shown)]:
            return seed
    raise AssertionError("the options are never shuffled")


def test_options_in_drawn_order_keys_follow_display_and_focus_is_on_the_list(qtbot, make_window, cfg, lib, shoot):
    from simulator.ui.viewmodels.conversation import ConversationModel
    from simulator.ui.widgets.conversation import ChoiceButton

    seed_history(cfg.db_path, scenario(lib), [])
    w = make_window(cfg)
    qtbot.waitUntil(lambda: w.profile is not None or w.stack.currentWidget() is w.profile_screen)
    if w.profile is None:
        type_text(qtbot, w, "Rita")
        press(qtbot, w, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: w.profile is not None)
    sc = w.library_model.by_id("read-sam")
    seed = drawn_seed(sc)
    w._run(ConversationModel(sc, w.profile, seed=seed))
    conv = w.conversation_screen
    step = conv.model.session.current
    shown = [(b.number, b.choice_text) for b in conv.choices.buttons]
    assert shown == [(o.number, o.text) for o in step.options] and [n for n, _ in shown] == list(range(1, len(shown) + 1))
    assert [o.id for o in step.options] != [c.id for c in sc.nodes[sc.start].options][:len(step.options)]
    # nothing looks like advice: the list has the focus, no option does
    focus = QApplication.focusWidget()
    assert focus is conv.choices and not isinstance(focus, ChoiceButton)
    assert "press 1–3" in conv.choices.heading.text()
    shoot(w, "conversation-drawn-order")
    # key 2 picks what is shown second
    second = step.options[1]
    press(qtbot, w, DIGITS[2])
    assert conv.model.session.decisions[0].option == second.id
    assert second.text in conv.transcript.texts()
    close_and_wait(qtbot, w)


def test_confidence_row_starts_with_nothing_selected_and_shows_its_keys(qtbot, make_window, cfg, lib):
    from simulator.ui.viewmodels.conversation import ConversationModel

    seed_history(cfg.db_path, scenario(lib), [])
    w = make_window(cfg)
    if w.profile is None:
        type_text(qtbot, w, "Rita")
        press(qtbot, w, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: w.profile is not None)
    sc = w.library_model.by_id("read-sam-sure")
    w._run(ConversationModel(sc, w.profile, seed=3))
    conv = w.conversation_screen
    press(qtbot, w, DIGITS[1])
    assert conv.confidence.isVisible()
    assert QApplication.focusWidget() is conv.confidence  # the row, not a level
    assert [b.text() for b in conv.confidence.buttons] == [f"{i} · {p} %" for i, p in enumerate((50, 60, 70, 80, 90, 100), 1)]
    press(qtbot, w, DIGITS[5])
    assert conv.model.session.decisions[0].confidence == 90
    close_and_wait(qtbot, w)


# -- mnemonics: no Alt+letter means two things on one screen --------------------------------------


def mnemonic(text: str) -> str | None:
    m = re.search(r"&([^&\s])", text.replace("&&", ""))
    return m.group(1).lower() if m else None


def clashes(window, screen) -> list[str]:
    seen: dict[str, str] = {}
    bad = []
    owners = [a.text() for a in window.menuBar().actions()]
    for w in screen.findChildren(QAbstractButton):
        if w.isVisibleTo(screen):
            owners.append(w.text())
    for lab in screen.findChildren(QLabel):
        if lab.buddy() is not None and lab.isVisibleTo(screen):
            owners.append(lab.text())
    for text in owners:
        key = mnemonic(text)
        if key is None:
            continue
        if key in seen:
            bad.append(f"Alt+{key.upper()}: {seen[key]!r} and {text!r}")
        seen[key] = text
    return bad


def test_no_mnemonic_clash_on_any_screen(qtbot, make_window, cfg, lib):
    seed_history(cfg.db_path, scenario(lib), [(3, ["ask-cost"])])
    w = make_window(cfg)
    for menu_action in w.menuBar().actions():  # inside each menu, too
        keys = [mnemonic(a.text()) for a in menu_action.menu().actions() if mnemonic(a.text())]
        assert len(keys) == len(set(keys)), menu_action.text()
    assert clashes(w, w.library_screen) == []
    w.open_briefing(w.library_model.by_id("read-sam"))
    assert clashes(w, w.briefing_screen) == []
    w.start_conversation(w.library_model.by_id("read-sam"))
    conv = w.conversation_screen
    assert clashes(w, conv) == []
    while not conv.end_card.isVisible():
        press(qtbot, w, DIGITS[1])
    qtbot.waitUntil(conv.debrief_button.isEnabled)
    conv.debrief_button.click()
    assert clashes(w, w.debrief_screen) == []
    w.show_progress()
    assert clashes(w, w.progress_screen) == []
    w.show_leaderboard()
    assert clashes(w, w.leaderboard_screen) == []
    w.switch_profile()
    assert clashes(w, w.profile_screen) == []
    close_and_wait(qtbot, w)


# -- empty states say what to do ------------------------------------------------------------------


def test_empty_states_say_how_to_start(qtbot, make_window, cfg):
    w = make_window(cfg)
    type_text(qtbot, w, "Nadia")
    press(qtbot, w, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.profile is not None and w.stack.currentWidget() is w.library_screen)
    w.show_progress()
    prog = w.progress_screen
    qtbot.waitUntil(lambda: prog.summary.text() != "")
    assert prog.summary.text() == "No attempts yet. Pick a scenario in the library to start."
    assert prog.trend_empty.isVisible() and prog.chart is None
    w.show_leaderboard()
    board = w.leaderboard_screen
    qtbot.waitUntil(board.import_button.isEnabled)
    summary = board.summary.text()
    assert summary.startswith("The board is empty.") and "export your results, collect your team's files, drop them here" in summary
    assert "0 " not in summary
    w.show_library()
    lib_screen = w.library_screen
    lib_screen.search.setText("no such words anywhere")
    lib_screen.rebuild()
    assert lib_screen.empty.isVisible() and "Clear the search" in lib_screen.empty_text.text()
    close_and_wait(qtbot, w)


def test_a_duplicate_profile_name_is_said_inline(qtbot, make_window, cfg, lib):
    seed_history(cfg.db_path, scenario(lib), [(3, ["send-prices"])])
    w = make_window(cfg)
    w.switch_profile()
    screen = w.profile_screen
    qtbot.waitUntil(lambda: screen.list.count() == 1)
    screen.name.setFocus()
    type_text(qtbot, w, "  rita ")
    press(qtbot, w, Qt.Key.Key_Return)
    assert screen.name_error.isVisible()
    assert screen.name_error.text() == "There is already a profile named “Rita”. Pick it under “Continue as”, or type another name."
    assert w.stack.currentWidget() is screen and not w.findChildren(QMessageBox)
    type_text(qtbot, w, "x")
    assert not screen.name_error.isVisible()
    close_and_wait(qtbot, w)


# -- studio: a test run never resizes the window --------------------------------------------------


def test_studio_window_size_unchanged_after_a_test_run(qtbot, lib, tmp_path):
    from PySide6.QtCore import QSettings

    from simulator.ui.studio import StudioWindow

    win = StudioWindow([lib], QSettings(str(tmp_path / "studio.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.scenario is not None and not win.busy, timeout=20000)
    before = win.size()
    win.tabs.setCurrentWidget(win.play)
    win.play.set_node(win.scenario.start)
    win.play.start_button.click()
    assert win.play.option_buttons
    long_one = [b for b in win.play.option_buttons if "absolutely everything" in getattr(b, "choice_text", "")]
    assert long_one, "the long option is offered"
    for _ in range(3):
        QApplication.processEvents()
    assert win.size() == before
    win.play.choose(win.play.option_buttons[0].number)
    QApplication.processEvents()
    assert win.size() == before
    win.close()


# -- the debrief's words ----------------------------------------------------------------------------


def test_debrief_summary_chart_and_verdict_words(qtbot, make_window, cfg, lib, shoot):
    from simulator.scoring import score_session
    from simulator.ui.viewmodels.debrief_words import score_text

    sc = scenario(lib)
    session = run(sc, 3, ["share-pattern", "offer-demo"])
    card = score_session(session)
    # the first (a choice) costly with a different best move had the rep known; the last one no-stakes
    assert [d.kind for d in card.decisions] == ["choices", "diagnose", "choices"]
    d0, d2 = card.decisions[0], card.decisions[2]
    d0 = dataclasses.replace(d0, verdict="costly", regret=d0.stakes or 1.0, stakes=d0.stakes or 1.0, hidden_differs=True,
                             explanation="With what you could see, “A” was right; in fact the situation was: B.")
    d2 = dataclasses.replace(d2, verdict="no-stakes", best_move=True)
    card = dataclasses.replace(card, decisions=(d0, card.decisions[1], d2))
    w = make_window(cfg)
    deb = w.debrief_screen
    deb.show_card(sc, card, session)
    w.show_screen(deb)
    # the chart and the summary show the same whole numbers as the score card
    assert deb.chart.texts() == [score_text(v) for _k, v, _w in card.components]
    assert "pass mark 70" in deb.chart.accessibleName()
    s = deb.summary
    assert s.strongest is not None and str(s.strongest.score) in deb.chart.texts()
    # verdicts in words; a no-stakes decision is neither best nor wrong
    v2 = deb.review_cards[2].verdict_label.text()
    assert v2 == "○ No move changed the outcome here" and deb.review_cards[2].objectName() == "reviewNeutral"
    assert "best" not in " ".join(texts(deb.review_cards[2])).lower().replace("best moves here", "")
    assert deb.review_cards[0].verdict_label.text() == "✗ Costly move — it gave away most of what was at stake here"
    assert deb.review_cards[0].differs_label.text() == d0.explanation
    # reps are never told anything is drawn
    words = " ".join(texts(deb)).lower()
    assert "chance" not in words.replace("gave no chance to earn", "") and "luck" not in words and "random" not in words
    # internal names never shown: only labelled variables, by their labels
    assert "pressure" not in words and "Need expressed: " in " ".join(texts(deb))
    assert deb.situation_label.text() == f"The situation this time: {card.situation_title}"
    shoot(w, "debrief-words")
    close_and_wait(qtbot, w)


# -- studio: the situation in play-from-here, the path explorer and on the map (format 2) ------------


def test_studio_picks_the_situation_and_marks_situation_dependent_decisions(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from simulator.ui.studio import StudioWindow

    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "two-ways.yaml").write_text((HERE / "two-ways.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    win = StudioWindow([folder], QSettings(str(tmp_path / "studio.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.scenario is not None and not win.busy and win.paths.report is not None, timeout=20000)
    # the map marks the decision whose best move depends on the situation
    qtbot.waitUntil(lambda: bool(win.scene.node_items["opening"].depends), timeout=10000)
    assert win.scene.node_items["opening"].depends == {"Sam has time today": ("deep",), "Sam is in a rush": ("quick",)}
    assert "depends on the situation" in win.scene.node_items["opening"].toolTip()
    assert not win.scene.node_items["judge-quick"].depends
    # play from here as one situation
    play = win.play
    assert [play.situation_combo.itemText(i) for i in range(play.situation_combo.count())] == \
        ["None: the values below", "Sam has time today", "Sam is in a rush"]
    play.set_node("opening")
    play.set_situation("rushed-day")
    play.start_button.click()
    assert play.played_situation == "rushed-day" and play.values()["day"] == "rushed"
    assert "I have five minutes." in play.transcript.toPlainText()
    assert "Sam is in a rush" in play.transcript.toPlainText()
    # the path explorer: one situation's paths and its numbers in words
    paths = win.paths
    assert paths.situation_combo.count() == 3
    paths.situation_combo.setCurrentIndex(paths.situation_combo.findData("calm-day"))
    shown = [paths.report.paths[i] for i in paths._shown]
    assert shown and all(p.situation == "calm-day" for p in shown) and paths.paths.rowCount() == len(shown)
    assert paths.situation_info.text().startswith("Drawn in 50% of attempts.")
    assert "Its best path: deep." in paths.situation_info.text()
    paths.select_path(0)
    assert paths.path is shown[0]
    win.close()


def test_practise_next_opens_another_scenario_for_the_weakest_skill(qtbot, make_window, cfg, lib):
    from simulator.scoring import score_session

    sc = scenario(lib)
    seed_history(cfg.db_path, sc, [])
    w = make_window(cfg)
    if w.profile is None:
        type_text(qtbot, w, "Rita")
        press(qtbot, w, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: w.profile is not None)
    session = run(w.library_model.by_id("read-sam"), 2, ["send-prices"])
    deb = w.debrief_screen
    deb.show_card(session.scenario, score_session(session), session)
    w.show_screen(deb)
    assert deb.next_button.isVisible() and deb.next_button.text().replace("&", "") == "Practise next"
    deb.next_button.click()
    assert w.stack.currentWidget() is w.briefing_screen
    assert w.briefing_screen.scenario.id == "read-sam-sure"  # another scenario first, not the one just played
    close_and_wait(qtbot, w)


def test_map_labels_are_whole_words_or_hidden(qapp):
    from PySide6.QtGui import QFont, QFontMetricsF

    from simulator.ui.studio.map_view import NodeItem, elide_words

    fm = QFontMetricsF(QFont())
    text = "objection-handling with the procurement lead"
    for width in (10, 40, 80, 120, 200, 400, 1000):
        shown = elide_words(text, fm, width)
        assert shown == "" or shown == text or (shown.endswith("…") and text.startswith(shown[:-1]))
        if shown and shown != text:
            cut = len(shown) - 1
            assert text[cut - 1] in "- " or text[cut] in " -", shown  # ends at a word boundary
        assert fm.horizontalAdvance(shown) <= width or shown == ""
    NodeItem.BIG_FONT = NodeItem.BIG_FONT or QFont()
    label, _font = NodeItem._overview_label("a-very-long-node-identifier-that-cannot-fit", 120, 50)
    assert label == ""  # hidden rather than cut
    label, _font = NodeItem._overview_label("ok", 120, 50)
    assert label == "ok"
