"""Where things live on disk: the progress database and the bundled scenarios."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "sales-simulator"
DB_ENV = "SIMULATOR_DB"


def default_db_path() -> Path:
    """``$SIMULATOR_DB`` if set, else ``progress.db`` in the platform's user data folder."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "progress.db"


def _candidates() -> list[Path]:
    out: list[Path] = []
    if getattr(sys, "frozen", False):  # a PyInstaller (or similar) build
        bundle = getattr(sys, "_MEIPASS", None)
        if bundle:
            out.append(Path(bundle) / "scenarios")
        out.append(Path(sys.executable).resolve().parent / "scenarios")
    out.append(Path(__file__).resolve().parent.parent / "scenarios")  # a source checkout
    return out


def bundled_scenarios_dir() -> Path:
    """The bundled ``scenarios/`` folder: next to the package, or next to a frozen build.

    Returns the first candidate that exists, else the last one (so a message can name it).
    """
    candidates = _candidates()
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[-1]
