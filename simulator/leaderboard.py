"""Team leaderboard: export, read, merge, verify by replay, rank, and write CSV/HTML/JSON.

Pure core (no Qt). The file format is documented in ``docs/leaderboard-format.md``; its JSON
Schema (``docs/export.schema.json``) is generated from the pydantic models below
(``export_schema()``), so the schema and the validator cannot drift apart.

The flow: ``export``/``write_export`` on the rep's machine; ``read_export`` validates one file
completely before anything is kept (a rejected file gives one line naming it); ``merge`` combines
the entries of any number of files, keyed on attempt uuid, verifies each attempt by replaying it
against the local scenario with the same content hash, and ranks reps as in spec/scoring.md
("Comparing reps"). ``import_files``/``stored_exports`` keep imported files in the progress
database (``board_*`` tables, one transaction per file) for the app.
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Annotated, Any, Callable, Iterable, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from simulator import __version__
from simulator.errors import LeaderboardError

FORMAT = "sales-simulator-export"
VERSION = 1
BOARD_FORMAT = "sales-simulator-board"
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ATTEMPTS = 10_000
MAX_DECISIONS = 1_000  # the engine's MAX_STEPS: no run has more decisions
MAX_NAME = 80
FUTURE_SLACK = timedelta(days=1)  # clocks drift; a day ahead is still plausible
EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)
TOLERANCE = 1e-6  # verification: a replayed score may differ by at most this much
SHRINK = 3  # the "3" of (sum + 3 * team_mean) / (n + 3)
MIN_SCENARIOS = 3  # ranked after this many distinct scenarios

VERIFIED = "verified"
UNVERIFIED = "unverified"
FAILED = "does not verify"
CONFLICT = "conflict"
STATUS_WORDS = {
    VERIFIED: "replayed here; the scores match",
    UNVERIFIED: "scenario version not available here; not checked",
    FAILED: "replay does not match the scores in the file; not ranked",
    CONFLICT: "this attempt id appears with different content in two files; not ranked",
}
STANDARD_COMPETENCIES = ("insight", "discovery", "tailoring", "control")
COMPUTED = ("judgment", "outcome", "calibration")

# --- the file format (pydantic models; the JSON Schema is generated from these) ------------------

_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_FORMULA_START = ("=", "+", "-", "@")
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
OptionId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.-]*$", max_length=130)]
ComponentName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=64)]
Score = Annotated[float, Field(ge=0, le=100)]
Confidence = Literal[50, 60, 70, 80, 90, 100]
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def name_problem(text: str, what: str = "name") -> str | None:
    """Why ``text`` cannot be a display name or team (None when it can)."""
    if len(text) > MAX_NAME:
        return f"the {what} is longer than {MAX_NAME} characters"
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Zl", "Zp") or ch in _BIDI:
            return f"the {what} contains a control character (U+{ord(ch):04X})"
    if "<" in text or ">" in text:
        return f"the {what} contains markup ('<' or '>')"
    if text.lstrip().startswith(_FORMULA_START):
        return f"the {what} starts with '{text.lstrip()[0]}' (a spreadsheet formula)"
    return None


_LATEST: list = [None, 0.0]


def _latest() -> datetime:
    """Now plus the slack, re-read at most once a second (validation runs it per attempt)."""
    import time as _t

    if _LATEST[0] is None or _t.monotonic() - _LATEST[1] > 1.0:
        _LATEST[0], _LATEST[1] = _now() + FUTURE_SLACK, _t.monotonic()
    return _LATEST[0]


def _plausible_time(v: datetime, what: str = "time") -> datetime:
    if v.tzinfo is None:
        raise ValueError(f"{what} has no time zone; write UTC with a trailing Z")
    if v < EARLIEST:
        raise ValueError(f"{what} is before the year 2000")
    if v > _latest():
        raise ValueError(f"{what} {_iso(v)} is in the future")
    return v


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)


class RepModel(_Strict):
    """Who exported: as the rep chose to show themselves."""

    name: Annotated[str, Field(min_length=1, max_length=MAX_NAME, description="display name")]
    team: Annotated[str, Field(max_length=MAX_NAME, description="team name; empty for none")] = ""

    @field_validator("name", "team")
    @classmethod
    def _clean(cls, v: str, info) -> str:
        problem = name_problem(v, "team" if info.field_name == "team" else "name")
        if problem:
            raise ValueError(problem)
        v = " ".join(v.split())
        if info.field_name == "name" and not v:
            raise ValueError("the name is blank")
        return v


class ScenarioRef(_Strict):
    id: Slug
    version: Annotated[int, Field(ge=1, le=1_000_000)]
    hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$", description="sha256 content hash of the scenario")]


class DecisionModel(_Strict):
    option: OptionId
    confidence: Optional[Confidence] = None


class ScoreModel(_Strict):
    scores: Annotated[dict[ComponentName, Optional[Score]], Field(max_length=64)]
    total: Score
    passed: bool
    ending: Slug
    outcome: Literal["won", "advanced", "stalled", "lost"]


class AttemptModel(_Strict):
    uuid: Annotated[str, Field(pattern=UUID_PATTERN)]
    scenario: ScenarioRef
    seed: Annotated[int, Field(ge=0, le=2**63 - 1)]
    started: datetime
    finished: datetime
    decisions: Annotated[list[DecisionModel], Field(min_length=0, max_length=MAX_DECISIONS)]
    score: ScoreModel

    @model_validator(mode="after")
    def _order(self):
        _plausible_time(self.started, "started")
        _plausible_time(self.finished, "finished")
        if self.started > self.finished:
            raise ValueError("the attempt finished before it started")
        return self


class ExportModel(_Strict):
    """One rep's leaderboard export."""

    model_config = ConfigDict(title="Sales simulator leaderboard export, version 1")
    format: Literal["sales-simulator-export"]
    version: Literal[1]
    app_version: Annotated[str, Field(pattern=r"^[0-9A-Za-z.+-]{1,40}$")]
    exported: datetime
    rep: RepModel
    attempts: Annotated[list[AttemptModel], Field(max_length=MAX_ATTEMPTS)]

    @field_validator("exported")
    @classmethod
    def _exported(cls, v: datetime) -> datetime:
        return _plausible_time(v, "exported")

    @model_validator(mode="after")
    def _unique(self):
        seen: set[str] = set()
        for a in self.attempts:
            if a.uuid in seen:
                raise ValueError(f"attempt {a.uuid} appears twice in the file")
            seen.add(a.uuid)
        return self


