"""The Leaderboard screen as a user meets it: import files, see rows and badges, filter, export."""

from __future__ import annotations

import csv
import json
import os
import random
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractButton, QComboBox, QTableView

from simulator import leaderboard as lb
from simulator.loader import load_or_raise
from simulator.ui.screens.leaderboard import BADGE_TEXT, LeaderboardScreen
from tests.support.leaderboard_data import export_doc, run_pool

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests/scenarios/valid"


@pytest.fixture(scope="module")
def scenarios():
    return [load_or_raise(VALID / f"{n}.yaml") for n in ("spec-example", "loop-and-luck", "committee")]


@pytest.fixture
def files(tmp_path, scenarios):
    pool = run_pool(scenarios, 6, seed=3)
    rnd = random.Random(5)
    ann = export_doc("Ann Lee", "East", pool, 8, rnd)
    bob = export_doc("Bob <Jr> & Co".replace("<", "(").replace(">", ")"), "West", pool, 7, rnd)
    ann["attempts"][-1]["score"]["total"] = (ann["attempts"][-1]["score"]["total"] + 50) % 100  # tampered
    other = dict(bob["attempts"][0], uuid="00000000-0000-4000-8000-00000000abcd")
    other["scenario"] = {"id": "not-here", "version": 1, "hash": "f" * 64}
    bob["attempts"].append(other)
    a, b = tmp_path / "ann.json", tmp_path / "bob.json"
    a.write_text(json.dumps(ann), encoding="utf-8")
    b.write_text(json.dumps(bob), encoding="utf-8")
    return a, b


def cells(view: QTableView, column: int) -> list[str]:
    m = view.model()
    return [m.data(m.index(r, column)) for r in range(m.rowCount())]


def test_import_two_files_shows_rows_badges_and_exports_csv(qtbot, tmp_path, files, scenarios):
    screen = LeaderboardScreen(lambda: scenarios, tmp_path / "progress.db")
    qtbot.addWidget(screen)
    screen.resize(1100, 640)
    screen.show()
    with qtbot.waitSignal(screen.board_changed, timeout=10000):
        screen.import_paths(list(files))
    assert screen.summary.text().startswith("16 attempts from 2 reps in 2 files; 14 checked by replaying them")
    assert "do not verify" not in screen.summary.text() and "in conflict" not in screen.summary.text()
    index = screen.findChild(QTableView, "board-index")
    assert set(cells(index, 1)) == {"Ann Lee", "Bob (Jr) & Co"}
    attempts = screen.findChild(QTableView, "board-attempts")
    badges = cells(attempts, 6)
    assert badges.count(BADGE_TEXT[lb.FAILED]) == 1 and badges.count(BADGE_TEXT[lb.UNVERIFIED]) == 1
    assert badges.count(BADGE_TEXT[lb.VERIFIED]) == 14
    m = attempts.model()
    row = badges.index(BADGE_TEXT[lb.FAILED])
    assert m.data(m.index(row, 6), Qt.ItemDataRole.BackgroundRole) is not None  # colour as well as words
    assert "total replays as" in m.data(m.index(row, 7))

    # filter by team: only West's rep remains
    screen.set_filters(team="West")
    assert cells(screen.findChild(QTableView, "board-index"), 1) == ["Bob (Jr) & Co"]
    screen.set_filters()

    # every control has an accessible name
    for w in screen.findChildren(QAbstractButton) + screen.findChildren(QComboBox) + screen.findChildren(QTableView):
        assert w.accessibleName(), w

    out = tmp_path / "board.csv"
    with qtbot.waitSignal(screen.exported, timeout=10000):
        screen.export_to(out)
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows[0][:3] == ["board", "rank", "name"] and any(r[2] == "Ann Lee" for r in rows)

    screen.tabs.setCurrentIndex(0)
    shots = Path(os.environ.get("SIMULATOR_SHOTS", tmp_path))  # e.g. SIMULATOR_SHOTS=/tmp/shots to look at it
    shots.mkdir(parents=True, exist_ok=True)
    assert screen.grab().save(str(shots / "leaderboard.png"))


def test_rejected_file_is_listed_and_importing_again_changes_nothing(qtbot, tmp_path, files, scenarios):
    db = tmp_path / "progress.db"
    screen = LeaderboardScreen(lambda: scenarios, db)
    qtbot.addWidget(screen)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "sales-simulator-export", "version": 9}', encoding="utf-8")
    with qtbot.waitSignal(screen.board_changed, timeout=10000):
        screen.import_paths([files[0], bad])
    assert screen.problems == [f"{bad}: rejected: export version 9 is newer than this program reads (version 1); update the app"]
    assert str(bad) in screen.problem_label.text() and screen.problem_label.isVisibleTo(screen)
    n = len(screen.board.attempts)
    with qtbot.waitSignal(screen.board_changed, timeout=10000):
        screen.import_paths([files[0]])
    assert len(screen.board.attempts) == n and screen.problems == []
    # a new screen on the same database shows the stored board
    again = LeaderboardScreen(lambda: scenarios, db)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.board_changed, timeout=10000):
        again.refresh()
    assert len(again.board.attempts) == n


def test_drop_files_imports_them_standalone(qtbot, files, scenarios):
    screen = LeaderboardScreen(lambda: scenarios)  # no database: imports kept in memory
    qtbot.addWidget(screen)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in files])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(screen.board_changed, timeout=10000):
        screen.dropEvent(event)
    assert len(screen.board.attempts) == 16


def test_the_coach_window_takes_only_dropped_json_files(qtbot, tmp_path):
    from simulator.ui.coach.window import CoachWindow

    w = CoachWindow.__new__(CoachWindow)  # the mixin's filter alone, without building the window
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / n)) for n in ("ann.json", "notes.txt", "BO.JSON")])
    assert [p.name for p in w._dropped_files(mime)] == ["ann.json", "BO.JSON"]
    board = LeaderboardScreen.__new__(LeaderboardScreen)  # the leaderboard takes any file (and names the bad ones)
    assert [p.name for p in board._dropped_files(mime)] == ["ann.json", "notes.txt", "BO.JSON"]
