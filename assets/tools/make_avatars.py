#!/usr/bin/env python3
"""Writes the flat-style head-and-shoulders avatars in scenarios/avatars/.

Run from anywhere:  python assets/tools/make_avatars.py
Each avatar is a self-contained SVG (128x128 viewBox, no scripts, no external
references, no <image>). Add a person by adding a line to PEOPLE and re-running.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "scenarios" / "avatars"
sys.path.insert(0, str(ROOT))

from simulator.avatar import BACKGROUNDS as BG, HAIR, draw  # noqa: E402  (after the path above, so it runs from anywhere)

SKIN = {
    "s1": "#f5d6c1", "s2": "#e8b996", "s3": "#c98e63",
    "s4": "#a5693f", "s5": "#7a4a2a", "s6": "#5b3620",
}

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


def avatar(skin, hair, style, shirt, glasses, bg):
    """One person's SVG, drawn by simulator.avatar (the same drawing as ``simulator avatar``), first mouth."""
    return draw(SKIN[skin], HAIR[hair], style, shirt, glasses, BG[bg])


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for pid, spec in PEOPLE.items():
        (OUT / f"{pid}.svg").write_text(avatar(*spec), encoding="utf-8")
    print(f"wrote {len(PEOPLE)} avatars to {OUT}")


if __name__ == "__main__":
    main()
