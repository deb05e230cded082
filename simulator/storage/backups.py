"""Backups beside the database (``backups/``): online copies, rotated; the newest good one."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def backup_dir(path: str | Path) -> Path:
    return Path(path).parent / "backups"


def backups(path: str | Path) -> list[Path]:
    """The backups of the database at ``path``, newest first."""
    path = Path(path)
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{path.stem}-*Z-*.db"), key=lambda p: p.name, reverse=True)


def _backup_ok(p: Path) -> bool:
    try:
        conn = sqlite3.connect(f"{p.absolute().as_uri()}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def latest_backup(path: str | Path) -> Path | None:
    """The newest backup that passes ``quick_check``, or None."""
    for b in backups(path):
        if _backup_ok(b):
            return b
    return None


def _fsync(p: Path) -> None:
    try:
        fd = os.open(p, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_backup(conn: sqlite3.Connection, path: Path, reason: str, keep: int) -> Path:
    """Online backup of ``conn`` into backups/, written under a temporary name then renamed."""
    folder = backup_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{path.stem}-{_stamp()}-{reason}.db"
    tmp = final.with_name(final.name + ".partial")
    dest = sqlite3.connect(str(tmp))
    try:
        conn.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")  # a self-contained single file
    finally:
        dest.close()
    _fsync(tmp)
    os.replace(tmp, final)
    for old in backups(path)[max(1, keep):]:
        try:
            old.unlink()
        except OSError:
            pass
    return final
