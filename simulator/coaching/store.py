"""What the coaching loop keeps in the progress database (tables of migration ``m003_coaching``).

Functions take an open ``Store`` and use its lock and transactions, so they are safe on the app's
writer thread. The rep's own rows (attempts, decisions, profiles) are only ever read here; the only
things written are reflections (the rep's own words), the record of a share, and what a coach's
reply adds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Optional

from simulator.coaching.file_format import MAX_TEXT, CoachingError, text_problem
from simulator.storage.problems import _op
from simulator.storage.records import Profile


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Reflection:
    attempt: str
    differently: str
    buyer_needed: str
    updated: str

    @property
    def empty(self) -> bool:
        return not (self.differently.strip() or self.buyer_needed.strip())


@dataclass(frozen=True)
class Comment:
    uuid: str
    coach: str
    attempt: str
    decision: Optional[int]  # position in the attempt's decisions from 0; None: the overall note
    text: str
    written: str


@dataclass(frozen=True)
class Assignment:
    uuid: str
    coach: str
    scenario_id: str
    title: str
    due: Optional[str]  # YYYY-MM-DD
    note: str
    focus: Optional[str]
    given: str
    done: Optional[str] = None  # when an attempt at the scenario was completed after it was given


@dataclass(frozen=True)
class Focus:
    uuid: str
    coach: str
    competency: str
    set_at: str


# ``_op`` serialises each call on the Store's lock and turns sqlite errors into one-line StorageErrors.
_locked = _op


# -- reflections ----------------------------------------------------------------------------------


@_locked
def save_reflection(store, attempt: str, differently: str, buyer_needed: str) -> Reflection:
    """Save (or replace) the rep's reflection on one of their attempts. Both answers may be empty."""
    clean = []
    for text in (differently or "", buyer_needed or ""):
        text = text.replace("\r\n", "\n")
        problem = text_problem(text, MAX_TEXT)
        if problem:
            raise CoachingError(f"the reflection cannot be saved: {problem}")
        clean.append(text.strip())
    with store._write() as db:
        if not store._one("SELECT 1 FROM attempts WHERE uuid = ?", [attempt]):
            raise CoachingError(f"no attempt {attempt} in {store.path}")
        row = {"attempt": attempt, "differently": clean[0], "buyer_needed": clean[1], "updated": _now()}
        db["reflections"].upsert(row, pk="attempt")
    return Reflection(**row)


@_locked
def reflection(store, attempt: str) -> Optional[Reflection]:
    r = store._one("SELECT * FROM reflections WHERE attempt = ?", [attempt])
    return Reflection(**r) if r else None


@_locked
def reflections(store, profile: Profile) -> dict[str, Reflection]:
    """attempt uuid -> reflection, for one profile's attempts."""
    rows = store.db.query("SELECT r.* FROM reflections r JOIN attempts a ON a.uuid = r.attempt WHERE a.profile_id = ?",
                          [profile.id])
    return {r["attempt"]: Reflection(**r) for r in rows}


# -- shares ---------------------------------------------------------------------------------------


@_locked
def record_share(store, profile: Profile, file: str, attempts: list[str]) -> None:
    with store._write() as db:
        db["coach_shares"].insert({"profile_id": profile.id, "written": _now(), "file": file,
                                   "attempts": json.dumps(sorted(attempts))})


@_locked
def last_share(store, profile: Profile) -> Optional[str]:
    """When this profile last wrote a coaching file (ISO time), or None."""
    r = store._one("SELECT max(written) AS w FROM coach_shares WHERE profile_id = ?", [profile.id])
    return r["w"] if r else None


@_locked
def shared_attempts(store, profile: Profile) -> set[str]:
    out: set[str] = set()
    for r in store.db.query("SELECT attempts FROM coach_shares WHERE profile_id = ?", [profile.id]):
        out.update(json.loads(r["attempts"]))
    return out


# -- what replies added ---------------------------------------------------------------------------


def _variants_first(rows: list[dict], when: str = "written") -> list[dict]:
    """One row per uuid: a coach who edits a comment and sends another reply keeps its uuid, so the
    variant written last wins (then the larger digest) — the same whatever the import order."""
    best: dict[str, dict] = {}
    for r in rows:
        cur = best.get(r["uuid"])
        if cur is None or (r[when] or "", r["digest"]) > (cur[when] or "", cur["digest"]):
            best[r["uuid"]] = r
    return list(best.values())


@_locked
def comments(store, profile: Profile, attempt: Optional[str] = None) -> list[Comment]:
    """The coaches' comments for this profile (of one attempt), oldest first."""
    sql = "SELECT * FROM coach_comments WHERE profile_id = ?"
    params: list = [profile.id]
    if attempt is not None:
        sql += " AND attempt = ?"
        params.append(attempt)
    rows = _variants_first(list(store.db.query(sql, params)))
    rows.sort(key=lambda r: (r["written"], r["uuid"]))
    return [Comment(r["uuid"], r["coach"], r["attempt"], r["decision"], r["text"], r["written"]) for r in rows]


@_locked
def assignments(store, profile: Profile) -> list[Assignment]:
    """The assignments for this profile, open ones first by due date; each knows whether it is done:
    an attempt at its scenario was completed after it was given."""
    rows = _variants_first(list(store.db.query("SELECT * FROM coach_assignments WHERE profile_id = ?", [profile.id])), "given")
    out = []
    for r in rows:
        done = store._one(
            "SELECT min(finished) AS f FROM attempts WHERE profile_id = ? AND scenario_id = ? AND status = 'completed' "
            "AND substr(finished, 1, 19) >= substr(?, 1, 19)", [profile.id, r["scenario_id"], r["given"]])
        out.append(Assignment(r["uuid"], r["coach"], r["scenario_id"], r["title"], r["due"], r["note"] or "", r["focus"],
                              r["given"], done["f"] if done else None))
    out.sort(key=lambda a: (a.done is not None, a.due or "9999", a.given, a.uuid))
    return out


@_locked
def focus(store, profile: Profile) -> Optional[Focus]:
    """The focus competency: the one set latest (ties: the larger uuid), whatever order replies came in."""
    rows = _variants_first(list(store.db.query("SELECT * FROM coach_focus WHERE profile_id = ?", [profile.id])), "set_at")
    if not rows:
        return None
    r = max(rows, key=lambda r: (r["set_at"], r["uuid"]))
    return Focus(r["uuid"], r["coach"], r["competency"], r["set_at"])


def due_words(due: Optional[str], today: Optional[date] = None) -> str:
    """"due Friday" within the coming week, "due today", "overdue since 3 May", else "due 12 June"."""
    if not due:
        return ""
    today = today or date.today()
    try:
        d = date.fromisoformat(due)
    except ValueError:
        return ""
    days = (d - today).days
    if days < 0:
        return f"overdue since {d.day} {d.strftime('%B')}"
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    if days < 7:
        return f"due {d.strftime('%A')}"
    return f"due {d.day} {d.strftime('%B')}" + (f" {d.year}" if d.year != today.year else "")


def assignment_line(a: Assignment, today: Optional[date] = None) -> str:
    """"From Dana, due Friday: The Renewal Nobody Is Defending — focus: tailoring"."""
    head = f"From {a.coach}"
    due = due_words(a.due, today)
    if due:
        head += f", {due}"
    line = f"{head}: {a.title}"
    if a.focus:
        line += f" — focus: {a.focus}"
    return line
