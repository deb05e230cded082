"""Getting a working database back: move the damaged file aside (never delete it), then restore a backup or start fresh."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.storage.backups import _fsync, _stamp, latest_backup
from simulator.storage.problems import DatabaseProblem

if TYPE_CHECKING:
    from simulator.storage.store import Store


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
    from simulator.storage.store import Store

    store = Store.open(path, backups=backups)
    store.moved_aside = moved
    store.restored_from = source
    return store


def start_fresh(path: str | Path, *, backups: int = 5) -> "Store":
    """Move the damaged database aside (kept, not deleted) and open a new empty one."""
    path = Path(path)
    moved = _move_aside(path)
    from simulator.storage.store import Store

    store = Store.open(path, backups=backups)
    store.moved_aside = moved
    return store
