"""Reading export files: each is validated completely; a rejected file gives one line naming it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from pydantic import ValidationError

from simulator.leaderboard import export_format as fmt
from simulator.leaderboard.entries import Entry, _entries_of
from simulator.leaderboard.export_format import MAX_ATTEMPTS, VERSION, ExportModel
from simulator.leaderboard.ranking import _without_cyclic_gc


def error_location(loc: tuple) -> str:
    """A pydantic error location as a path into the JSON: ``attempts[3].score.total``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def json_problem(errors: list) -> str | None:
    """The one line for a file that is not JSON at all (None when it is)."""
    for e in errors:
        if e["type"] in ("json_invalid", "json_type"):
            return f"not a JSON file ({e['msg'].removeprefix('Invalid JSON: ')})"
    return None


def version_problem(got, what: str, version: int) -> str:
    """The one line for a ``version`` this program does not read (``what``: "export", "coaching file")."""
    if isinstance(got, int) and not isinstance(got, bool) and got > version:
        return f"{what} version {got} is newer than this program reads (version {version}); update the app"
    return f"{what} version {json.dumps(got)[:20]} is not supported; this program reads version {version}"


def strip_bom(raw: bytes) -> bytes:
    """Without a UTF-8 byte order mark (Windows editors add one): it is not part of the JSON."""
    return raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw


def _reason(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False)
    problem = json_problem(errors)
    if problem:
        return problem
    for e in errors:
        if e["loc"] == () and e["type"] in ("model_type", "model_attributes_type", "dict_type"):
            return "not a sales-simulator export (the file is not a JSON object)"
    for e in errors:
        if e["loc"] == ("format",):
            got = e.get("input")
            if e["type"] == "missing":
                return "not a sales-simulator export (no \"format\" field)"
            return f"not a sales-simulator export (format {json.dumps(got)[:60]})"
    for e in errors:
        if e["loc"] == ("version",):
            return version_problem(e.get("input"), "export", VERSION)
    e = errors[0]
    msg = e["msg"].removeprefix("Value error, ")
    where = error_location(tuple(e["loc"]))
    if e["type"] == "too_long" and e["loc"] == ("attempts",):
        return f"more than {MAX_ATTEMPTS:,} attempts; split the export"
    return f"{where}: {msg}" if where else msg


def _display(path: str | Path) -> str:
    return str(path)


def read_export_bytes(raw: bytes, display: str) -> tuple[list[Entry], list[str]]:
    """Validate one export's bytes completely. Returns (entries, []) or ([], [one-line reason])."""
    if len(raw) > fmt.MAX_FILE_BYTES:
        return [], [f"{display}: rejected: the file is over {fmt.MAX_FILE_BYTES // (1024 * 1024)} MB; an export may be at most that"]
    raw = strip_bom(raw)
    try:
        model = ExportModel.model_validate_json(raw)
    except ValidationError as exc:
        return [], [f"{display}: rejected: {_reason(exc)}".replace("\n", " ")]
    return _entries_of(model, display), []


def read_export(path: str | Path, display: str | None = None) -> tuple[list[Entry], list[str]]:
    """Read and validate one export file. Returns (entries, problems): a rejected file gives no entries
    and one line ``FILE: rejected: reason``. Never raises for bad input."""
    path = Path(path)
    display = display or _display(path)
    raw, problem = read_regular_file(path)
    if problem:
        return [], [f"{display}: rejected: {problem}"]
    return read_export_bytes(raw, display)


def read_regular_file(path: Path, cap: int | None = None, kind: str = "an export") -> tuple[bytes, str | None]:
    """(the bytes, None), or (b"", why not): only a regular file of at most ``cap`` bytes (an export's
    MAX_FILE_BYTES by default) is read, so a named pipe or a device never blocks the program (``kind`` names
    the file in the message)."""
    import stat

    cap = fmt.MAX_FILE_BYTES if cap is None else cap

    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            what = "a folder" if stat.S_ISDIR(st.st_mode) else "a named pipe" if stat.S_ISFIFO(st.st_mode) else "a device or socket"
            return b"", f"it is {what}, not a regular file"
        if st.st_size > cap:
            return b"", f"the file is {st.st_size / 1048576:.1f} MB; {kind} may be at most {cap // 1048576} MB"
        with open(path, "rb") as fh:
            return fh.read(cap + 1), None
    except OSError as exc:
        return b"", f"cannot read the file ({exc.strerror or exc})"


@_without_cyclic_gc
def read_exports(paths: Iterable[str | Path]) -> tuple[list[list[Entry]], list[str]]:
    """Read many files; each is validated on its own, so valid files still merge when others are rejected."""
    exports, problems = [], []
    for p in paths:
        entries, probs = read_export(p)
        problems.extend(probs)
        if not probs:
            exports.append(entries)
    return exports, problems
