"""Application start-up (a minimal window until the full app lands)."""

from __future__ import annotations

import sys


def run_app(args) -> int:
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
