"""Reading progress with plain queries: shared by ``Store`` and ``quick_profiles_and_progress``
(the app's first screen, read-only, standard library only)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from simulator.storage.migrations import SCHEMA_VERSION
from simulator.storage.records import (
    NON_COMPETENCY_COMPONENTS,
    InProgress,
    Profile,
    ScenarioProgress,
    _loads,
    profile_from_row,
)

# ``query(sql, params)`` yields rows that can be indexed by column name: sqlite_utils'
# ``Database.query`` (dicts) or a plain sqlite3 connection with ``sqlite3.Row``.

_COMPLETED_SQL = "SELECT * FROM attempts WHERE profile_id = ? AND status = 'completed' ORDER BY finished, rowid"


def _read_scenario_progress(query, profile_id: int) -> dict[str, ScenarioProgress]:
    by: dict[str, list] = {}
    for r in query(
        "SELECT scenario_id, total, passed FROM attempts WHERE profile_id = ? AND status = 'completed' ORDER BY started, rowid",
        [profile_id],
    ):
        by.setdefault(r["scenario_id"], []).append(r)
    out = {}
    for sid, rows in by.items():
        totals = [r["total"] for r in rows if r["total"] is not None]
        out[sid] = ScenarioProgress(
            scenario_id=sid,
            attempts=len(rows),
            first=rows[0]["total"],
            best=max(totals) if totals else None,
            latest=rows[-1]["total"],
            passed=any(r["passed"] for r in rows),
        )
    return out


def _session_json(query, row, save_format) -> tuple[dict | None, int]:
    """The engine's Session.to_json() shape of an attempt, and its number of decisions.
    With ``save_format`` None only the count is read (the session is None)."""
    decs = list(query("SELECT option, confidence, elapsed_ms FROM decisions WHERE attempt = ? ORDER BY seq", [row["uuid"]]))
    if save_format is None:
        return None, len(decs)
    data = {
        "save_format": save_format,
        "scenario": {"id": row["scenario_id"], "version": row["scenario_version"], "hash": row["scenario_hash"]},
        "seed": row["seed"],
        "choices": [d["option"] for d in decs],
        "confidences": [d["confidence"] for d in decs],
        "elapsed_ms": [d["elapsed_ms"] or 0 for d in decs],
    }
    return data, len(decs)


def _read_in_progress(query, profile_id: int, save_format) -> list[InProgress]:
    out = []
    for row in query(
        "SELECT * FROM attempts WHERE profile_id = ? AND status = 'in-progress' ORDER BY started DESC, rowid DESC", [profile_id]
    ):
        data, n = _session_json(query, row, save_format)
        out.append(
            InProgress(
                row["uuid"], row["profile_id"], row["scenario_id"], row["scenario_version"], row["scenario_hash"],
                row["seed"], row["started"], n, data,
            )
        )
    return out


def _competency_means(completed) -> dict[str, float]:
    sums: dict[str, list[float]] = {}
    for r in completed:
        for comp, value in _loads(r["scores"], {}).items():
            if value is not None and comp not in NON_COMPETENCY_COMPONENTS:
                sums.setdefault(comp, []).append(value)
    return {c: sum(v) / len(v) for c, v in sums.items()}


def _weakest(means: dict[str, float]) -> str | None:
    if not means:
        return None
    return min(means, key=lambda c: (means[c], c))


@dataclass(frozen=True)
class QuickProgress:
    """What the library's first screen shows of one profile (see ``quick_profiles_and_progress``)."""

    profile: Profile
    progress: dict  # scenario id -> ScenarioProgress
    in_progress: list  # InProgress; session_json is None unless sessions were read
    weakest: str | None


def quick_profiles_and_progress(path: str | Path, choose: Callable[[list[Profile]], Profile | None] | None = None,
                                *, sessions: bool = False) -> tuple[list[Profile], QuickProgress | None] | None:
    """Read the profiles and, for the one ``choose(profiles)`` picks, its progress — with the standard
    library's sqlite3 only, read-only, without opening a Store (no sqlite_utils, no engine, no
    migration, backup or integrity check). For the app's first screen; the Store is opened after it.

    Returns None when the file cannot be used this way (missing, empty, damaged, locked, another schema
    version...): the caller then takes the Store's path, which explains the problem. ``sessions`` also
    reads each interrupted attempt's session (it imports the engine for the save format).
    """
    path = Path(path).expanduser()
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        save_format = None
        if sessions:
            from simulator.engine import SAVE_FORMAT as save_format
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=1.0, isolation_level=None,
                               check_same_thread=False)
    except (OSError, sqlite3.Error, ValueError):
        return None
    try:
        conn.row_factory = sqlite3.Row
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            return None

        def query(sql, params=()):
            return conn.execute(sql, params).fetchall()

        conn.execute("BEGIN")  # one consistent snapshot for every query below
        profiles = [profile_from_row(r) for r in query("SELECT * FROM profiles ORDER BY name COLLATE NOCASE")]
        chosen = choose(profiles) if choose is not None else None
        if chosen is None:
            return profiles, None
        return profiles, QuickProgress(
            profile=chosen,
            progress=_read_scenario_progress(query, chosen.id),
            in_progress=_read_in_progress(query, chosen.id, save_format),
            weakest=_weakest(_competency_means(query(_COMPLETED_SQL, [chosen.id]))),
        )
    except (sqlite3.Error, KeyError, IndexError, TypeError, ValueError):
        return None
    finally:
        conn.close()