def export_schema() -> dict:
    """The JSON Schema of the export format (``docs/export.schema.json`` is this, pretty-printed)."""
    schema = ExportModel.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://sales-simulator.invalid/export.schema.json"
    return schema


# --- entries: one attempt as read from one file -------------------------------------------------


def _iso(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class Entry:
    """One shared attempt with its rep. Equality is content equality (``source`` excluded):
    the same uuid with unequal entries is a conflict."""

    uuid: str
    rep: str
    team: str
    scenario_id: str
    scenario_version: int
    scenario_hash: str
    seed: int
    started: str  # ISO 8601 UTC, seconds, fixed width (sorts as text)
    finished: str
    choices: tuple[str, ...]
    confidences: tuple[Optional[int], ...]
    scores: tuple[tuple[str, Optional[float]], ...]  # sorted by component
    total: float
    passed: bool
    ending: str
    outcome: str
    source: str = field(default="", compare=False)

    @property
    def rep_key(self) -> tuple[str, str]:
        return rep_key(self.team, self.rep)

    def score(self, component: str) -> Optional[float]:
        for k, v in self.scores:
            if k == component:
                return v
        return None

    def to_json(self) -> dict:
        return {
            "uuid": self.uuid,
            "scenario": {"id": self.scenario_id, "version": self.scenario_version, "hash": self.scenario_hash},
            "seed": self.seed,
            "started": self.started,
            "finished": self.finished,
            "decisions": [{"option": o, "confidence": c} for o, c in zip(self.choices, self.confidences)],
            "score": {"scores": dict(self.scores), "total": self.total, "passed": self.passed,
                      "ending": self.ending, "outcome": self.outcome},
        }


def rep_key(team: str, name: str) -> tuple[str, str]:
    """Reps are identified by team and display name, compared without case and extra spaces."""
    return (" ".join(team.split()).casefold(), " ".join(name.split()).casefold())


_INTERN: dict = {}


def _intern(x):
    if len(_INTERN) > 500_000:  # bounded: shares strings and decision lists between files, never grows forever
        _INTERN.clear()
    return _INTERN.setdefault(x, x)


def _entries_of(model: ExportModel, source: str) -> list[Entry]:
    name, team = model.rep.name, model.rep.team
    out = []
    for a in model.attempts:
        out.append(
            Entry(
                uuid=a.uuid,
                rep=name,
                team=team,
                scenario_id=_intern(a.scenario.id),
                scenario_version=a.scenario.version,
                scenario_hash=_intern(a.scenario.hash),
                seed=a.seed,
                started=_iso(a.started),
                finished=_iso(a.finished),
                choices=_intern(tuple(_intern(d.option) for d in a.decisions)),
                confidences=_intern(tuple(d.confidence for d in a.decisions)),
                scores=tuple(sorted(a.score.scores.items())),
                total=a.score.total,
                passed=a.score.passed,
                ending=_intern(a.score.ending),
                outcome=a.score.outcome,
                source=source,
            )
        )
    return out


# --- reading one file ---------------------------------------------------------------------------


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _reason(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False)
    for e in errors:
        if e["type"] in ("json_invalid", "json_type"):
            return f"not a JSON file ({e['msg'].removeprefix('Invalid JSON: ')})"
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
            got = e.get("input")
            if isinstance(got, int) and not isinstance(got, bool) and got > VERSION:
                return f"export version {got} is newer than this program reads (version {VERSION}); update the app"
            return f"export version {json.dumps(got)[:20]} is not supported; this program reads version {VERSION}"
    e = errors[0]
    msg = e["msg"].removeprefix("Value error, ")
    where = _loc(tuple(e["loc"]))
    if e["type"] == "too_long" and e["loc"] == ("attempts",):
        return f"more than {MAX_ATTEMPTS:,} attempts; split the export"
    return f"{where}: {msg}" if where else msg


def _display(path: str | Path) -> str:
    return str(path)


def read_export_bytes(raw: bytes, display: str) -> tuple[list[Entry], list[str]]:
    """Validate one export's bytes completely. Returns (entries, []) or ([], [one-line reason])."""
    if len(raw) > MAX_FILE_BYTES:
        return [], [f"{display}: rejected: the file is over {MAX_FILE_BYTES // (1024 * 1024)} MB; an export may be at most that"]
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
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return [], [f"{display}: rejected: the file is {size / 1048576:.1f} MB; an export may be at most "
                        f"{MAX_FILE_BYTES // 1048576} MB"]
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return [], [f"{display}: rejected: cannot read the file ({exc.strerror or exc})"]
    return read_export_bytes(raw, display)


# --- exporting ----------------------------------------------------------------------------------


def _get(d: dict, *names, default=None):
    for n in names:
        if n in d and d[n] is not None:
            return d[n]
    return default


def _attempt_json(a: dict) -> dict | None:
    """One ``Store.completed_attempts`` item -> the export's attempt object (None when not shareable)."""
    card = _get(a, "card", "score_card", "scorecard") or {}
    scen = a.get("scenario") if isinstance(a.get("scenario"), dict) else {}
    total = _get(a, "total", default=card.get("total"))
    if total is None:
        return None
    decisions = []
    for d in _get(a, "decisions", default=[]):
        if isinstance(d, dict):
            decisions.append({"option": _get(d, "option", "option_id", "choice"), "confidence": d.get("confidence")})
        else:
            decisions.append({"option": d, "confidence": None})
    if not decisions and card.get("decisions"):
        decisions = [{"option": d["option"], "confidence": d.get("confidence")} for d in card["decisions"]]
    return {
        "uuid": _get(a, "uuid", "id"),
        "scenario": {
            "id": _get(a, "scenario_id", default=scen.get("id", card.get("scenario_id"))),
            "version": _get(a, "scenario_version", default=scen.get("version", card.get("scenario_version"))),
            "hash": _get(a, "scenario_hash", default=scen.get("hash", card.get("scenario_hash"))),
        },
        "seed": _get(a, "seed", default=card.get("seed")),
        "started": a.get("started"),
        "finished": a.get("finished"),
        "decisions": decisions,
        "score": {
            "scores": _get(a, "scores", default=card.get("scores", {})),
            "total": total,
            "passed": bool(_get(a, "passed", default=card.get("passed"))),
            "ending": _get(a, "ending", default=card.get("ending")),
            "outcome": _get(a, "outcome", default=card.get("outcome")),
        },
    }


def attempt_record(card, choices: Iterable[str], confidences: Iterable[Optional[int]], uuid: str, started: str,
                   finished: str) -> dict:
    """An export attempt object from a ScoreCard and the decisions that produced it."""
    choices = list(choices)
    confs = list(confidences) + [None] * len(choices)
    return {
        "uuid": uuid,
        "scenario": {"id": card.scenario_id, "version": card.scenario_version, "hash": card.scenario_hash},
        "seed": card.seed,
        "started": started,
        "finished": finished,
        "decisions": [{"option": o, "confidence": c} for o, c in zip(choices, confs)],
        "score": {"scores": dict(card.scores), "total": card.total, "passed": card.passed, "ending": card.ending,
                  "outcome": card.outcome},
    }


def build_export(name: str, team: str, attempts: Iterable[dict], *, exported: datetime | None = None) -> dict:
    """The export document for ``attempts`` (export-shaped dicts); validated before it is returned,
    so this program never writes a file it would refuse to read."""
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "app_version": __version__,
        "exported": _iso(exported or _now()),
        "rep": {"name": name, "team": team or ""},
        "attempts": list(attempts),
    }
    try:
        ExportModel.model_validate_json(json.dumps(doc))
    except ValidationError as exc:
        raise LeaderboardError(f"cannot export: {_reason(exc)}") from None
    return doc


