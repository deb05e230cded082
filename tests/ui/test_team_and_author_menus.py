"""The Team and Author menus: the leaderboard screen, exporting my results, and the authoring studio."""

from __future__ import annotations

import json
import random
import shutil

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from simulator.loader import load_or_raise
from simulator.storage import Store, record_session
from tests.conftest import SCENARIOS
from tests.support.leaderboard_data import random_run
from tests.ui.conftest import close_and_wait
from tests.ui.helpers import press


def _rep_with_two_runs(db_path) -> None:
    """Rita has two completed attempts at a bundled scenario before the app starts."""
    sc = load_or_raise(SCENARIOS / "feature-request.yaml")
    rnd = random.Random(7)
    with Store.open(db_path) as store:
        for seed in (1, 2):
            record_session(store, "Rita", random_run(sc, seed, rnd), team="East")


def _menu_titles(w) -> list[str]:
    return [a.text().replace("&", "") for a in w.menuBar().actions()]


def test_team_menu_shows_the_leaderboard_and_escape_returns(qtbot, make_window, config, shoot):
    _rep_with_two_runs(config.db_path)
    w = make_window(config)
    assert {"Team", "Author"} <= set(_menu_titles(w))
    assert w.act_leaderboard.shortcut().toString() == "Ctrl+B"
    assert w.stack.currentWidget() is w.library_screen  # Rita is the only profile

    w.act_leaderboard.trigger()
    board = w.leaderboard_screen
    assert w.stack.currentWidget() is board
    qtbot.waitUntil(board.import_button.isEnabled)
    # the rep's own two finished runs are on the board live, before any file is imported
    qtbot.waitUntil(lambda: board.summary.text().startswith("2 attempts from 1 rep"))
    assert "file" not in board.summary.text()
    shoot(w, "20-leaderboard-own-results")

    press(qtbot, w, Qt.Key.Key_Escape)
    assert w.stack.currentWidget() is w.library_screen
    w.act_leaderboard.trigger()
    board.back_button.click()
    assert w.stack.currentWidget() is w.library_screen
    close_and_wait(qtbot, w)


def test_export_my_results_writes_the_profile_file_and_it_imports(qtbot, make_window, config, tmp_path, monkeypatch, shoot):
    _rep_with_two_runs(config.db_path)
    w = make_window(config)
    target = tmp_path / "out" / "mine"
    target.parent.mkdir()
    asked = {}

    def fake_save(parent, caption, start, filters):
        asked.update(caption=caption, start=start, filters=filters)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    with qtbot.waitSignal(w.results_exported, timeout=10000) as sig:
        w.act_export_results.trigger()
    assert asked["start"].endswith("Rita-results.json")
    written = target.with_name("mine.json")  # the .json suffix is added
    assert sig.args == [str(written)]
    doc = json.loads(written.read_text(encoding="utf-8"))
    assert doc["rep"] == {"name": "Rita", "team": "East"}
    assert len(doc["attempts"]) == 2
    assert "Exported 2 completed attempts" in w.statusBar().currentMessage()
    assert str(written) in w.statusBar().currentMessage()

    # the file is what a team-mate imports on the Leaderboard screen
    w.act_leaderboard.trigger()
    board = w.leaderboard_screen
    qtbot.waitUntil(board.import_button.isEnabled)  # the stored board has been read
    with qtbot.waitSignal(board.board_changed, timeout=10000):
        board.import_paths([written])
    assert board.problems == []
    assert board.summary.text().startswith("2 attempts from 1 rep in 1 file; every score was checked")
    shoot(w, "21-leaderboard-imported")
    close_and_wait(qtbot, w)


def test_export_error_is_shown_not_raised(qtbot, make_window, config, tmp_path):
    _rep_with_two_runs(config.db_path)
    w = make_window(config)
    w.export_results(tmp_path / "no-such-folder" / "x.json")
    from PySide6.QtWidgets import QMessageBox

    qtbot.waitUntil(lambda: any(b.isVisible() for b in w.findChildren(QMessageBox, "errorDialog")), timeout=10000)
    box = next(b for b in w.findChildren(QMessageBox, "errorDialog") if b.isVisible())
    assert box.text() == "A file could not be read or written."
    box.close()
    close_and_wait(qtbot, w)


def test_results_file_name_is_safe():
    from simulator.ui.main_window import results_file_name

    assert results_file_name("Rita") == "Rita-results.json"
    assert results_file_name("a/b\\c:d") == "a_b_c_d-results.json"
    assert results_file_name("..") == "my-results.json"


def test_author_menu_opens_the_studio_on_the_app_folders(qtbot, make_window, config, tmp_path, monkeypatch, shoot):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "quick.yaml").write_text((SCENARIOS / "feature-request.yaml").read_text(encoding="utf-8").replace(
        "id: feature-request", "id: quick-copy"), encoding="utf-8")
    shutil.copytree(SCENARIOS / "avatars", extra / "avatars")
    config.library_paths = [SCENARIOS, extra]
    w = make_window(config)
    assert w.act_studio.shortcut().toString() == "Ctrl+Shift+A"
    with qtbot.waitSignal(w.studio_opened, timeout=5000) as sig:
        w.act_studio.trigger()
    studio = sig.args[0]
    assert studio.isVisible() and studio.windowTitle().startswith("Scenario Studio")
    qtbot.waitUntil(lambda: studio.graph is not None and not studio.busy, timeout=20000)
    names = [studio.list.item(i).text() for i in range(studio.list.count())]
    assert any("quick.yaml" in n for n in names), names
    assert any("feature-request.yaml" in n for n in names), names
    shoot(studio, "22-studio-from-menu")

    # "Open scenario folder…" asks for a folder and opens a studio on just that folder
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(extra)))
    with qtbot.waitSignal(w.studio_opened, timeout=5000) as sig2:
        w.act_open_folder.trigger()
    second = sig2.args[0]
    qtbot.waitUntil(lambda: second.graph is not None and not second.busy, timeout=20000)
    assert second.list.count() == 1 and "quick.yaml" in second.list.item(0).text()
    assert len(w.studios) == 2
    close_and_wait(qtbot, w)  # closing the app closes its studios
    assert w.studios == []
