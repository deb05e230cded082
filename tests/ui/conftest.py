"""UI fixtures: an app built with injected temp paths (database, library, settings)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SCENARIOS

SHOTS_COPY = Path("/tmp/shots")  # a copy for people to look at; the test's own copy is under tmp_path


@pytest.fixture(scope="session", autouse=True)
def _fusion(qapp):
    qapp.setStyle("Fusion")
    return qapp


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.ui_call_failed = report.failed


@pytest.fixture(autouse=True)
def _no_writer_left_running(request):
    """After every UI test, whatever its outcome: no writer thread may still run.

    A window made with ``create_window`` but never shut down (a test that failed before its
    ``close_and_wait``, or forgot it) would leave its ``simulator-writer`` thread running, and Qt aborts
    the whole test process when that thread's object is deleted at exit. Those threads are stopped here;
    a test that passed but left one running is reported as an error."""
    yield
    from simulator.ui.ops import install_runner, stop_all

    stopped = stop_all()
    if stopped:
        install_runner(None)
        if not getattr(request.node, "ui_call_failed", True):
            pytest.fail(f"the test left {len(stopped)} writer thread(s) running: build windows with make_window "
                        "or end them with close_and_wait / simulator.ui.app.shutdown", pytrace=False)


@pytest.fixture
def config(tmp_path):
    from simulator.ui.app import AppConfig

    return AppConfig(db_path=tmp_path / "progress.db", library_paths=[SCENARIOS], settings_path=tmp_path / "settings.ini")


@pytest.fixture
def make_window(qtbot):
    """Build, show and start a main window; waits until it reports ready. Shut down at the end."""
    from simulator.ui.app import create_window, shutdown

    made = []

    def _make(cfg, *, wait_ready: bool = True, size=(1180, 800)):
        w = create_window(cfg)
        made.append(w)  # before anything can fail: it is shut down at teardown whatever happens
        qtbot.addWidget(w)
        w.resize(*size)
        w.show()
        w.start()
        qtbot.waitExposed(w)
        w.activateWindow()
        if wait_ready:
            qtbot.waitUntil(lambda: w.is_ready, timeout=10000)
        return w

    _make.track = made.append  # a window built another way (create_window) but shut down here too
    yield _make
    for w in made:
        try:
            w.close()
        except RuntimeError:
            pass
        shutdown(w)


def close_and_wait(qtbot, window) -> None:
    """Close the window as a user would and let the writer thread finish its queue."""
    from simulator.ui.app import shutdown

    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=10000)
    window.close()
    shutdown(window)


@pytest.fixture
def shoot(tmp_path, request):
    """shoot(widget, name): grab() the widget, save under tmp_path/shots and copy to /tmp/shots."""
    folder = tmp_path / "shots"
    folder.mkdir(exist_ok=True)

    def _shoot(widget, name: str) -> Path:
        from PySide6.QtWidgets import QApplication

        for _ in range(3):  # let posted layout requests settle, as they would within a frame
            QApplication.sendPostedEvents()
            QApplication.processEvents()
        path = folder / f"{name}.png"
        assert widget.grab().save(str(path)), f"could not save {path}"
        assert path.stat().st_size > 1000
        try:
            SHOTS_COPY.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, SHOTS_COPY / path.name)
        except OSError:
            pass
        return path

    return _shoot
