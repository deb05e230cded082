"""Colours derived from the current palette, so light and dark themes both stay readable."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette


def mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def is_dark(pal: QPalette) -> bool:
    return pal.color(QPalette.ColorRole.Window).lightness() < 128


def colours(pal: QPalette) -> dict[str, str]:
    base = pal.color(QPalette.ColorRole.Base)
    window = pal.color(QPalette.ColorRole.Window)
    text = pal.color(QPalette.ColorRole.Text)
    hl = pal.color(QPalette.ColorRole.Highlight)
    dark = is_dark(pal)
    amber = QColor("#d9a300")
    green = QColor("#1b5e20") if not dark else QColor("#66bb6a")
    red = QColor("#b71c1c") if not dark else QColor("#ff7b72")
    return {
        "text": text.name(),
        "muted": mix(text, window, 0.38).name(),
        "base": base.name(),
        "window": window.name(),
        "card": mix(base, window, 0.35).name() if not dark else mix(base, text, 0.05).name(),
        "border": mix(base, text, 0.18).name(),
        "buyer": mix(base, text, 0.07 if not dark else 0.12).name(),
        "rep": mix(base, hl, 0.20 if not dark else 0.40).name(),
        "rep_border": mix(base, hl, 0.45).name(),
        "thought": mix(base, amber, 0.16 if not dark else 0.22).name(),
        "thought_border": mix(base, amber, 0.65).name(),
        "accent": hl.name(),
        "good": green.name(),
        "bad": red.name(),
        "good_bg": mix(base, green, 0.15).name(),
        "bad_bg": mix(base, red, 0.13).name(),
    }


def stylesheet(pal: QPalette) -> str:
    c = colours(pal)
    return f"""
QFrame#card, QFrame#personCard {{ background: {c['card']}; border: 1px solid {c['border']}; border-radius: 10px; }}
QFrame#banner {{ background: {c['thought']}; border: 1px solid {c['thought_border']}; border-radius: 8px; }}
QFrame#suggestion {{ background: {c['rep']}; border: 1px solid {c['rep_border']}; border-radius: 10px; }}
QFrame#thought {{ background: {c['thought']}; border: 2px dashed {c['thought_border']}; border-radius: 10px; }}
QFrame#reviewGood {{ background: {c['good_bg']}; border-left: 4px solid {c['good']}; border-radius: 6px; }}
QFrame#reviewBad {{ background: {c['bad_bg']}; border-left: 4px solid {c['bad']}; border-radius: 6px; }}
QLabel#muted, QLabel#speaker {{ color: {c['muted']}; }}
QLabel#good {{ color: {c['good']}; font-weight: bold; }}
QLabel#bad {{ color: {c['bad']}; font-weight: bold; }}
QLabel#chip {{ background: {c['buyer']}; border: 1px solid {c['border']}; border-radius: 8px; padding: 1px 7px; }}
QPushButton#choice {{ text-align: left; padding: 10px 12px; border: 1px solid {c['border']}; border-radius: 10px; background: {c['base']}; }}
QPushButton#choice:hover {{ border-color: {c['accent']}; }}
QPushButton#choice:focus {{ border: 2px solid {c['accent']}; }}
QPushButton#choice:pressed {{ background: {c['rep']}; }}
QPushButton#primary {{ padding: 6px 16px; font-weight: bold; }}
QScrollArea#transcript, QScrollArea#page {{ background: transparent; border: none; }}
QWidget#transcriptBody, QWidget#pageBody {{ background: transparent; }}
"""
