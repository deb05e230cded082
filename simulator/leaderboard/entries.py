"""Entries: one shared attempt with its rep, as read from one file (content equality; the uuid is the key)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from simulator.leaderboard.export_format import ExportModel, _iso


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
