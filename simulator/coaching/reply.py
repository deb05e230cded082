"""The coach writes a reply for one rep; the rep imports replies.

A reply carries comments (on one decision of an attempt, or an overall note on it), assignments and
a focus competency, each with a uuid. Importing keeps every item keyed on (uuid, digest of its
content) with insert-or-ignore, so importing a reply twice, or several replies in any order, leaves
the same rows; nothing the rep already has is changed or removed.
"""

from __future__ import annotations

import hashlib
import json
import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Optional

from simulator import __version__
from simulator.coaching.file_format import REPLY_FORMAT, VERSION, ReplyModel, check_written
from simulator.coaching.reading import REPLY, read_path
from simulator.leaderboard.entries import rep_key
from simulator.leaderboard.export_format import _iso, _now
from simulator.leaderboard.exporting import write_document


def new_uuid() -> str:
    return str(uuidlib.uuid4())


@dataclass
class ReplyDraft:
    """What a coach has written for one rep so far (the coach window edits one of these per rep)."""

    coach: str
    rep: str
    team: str = ""
    comments: dict[tuple[str, Optional[int]], dict] = field(default_factory=dict)  # (attempt, decision) -> comment
    assignments: list[dict] = field(default_factory=list)
    focus: Optional[dict] = None

    def comment(self, attempt: str, decision: Optional[int], text: str) -> None:
        """Set (or, with blank text, remove) the comment on a decision (None: the overall note)."""
        key = (attempt, decision)
        text = (text or "").strip()
        if not text:
            self.comments.pop(key, None)
            return
        old = self.comments.get(key)
        if old is not None and old["text"] == text:
            return
        self.comments[key] = {"uuid": old["uuid"] if old else new_uuid(), "attempt": attempt, "decision": decision,
                              "text": text, "written": _iso(_now())}

    def comment_text(self, attempt: str, decision: Optional[int]) -> str:
        c = self.comments.get((attempt, decision))
        return c["text"] if c else ""

    def assign(self, scenario_id: str, title: str, due: Optional[date | str] = None, note: str = "",
               focus: Optional[str] = None) -> dict:
        item = {"uuid": new_uuid(), "scenario": {"id": scenario_id, "title": title},
                "due": due.isoformat() if isinstance(due, date) else (due or None), "note": note or "",
                "focus": focus or None, "given": _iso(_now())}
        self.assignments.append(item)
        return item

    def set_focus(self, competency: Optional[str]) -> None:
        if not competency:
            self.focus = None
        elif self.focus is None or self.focus["competency"] != competency:
            self.focus = {"uuid": new_uuid(), "competency": competency, "set": _iso(_now())}

    @property
    def empty(self) -> bool:
        return not (self.comments or self.assignments or self.focus)

    def document(self) -> dict:
        return build_reply(self.coach, self.rep, self.team, comments=list(self.comments.values()),
                           assignments=self.assignments, focus=self.focus)


def build_reply(coach: str, rep: str, team: str = "", *, comments: Iterable[dict] = (), assignments: Iterable[dict] = (),
                focus: Optional[dict] = None) -> dict:
    """A reply document (validated before it is returned)."""
    doc = {"format": REPLY_FORMAT, "version": VERSION, "app_version": __version__, "written": _iso(_now()),
           "coach": {"name": coach}, "rep": {"name": rep, "team": team or ""}, "focus": focus,
           "comments": sorted(comments, key=lambda c: (c["attempt"], -1 if c["decision"] is None else c["decision"])),
           "assignments": list(assignments)}
    check_written(ReplyModel, doc, "the reply")
    return doc


def write_reply(path: str | Path, doc: dict, *, protected: Iterable[str | Path] = ()) -> Path:
    return write_document(path, doc, protected=protected)


