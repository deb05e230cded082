"""One open progress database: opening (integrity check, WAL, migrations, routine backup) and transactions.

What is written and read lives in two mixins: ``writes.StoreWrites`` (profiles, attempts, decisions)
and ``queries.StoreQueries`` (history, progress, suggestions, export rows).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from simulator.errors import StorageError
from simulator.storage.backups import _write_backup, backups
from simulator.storage.migrations import MIGRATIONS, _migration_set
from simulator.storage.problems import DatabaseProblem, _classify, _corrupt, _op, _readonly, _unreadable
from simulator.storage.queries import StoreQueries
from simulator.storage.writes import StoreWrites

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT = 15.0  # seconds a writer waits for another process's transaction
BACKUP_EVERY = timedelta(days=1)  # a routine backup at open when the newest is older than this


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL. Changing the journal mode does not wait on the busy handler when another
    process has the file open in the old mode at that instant, so retry until BUSY_TIMEOUT."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    delay = 0.005
    while True:
        if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
            return
        try:
            conn.execute("PRAGMA journal_mode=WAL").fetchone()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() and "busy" not in str(exc).lower() or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


class Store(StoreWrites, StoreQueries):
    """One open progress database."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, read_only: bool, keep_backups: int):
        self.path = path
        from sqlite_utils import Database

        self._conn: sqlite3.Connection | None = conn
        self.db = Database(conn)
        self.read_only = read_only
        self.keep_backups = keep_backups
        self._lock = threading.RLock()
        self.moved_aside: Path | None = None  # set by restore_backup / start_fresh
        self.restored_from: Path | None = None
        self.last_backup: Path | None = None  # the backup taken by this open, if any
        self.warnings: list[str] = []  # things that went wrong but did not stop the open

    # -- opening ----------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        backups: int = 5,
        read_only: bool = False,
        migrations: list[Callable[[Database], None]] | None = None,
        backup_every: timedelta | None = BACKUP_EVERY,
    ) -> "Store":
        """Open (creating and migrating as needed). Raises StorageError with a one-line reason
        when the file is corrupt/unreadable/read-only; never deletes or overwrites a damaged file.

        ``read_only`` opens for reading history only (a database on a read-only medium).
        ``migrations`` is the ordered migration list (default ``MIGRATIONS``; tests pass more).
        """
        path = Path(path).expanduser()
        fns = MIGRATIONS if migrations is None else migrations
        try:
            return cls._open(path, max(1, backups), read_only, fns, backup_every)
        except StorageError:
            raise
        except (sqlite3.Error, OSError) as exc:
            raise _classify(exc, path) from exc

    @classmethod
    def _open(cls, path: Path, keep: int, read_only: bool, fns, backup_every) -> "Store":
        if path.is_dir():
            raise _unreadable(path, "it is a folder")
        if path.exists() and not path.is_file():  # a named pipe or a device would block the first read
            raise _unreadable(path, "it is not a regular file")
        if path.exists() and not os.access(path, os.R_OK):
            raise _unreadable(path, "permission denied")
        if not read_only:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError:
                raise _readonly(path) from None
            if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
                raise _readonly(path)
        elif not path.exists():
            raise _unreadable(path, "no such file")
        existed = path.exists() and path.stat().st_size > 0
        uri = f"{path.absolute().as_uri()}?mode={'ro' if read_only else 'rwc'}"
        if read_only and not os.access(path.parent, os.W_OK) and not path.with_name(path.name + "-wal").exists():
            uri += "&immutable=1"  # a read-only folder: SQLite could not create the WAL index, and nobody can write here
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
        try:
            check = conn.execute("PRAGMA quick_check").fetchall()
            if [r[0] for r in check] != ["ok"]:
                raise _corrupt(path, "; ".join(str(r[0]) for r in check[:2]))
            if not read_only:
                _enable_wal(conn)
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            store = cls(path, conn, read_only=read_only, keep_backups=keep)
            store._migrate(fns, existed)
            if not read_only and backup_every is not None:
                store._routine_backup(backup_every)
            return store
        except BaseException:
            conn.close()
            raise

    def _migrate(self, fns, existed: bool) -> None:
        migrations, known = _migration_set(fns)
        db = self.db
        applied = [m.name for m in migrations.applied(db)]
        unknown = [n for n in applied if n not in known]
        if unknown:
            raise DatabaseProblem(
                "newer-schema",
                f"the progress database {self.path} was written by a newer version of the simulator "
                f"(schema {len(applied)}, this version knows {len(known)}); update the simulator — the file was not changed",
                path=self.path,
            )
        if not migrations.pending(db):
            return
        if self.read_only:
            raise DatabaseProblem(
                "readonly", f"the progress database {self.path} needs upgrading but is opened read-only; open it writable once", path=self.path
            )
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")  # one process migrates; the others wait, then see nothing pending
        try:
            pending = migrations.pending(db)
            if pending and existed and self._has_data():
                n = len(known) - len(pending)
                # a second connection reads the file while this one holds the write lock: the backup
                # is exactly what the migration starts from (backup_step on the writing connection
                # itself would return SQLITE_LOCKED)
                reader = sqlite3.connect(f"{self.path.absolute().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT)
                try:
                    self.last_backup = _write_backup(reader, self.path, f"v{n}-before-migration", self.keep_backups)
                finally:
                    reader.close()
            if pending:
                migrations.apply(db)
                conn.execute(f"PRAGMA user_version={len(known)}")
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, Exception) and not isinstance(exc, (StorageError, sqlite3.OperationalError)):
                saved = f"; a backup is at {self.last_backup}" if self.last_backup else ""
                raise DatabaseProblem(
                    "migration-failed",
                    f"upgrading the progress database {self.path} failed ({type(exc).__name__}: {exc}); "
                    f"it was left unchanged{saved} — report this",
                    path=self.path,
                    backup_path=self.last_backup,
                ) from exc
            raise

    def _has_data(self) -> bool:
        from sqlite_utils.migrations import Migrations

        names = set(self.db.table_names())
        return any(not n.startswith("sqlite_") and n != Migrations.migrations_table for n in names)

    def _routine_backup(self, every: timedelta) -> None:
        try:
            if not self.db["attempts"].exists() or self.db.execute("SELECT 1 FROM attempts LIMIT 1").fetchone() is None:
                return
            existing = backups(self.path)
            if existing:
                age = datetime.now(timezone.utc) - datetime.fromtimestamp(existing[0].stat().st_mtime, timezone.utc)
                if age < every:
                    return
            self.last_backup = _write_backup(self._conn, self.path, "routine", self.keep_backups)
        except (sqlite3.Error, OSError) as exc:
            self.warnings.append(f"could not back up {self.path} ({exc})")

    @property
    def schema_version(self) -> int:
        with self._lock:
            return self._conn.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @_op
    def backup(self, reason: str = "manual") -> Path:
        """Take an online backup now (rotated with the others); returns its path."""
        if self._conn.in_transaction:
            raise StorageError("cannot back up inside a transaction; commit first")
        self.last_backup = _write_backup(self._conn, self.path, reason, self.keep_backups)
        return self.last_backup

    @contextmanager
    def _write(self) -> Iterator[Database]:
        """One committed transaction (BEGIN IMMEDIATE); nested uses become savepoints."""
        if self.read_only:
            raise DatabaseProblem("readonly", f"the progress database {self.path} is open read-only; progress cannot be saved", path=self.path)
        conn = self._conn
        if conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    @contextmanager
    def transaction(self) -> Iterator["Store"]:
        """Group several calls into one commit (everything or nothing)."""
        with self._lock:
            try:
                with self._write():
                    yield self
            except (sqlite3.Error, OSError) as exc:
                raise _classify(exc, self.path) from exc

    def _one(self, sql: str, params=()) -> dict | None:
        rows = list(self.db.query(sql, params))
        return rows[0] if rows else None
