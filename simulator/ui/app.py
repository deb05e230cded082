"""Application start-up: build the app with injected paths, then run it.

``create_window(config)`` does no I/O itself beyond opening the settings it is
given and reading the library index (when ``config.cache_dir`` is set); the
database is opened on the writer thread, and the library is loaded in the
background, so tests inject temp paths and need no patching.

When the library index matches every scenario file, the first screen is built
from it and from a read-only query of the database, and the scenario models,
sqlite_utils and the store follow the first paint (``MainWindow._load_full``).
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
    if os.environ.get("WAYLAND_DISPLAY"):
        return None
    if os.environ.get("DISPLAY"):
        return _xcb_problem()
    if exit_after_startup:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return None
    return "no display found (DISPLAY and WAYLAND_DISPLAY are unset); run the app in a desktop session"


# System libraries Qt's X11 plugin needs and the Debian/Ubuntu packages that provide them.
XCB_PACKAGES = "libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxkbcommon-x11-0"


def _xcb_problem() -> str | None:
    """Qt aborts the whole process when its X11 plugin cannot load; find out first and say what to install."""
    import ctypes
    import re

    from PySide6.QtCore import QLibraryInfo

    plugin = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms" / "libqxcb.so"
    if not plugin.is_file():
        return None
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        missing = re.search(r"([\w.+-]+\.so[\w.]*): cannot open", str(exc))
        what = missing.group(1) if missing else "a system library"
        return (f"the Qt display plugin cannot load because {what} is missing; install the X11 libraries Qt needs "
                f"(Debian/Ubuntu: sudo apt install {XCB_PACKAGES})")
    return None


@dataclass
class AppConfig:
    """Everything the app reads or writes, injected."""

    db_path: Path | None = None  # None: the default (SIMULATOR_DB or the user data folder)
    library_paths: list[Path] = field(default_factory=list)  # bundled scenarios first, then --library
    settings_path: Path | None = None  # an .ini file; None: the platform settings store
    organisation: str = ORGANISATION
    application: str = APPLICATION
    cache_dir: Path | None = None  # the library index's folder (see simulator.library_index); None: no index

    @classmethod
    def from_args(cls, args) -> "AppConfig":
        from simulator.paths import bundled_scenarios_dir, default_db_path

        db = getattr(args, "db", None) or default_db_path()
        libs = [bundled_scenarios_dir()] + [Path(p) for p in (getattr(args, "library", None) or [])]
        settings = getattr(args, "settings", None) or os.environ.get(SETTINGS_ENV) or None
        from simulator.library_index import default_cache_dir

        return cls(Path(db), libs, Path(settings) if settings else None, cache_dir=default_cache_dir())

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


def preload_core(from_index: bool = False) -> None:
    """Import the core the first screen needs *before* PySide6 is imported.

    Once PySide6 is loaded, shiboken's import hook inspects the source of every module that
    imports anything (to support ``from __feature__ import``), which makes importing the
    pure-Python core (pydantic models, YAML, SQLite) markedly slower. Importing it first also
    keeps those imports on the UI thread, never on the writer.

    ``from_index``: the first screen comes from the library index and a read-only query, which
    need neither the scenario models nor sqlite_utils; those follow the first paint.
    """
    import simulator.library_index  # noqa: F401
    import simulator.storage  # noqa: F401 - cheap: sqlite_utils and the engine load when first needed

    if not from_index:
        import simulator.engine  # noqa: F401
        import simulator.loader  # noqa: F401
        import sqlite_utils  # noqa: F401


_UNREAD = object()


def create_window(config: AppConfig, *, index=_UNREAD):
    """Build the writer thread and the main window (not shown). The caller shows it and calls start().

    ``index``: the library index's cards when already read (``library_index.read_index``)."""
    from simulator import library_index

    if index is _UNREAD:
        index = library_index.read_index(config.cache_dir, config.library_paths)
    from simulator.ui.main_window import MainWindow, import_core
    from simulator.ui.ops import OpRunner, install_runner

    if index is None:
        # Import what the writer thread will run *here*, on the UI thread: shiboken's import hook
        # is not thread-safe, and an import on the worker racing the event loop can crash Python.
        # (From the index, the window does this after the first paint, before its first op.)
        import_core()

    from simulator.paths import default_db_path

    db_path = Path(config.db_path) if config.db_path is not None else default_db_path()
    runner = OpRunner(lambda: _open_store(db_path))
    install_runner(runner)
    window = MainWindow(config.library_paths, config.make_settings(), db_path=db_path, cache_dir=config.cache_dir,
                        index=index)
    window.runner = runner
    return window


def shutdown(window) -> None:
    """Finish queued writes and stop the writer thread."""
    from simulator.ui.ops import install_runner

    runner = getattr(window, "runner", None)
    if runner is not None:
        runner.stop()
    install_runner(None)
    scratch = getattr(window, "unsaved_dir", None)
    if scratch is not None:  # "continue without saving": the throw-away database goes with the session
        import shutil

        shutil.rmtree(scratch, ignore_errors=True)


def run_app(args) -> int:
    exit_after = bool(getattr(args, "exit_after_startup", False))
    problem = _ensure_platform(exit_after)
    if problem:
        print(f"simulator: error: {problem}", file=sys.stderr)
        return 1
    if exit_after:  # the smoke test of an installation: its data must be complete
        from simulator.resources import installation_problems

        broken = installation_problems()
        for line in broken:
            print(f"simulator: error: {line}", file=sys.stderr)
        if broken:
            return 1
    config = AppConfig.from_args(args)
    from simulator import library_index

    index = library_index.read_index(config.cache_dir, config.library_paths)
    preload_core(from_index=index is not None)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANISATION)
    app.setStyle("Fusion")  # one look everywhere; follows the system light/dark scheme
    window = create_window(config, index=index)

    from simulator.ui.errors import show_error

    debug = bool(getattr(args, "debug", False))

    def excepthook(kind, exc, tb):  # never a traceback in front of a rep
        if debug:
            sys.__excepthook__(kind, exc, tb)
        show_error(window, exc)

    sys.excepthook = excepthook
    status = {"code": 0}
    if exit_after:
        window.load_after_ready = False  # quit once the first screen is up: load nothing more

        def ready():
            if not window.library_model.scenarios:
                folders = ", ".join(str(p) for p in config.library_paths)
                print(f"simulator: error: the library is empty: no scenario loaded from {folders}", file=sys.stderr)
                status["code"] = 1
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