# -- importing (the rep's side) -------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    imported: tuple[str, ...]  # files whose items were stored
    comments: int  # new to the database
    assignments: int
    focus: int
    problems: tuple[str, ...]  # one line per rejected file
    notes: tuple[str, ...] = ()  # accepted, but worth saying (comments on attempts not in this database)

    def summary(self) -> str:
        n = len(self.imported)
        parts = [f"{self.comments} new comment(s)" if self.comments else "",
                 f"{self.assignments} new assignment(s)" if self.assignments else "", "a new focus" if self.focus else ""]
        news = ", ".join(p for p in parts if p) or "nothing new (already imported)"
        return f"imported {n} repl{'y' if n == 1 else 'ies'}: {news}"


def _digest(coach: str, item) -> str:
    data = json.dumps({"coach": coach, "item": item.model_dump(mode="json")}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


def _pick(store, model: ReplyModel, profile, display: str):
    """The profile a reply is for: ``profile`` when its name matches, else the profile of that name."""
    if profile is not None:
        if rep_key("", profile.name)[1] != rep_key("", model.rep.name)[1]:
            return None, f"{display}: rejected: this reply is for {model.rep.name!r}, not {profile.name!r}"
        return profile, None
    found = store.profile_by_name(model.rep.name)
    if found is None:
        return None, f"{display}: rejected: this reply is for {model.rep.name!r}; there is no profile of that name here"
    return found, None


def import_replies(store, paths: Iterable[str | Path], profile=None) -> ImportResult:
    """Validate each reply completely, then store what it adds in one transaction per file. A rejected
    file writes nothing; the other files still import. Importing a file twice adds nothing."""
    imported, problems, notes = [], [], []
    counts = {"coach_comments": 0, "coach_assignments": 0, "coach_focus": 0}
    for p in paths:
        read, probs = read_path(p, (REPLY,))
        if read is None:
            problems.extend(probs)
            continue
        model: ReplyModel = read.model
        target, problem = _pick(store, model, profile, read.path)
        if problem:
            problems.append(problem)
            continue
        coach = model.coach.name
        rows = {"coach_comments": [], "coach_assignments": [], "coach_focus": []}
        for c in model.comments:
            rows["coach_comments"].append({"profile_id": target.id, "uuid": c.uuid, "digest": _digest(coach, c), "coach": coach,
                                           "attempt": c.attempt, "decision": c.decision, "text": c.text,
                                           "written": _iso(c.written)})
        for a in model.assignments:
            rows["coach_assignments"].append({"profile_id": target.id, "uuid": a.uuid, "digest": _digest(coach, a),
                                              "coach": coach, "scenario_id": a.scenario.id, "title": a.scenario.title,
                                              "due": a.due.isoformat() if a.due else None, "note": a.note,
                                              "focus": a.focus, "given": _iso(a.given)})
        if model.focus is not None:
            f = model.focus
            rows["coach_focus"].append({"profile_id": target.id, "uuid": f.uuid, "digest": _digest(coach, f), "coach": coach,
                                        "competency": f.competency, "set_at": _iso(f.set)})
        digest = hashlib.sha256(read.raw).hexdigest()
        with store.transaction():
            db = store.db
            for table, items in rows.items():
                if not items:
                    continue
                before = db.execute(f"SELECT count(*) FROM {table} WHERE profile_id = ?", [target.id]).fetchone()[0]
                db[table].insert_all(items, ignore=True, batch_size=500)
                counts[table] += db.execute(f"SELECT count(*) FROM {table} WHERE profile_id = ?", [target.id]).fetchone()[0] - before
            db["coach_replies"].insert({"profile_id": target.id, "digest": digest, "coach": coach, "file": Path(read.path).name,
                                        "written": _iso(model.written), "imported": _iso(_now())}, ignore=True)
            known = {r["uuid"] for r in db.query("SELECT uuid FROM attempts WHERE profile_id = ?", [target.id])}
        missing = {c.attempt for c in model.comments} - known
        if missing:
            notes.append(f"{read.path}: {len(missing)} commented attempt(s) are not in this database; the comments are kept")
        imported.append(read.path)
    return ImportResult(tuple(imported), counts["coach_comments"], counts["coach_assignments"], counts["coach_focus"],
                        tuple(problems), tuple(notes))
