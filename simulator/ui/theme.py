"""The design system: one spacing scale, one type scale, a colour per competency, one card style.

Light and dark both derive from the palette (``colours``), so the system scheme is followed; the
screenshots and tests can also force a scheme with ``apply_scheme(app, "light" | "dark")``.
Every screen takes its sizes from here, so the look stays one look.
"""

from __future__ import annotations

import zlib

from PySide6.QtGui import QColor, QPalette

# -- scales -------------------------------------------------------------------------------------

SPACE = {"xxs": 2, "xs": 4, "s": 8, "m": 12, "l": 16, "xl": 24, "xxl": 32}
TYPE = {"caption": 0.88, "body": 1.0, "subtitle": 1.12, "title": 1.3, "headline": 1.5, "score": 2.4}
RADIUS = {"card": 12, "control": 8, "chip": 9, "bubble": 12}
CONTENT_WIDTH = {"reading": 880, "page": 1040, "wide": 1180}  # a column never wider than this

# -- colour per competency (the same hue on every chart, chip and table) -------------------------

_COMPETENCY_HUES = {
    "insight": ("#6a3fb5", "#b79cf0"),
    "discovery": ("#1769aa", "#7fb8ec"),
    "tailoring": ("#00796b", "#5fd0c0"),
    "control": ("#b35900", "#f0a860"),
    "judgment": ("#283593", "#9aa8f5"),
    "outcome": ("#2e7d32", "#7fd483"),
    "calibration": ("#ad1457", "#f48fb1"),
}
_EXTRA_HUES = (("#6d4c41", "#c8a590"), ("#5d6d00", "#c6d86a"), ("#00838f", "#6fd6e0"), ("#8e24aa", "#d59ae6"))


def competency_colour(name: str, dark: bool = False) -> str:
    """The colour of a component everywhere (custom competencies get a stable one from their id)."""
    pair = _COMPETENCY_HUES.get(name) or _EXTRA_HUES[zlib.crc32(name.encode()) % len(_EXTRA_HUES)]
    return pair[1] if dark else pair[0]


# -- palette-derived colours ----------------------------------------------------------------------


def mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def is_dark(pal: QPalette) -> bool:
    return pal.color(QPalette.ColorRole.Window).lightness() < 128


def luminance(c: QColor) -> float:
    def ch(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * ch(c.red()) + 0.7152 * ch(c.green()) + 0.0722 * ch(c.blue())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_on(fill: QColor) -> QColor:
    """Black or white, whichever reads better on ``fill``."""
    return QColor("#111111") if contrast(fill, QColor("#111111")) >= contrast(fill, QColor("#ffffff")) else QColor("#ffffff")


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
        "accent_soft": mix(base, hl, 0.12 if not dark else 0.25).name(),
        "good": green.name(),
        "bad": red.name(),
        "warn": (QColor("#8a5a00") if not dark else QColor("#f0c060")).name(),
        "good_bg": mix(base, green, 0.08 if not dark else 0.15).name(),
        "bad_bg": mix(base, red, 0.07 if not dark else 0.13).name(),
        "neutral_bg": mix(base, text, 0.06).name(),
        "meter_fill": mix(base, hl, 0.75 if not dark else 0.65).name(),
        "meter_track": mix(base, text, 0.10).name(),
    }


