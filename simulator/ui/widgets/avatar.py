"""Avatars: a scenario's SVG rendered with QSvgRenderer (never as HTML), or generated initials."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from simulator.svgcheck import MAX_SVG_BYTES, sanitize_svg  # noqa: F401 - one SVG check for validate and the app

_PALETTE = ("#2f6f9f", "#7a4fa3", "#2e7d5b", "#b0562b", "#9c3a5a", "#4f6b2e", "#8a6d1c", "#3c5aa8")


def initials(name: str) -> str:
    parts = [p for p in (name or "").replace("-", " ").split() if p[:1].isalpha()]
    if not parts:
        return "?"
    if len(parts) == 1:
        return parts[0][:1].upper()
    return (parts[0][:1] + parts[-1][:1]).upper()


def _colour_for(name: str) -> QColor:
    h = int(hashlib.sha1((name or "?").encode("utf-8")).hexdigest()[:6], 16)
    return QColor(_PALETTE[h % len(_PALETTE)])


@lru_cache(maxsize=256)
def _svg_bytes(path: str, trusted: bool = False) -> bytes | None:
    try:
        p = Path(path)
        if p.suffix.lower() != ".svg" or p.stat().st_size > MAX_SVG_BYTES:
            return None
        data = p.read_bytes()
    except OSError:
        return None
    return data if trusted else sanitize_svg(data)


def _render(path: str | None, name: str, px: int, dpr: float) -> QPixmap:
    from PySide6.QtSvg import QSvgRenderer

    real = max(1, int(round(px * dpr)))
    pm = QPixmap(real, real)
    pm.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pm)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    clip = QPainterPath()
    clip.addEllipse(QRectF(0, 0, real, real))
    painter.setClipPath(clip)
    drawn = False
    data = _svg_bytes(path) if path else None
    if data:
        renderer = QSvgRenderer(data)
        if renderer.isValid():
            renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatioByExpanding)
            renderer.render(painter, QRectF(0, 0, real, real))
            drawn = True
    if not drawn:
        painter.fillRect(0, 0, real, real, _colour_for(name))
        f = QFont()
        f.setPixelSize(max(6, int(real * 0.40)))
        f.setBold(True)
        painter.setFont(f)
        painter.setPen(QColor("white"))
        painter.drawText(QRectF(0, 0, real, real), Qt.AlignmentFlag.AlignCenter, initials(name))
    painter.end()
    pm.setDevicePixelRatio(dpr)
    return pm


_cache: dict[tuple, QPixmap] = {}


def avatar_pixmap(path: Path | str | None, name: str, size: int = 48, dpr: float = 1.0) -> QPixmap:
    """A round avatar ``size`` logical pixels wide, crisp at ``dpr``."""
    key = (str(path) if path else None, name, size, round(dpr, 2))
    pm = _cache.get(key)
    if pm is None:
        pm = _render(key[0], name, size, dpr)
        _cache[key] = pm
    return pm


def avatar_icon(path: Path | str | None, name: str, size: int = 48) -> QIcon:
    icon = QIcon()
    for dpr in (1.0, 2.0):
        icon.addPixmap(avatar_pixmap(path, name, size, dpr))
    return icon


class AvatarLabel(QLabel):
    """Shows an avatar at the widget's device pixel ratio (re-rendered when it changes)."""

    def __init__(self, path: Path | None, name: str, size: int = 48, parent: QWidget | None = None):
        super().__init__(parent)
        self._path, self._name, self._size = path, name, size
        self.setFixedSize(QSize(size, size))
        self.setAccessibleName(f"Avatar of {name}")
        self._dpr = 0.0
        self._refresh()

    def _refresh(self) -> None:
        dpr = self.devicePixelRatioF() or 1.0
        if dpr != self._dpr:
            self._dpr = dpr
            self.setPixmap(avatar_pixmap(self._path, self._name, self._size, dpr))

    def showEvent(self, event):  # noqa: N802
        self._refresh()
        super().showEvent(event)

    def changeEvent(self, event):  # noqa: N802
        super().changeEvent(event)
        self._refresh()


def svg_pixmap(path: Path, size: QSize, dpr: float = 1.0) -> QPixmap:
    """An app asset (assets/*.svg) as a crisp pixmap."""
    from PySide6.QtSvg import QSvgRenderer

    pm = QPixmap(int(size.width() * dpr), int(size.height() * dpr))
    pm.fill(Qt.GlobalColor.transparent)
    data = _svg_bytes(str(path), trusted=True)
    if data:
        r = QSvgRenderer(data)
        if r.isValid():
            p = QPainter(pm)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            r.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
            r.render(p, QRectF(0, 0, pm.width(), pm.height()))
            p.end()
    pm.setDevicePixelRatio(dpr)
    return pm
