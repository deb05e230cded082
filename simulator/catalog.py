"""The scenario library as the command line sees it: list it, and name a scenario by its id.

The library is the bundled scenarios (``simulator.resources``) plus every ``--library`` folder, in
that order. A scenario argument is a file when such a file exists; otherwise, when it looks like an
id, the library is searched for the scenario with that id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from simulator.errors import UsageError

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
SUFFIXES = (".yaml", ".yml")


def library_folders(extra: Iterable[str | Path] = ()) -> list[Path]:
    """The bundled scenarios first, then the ``--library`` folders given."""
    from simulator.paths import bundled_scenarios_dir

    return [bundled_scenarios_dir(), *(Path(p) for p in extra)]


@dataclass(frozen=True)
class Entry:
    """One scenario of the library, as ``simulator list`` prints it."""

    id: str
    title: str
    difficulty: str
    minutes: int | None
    format: int
    version: int
    path: Path

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.title, "difficulty": self.difficulty, "minutes": self.minutes,
                "format": self.format, "version": self.version, "path": str(self.path)}


def _entry(scenario) -> Entry:
    m = scenario.model
    return Entry(id=m.id, title=m.title, difficulty=m.difficulty, minutes=m.minutes,
                 format=int(getattr(m, "format", 1) or 1), version=m.version, path=Path(scenario.path))


def entries(extra: Iterable[str | Path] = ()) -> tuple[list[Entry], list, list[Path]]:
    """(the scenarios that load, their diagnostics, the folders read). Missing folders are a UsageError."""
    from simulator.loader import load_library

    folders = library_folders(extra)
    missing = [str(f) for f in folders[1:] if not f.exists()]
    if missing:
        raise UsageError(f"--library {', '.join(missing)}: no such folder")
    scenarios, diagnostics = load_library([f for f in folders if f.exists()])
    return [_entry(s) for s in scenarios], diagnostics, folders


def looks_like_id(text: str) -> bool:
    return bool(ID_PATTERN.fullmatch(text))


def resolve(given: str | Path, extra: Iterable[str | Path] = ()) -> Path:
    """The scenario file ``given`` names: itself when it is a file, else the library's scenario with that id.

    Raises UsageError naming what was looked for and what to do."""
    path = Path(given)
    if path.is_file():
        return path
    text = str(given)
    if not looks_like_id(text):
        raise UsageError(f"no such scenario file: {text}")
    folders = library_folders(extra)
    # the usual layout first: <folder>/<id>.yaml (the loader still checks that the id inside matches)
    for folder in folders:
        for suffix in SUFFIXES:
            candidate = folder / f"{text}{suffix}"
            if candidate.is_file() and _declared_id(candidate) == text:
                return candidate
    found, _diagnostics, _folders = entries(extra)
    for entry in found:
        if entry.id == text:
            return entry.path
    known = ", ".join(sorted(e.id for e in found)) or "none"
    raise UsageError(f"'{text}' is neither a file nor the id of a scenario in the library (ids: {known}); "
                     "see 'simulator list'")


_ID_LINE = re.compile(r"^id:\s*['\"]?([a-z0-9][a-z0-9-]*)['\"]?\s*(#.*)?$")


def _declared_id(path: Path) -> str | None:
    """The top-level ``id:`` of a scenario file, read cheaply (None when not found)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = _ID_LINE.match(line.rstrip("\r\n"))
                if m:
                    return m.group(1)
    except OSError:
        return None
    return None


def format_table(found: list[Entry]) -> str:
    """The library as aligned columns: id, title, difficulty, minutes."""
    rows = [("ID", "TITLE", "DIFFICULTY", "MINUTES")] + [
        (e.id, e.title, e.difficulty, "" if e.minutes is None else str(e.minutes)) for e in found]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}".rstrip() for r in rows]
    return "\n".join(lines) + "\n"