def export(store, profile, scenarios_filter: Iterable[str] | None = None) -> dict:
    """This rep's export: display name, team, app version and the completed attempts at the
    scenarios the rep chose to share (``scenarios_filter``: scenario ids; None shares all)."""
    wanted = set(scenarios_filter) if scenarios_filter is not None else None
    attempts = []
    for a in store.completed_attempts(profile):
        item = _attempt_json(a)
        if item is None or (wanted is not None and item["scenario"]["id"] not in wanted):
            continue
        attempts.append(item)
    attempts.sort(key=lambda x: (str(x["finished"]), str(x["uuid"])))
    return build_export(profile.name, getattr(profile, "team", "") or "", attempts)


def write_export(path: str | Path, store, profile, scenarios_filter: Iterable[str] | None = None) -> dict:
    """Write ``export(...)`` to ``path`` (UTF-8 JSON; via a temporary file, so a failure leaves no half file)."""
    doc = export(store, profile, scenarios_filter)
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    return doc


# --- verification by replay ---------------------------------------------------------------------


class Verifier:
    """Replays attempts against local scenarios (by content hash). Replays are cached by
    (hash, seed, choices, confidences), so identical runs shared by many reps replay once."""

    def __init__(self, scenarios: Iterable[Any] = ()):
        self.by_hash = {s.content_hash: s for s in scenarios}
        self._cache: dict[tuple, tuple] = {}
        self._verdicts: dict[tuple, tuple[str, str]] = {}
        self.replays = 0

    def _replay(self, e: Entry) -> tuple:
        key = (e.scenario_hash, e.seed, e.choices, e.confidences)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        from simulator.engine import play
        from simulator.errors import SimulatorError
        from simulator.scoring import score_session

        sc = self.by_hash[e.scenario_hash]
        self.replays += 1
        try:
            session = play(sc, e.choices, e.seed, e.confidences)
            if len(session.decisions) != len(e.choices):
                out = ("error", f"the run ended after {len(session.decisions)} of {len(e.choices)} decisions")
            elif not session.finished or session.current.ending is None:
                out = ("error", "the decisions do not reach an ending")
            else:
                card = score_session(session)
                out = ("card", card.ending, card.outcome, tuple(sorted(card.scores.items())), card.total, card.passed)
        except SimulatorError as exc:
            out = ("error", f"replay failed: {exc}")
        self._cache[key] = out
        return out

    def check(self, e: Entry) -> tuple[str, str]:
        """(status, reason) for one entry; cached on everything the verdict depends on."""
        key = (e.scenario_hash, e.scenario_id, e.scenario_version, e.seed, e.choices, e.confidences, e.scores, e.total,
               e.passed, e.ending, e.outcome)
        hit = self._verdicts.get(key)
        if hit is None:
            hit = self._verdicts[key] = self._check(e)
        return hit

    def _check(self, e: Entry) -> tuple[str, str]:
        sc = self.by_hash.get(e.scenario_hash)
        if sc is None:
            return UNVERIFIED, ""
        if sc.id != e.scenario_id or sc.version != e.scenario_version:
            return FAILED, f"the scenario with this hash is '{sc.id}' version {sc.version}, not '{e.scenario_id}' version {e.scenario_version}"
        r = self._replay(e)
        if r[0] == "error":
            return FAILED, r[1]
        _, ending, outcome, scores, total, passed = r
        if ending != e.ending or outcome != e.outcome:
            return FAILED, f"replay ends at '{ending}', the file says '{e.ending}'"
        mine = dict(scores)
        theirs = dict(e.scores)
        if set(mine) != set(theirs):
            return FAILED, "replay gives different score components"
        for k in sorted(mine):
            a, b = mine[k], theirs[k]
            if (a is None) != (b is None) or (a is not None and abs(a - b) > TOLERANCE):
                return FAILED, f"{k} replays as {_fmt(a)}, the file says {_fmt(b)}"
        if total is None or abs(total - e.total) > TOLERANCE:
            return FAILED, f"total replays as {_fmt(total)}, the file says {_fmt(e.total)}"
        if bool(passed) != e.passed:
            return FAILED, "passed/failed does not match the replay"
        return VERIFIED, ""


def _fmt(x: Optional[float], digits: int = 1) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


# --- the board ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    entry: Entry
    status: str
    reason: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conflict:
    uuid: str
    variants: tuple[tuple[str, str, str], ...]  # (rep, team, files) per distinct content


@dataclass(frozen=True)
class ScenarioRow:
    """One rep at one scenario version: the rated first attempt, plus best and latest (practice)."""

    scenario_id: str
    scenario_version: int
    scenario_hash: str
    attempts: int
    first: Optional[float]  # None: the first attempt is not rated (does not verify)
    first_status: str
    best: Optional[float]
    latest: Optional[float]
    first_finished: str


