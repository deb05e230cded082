"""Files in, board out: helpers for the command line and the app (so they stay parsing and presentation only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from simulator.leaderboard.ranking import Board, merge
from simulator.leaderboard.reading import read_exports


def local_scenarios(library_dirs: Iterable[str | Path] = ()) -> list:
    """The scenarios available here for verification: the bundled folder plus ``library_dirs``.
    Files that do not load are simply not available (their attempts show as unverified)."""
    from simulator.loader import load_library
    from simulator.paths import bundled_scenarios_dir

    folders = [bundled_scenarios_dir(), *map(Path, library_dirs)]
    scenarios, _ = load_library([f for f in folders if Path(f).exists()])
    return scenarios


def board_from_files(paths: Iterable[str | Path], scenarios: Iterable[Any] = ()) -> tuple[Board, list[str]]:
    """Read, validate, merge and verify export files. Returns (board, one line per rejected file)."""
    exports, problems = read_exports(paths)
    return merge(exports, scenarios), problems


def pick_profile(store, name: str | None):
    """The profile to export: by name, or the only one. Raises UsageError naming the choices."""
    from simulator.errors import UsageError

    profiles = store.profiles()
    if name is not None:
        p = store.profile_by_name(name)
        if p is None:
            known = ", ".join(sorted(x.name for x in profiles)) or "none yet"
            raise UsageError(f"no profile named '{name}' (profiles: {known})")
        return p
    if len(profiles) == 1:
        return profiles[0]
    if not profiles:
        raise UsageError("there is no profile in this database yet; play a scenario first")
    raise UsageError(f"several profiles ({', '.join(sorted(x.name for x in profiles))}); choose one with --profile NAME")
