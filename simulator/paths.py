"""Where things live on disk: the progress database and the bundled scenarios."""

from __future__ import annotations

import os
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


def bundled_scenarios_dir() -> Path:
    """The bundled ``scenarios/`` folder: inside an installed package or a frozen build (found through
    ``importlib.resources``), else next to the package in a source checkout (see ``simulator.resources``).

    Returns the first candidate that exists, else the last one (so a message can name it).
    """
    from simulator.resources import scenarios_dir

    return scenarios_dir()
