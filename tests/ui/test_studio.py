"""The authoring studio, driven as a trainer would: each panel, live reload, test runs, paths, random runs."""

import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from simulator.testrun import is_test_run
from simulator.ui.studio import StudioWindow, open_studio
from simulator.ui.studio import problems as problems_mod
from tests.conftest import FIXTURES
from tests.core.test_fuzz import STUCK

SPEC = FIXTURES / "valid" / "spec-example.yaml"
SHOTS = Path("/tmp/shots")


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "studio.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def library(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    shutil.copy(SPEC, lib / "quick-fix.yaml")
    shutil.copytree(SPEC.parent / "avatars", lib / "avatars")  # the example's avatar must exist
    return lib


def make(qtbot, dirs, settings) -> StudioWindow:
    w = StudioWindow(dirs, settings)
    qtbot.addWidget(w)
    w.resize(1360, 860)
    w.show()
    qtbot.waitUntil(lambda: w.graph is not None and not w.busy, timeout=15000)
    return w


def shot(widget, tmp_path, name: str) -> Path:
    out = tmp_path / f"studio-{name}.png"
    QApplication.processEvents()  # let pending layouts and queued shows settle before the grab
    assert widget.grab().save(str(out))
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(out, SHOTS / out.name)
    return out


def click_node(qtbot, w, node_id):
    item = w.scene.node_items[node_id]
    w.view.ensureVisible(item)
    pos = w.view.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_map_shows_every_node_and_a_clicked_nodes_details(qtbot, library, settings, tmp_path):
    w = make(qtbot, [library], settings)
    assert set(w.scene.node_items) == {"opening", "lost-deals", "reflect", "close", "quote-sent", "pilot", "won-workshop", "lost-on-price"}
    assert len(w.scene.edge_items) == len(w.graph.edges) == 10
    # endings coloured by outcome; the best path marked
    assert w.scene.node_items["pilot"]._brush.color().name() != w.scene.node_items["lost-on-price"]._brush.color().name()
    assert [n for n in w.graph.best_path] == ["opening", "lost-deals", "reflect", "close", "pilot"]
    # clicking a node shows its text, choices, conditions and evidence
    click_node(qtbot, w, "close")
    assert w.inspector.node_id == "close"
    text = w.inspector.browser.toPlainText()
    assert "So what would you suggest instead of the workshop?" in text
    assert 'Offered only if stage == "discovery" or urgency >= 70' in text
    assert "propose-pilot → pilot" in text and "insight +2, control +2, tailoring +1" in text
    click_node(qtbot, w, "opening")
    text = w.inspector.browser.toPlainText()
    assert "if trust < 40: insight +1, tailoring -1" in text and "Right insight, but she does not trust you yet" in text
    # zoom: Ctrl+wheel and the + key
    z = w.view.zoom
    centre = QPointF(w.view.viewport().rect().center())
    ev = QWheelEvent(centre, w.view.viewport().mapToGlobal(centre), QPoint(0, 0), QPoint(0, 120), Qt.MouseButton.NoButton,
                     Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    w.view.wheelEvent(ev)
    assert w.view.zoom == pytest.approx(z * 1.15)
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_Minus)
    assert w.view.zoom == pytest.approx(z * 1.15 * 0.8)
    assert w.zoom_label.text() == f"{w.view.zoom:.0%}"
    # exports
    svg = w.export_map(tmp_path / "m.svg", "svg")
    root = ET.parse(svg).getroot()
    assert {el.get("data-id") for el in root.iter("{http://www.w3.org/2000/svg}g") if el.get("data-id")} == set(w.scene.node_items)
    png = w.export_map(tmp_path / "m.png", "png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert '"opening" -> "lost-deals"' in w.export_map(tmp_path / "m.dot", "dot").read_text()
    assert w.export_map(tmp_path / "m.mmd", "mermaid").read_text().startswith("flowchart LR")
    w.view.fit()
    click_node(qtbot, w, "close")
    shot(w, tmp_path, "map")


BROKEN_EXPR = 'if: stage == "discovery" or urgency >= 70'


def test_saving_a_watched_file_updates_problems_and_keeps_the_place(qtbot, library, settings, tmp_path, monkeypatch):
    w = make(qtbot, [library], settings)
    assert not [d for d in w.problems.diagnostics if d.is_error]
    click_node(qtbot, w, "close")
    w.view.set_zoom(0.9)
    reloads = w.reloads
    f = library / "quick-fix.yaml"
    text = f.read_text()
    assert BROKEN_EXPR in text
    f.write_text(text.replace(BROKEN_EXPR, 'if: stage == "discovery" or urgensy >= 70'))
    qtbot.waitUntil(lambda: any(d.is_error for d in w.problems.diagnostics), timeout=5000)
    assert w.reloads == reloads + 1 and w.last_reload_ms < 1000
    err = next(d for d in w.problems.diagnostics if d.is_error)
    line_no = next(i for i, l in enumerate(text.splitlines(), 1) if BROKEN_EXPR in l)
    assert err.line == line_no and "urgensy" in err.message and "did you mean 'urgency'" in err.message
    row = w.problems.tree.topLevelItem(0)
    assert row.text(1) == f"quick-fix.yaml:{err.line}:{err.column}" and row.text(0).endswith("Error")
    assert w.map_banner.isVisible() and "last version that loaded" in w.map_banner.text()
    assert w.list.item(0).text().startswith("✖ 1")
    shot(w, tmp_path, "problems")
    # double-click opens the editor: the platform opener by default...
    opened = []
    monkeypatch.setattr(problems_mod.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    rect = w.problems.tree.visualItemRect(row)
    qtbot.mouseClick(w.problems.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # a real double-click starts with a press
    qtbot.mouseDClick(w.problems.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [str(f.resolve())]
    # ... or the configured command, with {file} and {line} filled in
    w.launcher.set_template(f'"{sys.executable}" -c pass {{file}}:{{line}}:{{column}}')
    assert QSettings(settings.fileName(), QSettings.Format.IniFormat).value(problems_mod.EDITOR_KEY).endswith("{column}")
    w.problems._activated(row)
    assert w.launcher.last == ("command", [sys.executable, "-c", "pass", f"{f.resolve()}:{err.line}:{err.column}"])
    # fixing the file clears the problem; the selected node and zoom are kept
    f.write_text(text)
    qtbot.waitUntil(lambda: not any(d.is_error for d in w.problems.diagnostics) and w.reloads == reloads + 2 and not w.busy, timeout=5000)
    qtbot.waitUntil(lambda: not w.map_banner.isVisible(), timeout=5000)
    assert w.inspector.node_id == "close" and w.scene.selected_node() == "close"
    assert w.view.zoom == pytest.approx(0.9)


def test_a_file_that_never_loaded_explains_itself(qtbot, tmp_path, settings):
    lib = tmp_path / "broken"
    lib.mkdir()
    (lib / "b.yaml").write_text("format: 1\nid: b\ntitle: B\npeople: {x: {name: X}}\nstart: a\nnodes:\n  a:\n    text: hi\n    choices:\n      - {id: go, text: go, goto: nowhere}\nendings:\n  e: {title: E, outcome: won}\n")
    w = StudioWindow([lib], settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.reloads == 1 and not w.busy, timeout=10000)
    assert w.scenario is None and w.map_banner.isVisible() and "does not load" in w.map_banner.text()
    assert any("nowhere" in d.message and d.line == 10 for d in w.problems.diagnostics)
    assert not w.play.start_button.isEnabled()


def test_play_from_here_with_a_chosen_state(qtbot, library, settings, tmp_path):
    w = make(qtbot, [library], settings)
    click_node(qtbot, w, "close")
    qtbot.mouseClick(w.inspector.play_button, Qt.MouseButton.LeftButton)
    assert w.tabs.currentWidget() is w.play and w.play.node_combo.currentData() == "close"
    # the form is generated from `state`: numbers, a flag, a text with fixed values
    assert set(w.play.editors) == {"trust", "urgency", "pitched", "stage"}
    assert w.play.editors["trust"].maximum() == 100 and w.play.editors["stage"].count() == 3
    w.play.editors["urgency"].setValue(10)
    qtbot.mouseClick(w.play.start_button, Qt.MouseButton.LeftButton)
    shown = [f"{b.number}. {b.choice_text}" for b in w.play.option_buttons]
    assert shown == ["2. We could do the workshop at a discount if you sign this week."] or [t[:3] for t in shown] == ["1. "]
    assert len(w.play.option_buttons) == 1  # the pilot needs discovery or urgency >= 70
    w.play.editors["stage"].setCurrentText("discovery")
    qtbot.mouseClick(w.play.start_button, Qt.MouseButton.LeftButton)
    buttons = w.play.option_buttons
    assert len(buttons) == 2 and f"{buttons[0].number}. {buttons[0].choice_text}".startswith("1. A 90-day pilot")
    assert "So what would you suggest" in w.play.transcript.toPlainText()
    shot(w, tmp_path, "play")
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    out = w.play.transcript.toPlainText()
    assert "Ending: Coaching pilot agreed (won, value 100)" in out
    assert is_test_run(w.play.session) and w.play.session.scenario.content_hash != w.scenario.content_hash
    assert "urgency = 10" in w.play.state_now.text() and "stage = discovery" in w.play.state_now.text()
    # the test run's path is overlaid on the map
    assert w.graph.attempt_path == ["close", "pilot"]
    assert [(e.source, e.target) for e in w.graph.edges if e.on_attempt] == [("close", "pilot")]


def test_path_explorer_plays_back_a_path(qtbot, library, settings, tmp_path):
    w = make(qtbot, [library], settings)
    qtbot.waitUntil(lambda: w.paths.report is not None, timeout=10000)
    w.tabs.setCurrentWidget(w.paths)
    summary = w.paths.summary.text()
    assert "best achievable outcome <b>100</b>" in summary and "<b>4</b> of 14 complete paths pass" in summary
    assert "<b>50%</b> of the 2 decisions with stakes have several best moves" in summary
    names = [w.paths.ranges.item(i, 0).text() for i in range(w.paths.ranges.rowCount())]
    assert names[:2] == ["Total", "Judgment"] and "Insight" in names and "Outcome" in names
    assert w.paths.endings.rowCount() == 3 and {w.paths.endings.item(i, 2).text() for i in range(3)} == {"yes"}
    assert w.paths.paths.rowCount() == 14
    row = next(i for i in range(14) if w.paths.paths.item(i, 4).text() == "ask-lost-deals → reflect.2 → propose-pilot")
    w.paths.select_path(row)
    assert w.paths.steps.count() == 5 and w.paths.step_index == 0
    assert "ask-lost-deals" in w.paths.step_text.toPlainText() and "Before I scope it" in w.paths.step_text.toPlainText()
    qtbot.mouseClick(w.paths.next_button, Qt.MouseButton.LeftButton)
    assert w.paths.step_index == 1 and "reflect" in w.paths.step_text.toPlainText()
    assert w.scene.selected_node() == "lost-deals" or w.graph.attempt_path[-1] == w.paths.path.steps[1].node
    for _ in range(3):
        qtbot.mouseClick(w.paths.next_button, Qt.MouseButton.LeftButton)
    assert w.paths.step_index == 4 and not w.paths.next_button.isEnabled()
    assert "Ending: Coaching pilot agreed" in w.paths.step_text.toPlainText() and "passed" in w.paths.step_text.toPlainText()
    assert w.graph.attempt_path == ["opening", "lost-deals", "reflect", "close", "pilot"]
    qtbot.mouseClick(w.paths.prev_button, Qt.MouseButton.LeftButton)
    assert w.paths.step_index == 3
    shot(w, tmp_path, "paths")


def test_random_playthroughs_report_failures_that_replay(qtbot, tmp_path, settings):
    lib = tmp_path / "stuck"
    lib.mkdir()
    (lib / "stuck.yaml").write_text(STUCK)
    w = make(qtbot, [lib], settings)
    w.tabs.setCurrentWidget(w.fuzz)
    w.fuzz.runs.setValue(80)
    w.fuzz.seed.setValue(7)
    qtbot.mouseClick(w.fuzz.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.fuzz.report is not None, timeout=10000)
    rep = w.fuzz.report
    assert rep.failed > 0 and w.fuzz.table.rowCount() == 1  # 21 runs, one distinct problem
    assert w.fuzz.table.item(0, 3).text() == str(rep.failed)
    assert "80 random runs (seed 7)" in w.fuzz.summary.text() and "stuck" in w.fuzz.summary.text()
    assert "1 distinct problem;" in w.fuzz.summary.text()
    assert w.fuzz.table.item(0, 0).text() == "Stuck" and w.fuzz.table.item(0, 1).text() == "react"
    f = rep.failures[0]
    assert w.fuzz.command.text() == f"simulator play {lib.resolve() / 'stuck.yaml'} --choices 2 --seed {f.seed}"
    shot(w, tmp_path, "fuzz")
    qtbot.mouseClick(w.fuzz.replay_button, Qt.MouseButton.LeftButton)
    assert w.tabs.currentWidget() is w.play
    assert "Stuck at 'react'" in w.play.transcript.toPlainText()


def test_open_studio_as_a_window(qtbot, library, settings):
    w = open_studio(None, [library], settings)
    qtbot.addWidget(w)
    assert w.isVisible() and w.windowTitle() == "Scenario Studio"
    qtbot.waitUntil(lambda: w.graph is not None, timeout=10000)