@dataclass(frozen=True)
class RepSummary:
    name: str
    team: str
    rows: tuple[ScenarioRow, ...]
    scenarios: int  # distinct scenario ids with a rated first attempt
    index: Optional[float]
    ranked: bool
    unverified: int  # rated first attempts that could not be checked here
    excluded: int  # attempts that do not verify or conflict


@dataclass(frozen=True)
class BoardRow:
    rank: Optional[int]
    name: str
    team: str
    value: Optional[float]
    n: int  # rated first attempts counted
    scenarios: int
    badge: str  # verified | partly unverified | unverified
    note: str = ""


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    explain: str
    rows: tuple[BoardRow, ...]


@dataclass
class Board:
    attempts: list[Attempt]
    conflicts: list[Conflict]
    files: list[str]
    reps: list[RepSummary]
    tables: list[Table]
    improved: Table
    teams: list[str]
    scenarios: list[tuple[str, int, str]]  # (id, version, hash) seen
    team: Optional[str] = None
    scenario: Optional[str] = None

    def table(self, key: str) -> Table:
        for t in self.tables:
            if t.key == key:
                return t
        if key == self.improved.key:
            return self.improved
        raise KeyError(key)

    def counts(self) -> dict[str, int]:
        out = {VERIFIED: 0, UNVERIFIED: 0, FAILED: 0, CONFLICT: 0}
        for a in self.attempts:
            out[a.status] += 1
        return out

    def filtered(self, team: Optional[str] = None, scenario: Optional[str] = None) -> "Board":
        """The same merged attempts, ranked for one team and/or one scenario id."""
        return rank(self.attempts, self.conflicts, self.files, team=team, scenario=scenario)


def _without_cyclic_gc(fn):
    """Pause the cyclic garbage collector while ``fn`` runs. A big merge allocates millions of small
    objects and frees few; the collector's full passes (which grow with everything else the process
    holds, e.g. the app's caches) would otherwise dominate the time."""
    import functools
    import gc

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return wrapper


@_without_cyclic_gc
def merge(exports: Iterable[Iterable[Entry]], scenarios: Iterable[Any] = (), *, verifier: Verifier | None = None,
          team: Optional[str] = None, scenario: Optional[str] = None) -> Board:
    """Merge the entries of many export files into one board.

    Keyed on attempt uuid; idempotent and order-independent (the same files in any order, or twice,
    give the same board). A uuid seen with different content is a conflict: every variant is kept
    off the ranking and listed. Each remaining attempt is verified by replay when a local scenario
    has its content hash.
    """
    verifier = verifier or Verifier(scenarios)
    variants: dict[str, dict[Entry, set[str]]] = {}
    files: set[str] = set()
    for entries in exports:
        for e in entries:
            files.add(e.source)
            by_content = variants.get(e.uuid)
            if by_content is None:
                variants[e.uuid] = {e: {e.source}}
                continue
            srcs = by_content.get(e)
            if srcs is None:
                by_content[e] = {e.source}
            else:
                srcs.add(e.source)
    attempts: list[Attempt] = []
    conflicts: list[Conflict] = []
    for uuid in sorted(variants):
        by_content = variants[uuid]
        if len(by_content) == 1:
            ((e, srcs),) = by_content.items()
            status, reason = verifier.check(e)
            attempts.append(Attempt(e, status, reason, tuple(sorted(srcs))))
            continue
        ordered = sorted(by_content.items(), key=lambda kv: _content_key(kv[0]))
        conflicts.append(Conflict(uuid, tuple((e.rep, e.team, ", ".join(sorted(s))) for e, s in ordered)))
        for e, srcs in ordered:
            attempts.append(Attempt(e, CONFLICT, f"attempt {uuid} appears with different content in {len(ordered)} versions",
                                    tuple(sorted(srcs))))
    return rank(attempts, conflicts, sorted(files), team=team, scenario=scenario)


def _content_key(e: Entry) -> str:
    return json.dumps([e.rep, e.team, e.to_json()], sort_keys=True)


def _mean(xs: list[float]) -> Optional[float]:
    return math.fsum(xs) / len(xs) if xs else None


def _shrunk(values: list[float], team_mean: float) -> float:
    return (math.fsum(values) + SHRINK * team_mean) / (len(values) + SHRINK)


def _comp_order(names: Iterable[str]) -> list[str]:
    names = set(names)
    return [c for c in STANDARD_COMPETENCIES if c in names] + sorted(names - set(STANDARD_COMPETENCIES))


