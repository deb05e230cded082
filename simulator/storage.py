"""Progress that is never lost: the local SQLite database (sqlite-utils).

Nothing here imports Qt. Every method is safe to call from a worker thread that
owns the Store (one Store per thread; the UI uses one writer thread); a Store
also serialises its own calls with a lock, so handing it between threads is safe.

Durability, in short:

* WAL journal with ``synchronous=FULL``: a commit that returned survives a
  killed process or a power cut.
* Every write is its own ``BEGIN IMMEDIATE`` transaction, committed before the
  method returns (``record_decision`` commits each decision as it is made).
  ``BEGIN IMMEDIATE`` plus a busy timeout lets two processes write at once.
* ``PRAGMA quick_check`` at open. A damaged or unreadable file raises
  ``DatabaseProblem`` (a ``StorageError``) with a one-line reason and a
  ``kind``; ``restore_backup`` / ``start_fresh`` move the damaged file aside
  (never delete it) and give a working store.
* Schema changes are ``sqlite_utils.Migrations``; an online backup
  (``sqlite3.Connection.backup``) is taken before any migration touches an
  existing database, plus one a day at open, kept in ``backups/`` beside the
  database and rotated.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
import time
import uuid as uuidlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from simulator import __version__ as APP_VERSION
from simulator.errors import StorageError, UsageError
from simulator.paths import default_db_path

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from simulator.engine import Decision
    from simulator.loader import Scenario
    from simulator.scoring import ScoreCard

# sqlite_utils and the engine (which builds the scenario models) are imported when first needed, so that
# importing this module is cheap and ``quick_profiles_and_progress`` can serve the app's first screen
# without them. The app imports them on its UI thread before its writer thread opens a Store (an import
# on that thread can crash PySide's import hook). The names stay available here, as before:
_LAZY = {
    "Database": ("sqlite_utils", "Database"),
    "Migrations": ("sqlite_utils.migrations", "Migrations"),
    "CONFIDENCE_LEVELS": ("simulator.engine", "CONFIDENCE_LEVELS"),
    "SAVE_FORMAT": ("simulator.engine", "SAVE_FORMAT"),
    "Decision": ("simulator.engine", "Decision"),
    "env_of": ("simulator.engine", "env_of"),
    "evidence_of": ("simulator.engine", "evidence_of"),
    "Scenario": ("simulator.loader", "Scenario"),
    "ScoreCard": ("simulator.scoring", "ScoreCard"),
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

BUSY_TIMEOUT = 15.0  # seconds a writer waits for another process's transaction
BACKUP_EVERY = timedelta(days=1)  # a routine backup at open when the newest is older than this
MIGRATION_SET = "simulator"

# score components that have their own column (others live in the `scores` JSON column)
STANDARD_COMPETENCIES = ("insight", "discovery", "tailoring", "control")
NON_COMPETENCY_COMPONENTS = ("judgment", "outcome", "calibration")
DIFFICULTY_ORDER = {"intro": 0, "intermediate": 1, "advanced": 2}
STATUSES = ("in-progress", "completed", "abandoned")


# --- errors ---------------------------------------------------------------------------


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


# --- the data ------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    id: int
    name: str
    team: str


@dataclass(frozen=True)
class InProgress:
    """An interrupted attempt that can be resumed (Session.restore(scenario, session_json))."""

    uuid: str
    profile_id: int
    scenario_id: str
    scenario_version: int
    scenario_hash: str
    seed: int
    started: str  # ISO 8601 UTC
    decisions: int
    session_json: dict  # the engine's Session.to_json() shape


@dataclass(frozen=True)
class AttemptRow:
    uuid: str
    profile_id: int
    scenario_id: str
    scenario_version: int
    scenario_hash: str
    title: str
    seed: int
    started: str
    finished: str | None
    status: str  # in-progress | completed | abandoned
    ending: str | None
    outcome: str | None
    scores: dict  # component -> value or None
    total: float | None
    passed: bool | None


@dataclass(frozen=True)
class ScenarioProgress:
    scenario_id: str
    attempts: int  # completed attempts
    first: float | None  # total of the first completed attempt
    best: float | None
    latest: float | None
    passed: bool  # any completed attempt passed


# --- migrations (append only: never edit a migration that has shipped) -----------------


def m001_initial(db: Database) -> None:
    db["profiles"].create(
        {"id": int, "name": str, "team": str, "created": str},
        pk="id",
        not_null={"name", "team", "created"},
        defaults={"team": ""},
    )
    db.execute("CREATE UNIQUE INDEX idx_profiles_name ON profiles(name COLLATE NOCASE)")
    db["scenarios"].create(
        {"hash": str, "id": str, "version": int, "title": str, "difficulty": str, "competencies": str, "first_seen": str},
        pk="hash",
        not_null={"id", "version", "title", "first_seen"},
    )
    db["scenarios"].create_index(["id", "version"])
    db["attempts"].create(
        {
            "uuid": str,
            "profile_id": int,
            "scenario_id": str,
            "scenario_version": int,
            "scenario_hash": str,
            "seed": int,
            "started": str,
            "finished": str,
            "status": str,  # in-progress | completed | abandoned
            "ending": str,
            "outcome": str,  # won | advanced | stalled | lost | stuck
            "judgment": float,
            "insight": float,
            "discovery": float,
            "tailoring": float,
            "control": float,
            "outcome_score": float,
            "calibration": float,
            "luck": float,
            "scores": str,  # JSON: every component (custom competencies too) -> value or null
            "weights": str,  # JSON
            "total": float,
            "passed": int,
            "pass_score": float,
            "card": str,  # JSON: ScoreCard.to_json()
            "app_version": str,
        },
        pk="uuid",
        not_null={"profile_id", "scenario_id", "scenario_version", "scenario_hash", "seed", "started", "status", "app_version"},
        foreign_keys=[("profile_id", "profiles", "id"), ("scenario_hash", "scenarios", "hash")],
    )
    db["attempts"].create_index(["profile_id", "started"])
    db["attempts"].create_index(["profile_id", "status", "scenario_id"])
    db["attempts"].create_index(["scenario_hash"])
    db["decisions"].create(
        {
            "attempt": str,
            "seq": int,
            "node": str,
            "kind": str,  # choices | diagnose
            "option": str,
            "number": int,
            "offered": str,  # JSON list of option ids
            "state_before": str,  # JSON {"vars": {...}, "visited": [...]}
            "evidence": str,  # JSON {"points": {...}, "note": ...}
            "regret": float,  # filled by finish_attempt
            "stakes": float,
            "best_move": int,
            "confidence": int,
            "elapsed_ms": int,
            "recorded": str,
        },
        pk=("attempt", "seq"),
        not_null={"node", "option", "state_before", "evidence", "recorded"},
        foreign_keys=[("attempt", "attempts", "uuid")],
    )


MIGRATIONS: list[Callable[[Database], None]] = [m001_initial]
SCHEMA_VERSION = len(MIGRATIONS)


def _migration_set(fns: Iterable[Callable[[Database], None]]) -> tuple[Migrations, list[str]]:
    from sqlite_utils.migrations import Migrations

    m = Migrations(MIGRATION_SET)
    names = []
    for fn in fns:
        m(name=fn.__name__)(fn)
        names.append(fn.__name__)
    return m, names


# --- files: backups and moving damaged files aside --------------------------------------


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


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


def _move_aside(path: Path) -> Path | None:
    """Rename a damaged database (and its -wal/-shm) to ``<name>.damaged-<time>``; never deletes it."""
    if not path.exists():
        return None
    target = path.with_name(f"{path.name}.damaged-{_stamp()}")
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    os.replace(path, target)
    return target


def restore_backup(path: str | Path, backup: str | Path | None = None, *, backups: int = 5) -> "Store":
    """Move the damaged database aside and put a copy of ``backup`` (default: the newest good one) in its place."""
    path = Path(path)
    source = Path(backup) if backup is not None else latest_backup(path)
    if source is None or not source.is_file():
        raise DatabaseProblem("corrupt", f"there is no usable backup of {path}; start fresh instead", path=path)
    moved = _move_aside(path)
    tmp = path.with_name(path.name + ".restoring")
    shutil.copyfile(source, tmp)
    _fsync(tmp)
    os.replace(tmp, path)
    store = Store.open(path, backups=backups)
    store.moved_aside = moved
    store.restored_from = source
    return store


def start_fresh(path: str | Path, *, backups: int = 5) -> "Store":
    """Move the damaged database aside (kept, not deleted) and open a new empty one."""
    path = Path(path)
    moved = _move_aside(path)
    store = Store.open(path, backups=backups)
    store.moved_aside = moved
    return store


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


# --- the store ----------------------------------------------------------------------


def _op(method):
    """Serialise calls and turn every sqlite3/OS error into a one-line StorageError."""

    @wraps(method)
    def wrapper(self: "Store", *args, **kwargs):
        with self._lock:
            if self._conn is None:
                raise StorageError("the progress database is closed")
            try:
                return method(self, *args, **kwargs)
            except (sqlite3.Error, OSError) as exc:
                raise _classify(exc, self.path) from exc

    return wrapper


def _loads(text: str | None, default=None):
    if text is None:
        return default
    return json.loads(text)


# --- reading progress (shared by Store and quick_profiles_and_progress) -----------------
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
        profiles = [Store._profile(r) for r in query("SELECT * FROM profiles ORDER BY name COLLATE NOCASE")]
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


class Store:
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

    # -- profiles ---------------------------------------------------------------------

    @staticmethod
    def _profile(row: dict) -> Profile:
        return Profile(row["id"], row["name"], row["team"] or "")

    @_op
    def profiles(self) -> list[Profile]:
        return [self._profile(r) for r in self.db.query("SELECT * FROM profiles ORDER BY name COLLATE NOCASE")]

    @_op
    def create_profile(self, name: str, team: str = "") -> Profile:
        name = (name or "").strip()
        if not name:
            raise StorageError("a profile needs a name")
        with self._write() as db:
            if self._one("SELECT id FROM profiles WHERE name = ? COLLATE NOCASE", [name]):
                raise StorageError(f"a profile named '{name}' already exists")
            db["profiles"].insert({"name": name, "team": team or "", "created": _now()})
            pid = db.execute("SELECT last_insert_rowid()").fetchone()[0]
        return Profile(pid, name, team or "")

    @_op
    def profile_by_name(self, name: str) -> Profile | None:
        row = self._one("SELECT * FROM profiles WHERE name = ? COLLATE NOCASE", [(name or "").strip()])
        return self._profile(row) if row else None

    @_op
    def get_or_create_profile(self, name: str, team: str = "") -> Profile:
        with self._write():
            found = self.profile_by_name(name)
            return found if found is not None else self.create_profile(name, team)

    # -- attempts ---------------------------------------------------------------------

    def _see_scenario(self, db: Database, scenario: Scenario) -> None:
        if self._one("SELECT 1 FROM scenarios WHERE hash = ?", [scenario.content_hash]):
            return
        db["scenarios"].insert(
            {
                "hash": scenario.content_hash,
                "id": scenario.id,
                "version": scenario.version,
                "title": scenario.title,
                "difficulty": getattr(scenario.model, "difficulty", None),
                "competencies": json.dumps(list(scenario.competencies)),
                "first_seen": _now(),
            }
        )

    @_op
    def start_attempt(self, profile: Profile, scenario: Scenario, seed: int) -> str:
        """Records the scenario as seen and a new in-progress attempt; returns its uuid."""
        uid = str(uuidlib.uuid4())
        with self._write() as db:
            if not self._one("SELECT 1 FROM profiles WHERE id = ?", [profile.id]):
                raise StorageError(f"no profile '{profile.name}' in {self.path}")
            self._see_scenario(db, scenario)
            db["attempts"].insert(
                {
                    "uuid": uid,
                    "profile_id": profile.id,
                    "scenario_id": scenario.id,
                    "scenario_version": scenario.version,
                    "scenario_hash": scenario.content_hash,
                    "seed": int(seed),
                    "started": _now(),
                    "status": "in-progress",
                    "app_version": APP_VERSION,
                }
            )
        return uid

    def _attempt(self, attempt: str) -> dict:
        row = self._one("SELECT * FROM attempts WHERE uuid = ?", [attempt])
        if row is None:
            raise StorageError(f"no attempt {attempt} in {self.path}")
        return row

    @_op
    def record_decision(self, attempt: str, decision: Decision, scenario: Scenario) -> None:
        """Commits one decision as it is made (state before, evidence, option...)."""
        with self._write() as db:
            row = self._attempt(attempt)
            if row["status"] != "in-progress":
                raise StorageError(f"attempt {attempt} is {row['status']}; it takes no more decisions")
            if row["scenario_hash"] != scenario.content_hash:
                raise StorageError(f"attempt {attempt} was made on another version of '{scenario.id}'")
            existing = self._one("SELECT option FROM decisions WHERE attempt = ? AND seq = ?", [attempt, decision.seq])
            if existing is not None:
                if existing["option"] != decision.option:
                    raise StorageError(
                        f"decision {decision.seq} of attempt {attempt} is already recorded as '{existing['option']}', not '{decision.option}'"
                    )
                if decision.confidence is not None:
                    db.execute(
                        "UPDATE decisions SET confidence = ? WHERE attempt = ? AND seq = ?", [decision.confidence, attempt, decision.seq]
                    )
                return
            from simulator.engine import env_of, evidence_of

            env = env_of(scenario, decision.values)
            node = scenario.nodes[decision.node]
            option = next(o for o in node.options if o.id == decision.option)
            points, note = evidence_of(option, env, decision.visited)
            db["decisions"].insert(
                {
                    "attempt": attempt,
                    "seq": decision.seq,
                    "node": decision.node,
                    "kind": decision.kind,
                    "option": decision.option,
                    "number": decision.number,
                    "offered": json.dumps(list(decision.offered)),
                    "state_before": json.dumps({"vars": env, "visited": sorted(decision.visited)}),
                    "evidence": json.dumps({"points": points, "note": note}),
                    "confidence": decision.confidence,
                    "elapsed_ms": decision.elapsed_ms,
                    "recorded": _now(),
                }
            )

    @_op
    def set_confidence(self, attempt: str, seq: int, confidence: int) -> None:
        from simulator.engine import CONFIDENCE_LEVELS

        if confidence not in CONFIDENCE_LEVELS:
            raise StorageError(f"confidence must be one of {', '.join(map(str, CONFIDENCE_LEVELS))}")
        with self._write() as db:
            cur = db.execute("UPDATE decisions SET confidence = ? WHERE attempt = ? AND seq = ?", [confidence, attempt, seq])
            if cur.rowcount == 0:
                raise StorageError(f"attempt {attempt} has no decision {seq}")

    @_op
    def finish_attempt(self, attempt: str, card: ScoreCard) -> None:
        """Store the score card; fill each decision's regret/stakes (and any decision not yet recorded)."""
        with self._write() as db:
            row = self._attempt(attempt)
            if row["status"] == "completed":
                return  # already finished (e.g. a retried call): nothing to change
            if row["status"] != "in-progress":
                raise StorageError(f"attempt {attempt} was {row['status']}; it cannot be finished")
            if card.scenario_hash != row["scenario_hash"]:
                raise StorageError(f"the score card is for another version of '{card.scenario_id}' than attempt {attempt}")
            if card.status not in ("completed", "stuck"):
                raise StorageError("the run has not reached an ending; keep it in progress or abandon it")
            for ds in card.decisions:
                existing = self._one("SELECT option FROM decisions WHERE attempt = ? AND seq = ?", [attempt, ds.seq])
                if existing is None:
                    db["decisions"].insert(
                        {
                            "attempt": attempt,
                            "seq": ds.seq,
                            "node": ds.node,
                            "kind": ds.kind,
                            "option": ds.option,
                            "offered": json.dumps([a.id for a in ds.alternatives]),
                            "state_before": json.dumps({"vars": ds.state}),
                            "evidence": json.dumps({"points": ds.evidence, "note": ds.note}),
                            "elapsed_ms": ds.elapsed_ms,
                            "recorded": _now(),
                        }
                    )
                elif existing["option"] != ds.option:
                    raise StorageError(f"decision {ds.seq} of attempt {attempt} does not match the score card")
                db.execute(
                    "UPDATE decisions SET regret = ?, stakes = ?, best_move = ?, confidence = COALESCE(?, confidence) "
                    "WHERE attempt = ? AND seq = ?",
                    [ds.regret, ds.stakes, int(ds.best_move), ds.confidence, attempt, ds.seq],
                )
            s = card.scores
            db["attempts"].update(
                attempt,
                {
                    "finished": _now(),
                    "status": "completed",
                    "ending": card.ending,
                    "outcome": card.outcome,
                    "judgment": s.get("judgment"),
                    **{c: s.get(c) for c in STANDARD_COMPETENCIES},
                    "outcome_score": s.get("outcome"),
                    "calibration": s.get("calibration"),
                    "luck": card.luck,
                    "scores": json.dumps(s),
                    "weights": json.dumps(card.weights),
                    "total": card.total,
                    "passed": int(card.passed),
                    "pass_score": card.pass_score,
                    "card": json.dumps(card.to_json()),
                },
            )

    @_op
    def abandon_attempt(self, attempt: str) -> None:
        with self._write() as db:
            row = self._attempt(attempt)
            if row["status"] == "abandoned":
                return
            if row["status"] != "in-progress":
                raise StorageError(f"attempt {attempt} is {row['status']}; only an attempt in progress can be abandoned")
            db["attempts"].update(attempt, {"status": "abandoned", "finished": _now()})

    def _session_json(self, row: dict) -> tuple[dict, int]:
        from simulator.engine import SAVE_FORMAT

        return _session_json(self.db.query, row, SAVE_FORMAT)

    @_op
    def in_progress(self, profile: Profile) -> list[InProgress]:
        from simulator.engine import SAVE_FORMAT

        return _read_in_progress(self.db.query, profile.id, SAVE_FORMAT)

    # -- queries ----------------------------------------------------------------------

    @staticmethod
    def _row(r: dict) -> AttemptRow:
        return AttemptRow(
            uuid=r["uuid"],
            profile_id=r["profile_id"],
            scenario_id=r["scenario_id"],
            scenario_version=r["scenario_version"],
            scenario_hash=r["scenario_hash"],
            title=r["title"] or r["scenario_id"],
            seed=r["seed"],
            started=r["started"],
            finished=r["finished"],
            status=r["status"],
            ending=r["ending"],
            outcome=r["outcome"],
            scores=_loads(r["scores"], {}),
            total=r["total"],
            passed=None if r["passed"] is None else bool(r["passed"]),
        )

    @_op
    def history(self, profile: Profile | None = None, limit: int | None = None) -> list[AttemptRow]:
        """Attempts of any status, newest first."""
        sql = "SELECT a.*, s.title FROM attempts a LEFT JOIN scenarios s ON s.hash = a.scenario_hash"
        params: list = []
        if profile is not None:
            sql += " WHERE a.profile_id = ?"
            params.append(profile.id)
        sql += " ORDER BY a.started DESC, a.rowid DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [self._row(r) for r in self.db.query(sql, params)]

    def _completed(self, profile: Profile) -> list[dict]:
        return list(self.db.query(_COMPLETED_SQL, [profile.id]))

    @_op
    def scenario_progress(self, profile: Profile) -> dict[str, ScenarioProgress]:
        """Per scenario id with at least one completed attempt: first, best and latest total."""
        return _read_scenario_progress(self.db.query, profile.id)

    @_op
    def competency_trend(self, profile: Profile) -> dict[str, list[tuple[str, float]]]:
        """component -> [(finished ISO time, score)] over completed attempts, oldest first."""
        out: dict[str, list[tuple[str, float]]] = {}
        for r in self._completed(profile):
            for comp, value in _loads(r["scores"], {}).items():
                if value is not None:
                    out.setdefault(comp, []).append((r["finished"], value))
        return out

    @_op
    def competency_means(self, profile: Profile) -> dict[str, float]:
        """Mean score per competency (not judgment/outcome/calibration) over completed attempts; n/a ignored."""
        return _competency_means(self._completed(profile))

    def weakest_competency(self, profile: Profile) -> str | None:
        return _weakest(self.competency_means(profile))

    def suggest_next(self, profile: Profile, scenarios: list[Scenario]) -> Scenario | None:
        """The scenario that exercises the weakest competency and that the rep has not mastered.

        Not mastered = no passed completed attempt at that scenario id. Among those, the ones
        whose decisions can earn points in the weakest competency come first; then the easier
        difficulty, the fewer attempts so far, and the id.
        """
        progress = self.scenario_progress(profile)
        weakest = self.weakest_competency(profile)
        open_ = [s for s in scenarios if not (s.id in progress and progress[s.id].passed)]
        if not open_:
            return None

        def rank(s: Scenario):
            exercises = weakest is not None and weakest in exercised_competencies(s)
            tried = progress[s.id].attempts if s.id in progress else 0
            diff = DIFFICULTY_ORDER.get(str(getattr(s.model, "difficulty", "") or ""), 1)
            return (not exercises, diff, tried, s.id, -s.version)

        return min(open_, key=rank)

    @_op
    def completed_attempts(self, profile: Profile) -> list[dict]:
        """For leaderboard export: each completed attempt with its decisions (option ids, confidences) and score card JSON."""
        out = []
        for r in self.db.query(
            "SELECT a.*, s.title, p.name AS profile_name, p.team AS profile_team FROM attempts a "
            "JOIN profiles p ON p.id = a.profile_id LEFT JOIN scenarios s ON s.hash = a.scenario_hash "
            "WHERE a.profile_id = ? AND a.status = 'completed' ORDER BY a.started, a.rowid",
            [profile.id],
        ):
            decs = list(
                self.db.query(
                    "SELECT seq, node, option, confidence, elapsed_ms, regret, stakes FROM decisions WHERE attempt = ? ORDER BY seq",
                    [r["uuid"]],
                )
            )
            out.append(
                {
                    "uuid": r["uuid"],
                    "profile": {"name": r["profile_name"], "team": r["profile_team"] or ""},
                    "scenario": {"id": r["scenario_id"], "version": r["scenario_version"], "hash": r["scenario_hash"], "title": r["title"]},
                    "scenario_id": r["scenario_id"],
                    "scenario_version": r["scenario_version"],
                    "scenario_hash": r["scenario_hash"],
                    "seed": r["seed"],
                    "started": r["started"],
                    "finished": r["finished"],
                    "ending": r["ending"],
                    "outcome": r["outcome"],
                    "scores": _loads(r["scores"], {}),
                    "total": r["total"],
                    "passed": bool(r["passed"]),
                    "app_version": r["app_version"],
                    "decisions": decs,
                    "card": _loads(r["card"]),
                }
            )
        return out

    @_op
    def decisions(self, attempt: str) -> list[dict]:
        """The recorded decisions of one attempt, in order (JSON columns decoded)."""
        rows = []
        for d in self.db.query("SELECT * FROM decisions WHERE attempt = ? ORDER BY seq", [attempt]):
            for k in ("offered", "state_before", "evidence"):
                d[k] = _loads(d[k])
            d["best_move"] = None if d["best_move"] is None else bool(d["best_move"])
            rows.append(d)
        return rows


