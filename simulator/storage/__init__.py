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

The package, by concept: ``store`` (opening, transactions), ``writes`` and ``queries`` (what a Store
writes and reads), ``reading`` (plain-sqlite3 progress queries; the app's first screen), ``records``
(the dataclasses), ``migrations``, ``backups``, ``recovery`` (restore a backup / start fresh),
``problems`` (``DatabaseProblem``) and ``runs`` (recording a played session; the history table).
Import from ``simulator.storage``; the submodules are an implementation detail.
"""

from __future__ import annotations

from simulator.errors import StorageError, UsageError  # noqa: F401 - re-exported
from simulator.storage.backups import backup_dir, backups, latest_backup
from simulator.storage.migrations import MIGRATION_SET, MIGRATIONS, SCHEMA_VERSION, m001_initial
from simulator.storage.problems import DatabaseProblem
from simulator.storage.reading import QuickProgress, quick_profiles_and_progress
from simulator.storage.records import (
    DIFFICULTY_ORDER,
    NON_COMPETENCY_COMPONENTS,
    STANDARD_COMPETENCIES,
    STATUSES,
    AttemptRow,
    InProgress,
    Profile,
    ScenarioProgress,
)
from simulator.storage.queries import exercised_competencies
from simulator.storage.recovery import restore_backup, start_fresh
from simulator.storage.runs import format_history, history_rows, open_existing, open_store, record_session
from simulator.storage.store import BACKUP_EVERY, BUSY_TIMEOUT, Store

# sqlite_utils and the engine (which builds the scenario models) are imported when first needed, so that
# importing this package is cheap and ``quick_profiles_and_progress`` can serve the app's first screen
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


__all__ = [
    "Store",
    "Profile",
    "InProgress",
    "AttemptRow",
    "ScenarioProgress",
    "open_store",
    "open_existing",
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