def rank(attempts: list[Attempt], conflicts: list[Conflict], files: list[str], *, team: Optional[str] = None,
         scenario: Optional[str] = None) -> Board:
    """Rank reps as in spec/scoring.md "Comparing reps" (see docs/leaderboard-format.md for the exact rules)."""
    teams_seen: dict[str, set[str]] = defaultdict(set)
    scen_seen: set[tuple[str, int, str]] = set()
    # group every attempt by rep, then by scenario hash
    per_rep: dict[tuple[str, str], dict[str, list[Attempt]]] = defaultdict(lambda: defaultdict(list))
    names: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for a in attempts:
        e = a.entry
        teams_seen[" ".join(e.team.split()).casefold()].add(e.team)
        scen_seen.add((e.scenario_id, e.scenario_version, e.scenario_hash))
        if scenario is not None and e.scenario_id != scenario:
            continue
        k = e.rep_key
        names[k].add((e.rep, e.team))
        per_rep[k][e.scenario_hash].append(a)
    team_key = rep_key(team, "")[0] if team is not None else None

    # rated first attempts: the earliest finished attempt of the rep at that hash (conflicts aside);
    # when it does not verify, that scenario is not rated for the rep (a later retry does not replace it)
    rated: dict[tuple[str, str], list[tuple[ScenarioRow, Entry | None, str]]] = {}
    excluded: dict[tuple[str, str], int] = {}
    for k, by_hash in per_rep.items():
        rows = []
        bad = 0
        for h, items in by_hash.items():
            usable = [a for a in items if a.status != CONFLICT]
            bad += sum(1 for a in items if a.status in (CONFLICT, FAILED))
            if not usable:
                continue
            usable.sort(key=lambda a: (a.entry.finished, a.entry.started, a.entry.uuid))
            first = usable[0]
            good = [a for a in usable if a.status in (VERIFIED, UNVERIFIED)]
            ok_first = first.status in (VERIFIED, UNVERIFIED)
            e = first.entry
            row = ScenarioRow(
                scenario_id=e.scenario_id,
                scenario_version=e.scenario_version,
                scenario_hash=h,
                attempts=len(items),
                first=e.total if ok_first else None,
                first_status=first.status,
                best=max((a.entry.total for a in good), default=None),
                latest=good[-1].entry.total if good else None,
                first_finished=e.finished,
            )
            rows.append((row, e if ok_first else None, good[-1].entry.total if (ok_first and len(good) > 1) else None))
        rows.sort(key=lambda r: (r[0].scenario_id, r[0].scenario_version, r[0].scenario_hash))
        rated[k] = rows
        excluded[k] = bad

    # team means over every rated first attempt of the team (one value per rep and scenario version)
    components: set[str] = set()
    team_vals: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for k, rows in rated.items():
        for row, e, _ in rows:
            if e is None:
                continue
            team_vals[k[0]]["total"].append(e.total)
            for c, v in e.scores:
                if v is not None:
                    team_vals[k[0]][c].append(v)
                    if c not in COMPUTED:
                        components.add(c)
    team_means = {t: {c: _mean(v) for c, v in vals.items()} for t, vals in team_vals.items()}
    need = 1 if scenario is not None else MIN_SCENARIOS

    def display(k):
        return min(names[k])  # deterministic whatever the order of files

    reps: list[RepSummary] = []
    lines: dict[str, list[BoardRow]] = defaultdict(list)
    improved_rows: list[BoardRow] = []
    for k in sorted(rated):
        if team_key is not None and k[0] != team_key:
            continue
        rows = rated[k]
        name, team_name = display(k)
        firsts = [(row, e) for row, e, _ in rows if e is not None]
        distinct = len({row.scenario_id for row, _ in firsts})
        unverified = sum(1 for row, _ in firsts if row.first_status == UNVERIFIED)
        badge = VERIFIED if unverified == 0 else (UNVERIFIED if unverified == len(firsts) else "partly unverified")
        means = team_means.get(k[0], {})
        index = _shrunk([e.total for _, e in firsts], means["total"]) if firsts else None
        reps.append(RepSummary(name, team_name, tuple(r for r, _, _ in rows), distinct, index, distinct >= need and index is not None,
                               unverified, excluded[k]))
        for key in ["total", "judgment", *components]:
            vals = [(row, v) for row, e in firsts for v in [e.total if key == "total" else e.score(key)] if v is not None]
            if not vals:
                continue
            d = len({row.scenario_id for row, _ in vals})
            value = _shrunk([v for _, v in vals], means[key])
            note = "" if d >= need else f"needs {need - d} more scenario{'s' if need - d > 1 else ''} to be ranked"
            lines["index" if key == "total" else key].append(BoardRow(None, name, team_name, value, len(vals), d, badge, note))
        changes = [later - e.total for row, e, later in rows if e is not None and later is not None]
        if changes:
            improved_rows.append(BoardRow(None, name, team_name, math.fsum(changes) / len(changes), len(changes), len(changes), badge,
                                          f"latest minus first, mean over {len(changes)} scenario{'s' if len(changes) > 1 else ''}"))

    def ranked(rows: list[BoardRow], gate: bool = True) -> tuple[BoardRow, ...]:
        ok = [r for r in rows if not gate or not r.note]
        rest = [r for r in rows if gate and r.note]
        ok.sort(key=lambda r: (-round(r.value, 9), r.name.casefold(), r.team.casefold(), r.name, r.team))
        out = []
        prev = None
        for i, r in enumerate(ok):
            v = round(r.value, 9)
            rnk = out[-1].rank if prev is not None and v == prev else i + 1
            prev = v
            out.append(BoardRow(rnk, r.name, r.team, r.value, r.n, r.scenarios, r.badge, r.note))
        rest.sort(key=lambda r: (-r.scenarios, r.name.casefold(), r.team.casefold(), r.name, r.team))
        return tuple(out + rest)

    shrink_text = (f"first attempts only; mean shrunk toward the team mean: (sum + {SHRINK} x team mean) / (n + {SHRINK}); "
                   f"ranked after {need} distinct scenario{'s' if need > 1 else ''}")
    tables = [Table("index", "Overall index", "Total score, " + shrink_text, ranked(lines["index"]))]
    tables.append(Table("judgment", "Judgment", "Judgment score, " + shrink_text, ranked(lines["judgment"])))
    for c in _comp_order(components):
        tables.append(Table(c, c.replace("_", " ").replace("-", " ").capitalize(), f"{c.capitalize()} score, " + shrink_text,
                            ranked(lines[c])))
    improved = Table("improved", "Most improved", "Latest attempt minus first attempt, averaged over the scenarios the rep retried",
                     ranked(improved_rows, gate=False))
    teams = sorted({min(v) for v in teams_seen.values()}, key=lambda t: (t.casefold(), t))
    return Board(attempts, conflicts, files, reps, tables, improved, teams, sorted(scen_seen), team, scenario)


# --- outputs ------------------------------------------------------------------------------------


def _r(x: Optional[float], digits: int = 2) -> Optional[float]:
    return None if x is None else round(x, digits)


def to_json(board: Board) -> dict:
    """The board as a JSON-able dict (format ``sales-simulator-board`` version 1)."""

    def table(t: Table) -> dict:
        return {"key": t.key, "title": t.title, "explain": t.explain, "rows": [
            {"rank": r.rank, "name": r.name, "team": r.team, "value": r.value, "n": r.n, "scenarios": r.scenarios,
             "badge": r.badge, "note": r.note} for r in t.rows]}

    return {
        "format": BOARD_FORMAT,
        "version": 1,
        "app_version": __version__,
        "filters": {"team": board.team, "scenario": board.scenario},
        "files": board.files,
        "counts": board.counts(),
        "boards": [table(t) for t in board.tables],
        "most_improved": table(board.improved),
        "reps": [
            {"name": r.name, "team": r.team, "index": r.index, "ranked": r.ranked, "scenarios": r.scenarios,
             "unverified": r.unverified, "excluded": r.excluded,
             "rows": [{"scenario": s.scenario_id, "version": s.scenario_version, "hash": s.scenario_hash, "attempts": s.attempts,
                       "first": s.first, "first_status": s.first_status, "best": s.best, "latest": s.latest} for s in r.rows]}
            for r in board.reps
        ],
        "conflicts": [{"uuid": c.uuid, "variants": [{"rep": n, "team": t, "files": f} for n, t, f in c.variants]} for c in board.conflicts],
        "attempts": [
            {"uuid": a.entry.uuid, "rep": a.entry.rep, "team": a.entry.team, "scenario": a.entry.scenario_id,
             "version": a.entry.scenario_version, "finished": a.entry.finished, "total": a.entry.total,
             "status": a.status, "reason": a.reason, "files": list(a.sources)}
            for a in board.attempts
        ],
    }


