"""Page scaffolding: a scrolling, centred column that stays readable on wide windows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from simulator.ui.theme import SPACE, TYPE
from simulator.ui.widgets.text import plain_label


def scroll_page(parent: QWidget, max_width: int = 960) -> tuple[QScrollArea, QVBoxLayout]:
    area = QScrollArea(parent)
    area.setObjectName("page")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    holder = QWidget()
    holder.setObjectName("pageBody")
    holder.setMinimumHeight(1)  # size by heightForWidth, not by wrapped labels' (too tall) minimum
    row = QHBoxLayout(holder)
    row.setContentsMargins(SPACE["l"], SPACE["m"], SPACE["l"], SPACE["l"])
    column = QWidget()
    column.setMaximumWidth(max_width)
    col = QVBoxLayout(column)
    col.setContentsMargins(0, 0, 0, 0)
    col.setSpacing(SPACE["m"])
    row.addStretch(0)
    row.addWidget(column, 1)
    row.addStretch(0)
    area.setWidget(holder)
    return area, col


def capped_header(parent: QWidget, max_width: int, *rows: QWidget) -> QWidget:
    """Rows above a ``scroll_page`` column, capped and centred exactly like it (the scroll bar's width
    is kept on the right), so a header lines up with the content below at any window width."""
    from PySide6.QtWidgets import QStyle

    holder = QWidget(parent)
    line = QHBoxLayout(holder)
    bar = parent.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    line.setContentsMargins(SPACE["l"], 0, SPACE["l"] + bar, 0)
    column = QWidget()
    column.setMaximumWidth(max_width)
    col = QVBoxLayout(column)
    col.setContentsMargins(0, 0, 0, 0)
    col.setSpacing(0)
    for r in rows:
        r.layout().setContentsMargins(0, r.layout().contentsMargins().top(), 0, r.layout().contentsMargins().bottom())
        col.addWidget(r)
    line.addStretch(0)
    line.addWidget(column, 1)
    line.addStretch(0)
    return holder


def card(parent: QWidget | None = None, name: str = "card") -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame(parent)
    frame.setObjectName(name)
    lay = QVBoxLayout(frame)
    lay.setContentsMargins(SPACE["l"], SPACE["m"], SPACE["l"], SPACE["m"] + 2)
    lay.setSpacing(SPACE["xs"] + 2)
    return frame, lay


def header_bar(title: str, *buttons: QPushButton) -> tuple[QWidget, "QLabel"]:
    bar = QWidget()
    lay = QHBoxLayout(bar)
    lay.setContentsMargins(SPACE["l"], SPACE["s"] + 2, SPACE["l"], SPACE["xs"])
    label = plain_label(title, scale=TYPE["headline"], bold=True)
    lay.addWidget(label, 1)
    for b in buttons:
        lay.addWidget(b)
    return bar, label


def button(text: str, accessible: str | None = None, primary: bool = False, tip: str | None = None) -> QPushButton:
    b = QPushButton(text)
    b.setAccessibleName(accessible or text.replace("&", ""))
    if primary:
        b.setObjectName("primary")
        b.setDefault(False)
        b.setAutoDefault(True)
    else:
        b.setAutoDefault(True)
    if tip:
        b.setToolTip(tip)
    return b
