"""The writer thread never outlives the app: Qt aborts the whole process ("QThread: Destroyed while
thread 'simulator-writer' is still running", exit code 134) when a running QThread is deleted at exit."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import SCENARIOS

# A window whose writer is busy, and a script that ends without closing it or calling shutdown()
# (a crashed test, a forgotten clean-up): the interpreter must still exit normally.
LEFT_RUNNING = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from simulator.ui.app import AppConfig, create_window
from simulator.ui.ops import run_op

db, lib, settings = map(Path, sys.argv[1:4])
app = QApplication([])
w = create_window(AppConfig(db, [lib], settings))
w.show(); w.start()
app.processEvents()
run_op(None, lambda store: store.profiles(), lambda _r: None)
assert w.runner.isRunning()
print("left running", flush=True)
"""


def test_a_writer_left_running_is_stopped_at_exit(tmp_path):
    args = [str(tmp_path / "progress.db"), str(SCENARIOS), str(tmp_path / "settings.ini")]
    out = subprocess.run([sys.executable, "-c", LEFT_RUNNING, *args], capture_output=True, text=True, timeout=120,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert "left running" in out.stdout, out.stderr[-2000:]
    assert "Destroyed while thread" not in out.stderr
    assert out.returncode == 0, out.stderr[-2000:]


def test_stop_all_ends_every_running_writer(qtbot, config):
    from simulator.ui.app import create_window
    from simulator.ui.ops import install_runner, run_op, running_runners, stop_all

    w = create_window(config)
    qtbot.addWidget(w)
    got = []
    run_op(None, lambda store: len(store.profiles()), got.append)
    assert w.runner in running_runners()
    assert w.runner in stop_all()
    install_runner(None)
    assert not w.runner.isRunning() and running_runners() == []
    assert w.runner.pending == 1 and got == []  # the job ran; its answer was never delivered (no event loop turn)