def exercised_competencies(scenario: Scenario) -> set[str]:
    """Competencies some reachable decision can earn points in (options differ in them).

    Uses the search (``analyse``); when the scenario is too large to explore, scans its
    evidence rules instead.
    """
    cached = scenario._cache.get("storage.exercised") if isinstance(getattr(scenario, "_cache", None), dict) else None
    if cached is not None:
        return cached
    found: set[str] = set()
    try:
        from simulator.search import analyse

        for info in analyse(scenario).decisions.values():
            for c in scenario.competencies:
                vals = [e.get(c, 0.0) for e in info.evidence]
                if vals and max(vals) != min(vals):
                    found.add(c)
    except Exception:  # too large to explore (or not analysable): fall back to the rules themselves
        for node in scenario.nodes.values():
            for option in node.options:
                for rule in option.evidence:
                    found.update(c for c, p in rule.points.items() if p)
    if isinstance(getattr(scenario, "_cache", None), dict):
        scenario._cache["storage.exercised"] = found
    return found


# --- whole runs and the command line -------------------------------------------------


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


__all__ = [
    "Store",
    "Profile",
    "InProgress",
    "AttemptRow",
    "ScenarioProgress",
    "open_store",
    "StorageError",
    "DatabaseProblem",
    "SCHEMA_VERSION",
    "MIGRATIONS",
    "restore_backup",
    "start_fresh",
    "backups",
    "latest_backup",
    "record_session",
    "history_rows",
    "format_history",
    "exercised_competencies",
]
