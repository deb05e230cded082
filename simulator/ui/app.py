"""Application start-up (a minimal window until the full app lands)."""

from __future__ import annotations

import sys


def _ensure_platform(exit_after_startup: bool) -> str | None:
    """On Linux without a display, the smoke test runs offscreen; a real run explains the problem."""
    import os

    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    if exit_after_startup:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return None
    return "no display found (DISPLAY and WAYLAND_DISPLAY are unset); run the app in a desktop session"


def run_app(args) -> int:
    problem = _ensure_platform(getattr(args, "exit_after_startup", False))
    if problem:
        print(f"simulator: error: {problem}", file=sys.stderr)
        return 1
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Sales Simulator")
    window = QMainWindow()
    window.setWindowTitle("Sales Simulator")
    label = QLabel("Sales Simulator — the practice app is being built.")
    label.setMargin(24)
    window.setCentralWidget(label)
    window.resize(800, 560)
    window.show()
    if getattr(args, "exit_after_startup", False):
        QTimer.singleShot(0, app.quit)
    return app.exec()
