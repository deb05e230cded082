"""Writing an output file safely: never over the progress database, an input or a scenario file;
through a temporary file in the same folder and an atomic replace, so a failure (or Ctrl-C) leaves
the old file as it was and no stray ``.part`` file behind.

Every command that takes ``--out`` (export, leaderboard, map) and the app's "export my results"
write through ``write_output``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO, Callable, Iterable

from simulator.errors import UsageError

SQLITE_MAGIC = b"SQLite format 3\x00"
SCENARIO_SUFFIXES = (".yaml", ".yml")


class OutputPathError(UsageError):
    """The output path cannot be written: it is protected, a folder, or its folder does not exist."""


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.absolute() == b.absolute()


def _is_database(p: Path) -> bool:
    try:
        with open(p, "rb") as fh:
            return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def check_output(path: str | os.PathLike, *, protected: Iterable[str | os.PathLike] = (), option: str = "--out") -> Path:
    """The output path, made absolute, after refusing what must not be written over. Raises
    ``OutputPathError`` with one line naming the real path and what to do."""
    out = Path(path).expanduser()
    real = out.absolute()
    folder = real.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise OutputPathError(f"{option} {out}: the folder {folder} {what}; create it or choose another place")
    if real.is_dir():
        raise OutputPathError(f"{option} {out}: {real} is a folder; give a file name")
    for p in protected:
        p = Path(p).expanduser()
        for side in (p, p.with_name(p.name + "-wal"), p.with_name(p.name + "-shm"), p.with_name(p.name + "-journal")):
            if real == side.absolute() or (real.exists() and side.exists() and _same(real, side)):
                raise OutputPathError(f"{option} {out}: {real} is one of this command's inputs (or its database); "
                                      "it was not changed — choose another name")
    if real.exists():
        if not real.is_file():  # a named pipe or a device: reading or replacing it is never what was meant
            raise OutputPathError(f"{option} {out}: {real} is not a regular file; choose another name")
        if _is_database(real):
            raise OutputPathError(f"{option} {out}: {real} is a database; it was not changed — choose another name")
        if real.suffix.lower() in SCENARIO_SUFFIXES:
            raise OutputPathError(f"{option} {out}: {real} is a scenario file; it was not changed — choose another name")
    return real


def write_output(path: str | os.PathLike, write: Callable[[IO], None], *, protected: Iterable[str | os.PathLike] = (),
                 encoding: str | None = "utf-8", newline: str | None = None, option: str = "--out") -> Path:
    """Check ``path`` (see ``check_output``), call ``write(fh)`` on a temporary file beside it, flush it to
    disk and atomically replace ``path``. ``encoding=None`` opens the file in binary mode. Returns the path."""
    real = check_output(path, protected=protected, option=option)
    try:
        fd, tmp_name = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name[:80]}.", suffix=".part")
    except OSError as exc:
        raise OutputPathError(f"{option} {path}: cannot write in {real.parent} ({exc.strerror or exc})") from None
    tmp = Path(tmp_name)
    try:
        mode = "wb" if encoding is None else "w"
        with os.fdopen(fd, mode, **({} if encoding is None else {"encoding": encoding, "newline": newline})) as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        try:  # mkstemp makes the file private; give it the mode a plain write would have (or the old file's)
            os.chmod(tmp, real.stat().st_mode & 0o7777 if real.exists() else 0o644)
        except OSError:
            pass
        os.replace(tmp, real)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise
    return real


def write_text(path: str | os.PathLike, text: str, *, protected: Iterable[str | os.PathLike] = (), option: str = "--out") -> Path:
    """``write_output`` for a whole text (UTF-8)."""
    return write_output(path, lambda fh: fh.write(text), protected=protected, option=option)