_CSV_DANGER = ("=", "+", "-", "@", "\t", "\r", "\0")


def csv_cell(value: Any) -> str:
    """A cell that a spreadsheet shows as text: line breaks flattened, a leading formula character,
    tab, CR or NUL neutralised with a leading apostrophe. Numbers we format ourselves pass as numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return f"{value:.2f}" if isinstance(value, float) else str(value)
    s = str(value)
    if s.startswith(_CSV_DANGER):
        s = "'" + s
    s = s.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\0", " ")
    return s


CSV_HEADER = ("board", "rank", "name", "team", "value", "first_attempts", "scenarios", "verification", "note")


def iter_csv_rows(board: Board):
    yield CSV_HEADER
    for t in [*board.tables, board.improved]:
        for r in t.rows:
            yield (t.title, r.rank, r.name, r.team, r.value, r.n, r.scenarios, r.badge, r.note)
    for a in board.attempts:
        if a.status in (FAILED, CONFLICT):
            e = a.entry
            yield ("Not ranked", None, e.rep, e.team, e.total, None, None, a.status,
                   f"{e.scenario_id} v{e.scenario_version}, attempt {e.uuid}: {a.reason}")


def to_csv(board: Board, out: io.TextIOBase | None = None) -> str | None:
    """Every board as rows of one CSV table (every field quoted). Returns the text, or streams to ``out``."""
    buf = out if out is not None else io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for row in iter_csv_rows(board):
        w.writerow([csv_cell(x) for x in row])
    return buf.getvalue() if out is None else None


def _e(x: Any) -> str:
    return html.escape("" if x is None else str(x), quote=True)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:24px auto;max-width:1000px;color:#1b1b1b;background:#fff;line-height:1.4;padding:0 16px}
h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.2em;margin:28px 0 6px;border-bottom:2px solid #d0d7de;padding-bottom:3px}
p.meta,p.explain{color:#555;margin:2px 0 8px;font-size:.92em}
table{border-collapse:collapse;width:100%;margin:6px 0 14px;font-size:.93em}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f5f7}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.unranked td{color:#555;font-style:italic}
.badge{display:inline-block;border-radius:4px;padding:0 6px;font-size:.85em;border:1px solid}
.b-verified{color:#1b5e20;background:#e8f5e9;border-color:#66bb6a}
.b-unverified,.b-partly{color:#6d4c00;background:#fff8e1;border-color:#e0a800}
.b-failed,.b-conflict{color:#b71c1c;background:#ffebee;border-color:#e57373}
svg text{font-family:inherit;font-size:12px;fill:#1b1b1b}
@media print{body{margin:0;max-width:none;font-size:10pt;color:#000}
h2{break-after:avoid;page-break-after:avoid}table,figure{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}tr{break-inside:avoid}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}a{color:#000;text-decoration:none}}
"""

_BADGE_CLASS = {VERIFIED: "b-verified", UNVERIFIED: "b-unverified", "partly unverified": "b-partly", FAILED: "b-failed",
                CONFLICT: "b-conflict"}


def _badge(status: str) -> str:
    return f'<span class="badge {_BADGE_CLASS.get(status, "b-unverified")}">{_e(status)}</span>'


def _svg_chart(t: Table, limit: int = 25) -> str:
    rows = [r for r in t.rows if r.rank is not None and r.value is not None][:limit]
    if not rows:
        return ""
    bar_h, gap, label_w, width = 18, 6, 220, 760
    plot_w = width - label_w - 60
    height = len(rows) * (bar_h + gap) + 24
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" aria-labelledby="chart-title">',
             f'<title id="chart-title">{_e(t.title)}: bar chart of the ranked reps (0 to 100)</title>']
    for i, r in enumerate(rows):
        y = i * (bar_h + gap) + 4
        w = max(1.0, plot_w * max(0.0, min(100.0, r.value)) / 100.0)
        label = f"{r.rank}. {r.name}" + (f" ({r.team})" if r.team else "")
        if len(label) > 34:
            label = label[:33] + "\u2026"
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_h - 5}" text-anchor="end">{_e(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#3b6ea8"/>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 5}">{r.value:.1f}</text>')
    axis_y = len(rows) * (bar_h + gap) + 6
    parts.append(f'<line x1="{label_w}" y1="{axis_y}" x2="{label_w + plot_w}" y2="{axis_y}" stroke="#888"/>')
    for v in (0, 50, 100):
        x = label_w + plot_w * v / 100
        parts.append(f'<text x="{x:.0f}" y="{axis_y + 14}" text-anchor="middle">{v}</text>')
    parts.append("</svg>")
    return "<figure>" + "".join(parts) + "</figure>"


def _table_html(t: Table, value_label: str = "Score") -> str:
    out = [f'<h2 id="{_e(t.key)}">{_e(t.title)}</h2>', f'<p class="explain">{_e(t.explain)}</p>']
    if not t.rows:
        out.append("<p>No one has a rated attempt here yet.</p>")
        return "".join(out)
    out.append(f"<table><caption>{_e(t.title)}</caption><thead><tr><th>Rank</th><th>Name</th><th>Team</th>"
               f"<th>{_e(value_label)}</th><th>Scenarios</th><th>Verification</th><th>Note</th></tr></thead><tbody>")
    for r in t.rows:
        cls = ' class="unranked"' if r.rank is None else ""
        val = "" if r.value is None else (f"{r.value:+.1f}" if t.key == "improved" else f"{r.value:.1f}")
        out.append(f"<tr{cls}><td class=\"num\">{_e(r.rank if r.rank is not None else '-')}</td><td>{_e(r.name)}</td>"
                   f"<td>{_e(r.team)}</td><td class=\"num\">{_e(val)}</td><td class=\"num\">{r.scenarios}</td>"
                   f"<td>{_badge(r.badge)}</td><td>{_e(r.note)}</td></tr>")
    out.append("</tbody></table>")
    return "".join(out)


