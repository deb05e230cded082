"""The rows the progress database hands out (profiles, attempts, progress) and the names shared by its modules."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

# score components that have their own column (others live in the `scores` JSON column)
STANDARD_COMPETENCIES = ("insight", "discovery", "tailoring", "control")
NON_COMPETENCY_COMPONENTS = ("judgment", "outcome", "calibration")
DIFFICULTY_ORDER = {"intro": 0, "intermediate": 1, "advanced": 2}
STATUSES = ("in-progress", "completed", "abandoned")


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


def profile_from_row(row) -> Profile:
    return Profile(row["id"], row["name"], row["team"] or "")


def _loads(text: str | None, default=None):
    if text is None:
        return default
    return json.loads(text)


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
