"""Soak: many complete runs in one app process — briefing, conversation by keyboard, debrief, back to the
library — with no Qt warning and resident memory that stays flat.

The full soak (200 runs, resident memory growth under 20 MB after a warm-up) takes minutes, so it runs
with ``make fuzz`` (``SIMULATOR_SOAK=1``); the normal suite runs a short slice of the same loop with the
same checks except the memory figure.
"""

from __future__ import annotations

import gc
import os
import random

from PySide6.QtCore import QtMsgType, Qt

from tests.ui.conftest import close_and_wait
from tests.ui.helpers import DIGITS, press, type_text

FULL = os.environ.get("SIMULATOR_SOAK") == "1"
RUNS = 200 if FULL else 4
WARM_UP = 20 if FULL else 2  # runs before the memory baseline (caches, fonts and pixmaps fill up first)
MAX_GROWTH_MB = 20
SCENARIOS = ("renewal-at-risk", "spin-discovery", "lead-quality-sla")  # none asks for confidence


def rss_mb() -> float:
    """Resident memory of this process (Linux /proc; elsewhere the peak from getrusage)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def settle(qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    gc.collect()


def one_run(qtbot, w, scenario, rng: random.Random) -> int:
    """Briefing -> conversation (random offered options, by digit keys) -> debrief -> library. Returns decisions."""
    w.open_briefing(scenario)
    assert w.stack.currentWidget() is w.briefing_screen
    press(qtbot, w, Qt.Key.Key_Return)
    conv = w.conversation_screen
    assert w.stack.currentWidget() is conv
    decisions = 0
    while not conv.end_card.isVisible():
        offered = conv.model.session.current.options
        number = rng.choice([o.number for o in offered])
        assert number in DIGITS, "every option has a digit key"
        before = len(conv.transcript.bubbles)
        press(qtbot, w, DIGITS[number])
        assert len(conv.transcript.bubbles) > before
        decisions += 1
        assert decisions < 60
    qtbot.waitUntil(lambda: conv.debrief_button.isEnabled(), timeout=20000)
    press(qtbot, w, Qt.Key.Key_Return)
    assert w.stack.currentWidget() is w.debrief_screen
    assert w.debrief_screen.total_label.text() == f"{conv.model.card.total:.0f}"
    press(qtbot, w, Qt.Key.Key_Return)
    assert w.stack.currentWidget() is w.library_screen
    return decisions


def test_many_complete_runs_in_one_process(qtbot, qtlog, make_window, config, capsys):
    from simulator.storage import Store

    w = make_window(config)
    type_text(qtbot, w, "Soak Tester")
    press(qtbot, w, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.library_screen and w.library_model.progress_ready, timeout=20000)
    by_id = {s.id: s for s in w.library_model.scenarios}
    scenarios = [by_id[i] for i in (SCENARIOS if FULL else SCENARIOS[::2]) if i in by_id]
    assert scenarios, "the soak scenarios are bundled"
    rng = random.Random(14)
    baseline = None
    total_decisions = 0
    for run in range(RUNS):
        total_decisions += one_run(qtbot, w, scenarios[run % len(scenarios)], rng)
        if run + 1 == WARM_UP:
            qtbot.waitUntil(lambda: w.runner.pending == 0, timeout=20000)
            settle(qtbot)
            baseline = rss_mb()
    qtbot.waitUntil(lambda: w.runner.pending == 0, timeout=60000)
    settle(qtbot)
    growth = rss_mb() - baseline
    with capsys.disabled():
        print(f"\nsoak: {RUNS} complete runs ({total_decisions} decisions) in one process; resident memory "
              f"{baseline:.0f} MB after {WARM_UP} runs, growth {growth:+.1f} MB over the next {RUNS - WARM_UP}")
    noisy = [r.message for r in qtlog.records if r.type in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)]
    assert noisy == []
    if FULL:
        assert growth < MAX_GROWTH_MB
    store = Store.open(config.db_path)
    try:
        rows = store.history(w.profile)
        assert len(rows) == RUNS and {r.status for r in rows} == {"completed"}
    finally:
        store.close()
    close_and_wait(qtbot, w)
