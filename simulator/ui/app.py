"""Application start-up: build the app with injected paths, then run it.

``create_window(config)`` does no I/O itself beyond opening the settings it is
given; the database is opened on the writer thread, and the library is loaded
in the background, so tests inject temp paths and need no patching.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

SETTINGS_ENV = "SIMULATOR_SETTINGS"  # an .ini file to use instead of the platform settings store
ORGANISATION = "SalesSimulator"
APPLICATION = "Sales Simulator"


def _ensure_platform(exit_after_startup: bool) -> str | None:
    """On Linux without a display, the smoke test runs offscreen; a real run explains the problem."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    if exit_after_startup:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return None
    return "no display found (DISPLAY and WAYLAND_DISPLAY are unset); run the app in a desktop session"


@dataclass
class AppConfig:
    """Everything the app reads or writes, injected."""

    db_path: Path | None = None  # None: the default (SIMULATOR_DB or the user data folder)
    library_paths: list[Path] = field(default_factory=list)  # bundled scenarios first, then --library
    settings_path: Path | None = None  # an .ini file; None: the platform settings store
    organisation: str = ORGANISATION
    application: str = APPLICATION

    @classmethod
    def from_args(cls, args) -> "AppConfig":
        from simulator.paths import bundled_scenarios_dir, default_db_path

        db = getattr(args, "db", None) or default_db_path()
        libs = [bundled_scenarios_dir()] + [Path(p) for p in (getattr(args, "library", None) or [])]
        settings = getattr(args, "settings", None) or os.environ.get(SETTINGS_ENV) or None
        return cls(Path(db), libs, Path(settings) if settings else None)

    def make_settings(self):
        from PySide6.QtCore import QSettings

        if self.settings_path is not None:
            return QSettings(str(self.settings_path), QSettings.Format.IniFormat)
        return QSettings(self.organisation, self.application)


def _open_store(db_path: Path | None):
    from simulator import storage

    if db_path is None:
        return storage.open_store(None)
    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    return storage.Store.open(db_path)


def create_window(config: AppConfig):
    """Build the writer thread and the main window (not shown). The caller shows it and calls start()."""
    # Import what the writer thread will run *here*, on the UI thread: shiboken's import hook
    # is not thread-safe, and an import on the worker racing the event loop can crash Python.
    import simulator.loader  # noqa: F401
    import simulator.storage  # noqa: F401
    from simulator.ui.main_window import MainWindow
    from simulator.ui.ops import OpRunner, install_runner

    db_path = config.db_path
    runner = OpRunner(lambda: _open_store(db_path))
    install_runner(runner)
    window = MainWindow(config.library_paths, config.make_settings())
    window.runner = runner
    return window


def shutdown(window) -> None:
    """Finish queued writes and stop the writer thread."""
    from simulator.ui.ops import install_runner

    runner = getattr(window, "runner", None)
    if runner is not None:
        runner.stop()
    install_runner(None)


def run_app(args) -> int:
    exit_after = bool(getattr(args, "exit_after_startup", False))
    problem = _ensure_platform(exit_after)
    if problem:
        print(f"simulator: error: {problem}", file=sys.stderr)
        return 1
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANISATION)
    app.setStyle("Fusion")  # one look everywhere; follows the system light/dark scheme
    config = AppConfig.from_args(args)
    window = create_window(config)

    from simulator.ui.errors import show_error

    debug = bool(getattr(args, "debug", False))

    def excepthook(kind, exc, tb):  # never a traceback in front of a rep
        if debug:
            sys.__excepthook__(kind, exc, tb)
        show_error(window, exc)

    sys.excepthook = excepthook
    status = {"code": 0}
    if exit_after:
        def ready():
            QTimer.singleShot(0, app.quit)

        def too_slow():
            if not window.is_ready:
                print("simulator: error: the app did not finish starting within 60 s", file=sys.stderr)
                status["code"] = 1
                app.quit()

        window.ready.connect(ready)
        QTimer.singleShot(60_000, too_slow)
    window.show()
    window.start()
    code = app.exec()
    if window.isVisible():
        window.close()
    shutdown(window)
    sys.excepthook = sys.__excepthook__
    return status["code"] or code