def stylesheet(pal: QPalette) -> str:
    c = colours(pal)
    r = RADIUS
    return f"""
QFrame#card, QFrame#personCard {{ background: {c['card']}; border: 1px solid {c['border']}; border-radius: {r['card']}px; }}
QFrame#summary {{ background: {c['accent_soft']}; border: 1px solid {c['rep_border']}; border-radius: {r['card']}px; }}
QFrame#banner {{ background: {c['thought']}; border: 1px solid {c['thought_border']}; border-radius: {r['control']}px; }}
QFrame#suggestion {{ background: {c['rep']}; border: 1px solid {c['rep_border']}; border-radius: {r['card']}px; }}
QFrame#thought {{ background: {c['thought']}; border: 2px dashed {c['thought_border']}; border-radius: 10px; }}
QFrame#sceneBreak {{ border: none; border-top: 1px solid {c['border']}; }}
QFrame#reviewGood {{ background: {c['good_bg']}; border-left: 4px solid {c['good']}; border-radius: 6px; }}
QFrame#reviewBad {{ background: {c['bad_bg']}; border-left: 4px solid {c['bad']}; border-radius: 6px; }}
QFrame#reviewNeutral {{ background: {c['neutral_bg']}; border-left: 4px solid {c['border']}; border-radius: 6px; }}
QLabel#muted, QLabel#speaker {{ color: {c['muted']}; }}
QLabel#good {{ color: {c['good']}; font-weight: bold; }}
QLabel#bad {{ color: {c['bad']}; font-weight: bold; }}
QLabel#warn {{ color: {c['warn']}; font-weight: bold; }}
QLabel#chip {{ background: {c['buyer']}; border: 1px solid {c['border']}; border-radius: {r['chip']}px; padding: 1px 8px; }}
QLabel#inlineError {{ color: {c['bad']}; }}
QPushButton#choice {{ text-align: left; padding: 10px 12px; border: 1px solid {c['border']}; border-radius: {r['card'] - 2}px; background: {c['base']}; }}
QPushButton#choice:hover {{ border-color: {c['accent']}; }}
QPushButton#choice:focus {{ border: 2px solid {c['accent']}; }}
QPushButton#choice:pressed {{ background: {c['rep']}; }}
QPushButton#primary {{ padding: 6px 16px; font-weight: bold; }}
QPushButton#level {{ padding: 6px 10px; border: 1px solid {c['border']}; border-radius: {r['control']}px; background: {c['base']}; }}
QPushButton#level:focus {{ border: 2px solid {c['accent']}; }}
QPushButton#level:hover {{ border-color: {c['accent']}; }}
QScrollArea#transcript, QScrollArea#page {{ background: transparent; border: none; }}
QWidget#transcriptBody, QWidget#pageBody {{ background: transparent; }}
"""


# -- forcing a scheme (screenshots, tests) ---------------------------------------------------------


def scheme_palette(scheme: str) -> QPalette:
    """A calm light or dark palette for Fusion."""
    R = QPalette.ColorRole
    pal = QPalette()
    if scheme == "dark":
        roles = {R.Window: "#1e2127", R.WindowText: "#e6e8eb", R.Base: "#16181d", R.AlternateBase: "#1f2229",
                 R.Text: "#e6e8eb", R.Button: "#2a2e36", R.ButtonText: "#e6e8eb", R.Highlight: "#4f8ff7",
                 R.HighlightedText: "#ffffff", R.ToolTipBase: "#2a2e36", R.ToolTipText: "#e6e8eb",
                 R.PlaceholderText: "#8b9099", R.Link: "#7fb0ff", R.Mid: "#3a3f48", R.Dark: "#101216",
                 R.Light: "#3a3f48", R.Midlight: "#30343c", R.Shadow: "#000000", R.BrightText: "#ffffff"}
    else:
        roles = {R.Window: "#f4f5f7", R.WindowText: "#1d2430", R.Base: "#ffffff", R.AlternateBase: "#f3f5f8",
                 R.Text: "#1d2430", R.Button: "#eef0f3", R.ButtonText: "#1d2430", R.Highlight: "#2f6fdb",
                 R.HighlightedText: "#ffffff", R.ToolTipBase: "#ffffff", R.ToolTipText: "#1d2430",
                 R.PlaceholderText: "#7a808a", R.Link: "#1f5fc8", R.Mid: "#c9cdd3", R.Dark: "#a0a5ad",
                 R.Light: "#ffffff", R.Midlight: "#e3e6ea", R.Shadow: "#6b7078", R.BrightText: "#ffffff"}
    for role, colour in roles.items():
        pal.setColor(role, QColor(colour))
    disabled = QColor("#6b7078") if scheme == "dark" else QColor("#9aa0a8")
    for role in (R.WindowText, R.Text, R.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return pal


def apply_scheme(app, scheme: str) -> None:
    app.setStyle("Fusion")
    app.setPalette(scheme_palette(scheme))
