"""Desktop app figures (issue 5): start-up vs a bare PySide6 window, choice-to-render time, peak memory.

Run with ``python -m tests.bench app`` (or ``make bench``). Figures are printed, never asserted.
Targets: start-up within 3x a bare window; a choice rendered in under 16 ms; under 250 MB.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REPEATS = 7

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.setCentralWidget(QLabel("hello")); w.resize(800, 600); w.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""


def _env(tmp: Path) -> dict:
    env = dict(os.environ, SIMULATOR_SETTINGS=str(tmp / "settings.ini"), SIMULATOR_CACHE=str(tmp / "cache"))
    # Fair to both sides: a real install runs with bytecode caches, so let both the bare window and the
    # app write and reuse them (the warm-up run below fills them). With PYTHONDONTWRITEBYTECODE set
    # (as in some dev environments) every run of the app recompiled its modules, the bare window few.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if sys.platform.startswith("linux") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def _time(cmd: list[str], env: dict) -> float:
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"bench_app: {' '.join(cmd[:4])} failed: {proc.stderr.strip()[-400:]}")
    return elapsed


def startup(tmp: Path) -> tuple[float, float]:
    """Median wall time (s) of a bare window and of our app to a shown, populated library."""
    from simulator.storage import Store

    db = tmp / "startup.db"
    store = Store.open(db)
    store.create_profile("Bench Rep", "Bench")  # one profile: the app opens straight on the library
    store.close()
    env = _env(tmp)
    app_cmd = [sys.executable, "-m", "simulator", "app", "--exit-after-startup", "--db", str(db)]
    bare_cmd = [sys.executable, "-c", BARE]
    # warm the file cache once (and the bytecode caches; the app's run also writes its library index,
    # as any earlier run of the app on this machine would have)
    _time(bare_cmd, env), _time(app_cmd, env)
    bare, ours = [], []
    for _ in range(REPEATS):  # interleaved, so drift hits both equally
        bare.append(_time(bare_cmd, env))
        ours.append(_time(app_cmd, env))
    return statistics.median(bare), statistics.median(ours)


def choices_and_memory(tmp: Path) -> tuple[list[float], float, int]:
    """Play every bundled scenario in-process; returns (ms per choice, peak RSS MB, scenarios)."""
    os.environ.update({k: v for k, v in _env(tmp).items() if k == "QT_QPA_PLATFORM"})
    from PySide6.QtWidgets import QApplication

    from simulator.paths import bundled_scenarios_dir
    from simulator.ui.app import AppConfig, create_window, shutdown

    app = QApplication.instance() or QApplication([])
    app.setStyle("Fusion")
    cfg = AppConfig(db_path=tmp / "play.db", library_paths=[bundled_scenarios_dir()], settings_path=tmp / "play.ini")
    w = create_window(cfg)
    w.resize(1180, 800)
    w.show()
    w.start()

    from PySide6.QtCore import QEventLoop, QTimer

    def wait(cond, timeout=20.0):
        """Run the event loop until cond() holds. (Not a processEvents() busy loop: on Python 3.11
        PySide 6.12 drops a reference to None per call, and tens of thousands of calls crash.)"""
        if cond():
            return
        loop = QEventLoop()
        end = time.perf_counter() + timeout
        timer = QTimer()
        timer.setInterval(1)

        def check():
            if cond() or time.perf_counter() > end:
                loop.quit()

        timer.timeout.connect(check)
        timer.start()
        loop.exec()
        timer.stop()
        if not cond():
            raise SystemExit("bench_app: timed out waiting for the app")

    wait(lambda: w.is_ready)
    if w.profile is None:
        w.profile_screen.name.setText("Bench Rep")
        w.profile_screen.create.click()
        wait(lambda: w.profile is not None and w.library_model.progress_ready)
    conv = w.conversation_screen
    timings: list[float] = []
    scenarios = list(w.library_model.scenarios)
    for i, sc in enumerate(scenarios):
        w.start_conversation(sc)
        wait(lambda: bool(conv.choices.buttons) or conv.end_card.isVisible())
        app.sendPostedEvents()  # the screen switch is drawn before a rep can click: not part of click -> render
        conv.repaint()
        n = 0
        while not conv.end_card.isVisible() and n < 60:
            if conv.confidence.isVisible():
                conv.confidence.buttons[3].click()
                continue
            buttons = conv.choices.buttons
            b = buttons[(i + n) % len(buttons)]
            t = time.perf_counter()
            b.click()  # the model applies the move, the view adds bubbles and the next choices
            app.sendPostedEvents()  # layout requests
            conv.repaint()  # paint the new frame synchronously
            timings.append((time.perf_counter() - t) * 1000)
            n += 1
        wait(lambda: conv.debrief_button.isEnabled())
        w.show_debrief(conv.model)
    w.show_progress()
    wait(lambda: w.progress_screen.history_model.rowCount() >= len(scenarios))
    wait(lambda: w.runner.pending == 0)
    w.close()
    shutdown(w)
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
    return timings, peak_mb, len(scenarios)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-app-") as d:
        tmp = Path(d)
        bare, ours = startup(tmp)
        print(f"start-up, bare PySide6 window      {bare * 1000:7.0f} ms (median of {REPEATS})")
        print(f"start-up, app to populated library {ours * 1000:7.0f} ms (median of {REPEATS})")
        print(f"ratio app / bare                   {ours / bare:7.2f} x  (target <= 3)")
        timings, peak, n = choices_and_memory(tmp)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        print(f"choice click -> next node rendered  median {statistics.median(timings):.1f} ms, "
              f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms over {len(timings)} choices (target < 16 ms)")
        print(f"peak RSS, all {n} bundled scenarios played through debrief and progress: {peak:.0f} MB (target < 250 MB)")


if __name__ == "__main__":
    main()
