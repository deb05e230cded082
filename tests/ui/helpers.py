"""Keyboard driving helpers: keys go to the widget that has focus, as a user's would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def focused(window):
    w = QApplication.focusWidget()
    return w if w is not None else window


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(window), key, modifier)


def type_text(qtbot, window, text: str) -> None:
    qtbot.keyClicks(focused(window), text)


DIGITS = {n: getattr(Qt.Key, f"Key_{n}") for n in range(10)}


def bundled_count() -> int:
    """How many scenarios the bundled library holds (each *.yaml in scenarios/)."""
    from pathlib import Path

    return len(list((Path(__file__).resolve().parents[2] / "scenarios").glob("*.yaml")))
