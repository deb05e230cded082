"""Reading coaching files: each is validated completely; a rejected file gives one line naming it.

The same safety as the leaderboard import: a size cap read before the file is, strict JSON (no NaN),
the models' limits, and one line ``FILE: rejected: reason`` per file that is refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from pydantic import ValidationError

from simulator.coaching.file_format import (
    ADAPTER,
    MAX_ASSIGNMENTS,
    MAX_ATTEMPTS,
    MAX_COMMENTS,
    MAX_REPLY_BYTES,
    MAX_SHARE_BYTES,
    REPLY_FORMAT,
    SHARE_FORMAT,
    VERSION,
    ReplyModel,
    ShareModel,
)
from simulator.leaderboard.export_format import FORMAT as EXPORT_FORMAT
from simulator.leaderboard.reading import (
    error_location,
    json_problem,
    read_export_bytes,
    read_regular_file,
    strip_bom,
    version_problem,
)

SHARE, REPLY, EXPORT = "share", "reply", "export"
_KIND = {SHARE_FORMAT: SHARE, REPLY_FORMAT: REPLY, EXPORT_FORMAT: EXPORT}
_WORDS = {SHARE: "a rep's coaching file", REPLY: "a coach's reply", EXPORT: "a leaderboard export"}


@dataclass(frozen=True)
class ReadFile:
    """One accepted file: its kind, the validated model (ShareModel / ReplyModel) or, for a leaderboard
    export, its entries; ``raw`` are the bytes read (for digests)."""

    path: str
    kind: str
    model: Any
    raw: bytes


def _reason(exc: ValidationError, accept: tuple[str, ...]) -> str:
    wanted = " or ".join(_WORDS[k] for k in accept)
    errors = exc.errors(include_url=False)
    problem = json_problem(errors)
    if problem:
        return problem
    e = errors[0]
    if e["loc"] == () or e["type"] in ("union_tag_not_found", "union_tag_invalid"):
        if e["type"] == "union_tag_not_found":
            return f"not {wanted} (no \"format\" field)"
        if e["type"] == "union_tag_invalid":
            got = (e.get("ctx") or {}).get("tag", "")
            return f"not {wanted} (format {json.dumps(got)[:60]})"
        return f"not {wanted} (the file is not a JSON object)"
    loc = tuple(e["loc"][1:])  # the first part is the format tag
    for e2 in errors:
        if tuple(e2["loc"][1:]) == ("version",):
            return version_problem(e2.get("input"), "coaching file", VERSION)
    if e["type"] == "too_long" and loc in (("attempts",), ("comments",), ("assignments",)):
        limit = {"attempts": MAX_ATTEMPTS, "comments": MAX_COMMENTS, "assignments": MAX_ASSIGNMENTS}[loc[0]]
        return f"more than {limit:,} {loc[0]}; split the file"
    msg = e["msg"].removeprefix("Value error, ")
    where = error_location(loc)
    return f"{where}: {msg}" if where else msg


def _peek_format(raw: bytes) -> str | None:
    """The ``format`` of a JSON object, read cheaply (None when there is none to read)."""
    head = raw[:4096]
    at = head.find(b'"format"')
    if at < 0:
        return None
    rest = head[at + 8:].lstrip()
    if not rest.startswith(b":"):
        return None
    rest = rest[1:].lstrip()
    if not rest.startswith(b'"'):
        return None
    end = rest.find(b'"', 1)
    return rest[1:end].decode("utf-8", "replace") if end > 0 else None


def _wrong_kind(display: str, kind: str, accept: tuple[str, ...]) -> tuple[None, list[str]]:
    return None, [f"{display}: rejected: this is {_WORDS[kind]}; here {' or '.join(_WORDS[k] for k in accept)} is needed"]


def _read_export(raw: bytes, display: str) -> tuple[ReadFile | None, list[str]]:
    entries, problems = read_export_bytes(raw, display)
    return (ReadFile(display, EXPORT, entries, raw), []) if not problems else (None, problems)


def read_bytes(raw: bytes, display: str, accept: Iterable[str] = (SHARE, REPLY)) -> tuple[ReadFile | None, list[str]]:
    """Validate one file's bytes completely. Returns (ReadFile, []) or (None, [one line])."""
    accept = tuple(accept)
    cap = MAX_SHARE_BYTES if SHARE in accept or EXPORT in accept else MAX_REPLY_BYTES
    if len(raw) > cap:
        return None, [f"{display}: rejected: the file is over {cap // 1048576} MB; a coaching file may be at most that"]
    raw = strip_bom(raw)
    kind = _KIND.get(_peek_format(raw) or "")
    if kind == EXPORT and EXPORT in accept:
        return _read_export(raw, display)
    if kind is not None and kind not in accept:
        return _wrong_kind(display, kind, accept)
    try:
        model = ADAPTER.validate_json(raw)
    except ValidationError as exc:
        tag = next(((e.get("ctx") or {}).get("tag") for e in exc.errors(include_url=False) if e["type"] == "union_tag_invalid"), None)
        if tag == EXPORT_FORMAT and EXPORT in accept:  # an export whose "format" comes late in the file
            return _read_export(raw, display)
        if tag in _KIND and _KIND[tag] not in accept:
            return _wrong_kind(display, _KIND[tag], accept)
        return None, [f"{display}: rejected: {_reason(exc, accept)}".replace("\n", " ")]
    kind = SHARE if isinstance(model, ShareModel) else REPLY
    if kind not in accept:  # (a format key found past the first 4 KB)
        return _wrong_kind(display, kind, accept)
    if kind == REPLY and len(raw) > MAX_REPLY_BYTES:
        return None, [f"{display}: rejected: a reply may be at most {MAX_REPLY_BYTES // 1048576} MB"]
    return ReadFile(display, kind, model, raw), []


def read_path(path: str | Path, accept: Iterable[str] = (SHARE, REPLY)) -> tuple[ReadFile | None, list[str]]:
    """Read and validate one file; never raises for bad input."""
    accept = tuple(accept)
    path = Path(path)
    display = str(path)
    cap = MAX_SHARE_BYTES if SHARE in accept or EXPORT in accept else MAX_REPLY_BYTES
    raw, problem = read_regular_file(path, cap, "a coaching file")
    if problem:
        return None, [f"{display}: rejected: {problem}"]
    return read_bytes(raw, display, accept)


def read_paths(paths: Iterable[str | Path], accept: Iterable[str] = (SHARE, REPLY)) -> tuple[list[ReadFile], list[str]]:
    """Read many files; each on its own, so good files still count when others are rejected."""
    accept = tuple(accept)
    files, problems = [], []
    for p in paths:
        f, probs = read_path(p, accept)
        problems.extend(probs)
        if f is not None:
            files.append(f)
    return files, problems


__all__ = ["ReadFile", "read_bytes", "read_path", "read_paths", "SHARE", "REPLY", "EXPORT", "ReplyModel", "ShareModel"]
