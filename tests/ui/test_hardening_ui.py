"""Issue 14 in the app: one rule for names in the profile dialog, and hostile files beside the library never
empty it (the bundled scenarios still show)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import close_and_wait
from tests.ui.helpers import bundled_count, press, type_text


def test_the_profile_dialog_says_what_is_wrong_with_a_name_and_accepts_formula_and_markup_names(qtbot, make_window, config):
    w = make_window(config)
    screen = w.profile_screen
    assert w.stack.currentWidget() is screen
    screen.name.setText("Ann\x1b[2JLee")
    press(qtbot, w, Qt.Key.Key_Return)
    assert screen.name_error.isVisible()
    assert screen.name_error.text() == "The name contains a control character (U+001B); remove it."
    assert w.stack.currentWidget() is screen
    screen.name.clear()
    screen.name.setFocus()
    type_text(qtbot, w, "=Alex <Morgan>")
    screen.team.setText("EMEA <Enterprise>")
    press(qtbot, w, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.library_screen, timeout=10000)
    assert w.profile.name == "=Alex <Morgan>" and w.profile.team == "EMEA <Enterprise>"
    close_and_wait(qtbot, w)


def test_hostile_files_in_a_library_folder_never_empty_the_library(qtbot, make_window, config, tmp_path):
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    (hostile / "digits.yaml").write_text("format: 1\nid: digits\nminutes: " + "9" * 5000 + "\n", encoding="utf-8")
    (hostile / "nul.yaml").write_bytes(b"format: 1\nid: nul\ntitle: a\x00b\n")
    (hostile / "deep.svg").write_text("<svg>" + "<g>" * 20_000 + "</g>" * 20_000 + "</svg>", encoding="utf-8")
    (hostile / "avatar.yaml").write_text(
        "format: 1\nid: deep-avatar\ntitle: T\npeople: {x: {name: X, avatar: deep.svg}}\nstart: a\n"
        "nodes: {a: {who: x, text: hi, choices: [{text: go, goto: e}]}}\nendings: {e: {title: E, outcome: won}}\n",
        encoding="utf-8")
    (hostile / "long.yaml").write_text(
        "format: 1\nid: long-avatar\ntitle: T\npeople: {x: {name: X, avatar: " + "a" * 5000 + ".svg}}\nstart: a\n"
        "nodes: {a: {who: x, text: hi, choices: [{text: go, goto: e}]}}\nendings: {e: {title: E, outcome: won}}\n",
        encoding="utf-8")
    config.library_paths = [*config.library_paths, hostile]
    w = make_window(config)
    type_text(qtbot, w, "Ann")
    press(qtbot, w, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.library_screen and w.library_model.progress_ready, timeout=20000)
    qtbot.waitUntil(lambda: not w.library_model.provisional, timeout=20000)
    from simulator.loader import load_library

    bundled, _ = load_library(config.library_paths[:-1])
    assert len(w.library_model.scenarios) == len(bundled) >= bundled_count() - 1 > 0
    assert {d.code for d in w.library_model.diagnostics if d.is_error} >= {"limit", "yaml-syntax", "bad-avatar"}
    close_and_wait(qtbot, w)


def test_a_hostile_avatar_file_is_drawn_as_initials_never_parsed_deeply(qtbot, tmp_path):
    from simulator.ui.widgets.avatar import AvatarLabel

    deep = tmp_path / "deep.svg"
    deep.write_text('<svg xmlns="http://www.w3.org/2000/svg">' + "<g>" * 20_000 + '<circle r="5"/>' + "</g>" * 20_000 + "</svg>")
    label = AvatarLabel(deep, "Ann Lee", 48)
    qtbot.addWidget(label)
    label.show()
    qtbot.waitExposed(label)
    image = label.pixmap().toImage()
    assert image.width() >= 48 and not image.isNull()
    assert image.pixelColor(image.width() // 2, image.height() // 2).alpha() == 255  # the initials disc was painted
