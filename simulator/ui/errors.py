"""One presenter for every error the UI shows: ``show_error(parent, exc)``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from simulator.errors import ScenarioError, SimulatorError


def describe(exc: BaseException) -> tuple[str, str]:
    """(headline, detail) in words a rep understands; never a traceback."""
    if isinstance(exc, ScenarioError):
        lines = [str(d) for d in exc.diagnostics[:12]]
        return "A scenario could not be loaded.", "\n".join(lines) or str(exc)
    if isinstance(exc, SimulatorError):
        from simulator.errors import EngineError, SaveFormatError, StorageError

        head = "Something went wrong."
        for cls, words in ((StorageError, "Your progress could not be saved or read."),
                           (SaveFormatError, "This saved run cannot be resumed."),
                           (EngineError, "That move could not be played.")):
            if isinstance(exc, cls):
                head = words
                break
        return head, str(exc)
    if isinstance(exc, NotImplementedError):
        return "This part of the program is not available yet.", "The progress database is not implemented in this build."
    if isinstance(exc, OSError):
        return "A file could not be read or written.", exc.strerror or str(exc)
    return "Something unexpected went wrong.", f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """Show ``exc`` in one clear, window-modal dialog (non-blocking: ``open()``, not ``exec()``)."""
    head, detail = describe(exc)
    box = QMessageBox(parent.window() if parent is not None else None)
    box.setObjectName("errorDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Sales Simulator")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(head)
    box.setInformativeText(detail)
    from PySide6.QtWidgets import QLabel

    for label in box.findChildren(QLabel):  # author text may reach a message: never rich text
        label.setTextFormat(Qt.TextFormat.PlainText)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAccessibleName("Error")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
