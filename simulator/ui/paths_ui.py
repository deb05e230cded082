"""Where the app's own images are: see ``simulator.resources`` (a checkout's ``assets/``, or the copy an
installed wheel or a frozen build carries inside the package)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def assets_dir() -> Path:
    from simulator.resources import assets_dir as found

    return found()


def asset(name: str) -> Path:
    return assets_dir() / name
