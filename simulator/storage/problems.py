"""Why the progress database cannot be used: ``DatabaseProblem`` and the translation of sqlite3/OS errors."""

from __future__ import annotations

import os
import sqlite3
from functools import wraps
from pathlib import Path

from simulator.errors import StorageError
from simulator.storage.backups import latest_backup


class DatabaseProblem(StorageError):
    """The progress database cannot be used as it is.

    ``kind`` says why, so the UI can offer the right choice:

    * ``corrupt`` — damaged or not a database: offer ``restore_backup(path)`` (when
      ``backup_path`` is set) or ``start_fresh(path)``; both keep the damaged file.
    * ``readonly`` — the file or its folder cannot be written.
    * ``unreadable`` — the file cannot be read (permissions, a folder in the way...).
    * ``locked`` — another program holds the database longer than the busy timeout.
    * ``newer-schema`` — written by a newer version of the simulator; nothing was changed.
    * ``full`` — the disk is full.
    * ``migration-failed`` — upgrading the schema raised; the transaction was rolled back.
    * ``io`` — any other error of the disk or the database.
    """

    def __init__(self, kind: str, message: str, *, path: Path | None = None, backup_path: Path | None = None):
        super().__init__(message)
        self.kind = kind
        self.path = path
        self.backup_path = backup_path


def _classify(exc: BaseException, path: Path) -> DatabaseProblem:
    """Turn a sqlite3/OS error into a one-line DatabaseProblem."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc)
    low = text.lower()
    if primary in (11, 26) or "not a database" in low or "malformed" in low or "corrupt" in low:
        return _corrupt(path, text)
    if primary == 8 or "readonly" in low or "read-only" in low:
        return _readonly(path)
    if primary in (5, 6) or "locked" in low or "busy" in low:
        return DatabaseProblem(
            "locked",
            f"the progress database {path} is locked by another program; close other copies of the simulator and try again",
            path=path,
        )
    if primary == 13 or "disk is full" in low or "no space" in low:
        return DatabaseProblem(
            "full", f"the disk holding {path} is full; free some space and try again (progress already saved is safe)", path=path
        )
    if primary == 14 or "unable to open" in low:
        folder = path.parent
        if path.exists() and not os.access(path, os.R_OK):
            return _unreadable(path, "permission denied")
        if path.is_dir():
            return _unreadable(path, "it is a folder")
        if not os.access(folder, os.W_OK):
            return _readonly(path)
        return _unreadable(path, text)
    return DatabaseProblem("io", f"the progress database {path} could not be used ({text}); try again, or restart the computer", path=path)


def _corrupt(path: Path, detail: str) -> DatabaseProblem:
    latest = latest_backup(path)
    detail = " ".join(detail.split())[:120]
    if latest is not None:
        choice = f"restore the last backup ({latest.name}) or start fresh"
    else:
        choice = "there is no backup, so start fresh"
    return DatabaseProblem(
        "corrupt",
        f"the progress database {path} is damaged ({detail}); {choice} — the damaged file is kept",
        path=path,
        backup_path=latest,
    )


def _readonly(path: Path) -> DatabaseProblem:
    return DatabaseProblem(
        "readonly",
        f"cannot save progress: {path} or its folder is read-only; choose a writable place with --db or SIMULATOR_DB",
        path=path,
    )


def _unreadable(path: Path, why: str) -> DatabaseProblem:
    return DatabaseProblem(
        "unreadable", f"cannot read the progress database {path} ({why}); check it, or choose another place with --db", path=path
    )


def _op(method):
    """Serialise calls and turn every sqlite3/OS error into a one-line StorageError."""

    @wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._lock:
            if self._conn is None:
                raise StorageError("the progress database is closed")
            try:
                return method(self, *args, **kwargs)
            except (sqlite3.Error, OSError) as exc:
                raise _classify(exc, self.path) from exc

    return wrapper
