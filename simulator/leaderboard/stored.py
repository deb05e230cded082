"""Keeping imported export files in the progress database (``board_*`` tables), one transaction per file."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from simulator.leaderboard.entries import Entry, _intern
from simulator.leaderboard.export_format import _iso, _now
from simulator.leaderboard.reading import read_export_bytes, read_regular_file


def _db(path: str | Path):
    import sqlite_utils

    db = sqlite_utils.Database(str(path))
    db.execute("PRAGMA busy_timeout = 5000")
    return db


def _ensure_tables(db) -> None:
    db["board_files"].create(
        {"digest": str, "name": str, "rep": str, "team": str, "app_version": str, "exported": str, "imported": str, "attempts": int},
        pk="digest", if_not_exists=True,
    )
    db["board_attempts"].create(
        {"uuid": str, "digest": str, "file": str, "data": str}, pk=("uuid", "digest"), if_not_exists=True,
    )


@dataclass(frozen=True)
class ImportResult:
    imported: tuple[str, ...]  # files whose attempts were stored
    added: int  # attempts new to the database
    problems: tuple[str, ...]  # one line per rejected file


def import_files(db_path: str | Path, paths: Iterable[str | Path]) -> ImportResult:
    """Validate each file completely, then store it in one transaction (``board_files``,
    ``board_attempts``). A rejected file writes nothing. Importing a file twice adds nothing."""
    import hashlib

    db = _db(db_path)
    imported, problems = [], []
    added = 0
    try:
        for p in paths:
            p = Path(p)
            raw, problem = read_regular_file(p)
            if problem:
                problems.append(f"{p}: rejected: {problem}")
                continue
            entries, probs = read_export_bytes(raw, str(p))
            if probs:
                problems.extend(probs)
                continue
            head = json.loads(raw.removeprefix(b"\xef\xbb\xbf"))
            file_digest = hashlib.sha256(raw).hexdigest()
            rows = []
            for e in entries:
                data = json.dumps({"rep": e.rep, "team": e.team, "attempt": e.to_json()}, sort_keys=True, separators=(",", ":"))
                rows.append({"uuid": e.uuid, "digest": hashlib.sha256(data.encode()).hexdigest(), "file": p.name, "data": data})
            with db.conn:  # one transaction per file
                _ensure_tables(db)
                before = db.execute("select count(*) from board_attempts").fetchone()[0]
                db["board_files"].insert(
                    {"digest": file_digest, "name": p.name, "rep": head["rep"]["name"], "team": head["rep"].get("team", ""),
                     "app_version": head["app_version"], "exported": head["exported"], "imported": _iso(_now()),
                     "attempts": len(entries)}, ignore=True)
                db["board_attempts"].insert_all(rows, ignore=True, batch_size=500)
                added += db.execute("select count(*) from board_attempts").fetchone()[0] - before
            imported.append(str(p))
    finally:
        db.close()
    return ImportResult(tuple(imported), added, tuple(problems))


def stored_exports(db_path: str | Path) -> list[list[Entry]]:
    """Every attempt imported into the database, as one list per source file name."""
    if not Path(db_path).exists():
        return []
    db = _db(db_path)
    try:
        if "board_attempts" not in db.table_names():
            return []
        groups: dict[str, list[Entry]] = defaultdict(list)
        for row in db.query("select file, data from board_attempts order by uuid, digest"):
            d = json.loads(row["data"])
            a = d["attempt"]
            sc = a["score"]
            groups[row["file"]].append(Entry(
                uuid=a["uuid"], rep=d["rep"], team=d["team"], scenario_id=_intern(a["scenario"]["id"]),
                scenario_version=a["scenario"]["version"], scenario_hash=_intern(a["scenario"]["hash"]), seed=a["seed"],
                started=a["started"], finished=a["finished"],
                choices=tuple(x["option"] for x in a["decisions"]), confidences=tuple(x["confidence"] for x in a["decisions"]),
                scores=tuple(sorted(sc["scores"].items())), total=sc["total"], passed=sc["passed"], ending=sc["ending"],
                outcome=sc["outcome"], source=row["file"]))
        return [groups[k] for k in sorted(groups)]
    finally:
        db.close()


def clear_board(db_path: str | Path) -> None:
    """Forget every imported file (the rep's own progress is untouched)."""
    if not Path(db_path).exists():
        return
    db = _db(db_path)
    try:
        with db.conn:
            for t in ("board_attempts", "board_files"):
                if t in db.table_names():
                    db.execute(f"delete from {t}")
    finally:
        db.close()
