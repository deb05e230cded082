"""Start-up from the library index: the first screen without the scenario models, then the real thing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt

from simulator import library_index
from simulator.loader import Scenario
from tests.conftest import SCENARIOS
from tests.ui.conftest import close_and_wait
from tests.ui.helpers import DIGITS, bundled_count, press, type_text


@pytest.fixture
def indexed(config, tmp_path):
    config.cache_dir = tmp_path / "cache"
    return config


def first_run(qtbot, make_window, cfg, name="Ann"):
    """A normal start (no index yet) that creates a profile; it leaves the index behind."""
    w = make_window(cfg)
    assert not w.library_model.provisional
    type_text(qtbot, w, name)
    press(qtbot, w, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.library_screen and w.library_model.progress_ready)
    titles = w.library_screen.visible_titles()
    close_and_wait(qtbot, w)
    assert (cfg.cache_dir / library_index.INDEX_FILE).is_file()
    return titles


def start_held(qtbot, cfg):
    """A window started from the index whose post-paint load is held back; returns (window, state at ready)."""
    from simulator.ui.app import create_window

    w = create_window(cfg)
    qtbot.addWidget(w)
    w.load_after_ready = False
    at_ready = {}
    w.ready.connect(lambda: at_ready.update(provisional=w.library_model.provisional,
                                            titles=w.library_screen.visible_titles(),
                                            banner=w.library_screen.banner.isVisible()))
    w.resize(1180, 800)
    w.show()
    w.start()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: w.is_ready, timeout=10000)
    return w, at_ready


def test_starts_from_the_index_then_loads_the_scenarios(qtbot, make_window, indexed):
    titles = first_run(qtbot, make_window, indexed)
    w, at_ready = start_held(qtbot, indexed)
    assert at_ready == {"provisional": True, "titles": titles, "banner": False}
    assert w.profile.name == "Ann" and w.stack.currentWidget() is w.library_screen
    assert not w.runner.isRunning(), "the first screen needed no store"
    w._load_full()  # what follows the first paint
    assert not w.library_model.provisional
    assert all(isinstance(s, Scenario) for s in w.library_model.scenarios)
    assert all(isinstance(c.scenario, Scenario) for c in w.library_screen.cards)
    assert w.library_screen.visible_titles() == titles
    close_and_wait(qtbot, w)


def test_the_load_follows_the_first_paint_by_itself(qtbot, make_window, indexed):
    titles = first_run(qtbot, make_window, indexed)
    w = make_window(indexed)
    qtbot.waitUntil(lambda: not w.library_model.provisional and w.runner.pending == 0)
    assert all(isinstance(c.scenario, Scenario) for c in w.library_screen.cards)
    assert w.library_screen.visible_titles() == titles
    close_and_wait(qtbot, w)


def test_opening_a_card_before_the_load_opens_the_real_scenario(qtbot, make_window, indexed):
    first_run(qtbot, make_window, indexed)
    w, at_ready = start_held(qtbot, indexed)
    assert at_ready["provisional"]
    card = next(c for c in w.library_screen.cards if c.scenario.id == "spin-discovery")
    assert getattr(card.scenario, "provisional", False)
    card.open_button.click()
    assert w.stack.currentWidget() is w.briefing_screen
    assert not w.library_model.provisional
    press(qtbot, w, Qt.Key.Key_Return)  # start
    conv = w.conversation_screen
    assert w.stack.currentWidget() is conv
    assert isinstance(conv.model.scenario, Scenario) and conv.model.scenario.id == "spin-discovery"
    qtbot.waitUntil(lambda: bool(conv.choices.buttons))
    press(qtbot, w, DIGITS[1])
    assert len(conv.model.session.decisions) == 1
    close_and_wait(qtbot, w)


def test_resume_banner_from_the_index_resumes(qtbot, make_window, indexed):
    first_run(qtbot, make_window, indexed)
    w = make_window(indexed)
    w.open_briefing(w.library_model.by_id("spin-discovery"))
    press(qtbot, w, Qt.Key.Key_Return)
    conv = w.conversation_screen
    press(qtbot, w, DIGITS[1])
    said = conv.transcript.texts()
    close_and_wait(qtbot, w)

    w2, at_ready = start_held(qtbot, indexed)
    assert at_ready["provisional"] and at_ready["banner"], "the banner comes from the quick read"
    assert "1 decision" in w2.library_screen.banner_text.text()
    w2.library_screen.resume.click()
    conv2 = w2.conversation_screen
    assert w2.stack.currentWidget() is conv2
    assert conv2.transcript.texts() == said
    close_and_wait(qtbot, w2)


def test_a_stale_index_never_shows_old_cards(qtbot, make_window, indexed, tmp_path):
    lib = tmp_path / "lib"
    shutil.copytree(SCENARIOS, lib)
    indexed.library_paths = [lib]
    titles = first_run(qtbot, make_window, indexed)
    f = lib / "spin-discovery.yaml"
    old = "Twenty Minutes with the Plant Manager"
    assert old in titles
    f.write_text(f.read_text(encoding="utf-8").replace(old, "Ten Minutes with the Plant Manager"), encoding="utf-8")
    w, at_ready = start_held(qtbot, indexed)
    assert not at_ready["provisional"], "a changed file: the usual start"
    assert "Ten Minutes with the Plant Manager" in at_ready["titles"] and old not in at_ready["titles"]
    assert len(at_ready["titles"]) == bundled_count()
    close_and_wait(qtbot, w)
    cards = library_index.read_index(indexed.cache_dir, [lib])
    assert cards is not None and "Ten Minutes with the Plant Manager" in [c.title for c in cards], "rewritten"


def test_a_corrupt_index_means_a_normal_start(qtbot, make_window, indexed):
    titles = first_run(qtbot, make_window, indexed)
    (indexed.cache_dir / library_index.INDEX_FILE).write_text("{garbage", encoding="utf-8")
    w, at_ready = start_held(qtbot, indexed)
    assert at_ready == {"provisional": False, "titles": titles, "banner": False}
    close_and_wait(qtbot, w)


def test_assignments_from_the_coach_follow_the_full_load(qtbot, make_window, indexed, tmp_path, shoot):
    from simulator.coaching.reply import ReplyDraft, import_replies, write_reply
    from simulator.storage import Store

    first_run(qtbot, make_window, indexed)
    draft = ReplyDraft("Dana", "Ann")
    draft.assign("spin-discovery", "SPIN discovery", "2024-06-02", "Ask before you pitch", "tailoring")
    reply = write_reply(tmp_path / "reply.json", draft.document())
    with Store.open(indexed.db_path) as store:
        assert import_replies(store, [reply]).assignments == 1
    w, at_ready = start_held(qtbot, indexed)
    panel = w.library_screen.assignments
    assert at_ready["provisional"] and not panel.isVisible()
    assert not w.runner.isRunning(), "the assignments wait for the store, after the first paint"
    w._load_full()
    qtbot.waitUntil(lambda: panel.isVisible() and bool(panel.lines), timeout=10000)
    assert panel.lines == ["From Dana, overdue since 2 June: SPIN discovery — focus: tailoring"]
    shoot(w, "75-library-assignment-after-start-from-index")
    close_and_wait(qtbot, w)


SCRIPT = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from simulator.ui.app import AppConfig, create_window, shutdown

db, lib, settings, cache = map(Path, sys.argv[1:5])
app = QApplication([])
w = create_window(AppConfig(db, [lib], settings, cache_dir=cache))
w.load_after_ready = False
seen = {}
def ready():
    seen.update(modules=[m for m in ("pydantic", "sqlite_utils", "yaml", "simulator.loader") if m in sys.modules],
                provisional=w.library_model.provisional, cards=len(w.library_screen.cards))
    app.quit()
w.ready.connect(ready)
w.show(); w.start(); app.exec(); shutdown(w)
print(json.dumps(seen))
"""


def test_the_first_screen_from_the_index_imports_no_models(qtbot, make_window, indexed):
    first_run(qtbot, make_window, indexed)
    args = [str(indexed.db_path), str(SCENARIOS), str(indexed.settings_path), str(indexed.cache_dir)]
    out = subprocess.run([sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen == {"modules": [], "provisional": True, "cards": bundled_count()}