def iter_html(board: Board, title: str = "Team leaderboard"):
    """The HTML page in pieces (write them one by one to keep memory flat)."""
    counts = board.counts()
    filt = []
    if board.team is not None:
        filt.append(f"team {board.team or '(no team)'}")
    if board.scenario is not None:
        filt.append(f"scenario {board.scenario}")
    yield ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>")
    yield f"<h1>{_e(title)}</h1>"
    yield (f'<p class="meta">{len(board.files)} file(s) merged; {sum(counts.values())} attempts: '
           f"{counts[VERIFIED]} verified, {counts[UNVERIFIED]} unverified, {counts[FAILED]} do not verify, "
           f"{counts[CONFLICT]} in conflict. {_e('Filtered to ' + ' and '.join(filt) + '. ' if filt else '')}"
           f"Made with sales simulator {_e(__version__)}. For coaching: first attempts count, retries are practice.</p>")
    idx = board.table("index")
    yield f"<h2>Chart: {_e(idx.title)}</h2>" + (_svg_chart(idx) or "<p>No one is ranked yet.</p>")
    for t in board.tables:
        yield _table_html(t)
    yield _table_html(board.improved, "Change")
    yield "<h2 id=\"reps\">Each rep's scenarios</h2><table><caption>First, best and latest total per scenario version</caption>"
    yield ("<thead><tr><th>Name</th><th>Team</th><th>Scenario</th><th>Version</th><th>Attempts</th><th>First (rated)</th>"
           "<th>Best</th><th>Latest</th><th>Verification</th></tr></thead><tbody>")
    for r in board.reps:
        for s in r.rows:
            yield (f"<tr><td>{_e(r.name)}</td><td>{_e(r.team)}</td><td>{_e(s.scenario_id)}</td><td class=\"num\">{s.scenario_version}</td>"
                   f"<td class=\"num\">{s.attempts}</td><td class=\"num\">{_e(_fmt(s.first))}</td><td class=\"num\">{_e(_fmt(s.best))}</td>"
                   f"<td class=\"num\">{_e(_fmt(s.latest))}</td><td>{_badge(s.first_status)}</td></tr>")
    yield "</tbody></table>"
    bad = [a for a in board.attempts if a.status in (FAILED, CONFLICT)]
    if bad:
        yield ("<h2 id=\"excluded\">Not ranked</h2><table><caption>Attempts kept off the ranking</caption><thead><tr><th>Name</th>"
               "<th>Team</th><th>Scenario</th><th>Attempt</th><th>Total</th><th>Verification</th><th>Reason</th><th>Files</th></tr></thead><tbody>")
        for a in bad:
            e = a.entry
            yield (f"<tr><td>{_e(e.rep)}</td><td>{_e(e.team)}</td><td>{_e(e.scenario_id)} v{e.scenario_version}</td><td>{_e(e.uuid)}</td>"
                   f"<td class=\"num\">{_e(_fmt(e.total))}</td><td>{_badge(a.status)}</td><td>{_e(a.reason)}</td>"
                   f"<td>{_e(', '.join(a.sources))}</td></tr>")
        yield "</tbody></table>"
    yield "</body></html>\n"


def to_html(board: Board, title: str = "Team leaderboard") -> str:
    """One self-contained HTML page: no scripts, no external assets, every text escaped."""
    return "".join(iter_html(board, title))


def to_text(board: Board, *, width: int = 34) -> str:
    """The boards as plain text for a terminal."""
    out = []
    counts = board.counts()
    out.append(f"{len(board.files)} file(s), {sum(counts.values())} attempts: {counts[VERIFIED]} verified, "
               f"{counts[UNVERIFIED]} unverified, {counts[FAILED]} do not verify, {counts[CONFLICT]} in conflict")
    out.append(board.tables[0].explain.capitalize() + ".")
    for t in [*board.tables, board.improved]:
        out.append("")
        out.append(f"== {t.title} ==" + (f"  ({t.explain})" if t.key == "improved" else ""))
        if not t.rows:
            out.append("  (no rated attempts yet)")
        for r in t.rows:
            who = r.name + (f" ({r.team})" if r.team else "")
            if len(who) > width:
                who = who[: width - 1] + "\u2026"
            val = "" if r.value is None else (f"{r.value:+6.1f}" if t.key == "improved" else f"{r.value:6.1f}")
            rank_s = f"{r.rank:>3}." if r.rank is not None else "   -"
            extra = f"  [{r.badge}]" if r.badge != VERIFIED else ""
            note = f"  {r.note}" if r.note and t.key != "improved" else ""
            out.append(f"{rank_s} {who:<{width}} {val}  {r.scenarios} scen.{extra}{note}")
    bad = [a for a in board.attempts if a.status in (FAILED, CONFLICT)]
    if bad:
        out.append("")
        out.append("== Not ranked ==")
        for a in bad:
            e = a.entry
            out.append(f"  {e.rep} ({e.team or 'no team'}), {e.scenario_id} v{e.scenario_version}, attempt {e.uuid}: {a.status}"
                       + (f" — {a.reason}" if a.reason else ""))
    return "\n".join(_flat(line) for line in out) + "\n"


def _flat(s: str) -> str:
    return "".join(ch if unicodedata.category(ch) != "Cc" else " " for ch in s)


def write_board(board: Board, path: str | Path) -> str:
    """Write the board as CSV, HTML or JSON, chosen by the file's suffix. Returns the format."""
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in ("csv", "html", "htm", "json"):
        raise LeaderboardError(f"{path}: cannot tell the format from the name; use .csv, .html or .json")
    tmp = path.with_name(path.name + ".part")
    if kind == "csv":
        with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:  # the BOM makes spreadsheets read UTF-8
            to_csv(board, fh)
    elif kind in ("html", "htm"):
        with open(tmp, "w", encoding="utf-8") as fh:
            for piece in iter_html(board):
                fh.write(piece)
    else:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(to_json(board), fh, indent=1, ensure_ascii=False)
            fh.write("\n")
    tmp.replace(path)
    return "html" if kind == "htm" else kind


# --- files in, board out (CLI and app) ----------------------------------------------------------


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


# --- keeping imported files in the progress database (board_* tables) ----------------------------


def _db(path: str | Path):
    import sqlite_utils

    db = sqlite_utils.Database(str(path))
    db.execute("PRAGMA busy_timeout = 5000")
    return db


