"""Generated portraits in the bundled avatars' flat head-and-shoulders style (``simulator avatar``).

``portrait(name, seed)`` is a self-contained SVG (128x128 viewBox, no scripts, no external references,
no <image>) that passes ``simulator.svgcheck``. It is deterministic: the same name and seed always give
the same picture (a SHA-256 of both picks skin, hair, style, shirt, glasses and background), so a trainer
can try seeds until one fits and write the seed down. ``write_portrait`` creates exactly the file it is
given and nothing else: never over an existing file, never a folder of its own.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from simulator.errors import OverwriteError, UsageError

# the palettes of assets/tools/make_avatars.py (the bundled avatars)
SKIN = ("#f5d6c1", "#e8b996", "#d9a57e", "#c98e63", "#a5693f", "#7a4a2a", "#5b3620")
HAIR = {"black": "#1f1b1a", "brown": "#5a3825", "auburn": "#8a3b1e", "dark auburn": "#6b2f1a",
        "blond": "#d9b36c", "grey": "#a8a7a5", "white": "#e4e2de"}
STYLES = ("short", "bob", "long", "bun", "curly", "shaved")
SHIRTS = ("#2f5d8a", "#8b3a62", "#3b4a5a", "#4a3b5c", "#5a6b3b", "#1f6f6b", "#c7662e", "#2d3e50", "#2f6b4f",
          "#6b2f3a", "#3a5f8f", "#7a3e8c", "#3f6fa8", "#23395d", "#b0532b", "#2e4a6b", "#8a2f2f", "#a3342c")
BACKGROUNDS = ("#dbe8f4", "#e6e0f2", "#dff0e6", "#f6e6d6", "#f2dfe4", "#e2eef0", "#f4e4dc")
MOUTHS = ('<path d="M57 67 Q64 72 71 67" fill="none" stroke="#7a3b2e" stroke-width="2.2" stroke-linecap="round"/>',
          '<path d="M58 67 Q64 71 70 67" fill="none" stroke="#8a2b2b" stroke-width="2.4" stroke-linecap="round"/>',
          '<path d="M58 68 L70 68" fill="none" stroke="#7a3b2e" stroke-width="2.2" stroke-linecap="round"/>')
MAX_NAME = 200


def _hair_back(style: str, c: str) -> str:
    if style == "long":
        return f'<path d="M38 58 Q36 28 64 26 Q92 28 90 58 L92 96 L36 96 Z" fill="{c}"/>'
    if style == "bob":
        return f'<path d="M38 60 Q36 28 64 27 Q92 28 90 60 L90 78 L38 78 Z" fill="{c}"/>'
    if style == "bun":
        return f'<circle cx="64" cy="22" r="10" fill="{c}"/>'
    return ""


def _hair_front(style: str, c: str) -> str:
    if style in ("long", "bob"):
        return f'<path d="M42 52 Q44 30 64 30 Q86 30 86 52 Q74 40 58 42 Q48 44 42 52 Z" fill="{c}"/>'
    if style == "bun":
        return f'<path d="M42 50 Q44 30 64 30 Q84 30 86 50 Q76 38 64 38 Q52 38 42 50 Z" fill="{c}"/>'
    if style == "short":
        return f'<path d="M42 50 Q42 28 64 28 Q86 28 86 50 Q84 40 76 38 Q64 34 52 38 Q44 41 42 50 Z" fill="{c}"/>'
    if style == "curly":
        return "".join(f'<circle cx="{x}" cy="{y}" r="7" fill="{c}"/>'
                       for x, y in [(46, 44), (52, 35), (62, 31), (72, 32), (80, 37), (84, 46)])
    return f'<path d="M43 48 Q45 31 64 31 Q83 31 85 48 Q76 38 64 38 Q52 38 43 48 Z" fill="{c}" opacity="0.85"/>'


def features(name: str, seed: int = 0) -> dict[str, object]:
    """The picks for ``name`` and ``seed`` (deterministic): skin, hair, style, shirt, glasses, background, mouth."""
    digest = hashlib.sha256(f"{' '.join(name.split()).casefold()}\x00{seed}".encode("utf-8")).digest()
    hair_names = sorted(HAIR)
    return {
        "skin": SKIN[digest[0] % len(SKIN)],
        "hair": HAIR[hair_names[digest[1] % len(hair_names)]],
        "style": STYLES[digest[2] % len(STYLES)],
        "shirt": SHIRTS[digest[3] % len(SHIRTS)],
        "glasses": digest[4] % 4 == 0,
        "background": BACKGROUNDS[digest[5] % len(BACKGROUNDS)],
        "mouth": MOUTHS[digest[6] % len(MOUTHS)],
    }


def _check_name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise UsageError("give the person's name, e.g. simulator avatar \"Nina Kowalski\" --out avatars/nina.svg")
    if len(clean) > MAX_NAME or any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in clean):
        raise UsageError(f"the name must be at most {MAX_NAME} printable characters")
    return clean


def portrait(name: str, seed: int = 0) -> str:
    """The SVG text of ``name``'s portrait (the name itself is never written into the file)."""
    f = features(_check_name(name), seed)
    return draw(f["skin"], f["hair"], f["style"], f["shirt"], f["glasses"], f["background"], f["mouth"])


def draw(skin: str, hair: str, style: str, shirt: str, glasses: bool, background: str, mouth: str = MOUTHS[0]) -> str:
    """The SVG text of one portrait from its picks (colours as #rrggbb, ``style`` one of STYLES, ``mouth`` one
    of MOUTHS); ``assets/tools/make_avatars.py`` draws the bundled avatars with it."""
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128" width="128" height="128">',
        f'<circle cx="64" cy="64" r="64" fill="{background}"/>',
        _hair_back(style, hair),
        f'<path d="M20 128 Q22 96 48 90 L80 90 Q106 96 108 128 Z" fill="{shirt}"/>',
        f'<rect x="56" y="74" width="16" height="18" rx="6" fill="{skin}"/>',
        '<path d="M54 90 L64 102 L74 90" fill="none" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" opacity="0.8"/>',
        f'<ellipse cx="42" cy="56" rx="4" ry="6" fill="{skin}"/>',
        f'<ellipse cx="86" cy="56" rx="4" ry="6" fill="{skin}"/>',
        f'<ellipse cx="64" cy="54" rx="22" ry="25" fill="{skin}"/>',
        _hair_front(style, hair),
        '<circle cx="56" cy="56" r="2.4" fill="#2b2b2b"/>',
        '<circle cx="72" cy="56" r="2.4" fill="#2b2b2b"/>',
        mouth,
    ]
    if glasses:
        parts += ['<g fill="none" stroke="#2b2b2b" stroke-width="1.8">',
                  '<circle cx="56" cy="56" r="6"/><circle cx="72" cy="56" r="6"/>',
                  '<path d="M62 56 L66 56"/></g>']
    parts.append("</svg>")
    return "\n".join(p for p in parts if p) + "\n"


def write_portrait(name: str, out: str | os.PathLike, seed: int = 0) -> Path:
    """Create ``out`` (an .svg in an existing folder) with ``name``'s portrait; never overwrite. Returns the path."""
    out = Path(out)
    if out.suffix.lower() != ".svg":
        raise UsageError(f"--out {out}: an avatar is an SVG file; use a name ending in .svg")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"--out {out}: the folder {folder} does not exist; create it first")
    text = portrait(name, seed)
    try:
        # "x": exclusive creation, so an existing file (or a symlink pointing anywhere) is never written through
        with open(out, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except FileExistsError:
        raise OverwriteError(f"{out} already exists; it was not changed (pick another --out, or --seed for another face)") from None
    return out
