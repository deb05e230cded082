"""One attempt -> its xAPI statements (launched, one ``answered`` per decision, completed).

Everything comes from the progress database (the attempt row, its decisions and its score card), so
building the same attempt twice gives byte-identical statements with the same ids (UUID v5 of the
attempt and the event): sending them again is harmless.
"""

from __future__ import annotations

import math
import uuid as uuidlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable
from urllib.parse import quote

from simulator.xapi import vocab as v

NAMESPACE = uuidlib.uuid5(uuidlib.NAMESPACE_URL, v.PROFILE)
PLATFORM = "Sales Simulator"


@dataclass(frozen=True)
class Actor:
    """Who the statements are about: an account on a home page, or an mbox."""

    name: str  # display name (the profile's name)
    homepage: str | None = None
    account: str | None = None  # account name on ``homepage`` (defaults to the profile name)
    mbox: str | None = None  # "mailto:..." (used instead of the account when set)

    def to_json(self) -> dict:
        out: dict[str, Any] = {"objectType": "Agent", "name": self.name}
        if self.mbox:
            out["mbox"] = self.mbox if self.mbox.startswith("mailto:") else "mailto:" + self.mbox
        else:
            out["account"] = {"homePage": self.homepage, "name": self.account or self.name}
        return out


@dataclass(frozen=True)
class AttemptRecord:
    """What the statements of one attempt are built from (see ``outbox.attempt_records``)."""

    uuid: str
    profile_name: str
    team: str
    scenario_id: str
    scenario_version: int
    scenario_hash: str
    scenario_title: str
    language: str
    seed: int
    started: str
    finished: str | None
    status: str  # in-progress | completed | abandoned
    app_version: str
    decisions: tuple[dict, ...]  # rows: seq, node, kind, option, evidence{points}, regret, stakes, confidence, recorded
    card: dict | None  # ScoreCard.to_json() when completed


def statement_id(attempt_uuid: str, event: str) -> str:
    return str(uuidlib.uuid5(NAMESPACE, f"{attempt_uuid}/{event}"))


def _iri_part(text: str) -> str:
    return quote(str(text), safe="-._~")


def scenario_iri(base_iri: str, scenario_id: str) -> str:
    return f"{base_iri.rstrip('/')}/scenarios/{_iri_part(scenario_id)}"


def decision_iri(base_iri: str, scenario_id: str, node: str) -> str:
    return f"{scenario_iri(base_iri, scenario_id)}/decisions/{_iri_part(node)}"


def _parse_time(text: str) -> datetime:
    t = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


