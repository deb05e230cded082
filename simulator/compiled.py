"""The compiled, immutable scenario that the engine and the search run on.

``loader`` builds it from a file (after every check); nothing here reads YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.expressions import Expression
from simulator.model import ScenarioModel
from simulator.scenario_identity import ScenarioIdentity
from simulator.yamlread import Document


@dataclass(frozen=True)
class Variable:
    name: str
    kind: str  # number | flag | text
    start: Any
    min: float = 0.0
    max: float = 100.0
    values: tuple[str, ...] = ()
    label: str = ""
    show: bool = False


@dataclass(frozen=True)
class TextVariant:
    """Format 2: one variant of a text (the first whose ``cond`` holds is shown; the last has none)."""

    cond: Expression | None
    text: str
    mood: str | None = None


@dataclass(frozen=True)
class Line:
    who: str | None
    text: str  # "" when ``variants`` is not empty
    mood: str | None = None
    cond: Expression | None = None  # format 2: shown only when it holds
    variants: tuple[TextVariant, ...] = ()


@dataclass(frozen=True)
class Effect:
    var: str
    op: str  # "add" | "set"
    value: Any


@dataclass(frozen=True)
class EvidenceRule:
    cond: Expression | None
    points: dict[str, float]
    note: str | None


@dataclass(frozen=True)
class Option:
    """A choice (or a diagnose option): what the rep can pick at a decision."""

    id: str
    text: str
    cond: Expression | None
    effects: tuple[Effect, ...]
    evidence: tuple[EvidenceRule, ...]
    note: str | None
    goto: str
    explicit_id: bool = True


@dataclass(frozen=True)
class Route:
    cond: Expression | None
    chance: float | None
    goto: str


@dataclass(frozen=True)
class Node:
    id: str
    kind: str  # "choices" | "routes" | "diagnose"
    lines: tuple[Line, ...]
    effects: tuple[Effect, ...]
    options: tuple[Option, ...] = ()
    routes: tuple[Route, ...] = ()
    prompt: str | None = None  # diagnose prompt
    order: str = "shuffled"  # format 2: "shuffled" | "authored" (format 1 always keeps the written order)

    @property
    def is_decision(self) -> bool:
        return self.kind in ("choices", "diagnose")


@dataclass(frozen=True)
class Ending:
    id: str
    title: str
    text: str  # "" when ``variants`` is not empty
    outcome: str
    value: float
    variants: tuple[TextVariant, ...] = ()


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str | None
    company: str | None
    style: str | None
    avatar: Path | None
    about: str | None


@dataclass(frozen=True)
class Situation:
    """Format 2: a hidden situation; ``sets`` are its start values (every effect's op is "set")."""

    id: str
    title: str
    weight: float
    sets: tuple[Effect, ...]


@dataclass(eq=False)
class Scenario(ScenarioIdentity):
    model: ScenarioModel
    path: Path
    display_path: str
    content_hash: str
    variables: dict[str, Variable]
    people: dict[str, Person]
    nodes: dict[str, Node]
    endings: dict[str, Ending]
    competencies: tuple[str, ...]  # every competency that can earn points (standard + custom)
    competency_labels: dict[str, str]
    weights: dict[str, float]  # component -> weight (0 included)
    tracked_visits: tuple[str, ...]  # node ids some expression asks visited() about
    doc: Document | None = field(default=None, repr=False)
    source: str = field(default="", repr=False)
    _cache: dict = field(default_factory=dict, repr=False)
    format: int = 1
    situations: tuple[Situation, ...] = ()

    @property
    def start(self) -> str:
        return self.model.start

    @property
    def pass_score(self) -> float:
        return self.model.scoring.pass_

    @property
    def ask_confidence(self) -> bool:
        return self.model.scoring.ask_confidence

    def weight(self, component: str) -> float:
        return self.weights.get(component, 0.0)

    def position(self, *path) -> tuple[int, int]:
        """(line, column) of a key in the source, for diagnostics; (1, 1) when unknown."""
        if self.doc is None:
            return (1, 1)
        m = self.doc.key_at(tuple(path))
        return (m.line, m.column)

    def initial_values(self) -> dict[str, Any]:
        return {name: v.start for name, v in self.variables.items()}
