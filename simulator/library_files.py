"""Which files a library folder holds: the scenario files ``load_library`` reads and the library index stamps.

Pure standard library (the library index must start without pydantic).
"""

from __future__ import annotations

import os
from pathlib import Path

SCENARIO_SUFFIXES = (".yaml", ".yml")


def scenario_files(folder: str | os.PathLike, unreadable: list[OSError] | None = None) -> list[Path]:
    """``*.yaml``/``*.yml`` files under ``folder``, recursively and sorted; hidden files and folders are skipped.
    A folder that cannot be listed is appended to ``unreadable`` (when given) as its OSError."""
    folder = Path(folder)
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable.append if unreadable is not None else None):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel = Path(dirpath)
        for name in sorted(filenames):
            if not name.startswith(".") and name.lower().endswith(SCENARIO_SUFFIXES):
                found.append(rel / name)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)
