"""Where the app's own images are (``assets/`` in a checkout or next to a frozen build)."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def assets_dir() -> Path:
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "assets")
    if getattr(sys, "frozen", False):
        candidates.append(Path(sys.executable).resolve().parent / "assets")
    candidates.append(Path(__file__).resolve().parents[2] / "assets")
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[-1]


def asset(name: str) -> Path:
    return assets_dir() / name
