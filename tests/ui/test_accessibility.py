"""Every control is named, the keyboard reaches everything, and both palettes stay readable."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QLineEdit, QListWidget, QTableView

from simulator.ui.theme import colours
from tests.conftest import ROOT
from tests.ui.conftest import close_and_wait
from tests.ui.helpers import DIGITS, press, type_text


def unnamed_controls(widget) -> list[str]:
    bad = []
    for b in widget.findChildren(QAbstractButton):
        if not (b.text().replace("&", "").strip() or b.accessibleName().strip()):
            bad.append(f"{type(b).__name__} {b.objectName()!r} in {type(b.parentWidget()).__name__}")
    for cls in (QLineEdit, QComboBox, QListWidget, QTableView):
        for c in widget.findChildren(cls):
            if not c.accessibleName().strip() and c.parentWidget() is not None and not isinstance(c.parentWidget(), QComboBox):
                bad.append(f"{cls.__name__} in {type(c.parentWidget()).__name__}")
    return bad


def visit_every_screen(qtbot, w):
    """Yield (name, screen) for every screen, driven by the keyboard."""
    yield "profile", w.profile_screen
    type_text(qtbot, w, "Kim")
    press(qtbot, w, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.library_screen and w.library_model.progress_ready)
    yield "library", w.library_screen
    w.open_briefing(w.library_model.by_id("buying-committee"))
    yield "briefing", w.briefing_screen
    press(qtbot, w, Qt.Key.Key_Return)
    yield "conversation", w.conversation_screen
    conv = w.conversation_screen
    while not conv.end_card.isVisible():
        press(qtbot, w, DIGITS[1])
    qtbot.waitUntil(conv.debrief_button.isEnabled)
    press(qtbot, w, Qt.Key.Key_Return)
    yield "debrief", w.debrief_screen
    w.show_progress()
    qtbot.waitUntil(lambda: w.progress_screen.history_model.rowCount() == 1)
    yield "progress", w.progress_screen


def test_every_button_has_text_or_an_accessible_name(qtbot, make_window, config):
    w = make_window(config)
    seen = []
    for name, screen in visit_every_screen(qtbot, w):
        assert w.stack.currentWidget() is screen
        assert unnamed_controls(screen) == [], name
        assert screen.accessibleName(), name
        seen.append(name)
    assert unnamed_controls(w) == []
    assert seen == ["profile", "library", "briefing", "conversation", "debrief", "progress"]
    close_and_wait(qtbot, w)


def test_tab_reaches_the_library_controls_in_reading_order(qtbot, make_window, config):
    w = make_window(config)
    type_text(qtbot, w, "Kim")
    press(qtbot, w, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.library_screen and w.library_model.progress_ready)
    lib = w.library_screen
    lib.search.setFocus()
    order = []
    for _ in range(8):
        press(qtbot, w, Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order[:4] == [lib.difficulty, lib.tag, lib.not_passed, lib.suggest_open]
    assert order[4] is lib.cards[0].open_button and order[5] is lib.cards[1].open_button
    # filters from the keyboard: pick "Advanced"
    lib.difficulty.setFocus()
    press(qtbot, w, Qt.Key.Key_End)
    assert lib.difficulty.currentData() == "advanced"
    assert lib.visible_titles() and all(w.library_model.by_id(c.scenario.id).model.difficulty == "advanced" for c in lib.cards)
    close_and_wait(qtbot, w)


DARK = {
    QPalette.ColorRole.Window: "#202124", QPalette.ColorRole.WindowText: "#e8eaed",
    QPalette.ColorRole.Base: "#17181a", QPalette.ColorRole.AlternateBase: "#26272a",
    QPalette.ColorRole.Text: "#e8eaed", QPalette.ColorRole.Button: "#2d2e31",
    QPalette.ColorRole.ButtonText: "#e8eaed", QPalette.ColorRole.Highlight: "#4c8bf5",
    QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#2d2e31",
    QPalette.ColorRole.ToolTipText: "#e8eaed", QPalette.ColorRole.PlaceholderText: "#9aa0a6",
    QPalette.ColorRole.Link: "#8ab4f8",
}


def contrast(a: str, b: str) -> float:
    def lum(c):
        q = QColor(c)
        parts = []
        for v in (q.redF(), q.greenF(), q.blueF()):
            parts.append(v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4)
        return 0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_both_palettes_keep_text_readable():
    light = QApplication.style().standardPalette()
    dark = QPalette()
    for role, colour in DARK.items():
        dark.setColor(role, QColor(colour))
    for pal in (light, dark):
        c = colours(pal)
        for bg in ("buyer", "rep", "thought", "card", "good_bg", "bad_bg"):
            assert contrast(c["text"], c[bg]) >= 7, (bg, c[bg])
        assert contrast(c["muted"], c["card"]) >= 4.5
        assert contrast(c["good"], c["good_bg"]) >= 4.5 and contrast(c["bad"], c["bad_bg"]) >= 4.5


def test_dark_palette_and_large_font_screenshots(qtbot, make_window, config, shoot):
    app = QApplication.instance()
    old_palette, old_font = app.palette(), app.font()
    dark = QPalette()
    for role, colour in DARK.items():
        dark.setColor(role, QColor(colour))
    big = QFont(old_font)
    big.setPointSizeF(old_font.pointSizeF() * 1.5)
    app.setPalette(dark)
    app.setFont(big)  # system font scaling: every size is relative to this
    try:
        w = make_window(config)
        for name, screen in visit_every_screen(qtbot, w):
            if name == "conversation":
                press(qtbot, w, DIGITS[1])
            shoot(w, f"dark-{name}")
            labels = [lab for lab in screen.findChildren(QLabel) if lab.isVisible() and lab.text()]
            assert labels and min(lab.font().pointSizeF() for lab in labels) >= big.pointSizeF() * 0.85
        close_and_wait(qtbot, w)
    finally:
        app.setPalette(old_palette)
        app.setFont(old_font)


def test_exit_after_startup_quits_with_zero(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SIMULATOR_SETTINGS=str(tmp_path / "s.ini"),
               SIMULATOR_CACHE=str(tmp_path / "cache"))
    proc = subprocess.run([sys.executable, "-m", "simulator", "app", "--exit-after-startup", "--db", str(tmp_path / "p.db")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "p.db").exists()
