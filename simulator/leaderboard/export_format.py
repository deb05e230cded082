"""The export file format: its limits and the pydantic models its JSON Schema is generated from."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict, ValidationInfo, field_validator, model_validator

FORMAT = "sales-simulator-export"
VERSION = 1
BOARD_FORMAT = "sales-simulator-board"
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ATTEMPTS = 10_000
MAX_DECISIONS = 1_000  # the engine's MAX_STEPS: no run has more decisions
MAX_NAME = 80
FUTURE_SLACK = timedelta(days=1)  # clocks drift; a day ahead is still plausible
EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
OptionId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.-]*$", max_length=130)]
ComponentName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=64)]
Score = Annotated[float, Strict(), Field(ge=0, le=100)]  # Strict: true is not a number here
Confidence = Literal[50, 60, 70, 80, 90, 100]
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
AppVersion = Annotated[str, Field(pattern=r"^[0-9A-Za-z.+-]{1,40}$")]


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _iso(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def name_problem(text: str, what: str = "name") -> str | None:
    """Why ``text`` cannot be a display name or team (None when it can): the one rule of ``simulator.names``,
    so every name the program lets a rep create can be exported (CSV/HTML neutralise formulas and markup)."""
    from simulator.names import name_problem as rule

    return rule(text, what)


def clean_name(v: str, what: str = "name") -> str:
    """``v`` with its whitespace normalised, or ValueError (for a pydantic validator) saying why it cannot be a name."""
    problem = name_problem(v, what)
    if problem:
        raise ValueError(problem)
    return " ".join(v.split())


def whole_number(v):
    """A pydantic ``mode="before"`` check: ``"version": true`` or ``1.0`` is not version 1."""
    if isinstance(v, bool) or not isinstance(v, int):
        raise ValueError("not a whole number")
    return v


VersionOne = Annotated[Literal[1], BeforeValidator(whole_number)]  # a file format's "version": 1 (not true, not 1.0)


def check_unique(items, what: str) -> None:
    """ValueError naming the first uuid that appears twice among ``items`` (``what``: how the message names it)."""
    seen: set[str] = set()
    for item in items:
        if item.uuid in seen:
            raise ValueError(f"{what} {item.uuid} appears twice in the file")
        seen.add(item.uuid)


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


def _plausible_field(v: datetime, info: ValidationInfo) -> datetime:
    return _plausible_time(v, info.field_name or "time")


PlausibleTime = Annotated[datetime, AfterValidator(_plausible_field)]  # with a zone, from 2000 on, not in the future


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)


class RepModel(_Strict):
    """Who exported: as the rep chose to show themselves."""

    name: Annotated[str, Field(min_length=1, max_length=MAX_NAME, description="display name")]
    team: Annotated[str, Field(max_length=MAX_NAME, description="team name; empty for none")] = ""

    @field_validator("name", "team")
    @classmethod
    def _clean(cls, v: str, info) -> str:
        v = clean_name(v, "team" if info.field_name == "team" else "name")
        if info.field_name == "name" and not v:
            raise ValueError("the name is blank")
        return v


class ScenarioRef(_Strict):
    id: Slug
    version: Annotated[int, Strict(), Field(ge=1, le=1_000_000)]
    hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$", description="sha256 content hash of the scenario")]


class DecisionModel(_Strict):
    option: OptionId
    confidence: Optional[Confidence] = None


class ScoreModel(_Strict):
    scores: Annotated[dict[ComponentName, Optional[Score]], Field(max_length=64)]
    total: Score
    passed: Annotated[bool, Strict()]
    ending: Slug
    outcome: Literal["won", "advanced", "stalled", "lost"]


class AttemptModel(_Strict):
    uuid: Annotated[str, Field(pattern=UUID_PATTERN)]
    scenario: ScenarioRef
    seed: Annotated[int, Strict(), Field(ge=0, le=2**63 - 1)]
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
    version: VersionOne
    app_version: AppVersion
    exported: PlausibleTime
    rep: RepModel
    attempts: Annotated[list[AttemptModel], Field(max_length=MAX_ATTEMPTS)]

    @model_validator(mode="after")
    def _unique(self):
        check_unique(self.attempts, "attempt")
        return self


def export_schema() -> dict:
    """The JSON Schema of the export format (``docs/export.schema.json`` is this, pretty-printed)."""
    schema = ExportModel.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://sales-simulator.invalid/export.schema.json"
    return schema