def iso_timestamp(text: str) -> str:
    """A stored time as an xAPI timestamp (UTC, 'Z', the stored microseconds kept so that an attempt read
    back from the LRS has exactly the times its export file has)."""
    t = _parse_time(text).astimezone(timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def iso_duration(seconds: float) -> str:
    """ISO 8601 duration as xAPI wants it (``PT1H2M3.45S``); at most 0.01 s precision."""
    seconds = max(0.0, float(seconds))
    centis = int(round(seconds * 100))
    h, rest = divmod(centis, 360000)
    m, rest = divmod(rest, 6000)
    s = rest / 100
    out = "PT"
    if h:
        out += f"{h}H"
    if m:
        out += f"{m}M"
    s_text = f"{s:.2f}".rstrip("0").rstrip(".")
    if s or (not h and not m):
        out += f"{s_text}S"
    return out


def _finite(x: Any) -> Any:
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


def _lang(record: AttemptRecord) -> str:
    return record.language or "en"


def _scenario_activity(base_iri: str, record: AttemptRecord) -> dict:
    return {
        "objectType": "Activity",
        "id": scenario_iri(base_iri, record.scenario_id),
        "definition": {
            "type": v.TYPE_SIMULATION,
            "name": {_lang(record): record.scenario_title or record.scenario_id},
        },
    }


def _context(base_iri: str, record: AttemptRecord, *, parent: bool) -> dict:
    ctx: dict[str, Any] = {
        "registration": record.uuid,
        "platform": PLATFORM,
        "language": _lang(record),
        "contextActivities": {
            "category": [{"objectType": "Activity", "id": v.PROFILE, "definition": {"type": v.TYPE_PROFILE}}],
        },
        "extensions": {
            v.X_SCENARIO_ID: record.scenario_id,
            v.X_SCENARIO_VERSION: record.scenario_version,
            v.X_HASH: record.scenario_hash,
            v.X_SEED: record.seed,
            v.X_STARTED: iso_timestamp(record.started),
            v.X_APP_VERSION: record.app_version,
            v.X_TEAM: record.team or "",
        },
    }
    if parent:
        ctx["contextActivities"]["parent"] = [{"objectType": "Activity", "id": scenario_iri(base_iri, record.scenario_id)}]
    return ctx


def _verb(verb: str) -> dict:
    return {"id": verb, "display": {"en-US": v.VERB_DISPLAY[verb]}}


def launched(record: AttemptRecord, actor: Actor, base_iri: str) -> dict:
    return {
        "id": statement_id(record.uuid, "launched"),
        "actor": actor.to_json(),
        "verb": _verb(v.VERB_LAUNCHED),
        "object": _scenario_activity(base_iri, record),
        "context": _context(base_iri, record, parent=False),
        "timestamp": iso_timestamp(record.started),
    }


def answered(record: AttemptRecord, decision: dict, actor: Actor, base_iri: str) -> dict:
    evidence = decision.get("evidence") or {}
    points = evidence.get("points", evidence) if isinstance(evidence, dict) else {}
    ext: dict[str, Any] = {
        v.X_SEQ: int(decision["seq"]),
        v.X_KIND: decision.get("kind") or "choices",
        v.X_EVIDENCE: {str(k): _finite(float(p)) for k, p in sorted(points.items())},
        v.X_CONFIDENCE: decision.get("confidence"),
    }
    if decision.get("regret") is not None:
        ext[v.X_REGRET] = _finite(float(decision["regret"]))
    if decision.get("stakes") is not None:
        ext[v.X_STAKES] = _finite(float(decision["stakes"]))
    node = str(decision["node"])
    return {
        "id": statement_id(record.uuid, f"decision/{int(decision['seq'])}"),
        "actor": actor.to_json(),
        "verb": _verb(v.VERB_ANSWERED),
        "object": {
            "objectType": "Activity",
            "id": decision_iri(base_iri, record.scenario_id, node),
            "definition": {
                "type": v.TYPE_INTERACTION,
                "interactionType": "choice",
                "name": {_lang(record): f"{record.scenario_title or record.scenario_id}: {node}"},
            },
        },
        "result": {"response": str(decision["option"]), "extensions": ext},
        "context": _context(base_iri, record, parent=True),
        "timestamp": iso_timestamp(decision.get("recorded") or record.started),
    }


def completed(record: AttemptRecord, actor: Actor, base_iri: str) -> dict:
    card = record.card or {}
    total = _finite(card.get("total"))
    scores = {str(k): _finite(x) for k, x in (card.get("scores") or {}).items()}
    seconds = (_parse_time(record.finished) - _parse_time(record.started)).total_seconds() if record.finished else 0.0
    finished_ok = card.get("status", "completed") == "completed" and card.get("ending") is not None
    result: dict[str, Any] = {
        "success": bool(card.get("passed")),
        "completion": bool(finished_ok),
        "duration": iso_duration(seconds),
        "extensions": {
            v.X_COMPONENTS: scores,
            v.X_TOTAL: total,
            v.X_LUCK: _finite(card.get("luck")),
            v.X_ENDING: card.get("ending"),
            v.X_OUTCOME: card.get("outcome"),
            v.X_SITUATION: card.get("situation"),
            v.X_DECISIONS: [
                {"option": str(d["option"]), "confidence": d.get("confidence")} for d in record.decisions
            ],
        },
    }
    if total is not None:
        t = min(100.0, max(0.0, float(total)))
        result["score"] = {"scaled": round(t / 100.0, 6), "raw": round(t, 6), "min": 0, "max": 100}
    return {
        "id": statement_id(record.uuid, "completed"),
        "actor": actor.to_json(),
        "verb": _verb(v.VERB_COMPLETED),
        "object": _scenario_activity(base_iri, record),
        "result": result,
        "context": _context(base_iri, record, parent=False),
        "timestamp": iso_timestamp(record.finished or record.started),
    }


def statements_for(record: AttemptRecord, actor: Actor, base_iri: str) -> list[dict]:
    """Every statement this attempt has earned so far. An attempt in progress sends ``launched`` and
    its decisions except the latest (whose confidence may still be given); a completed one sends all."""
    out = [launched(record, actor, base_iri)]
    decisions = list(record.decisions)
    if record.status == "in-progress":
        decisions = decisions[:-1]
    out.extend(answered(record, d, actor, base_iri) for d in decisions)
    if record.status == "completed" and record.card:
        out.append(completed(record, actor, base_iri))
    return out


def statement_count(status: str, decisions: int) -> int:
    """How many statements ``statements_for`` gives an attempt (without building them)."""
    if status == "in-progress":
        return 1 + max(0, decisions - 1)
    return 1 + decisions + (1 if status == "completed" else 0)


def all_statements(records: Iterable[AttemptRecord], actor_for, base_iri: str) -> list[dict]:
    out: list[dict] = []
    for r in records:
        out.extend(statements_for(r, actor_for(r), base_iri))
    return out
