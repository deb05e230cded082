"""The coaching files: limits and the pydantic models their JSON Schema is generated from.

Two kinds of file, told apart by ``format``:

* a **share** (``sales-simulator-coaching-share``), written by a rep for their coach: the rep's
  name and team and the attempts they picked, each exactly as in a leaderboard export (so it replays
  and verifies the same way) plus the scenario's title and the rep's reflection;
* a **reply** (``sales-simulator-coaching-reply``), written by the coach for one rep: comments (on a
  decision of an attempt, or on the attempt as a whole), assignments and a focus competency. Every
  item has a uuid, so importing a reply twice, or several replies in any order, gives the same result.

Unknown keys are rejected: any change to the format is a new ``version``.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Annotated, Literal, Optional, Union

from pydantic import AfterValidator, Field, TypeAdapter, ValidationError, field_validator, model_validator

from simulator.errors import SimulatorError
from simulator.leaderboard.export_format import (
    UUID_PATTERN,
    AppVersion,
    AttemptModel,
    ComponentName,
    PlausibleTime,
    RepModel,
    VersionOne,
    _Strict,
    check_unique,
    clean_name,
)

SHARE_FORMAT = "sales-simulator-coaching-share"
REPLY_FORMAT = "sales-simulator-coaching-reply"
VERSION = 1
MAX_SHARE_BYTES = 20 * 1024 * 1024
MAX_REPLY_BYTES = 5 * 1024 * 1024
MAX_ATTEMPTS = 10_000
MAX_COMMENTS = 10_000
MAX_ASSIGNMENTS = 500
MAX_TEXT = 4_000  # a reflection answer, a comment
MAX_NOTE = 1_000  # an assignment's note
MAX_TITLE = 200
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class CoachingError(SimulatorError):
    """A coaching file that cannot be written or imported (the message says why and what to do)."""


def check_written(model, doc: dict, what: str) -> None:
    """CoachingError ("cannot write ``what``: where: why") when ``model`` refuses ``doc``: the program never
    writes a file it would refuse to read."""
    try:
        model.model_validate_json(json.dumps(doc))
    except ValidationError as exc:
        e = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in e["loc"])
        reason = f"{where}: {e['msg'].removeprefix('Value error, ')}" if where else e["msg"]
        raise CoachingError(f"cannot write {what}: {reason}") from None


_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029" + "".join(sorted(BIDI_CONTROLS)) + "]")
_FORBIDDEN_IN_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029" + "".join(sorted(BIDI_CONTROLS)) + "]")


def text_problem(text: str, limit: int, *, lines: bool = True) -> str | None:
    """Why ``text`` cannot be free text in a coaching file, or None. Line breaks (and tabs) are allowed
    where ``lines``; other control characters (Unicode Cc), surrogates, line/paragraph separators and
    bidi overrides are not."""
    if len(text) > limit:
        return f"the text is {len(text):,} characters long; at most {limit:,} are allowed"
    m = (_FORBIDDEN_IN_LINES if lines else _FORBIDDEN).search(text)
    if m:
        return f"the text contains a control character (U+{ord(m.group()):04X})"
    return None


def _clean_text(v: str, limit: int, lines: bool = True) -> str:
    v = v.replace("\r\n", "\n")
    problem = text_problem(v, limit, lines=lines)
    if problem:
        raise ValueError(problem)
    return v.strip()


def _clean_title(v: str) -> str:
    """A scenario title shown in coaching files: one line; "?" when blank."""
    return _clean_text(v, MAX_TITLE, lines=False) or "?"


Uuid = Annotated[str, Field(pattern=UUID_PATTERN)]
Title = Annotated[str, Field(min_length=1, max_length=MAX_TITLE), AfterValidator(_clean_title)]  # a scenario's title
Time = PlausibleTime


class ReflectionModel(_Strict):
    """The rep's answers after the debrief (either may be empty)."""

    differently: Annotated[str, Field(max_length=MAX_TEXT, description="What would you do differently?")] = ""
    buyer_needed: Annotated[str, Field(max_length=MAX_TEXT, description="What did the buyer really need?")] = ""

    @field_validator("differently", "buyer_needed")
    @classmethod
    def _text(cls, v: str) -> str:
        return _clean_text(v, MAX_TEXT)


class SharedAttemptModel(AttemptModel):
    """One attempt exactly as in a leaderboard export, plus the scenario's title and the reflection."""

    title: Annotated[Title, Field(description="the scenario's title, for display")]
    reflection: Optional[ReflectionModel] = None


class _CoachingFileModel(_Strict):
    """What a share and a reply both start with (``format`` is narrowed to one name by each)."""

    format: str
    version: VersionOne
    app_version: AppVersion
    written: Time


class ShareModel(_CoachingFileModel):
    """A rep's coaching file: their own attempts, for their coach."""

    format: Literal["sales-simulator-coaching-share"]
    rep: RepModel
    attempts: Annotated[list[SharedAttemptModel], Field(max_length=MAX_ATTEMPTS)]

    @model_validator(mode="after")
    def _unique(self):
        check_unique(self.attempts, "attempt")
        return self


class CoachModel(_Strict):
    name: Annotated[str, Field(min_length=1, max_length=80, description="the coach's display name")]

    @field_validator("name")
    @classmethod
    def _clean(cls, v: str) -> str:
        return clean_name(v, "name")


class CommentModel(_Strict):
    """A comment on one decision of an attempt (``decision``: its position from 0) or, with
    ``decision`` null, the overall note on the attempt."""

    uuid: Uuid
    attempt: Uuid
    decision: Annotated[Optional[int], Field(ge=0, le=999)] = None
    text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
    written: Time

    @field_validator("text")
    @classmethod
    def _text(cls, v: str) -> str:
        v = _clean_text(v, MAX_TEXT)
        if not v:
            raise ValueError("the comment is blank")
        return v


class AssignedScenario(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
    title: Title


class AssignmentModel(_Strict):
    """Play ``scenario`` by ``due``; done once an attempt at it is completed after ``given``."""

    uuid: Uuid
    scenario: AssignedScenario
    due: Optional[date] = None
    note: Annotated[str, Field(max_length=MAX_NOTE)] = ""
    focus: Optional[ComponentName] = None
    given: Time

    @field_validator("note")
    @classmethod
    def _note(cls, v: str) -> str:
        return _clean_text(v, MAX_NOTE)


class FocusModel(_Strict):
    """The competency the coach asks the rep to work on; the latest ``set`` wins (then the uuid)."""

    uuid: Uuid
    competency: ComponentName
    set: Time


class ReplyModel(_CoachingFileModel):
    """A coach's reply to one rep."""

    format: Literal["sales-simulator-coaching-reply"]
    coach: CoachModel
    rep: RepModel
    focus: Optional[FocusModel] = None
    comments: Annotated[list[CommentModel], Field(max_length=MAX_COMMENTS)] = []
    assignments: Annotated[list[AssignmentModel], Field(max_length=MAX_ASSIGNMENTS)] = []

    @model_validator(mode="after")
    def _unique(self):
        check_unique([*self.comments, *self.assignments, *([self.focus] if self.focus else [])], "the id")
        return self


CoachingFile = Annotated[Union[ShareModel, ReplyModel], Field(discriminator="format")]
ADAPTER: TypeAdapter = TypeAdapter(CoachingFile)


def coaching_schema() -> dict:
    """The JSON Schema of both coaching files (``docs/coaching.schema.json`` is this, pretty-printed)."""
    schema = ADAPTER.json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://sales-simulator.invalid/coaching.schema.json"
    schema["title"] = "Sales simulator coaching file (share or reply), version 1"
    return schema