def _ensure_tables(db) -> None:
    db["board_files"].create(
        {"digest": str, "name": str, "rep": str, "team": str, "app_version": str, "exported": str, "imported": str, "attempts": int},
        pk="digest", if_not_exists=True,
    )
    db["board_attempts"].create(
        {"uuid": str, "digest": str, "file": str, "data": str}, pk=("uuid", "digest"), if_not_exists=True,
    )


@dataclass(frozen=True)
class ImportResult:
    imported: tuple[str, ...]  # files whose attempts were stored
    added: int  # attempts new to the database
    problems: tuple[str, ...]  # one line per rejected file


def import_files(db_path: str | Path, paths: Iterable[str | Path]) -> ImportResult:
    """Validate each file completely, then store it in one transaction (``board_files``,
    ``board_attempts``). A rejected file writes nothing. Importing a file twice adds nothing."""
    import hashlib

    db = _db(db_path)
    imported, problems = [], []
    added = 0
    try:
        for p in paths:
            p = Path(p)
            try:
                size = p.stat().st_size
                if size > MAX_FILE_BYTES:
                    problems.append(f"{p}: rejected: the file is {size / 1048576:.1f} MB; an export may be at most "
                                    f"{MAX_FILE_BYTES // 1048576} MB")
                    continue
                raw = p.read_bytes()
            except OSError as exc:
                problems.append(f"{p}: rejected: cannot read the file ({exc.strerror or exc})")
                continue
            entries, probs = read_export_bytes(raw, str(p))
            if probs:
                problems.extend(probs)
                continue
            head = json.loads(raw)
            file_digest = hashlib.sha256(raw).hexdigest()
            rows = []
            for e in entries:
                data = json.dumps({"rep": e.rep, "team": e.team, "attempt": e.to_json()}, sort_keys=True, separators=(",", ":"))
                rows.append({"uuid": e.uuid, "digest": hashlib.sha256(data.encode()).hexdigest(), "file": p.name, "data": data})
            with db.conn:  # one transaction per file
                _ensure_tables(db)
                before = db.execute("select count(*) from board_attempts").fetchone()[0]
                db["board_files"].insert(
                    {"digest": file_digest, "name": p.name, "rep": head["rep"]["name"], "team": head["rep"].get("team", ""),
                     "app_version": head["app_version"], "exported": head["exported"], "imported": _iso(_now()),
                     "attempts": len(entries)}, ignore=True)
                db["board_attempts"].insert_all(rows, ignore=True, batch_size=500)
                added += db.execute("select count(*) from board_attempts").fetchone()[0] - before
            imported.append(str(p))
    finally:
        db.close()
    return ImportResult(tuple(imported), added, tuple(problems))


def stored_exports(db_path: str | Path) -> list[list[Entry]]:
    """Every attempt imported into the database, as one list per source file name."""
    if not Path(db_path).exists():
        return []
    db = _db(db_path)
    try:
        if "board_attempts" not in db.table_names():
            return []
        groups: dict[str, list[Entry]] = defaultdict(list)
        for row in db.query("select file, data from board_attempts order by uuid, digest"):
            d = json.loads(row["data"])
            a = d["attempt"]
            sc = a["score"]
            groups[row["file"]].append(Entry(
                uuid=a["uuid"], rep=d["rep"], team=d["team"], scenario_id=_intern(a["scenario"]["id"]),
                scenario_version=a["scenario"]["version"], scenario_hash=_intern(a["scenario"]["hash"]), seed=a["seed"],
                started=a["started"], finished=a["finished"],
                choices=tuple(x["option"] for x in a["decisions"]), confidences=tuple(x["confidence"] for x in a["decisions"]),
                scores=tuple(sorted(sc["scores"].items())), total=sc["total"], passed=sc["passed"], ending=sc["ending"],
                outcome=sc["outcome"], source=row["file"]))
        return [groups[k] for k in sorted(groups)]
    finally:
        db.close()


def clear_board(db_path: str | Path) -> None:
    """Forget every imported file (the rep's own progress is untouched)."""
    if not Path(db_path).exists():
        return
    db = _db(db_path)
    try:
        with db.conn:
            for t in ("board_attempts", "board_files"):
                if t in db.table_names():
                    db.execute(f"delete from {t}")
    finally:
        db.close()


__all__ = [
    "FORMAT", "VERSION", "MAX_FILE_BYTES", "MAX_ATTEMPTS", "Entry", "Attempt", "Board", "Table", "BoardRow", "RepSummary",
    "ScenarioRow", "Conflict", "Verifier", "ImportResult", "attempt_record", "export", "write_export", "build_export", "export_schema",
    "read_export", "read_export_bytes", "read_exports", "merge", "rank", "to_csv", "to_html", "to_json", "to_text",
    "write_board", "import_files", "stored_exports", "clear_board", "csv_cell", "name_problem",
    "VERIFIED", "UNVERIFIED", "FAILED", "CONFLICT",
]


# --- helpers for the command line and the app (so they stay parsing and presentation only) -------


def local_scenarios(library_dirs: Iterable[str | Path] = ()) -> list:
    """The scenarios available here for verification: the bundled folder plus ``library_dirs``.
    Files that do not load are simply not available (their attempts show as unverified)."""
    from simulator.loader import load_library
    from simulator.paths import bundled_scenarios_dir

    folders = [bundled_scenarios_dir(), *map(Path, library_dirs)]
    scenarios, _ = load_library([f for f in folders if Path(f).exists()])
    return scenarios


def board_from_files(paths: Iterable[str | Path], scenarios: Iterable[Any] = ()) -> tuple[Board, list[str]]:
    """Read, validate, merge and verify export files. Returns (board, one line per rejected file)."""
    exports, problems = read_exports(paths)
    return merge(exports, scenarios), problems


def pick_profile(store, name: str | None):
    """The profile to export: by name, or the only one. Raises UsageError naming the choices."""
    from simulator.errors import UsageError

    profiles = store.profiles()
    if name is not None:
        p = store.profile_by_name(name)
        if p is None:
            known = ", ".join(sorted(x.name for x in profiles)) or "none yet"
            raise UsageError(f"no profile named '{name}' (profiles: {known})")
        return p
    if len(profiles) == 1:
        return profiles[0]
    if not profiles:
        raise UsageError("there is no profile in this database yet; play a scenario first")
    raise UsageError(f"several profiles ({', '.join(sorted(x.name for x in profiles))}); choose one with --profile NAME")
