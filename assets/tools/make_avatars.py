#!/usr/bin/env python3
"""Writes the flat-style head-and-shoulders avatars in scenarios/avatars/.

Run from anywhere:  python assets/tools/make_avatars.py
Each avatar is a self-contained SVG (128x128 viewBox, no scripts, no external
references, no <image>). Add a person by adding a line to PEOPLE and re-running.
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "scenarios" / "avatars"

SKIN = {
    "s1": "#f5d6c1", "s2": "#e8b996", "s3": "#c98e63",
    "s4": "#a5693f", "s5": "#7a4a2a", "s6": "#5b3620",
}
HAIR = {
    "black": "#1f1b1a", "brown": "#5a3825", "auburn": "#8a3b1e",
    "blond": "#d9b36c", "grey": "#a8a7a5", "white": "#e4e2de",
}
BG = ["#dbe8f4", "#e6e0f2", "#dff0e6", "#f6e6d6", "#f2dfe4", "#e2eef0"]

# id: (skin, hair colour, hair style, shirt colour, glasses, background index)
PEOPLE = {
    "dana":    ("s3", "brown",  "bob",    "#2f5d8a", False, 0),
    "priya":   ("s3", "black",  "long",   "#8b3a62", False, 3),
    "graham":  ("s1", "grey",   "short",  "#3b4a5a", True,  5),
    "helen":   ("s1", "grey",   "bob",    "#4a3b5c", True,  1),
    "viktor":  ("s2", "brown",  "short",  "#5a6b3b", False, 2),
    "aisha":   ("s5", "black",  "bun",    "#1f6f6b", False, 4),
    "tom":     ("s3", "black",  "curly",  "#c7662e", False, 3),
    "ingrid":  ("s1", "blond",  "long",   "#2d3e50", True,  0),
    "leo":     ("s2", "black",  "short",  "#2f6b4f", False, 2),
    "ruth":    ("s6", "black",  "curly",  "#6b2f3a", True,  1),
    "mei":     ("s2", "black",  "bob",    "#3a5f8f", False, 5),
    "camille": ("s1", "auburn", "long",   "#7a3e8c", False, 4),
    "raj":     ("s4", "black",  "short",  "#3f6fa8", True,  0),
    "nadia":   ("s4", "black",  "bun",    "#23395d", False, 1),
    "jordan":  ("s5", "black",  "shaved", "#b0532b", False, 3),
    "segun":   ("s6", "black",  "shaved", "#2e4a6b", True,  2),
    "nina":    ("s1", "blond",  "bob",    "#8a2f2f", False, 5),
}


def hair_back(style, c):
    """Hair drawn behind the head (long styles)."""
    if style == "long":
        return f'<path d="M38 58 Q36 28 64 26 Q92 28 90 58 L92 96 L36 96 Z" fill="{c}"/>'
    if style == "bob":
        return f'<path d="M38 60 Q36 28 64 27 Q92 28 90 60 L90 78 L38 78 Z" fill="{c}"/>'
    if style == "bun":
        return f'<circle cx="64" cy="22" r="10" fill="{c}"/>'
    return ""


def hair_front(style, c):
    """Hair drawn over the top of the head."""
    if style in ("long", "bob"):
        return f'<path d="M42 52 Q44 30 64 30 Q86 30 86 52 Q74 40 58 42 Q48 44 42 52 Z" fill="{c}"/>'
    if style == "bun":
        return f'<path d="M42 50 Q44 30 64 30 Q84 30 86 50 Q76 38 64 38 Q52 38 42 50 Z" fill="{c}"/>'
    if style == "short":
        return f'<path d="M42 50 Q42 28 64 28 Q86 28 86 50 Q84 40 76 38 Q64 34 52 38 Q44 41 42 50 Z" fill="{c}"/>'
    if style == "curly":
        bumps = "".join(
            f'<circle cx="{x}" cy="{y}" r="7" fill="{c}"/>'
            for x, y in [(46, 44), (52, 35), (62, 31), (72, 32), (80, 37), (84, 46)]
        )
        return bumps
    if style == "shaved":
        return f'<path d="M43 48 Q45 31 64 31 Q83 31 85 48 Q76 38 64 38 Q52 38 43 48 Z" fill="{c}" opacity="0.85"/>'
    return ""


def avatar(skin, hair, style, shirt, glasses, bg):
    s = SKIN[skin]
    h = HAIR[hair]
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128" width="128" height="128">',
        f'<circle cx="64" cy="64" r="64" fill="{BG[bg]}"/>',
        hair_back(style, h),
        # shoulders
        f'<path d="M20 128 Q22 96 48 90 L80 90 Q106 96 108 128 Z" fill="{shirt}"/>',
        # neck
        f'<rect x="56" y="74" width="16" height="18" rx="6" fill="{s}"/>',
        # collar
        '<path d="M54 90 L64 102 L74 90" fill="none" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" opacity="0.8"/>',
        # head and ears
        f'<ellipse cx="42" cy="56" rx="4" ry="6" fill="{s}"/>',
        f'<ellipse cx="86" cy="56" rx="4" ry="6" fill="{s}"/>',
        f'<ellipse cx="64" cy="54" rx="22" ry="25" fill="{s}"/>',
        hair_front(style, h),
        # face
        '<circle cx="56" cy="56" r="2.4" fill="#2b2b2b"/>',
        '<circle cx="72" cy="56" r="2.4" fill="#2b2b2b"/>',
        '<path d="M57 67 Q64 72 71 67" fill="none" stroke="#7a3b2e" stroke-width="2.2" stroke-linecap="round"/>',
    ]
    if glasses:
        parts += [
            '<g fill="none" stroke="#2b2b2b" stroke-width="1.8">',
            '<circle cx="56" cy="56" r="6"/><circle cx="72" cy="56" r="6"/>',
            '<path d="M62 56 L66 56"/></g>',
        ]
    parts.append("</svg>")
    return "\n".join(p for p in parts if p) + "\n"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for pid, spec in PEOPLE.items():
        (OUT / f"{pid}.svg").write_text(avatar(*spec), encoding="utf-8")
    print(f"wrote {len(PEOPLE)} avatars to {OUT}")


if __name__ == "__main__":
    main()
