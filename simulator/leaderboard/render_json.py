"""The board as JSON (format ``sales-simulator-board`` version 1)."""

from __future__ import annotations

from typing import Optional

from simulator import __version__
from simulator.leaderboard.ranking import Board, Table

BOARD_FORMAT = "sales-simulator-board"


def _r(x: Optional[float], digits: int = 2) -> Optional[float]:
    return None if x is None else round(x, digits)


def to_json(board: Board) -> dict:
    """The board as a JSON-able dict (format ``sales-simulator-board`` version 1)."""

    def table(t: Table) -> dict:
        return {"key": t.key, "title": t.title, "explain": t.explain, "rows": [
            {"rank": r.rank, "name": r.name, "team": r.team, "value": r.value, "n": r.n, "scenarios": r.scenarios,
             "badge": r.badge, "note": r.note} for r in t.rows]}

    return {
        "format": BOARD_FORMAT,
        "version": 1,
        "app_version": __version__,
        "filters": {"team": board.team, "scenario": board.scenario},
        "files": board.files,
        "counts": board.counts(),
        "boards": [table(t) for t in board.tables],
        "most_improved": table(board.improved),
        "reps": [
            {"name": r.name, "team": r.team, "index": r.index, "ranked": r.ranked, "scenarios": r.scenarios,
             "unverified": r.unverified, "excluded": r.excluded,
             "rows": [{"scenario": s.scenario_id, "version": s.scenario_version, "hash": s.scenario_hash, "attempts": s.attempts,
                       "first": s.first, "first_status": s.first_status, "best": s.best, "latest": s.latest} for s in r.rows]}
            for r in board.reps
        ],
        "conflicts": [{"uuid": c.uuid, "variants": [{"rep": n, "team": t, "files": f} for n, t, f in c.variants]} for c in board.conflicts],
        "attempts": [
            {"uuid": a.entry.uuid, "rep": a.entry.rep, "team": a.entry.team, "scenario": a.entry.scenario_id,
             "version": a.entry.scenario_version, "finished": a.entry.finished, "total": a.entry.total,
             "status": a.status, "reason": a.reason, "files": list(a.sources)}
            for a in board.attempts
        ],
    }
