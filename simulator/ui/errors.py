"""One presenter for every error the UI shows: ``show_error(parent, exc)``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from simulator.errors import ScenarioError, SimulatorError


def sentence(text: str) -> str:
    """A message as a sentence: a capital first, a full stop last."""
    text = " ".join(str(text).split())
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…”)" else text + "."


def describe(exc: BaseException) -> tuple[str, str]:
    """(headline, detail) in words a rep understands; never a traceback."""
    if isinstance(exc, ScenarioError):
        lines = [str(d) for d in exc.diagnostics[:12]]
        return "A scenario could not be loaded.", ("\n".join(lines) or sentence(str(exc))) + \
            "\nAsk the scenario's author to fix it (simulator validate shows every problem)."
    if isinstance(exc, SimulatorError):
        from simulator.errors import EngineError, SaveFormatError, StorageError

        head, advice = "Something went wrong.", "Try again; if it keeps happening, restart the app."
        for cls, words, todo in ((StorageError, "Your progress could not be saved or read.",
                                  "Try again; if it keeps happening, quit and reopen the app."),
                                 (SaveFormatError, "This saved run cannot be resumed.",
                                  "Discard it from the library and start the scenario again."),
                                 (EngineError, "That move could not be played.",
                                  "Pick another choice, and tell the scenario's author.")):
            if isinstance(exc, cls):
                head, advice = words, todo
                break
        if type(exc).__name__ in ("OutputPathError", "OverwriteError"):  # the message says what to do
            head, advice = "A file could not be read or written.", ""
        return head, f"{sentence(str(exc))} {advice}".strip()
    if isinstance(exc, NotImplementedError):
        return "This part of the program is not available yet.", "The progress database is not implemented in this build."
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        return "A file could not be read or written.", sentence((exc.strerror or str(exc)) + where) + \
            " Check that the folder exists and that you may write there, then try again."
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return "Something unexpected went wrong.", f"{what}. Try again; if it keeps happening, restart the app."


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
