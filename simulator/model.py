"""Pydantic v2 models of scenario formats 1 and 2 (structure and types only).

Semantic rules (references, expressions, value ranges that depend on other
keys) are checked by ``loader`` with exact positions. These models are also the
source of ``simulator schema``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

STANDARD_COMPETENCIES = ("insight", "discovery", "tailoring", "control")
COMPUTED_COMPONENTS = ("judgment", "outcome", "calibration")
DEFAULT_WEIGHTS = {"insight": 2.0, "discovery": 1.0, "tailoring": 1.0, "control": 1.0, "judgment": 2.0, "outcome": 1.0}
OUTCOME_VALUES = {"won": 100.0, "advanced": 60.0, "stalled": 30.0, "lost": 0.0}
MOODS = ("neutral", "interested", "skeptical", "impatient", "pleased", "annoyed")

Mood = Literal["neutral", "interested", "skeptical", "impatient", "pleased", "annoyed"]
Outcome = Literal["won", "advanced", "stalled", "lost"]
Difficulty = Literal["intro", "intermediate", "advanced"]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
MAX_NUMBER = 1_000_000  # every number in a scenario (points, values, state ranges) is within +-this, so scores stay finite
Number = Annotated[float, Field(allow_inf_nan=False, ge=-MAX_NUMBER, le=MAX_NUMBER)]
Points = dict[str, Number]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "flag"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, (dict, BaseModel)):
        return "set"
    return "text"


class SetNumber(_Model):
    set: Number = Field(description="set a number to this value")


EffectValue = Annotated[
    Union[
        Annotated[Number, Tag("number")],
        Annotated[bool, Tag("flag")],
        Annotated[str, Tag("text")],
        Annotated[SetNumber, Tag("set")],
    ],
    Discriminator(_kind),
]
Effects = dict[str, EffectValue]


class Person(_Model):
    name: str
    role: str | None = None
    company: str | None = None
    style: str | None = Field(None, description="free text; mobilizer | talker | blocker are common")
    avatar: str | None = Field(None, description="SVG path relative to the scenario file")
    about: str | None = None


StartValue = Annotated[
    Union[Annotated[Number, Tag("number")], Annotated[bool, Tag("flag")], Annotated[str, Tag("text")]],
    Discriminator(_kind),
]


class StateVar(_Model):
    start: StartValue
    min: Number | None = None
    max: Number | None = None
    values: list[str] | None = None
    label: str | None = None
    show: bool = False

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return data
        return {"start": data}


class TextVariant(_Model):
    """Format 2: one variant of a text; the first whose ``if`` holds is shown (the last has no ``if``)."""

    if_: str | None = Field(None, alias="if")
    text: str
    mood: Mood | None = None


Text = Annotated[
    Union[Annotated[str, Tag("text")], Annotated[Annotated[list[TextVariant], Field(min_length=1)], Tag("variants")]],
    Discriminator(lambda v: "variants" if isinstance(v, (list, tuple)) else "text"),
]


class Line(_Model):
    who: str | None = None
    text: Text
    mood: Mood | None = None
    if_: str | None = Field(None, alias="if", description="format 2: the line is shown only when this holds")


class EvidenceRule(_Model):
    if_: str | None = Field(None, alias="if")
    points: Points
    note: str | None = None


Evidence = Annotated[
    Union[Annotated[Points, Tag("map")], Annotated[list[EvidenceRule], Tag("rules")]],
    Discriminator(lambda v: "rules" if isinstance(v, (list, tuple)) else "map"),
]


class Choice(_Model):
    id: Slug | None = None
    text: str
    if_: str | None = Field(None, alias="if")
    effects: Effects = {}
    evidence: Evidence | None = None
    note: str | None = None
    goto: str


class Route(_Model):
    if_: str | None = Field(None, alias="if")
    chance: Annotated[float, Field(gt=0, le=1)] | None = None
    goto: str


class DiagnoseOption(_Model):
    id: Slug | None = None
    text: str
    points: Points = {}
    note: str | None = None


class Diagnose(_Model):
    prompt: str
    options: Annotated[list[DiagnoseOption], Field(min_length=1)]


class NodeModel(_Model):
    who: str | None = None
    text: Text | None = None
    mood: Mood | None = None
    lines: list[Line] | None = None
    effects: Effects = {}
    choices: list[Choice] | None = None
    next: list[Route] | None = None
    diagnose: Diagnose | None = None
    goto: str | None = None
    order: Literal["shuffled", "authored"] | None = Field(
        None, description="format 2: 'authored' keeps the written order of the options (default: shuffled per attempt)"
    )


class Ending(_Model):
    title: str
    text: Text | None = None
    outcome: Outcome
    value: Annotated[float, Field(ge=0, le=100)] | None = None


SituationValue = EffectValue  # a situation's start value is written as an effect's (a number, a flag, a text, {set: N})


class Situation(_Model):
    """Format 2: a hidden situation, drawn at the start of every attempt."""

    id: Slug
    title: str = Field(description="shown in the debrief only")
    weight: Annotated[float, Field(gt=0, le=MAX_NUMBER, allow_inf_nan=False)] = Field(1.0, description="drawn with probability weight / sum of weights")
    set: dict[str, SituationValue] = Field({}, description="start values for this situation")


class Competency(_Model):
    label: str
    description: str | None = None


class Scoring(_Model):
    weights: dict[str, Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)]] = {}
    ask_confidence: bool = False
    pass_: Annotated[float, Field(ge=0, le=100)] = Field(70.0, alias="pass")


class ScenarioModel(_Model):
    """A scenario file, format version 1 or 2."""

    format: Literal[1, 2]
    id: Slug
    title: str
    version: Annotated[int, Field(ge=1, le=1_000_000)] = 1
    author: str | None = None
    summary: str | None = None
    language: Annotated[str, Field(pattern=r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")] = "en"
    difficulty: Difficulty = "intermediate"
    minutes: Annotated[int, Field(ge=1, le=10_000)] | None = None
    tags: list[str] = []
    briefing: str | None = None
    people: dict[str, Person]
    state: dict[str, StateVar] = {}
    start: str
    nodes: dict[str, NodeModel]
    endings: Annotated[dict[str, Ending], Field(min_length=1)]
    competencies: dict[str, Competency] = {}
    scoring: Scoring = Scoring()
    situations: list[Situation] = Field([], description="format 2: one is drawn at the start of every attempt")


def json_schema(draft: str = "07") -> dict:
    """The JSON Schema of formats 1 and 2, every key described with an example (``simulator.schema_docs``).

    ``draft`` is "07" (the default: what editors such as VS Code's YAML extension support fully) or "2020-12"."""
    from simulator.schema_docs import annotate

    schema = ScenarioModel.model_json_schema(by_alias=True)
    schema["title"] = "Sales simulator scenario, formats 1 and 2"
    # state variables may be written as a bare number, flag or text (the shorthand)
    state = schema["properties"]["state"]
    state["additionalProperties"] = {
        "anyOf": [
            {"type": "number"},
            {"type": "boolean"},
            {"type": "string"},
            {"$ref": "#/$defs/StateVar"},
        ]
    }
    return annotate(schema, draft)
