"""Whole runs and the command line: the default store, recording a played session, the history table."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.errors import StorageError, UsageError
from simulator.paths import default_db_path
from simulator.storage.store import Store

if TYPE_CHECKING:
    from simulator.scoring import ScoreCard


def open_existing(path: str | Path, *, reading: bool = False) -> Store:
    """Open a database that must already exist (``history``, ``export``, ``repair``): never creates a folder
    or an empty database. ``reading``: the caller only reads, so a database it cannot write (a read-only
    file, folder or medium) is opened read-only instead of refused."""
    path = Path(path).expanduser()
    if not path.exists():
        raise StorageError(f"there is no progress database at {path.absolute()}; play a scenario first, "
                           "or point --db (or SIMULATOR_DB) at an existing one")
    if reading and path.is_file() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        return Store.open(path, read_only=True)
    return Store.open(path)


def open_store(path: str | Path | None = None) -> Store:
    """Open the database at ``path``, or the default (SIMULATOR_DB or the user data folder)."""
    return Store.open(path if path is not None else default_db_path())


def record_session(store: Store, profile_name: str, session, card: ScoreCard | None = None, *, team: str = "") -> str:
    """Record a whole run (the ``play --profile`` path) in one commit; returns the attempt uuid.

    Creates the profile if missing. A run that reached an ending (or got stuck) is finished
    with its score card (computed when not given); a run whose choices ran out stays in
    progress, so it can be resumed.
    """
    if session._step is None:
        raise StorageError("the session has not started; nothing to record")
    with store.transaction():
        profile = store.get_or_create_profile(profile_name, team)
        uid = store.start_attempt(profile, session.scenario, session.seed)
        for d in session.decisions:
            store.record_decision(uid, d, session.scenario)
        if session.finished:
            if card is None:
                from simulator.scoring import score_session

                card = score_session(session)
            store.finish_attempt(uid, card)
    return uid


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.0f}"


def history_rows(store: Store, profile_name: str | None = None, limit: int | None = None) -> list[dict]:
    """History as JSON-ready dicts (newest first), with the profile's name; for ``simulator history``."""
    profiles = {p.id: p for p in store.profiles()}
    profile = None
    if profile_name is not None:
        profile = store.profile_by_name(profile_name)
        if profile is None:
            names = ", ".join(p.name for p in profiles.values()) or "none yet"
            raise UsageError(f"no profile named '{profile_name}' (profiles: {names})")
    out = []
    for r in store.history(profile, limit):
        p = profiles.get(r.profile_id)
        out.append(
            {
                "uuid": r.uuid,
                "profile": p.name if p else None,
                "team": p.team if p else None,
                "scenario": {"id": r.scenario_id, "version": r.scenario_version, "hash": r.scenario_hash, "title": r.title},
                "seed": r.seed,
                "started": r.started,
                "finished": r.finished,
                "status": r.status,
                "ending": r.ending,
                "outcome": r.outcome,
                "scores": r.scores,
                "total": r.total,
                "passed": r.passed,
            }
        )
    return out


def format_history(rows: list[dict]) -> str:
    """A plain-text table of ``history_rows`` (what ``simulator history`` prints)."""
    if not rows:
        return "No attempts recorded yet."
    head = ("started (UTC)", "profile", "scenario", "status", "ending", "total", "passed")
    body = []
    for r in rows:
        sc = r["scenario"]
        passed = "" if r["passed"] is None else ("yes" if r["passed"] else "no")
        body.append(
            (
                r["started"][:16].replace("T", " "),
                r["profile"] or "?",
                f"{sc['title']} (v{sc['version']})",
                r["status"],
                r["ending"] or "",
                _fmt(r["total"]) if r["status"] == "completed" else "",
                passed if r["status"] == "completed" else "",
            )
        )
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]
    lines = ["  ".join(str(x).ljust(w) for x, w in zip(row, widths)).rstrip() for row in (head, *body)]
    return "\n".join(lines)
