"""Exporting: this rep's completed attempts as an export document (validated before it is written)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Iterable, Optional

from pydantic import ValidationError

from simulator import __version__
from simulator.errors import LeaderboardError
from simulator.leaderboard.export_format import FORMAT, VERSION, ExportModel, _iso, _now
from simulator.leaderboard.reading import _reason


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


def _finite_scores(item: dict) -> bool:
    import math

    score = item["score"]
    values = [score["total"], *(score["scores"] or {}).values()]
    return all(v is None or (isinstance(v, (int, float)) and math.isfinite(v)) for v in values)


def export(store, profile, scenarios_filter: Iterable[str] | None = None) -> dict:
    """This rep's export: display name, team, app version and the completed attempts at the
    scenarios the rep chose to share (``scenarios_filter``: scenario ids; None shares all)."""
    wanted = set(scenarios_filter) if scenarios_filter is not None else None
    attempts = []
    for a in store.completed_attempts(profile):
        item = _attempt_json(a)
        if item is None or (wanted is not None and item["scenario"]["id"] not in wanted) or not _finite_scores(item):
            continue  # (an attempt stored with a non-finite score by an older version is left out, not fatal)
        attempts.append(item)
    attempts.sort(key=lambda x: (str(x["finished"]), str(x["uuid"])))
    return build_export(profile.name, getattr(profile, "team", "") or "", attempts)


def write_export(path: str | Path, store, profile, scenarios_filter: Iterable[str] | None = None, *,
                 protected: Iterable[str | Path] = ()) -> dict:
    """Write ``export(...)`` to ``path`` (UTF-8 JSON) through ``safe_write``: never over the store's database
    (or ``protected`` files), via a temporary file, so a failure leaves no half file."""
    doc = export(store, profile, scenarios_filter)
    write_document(path, doc, protected=protected, store=store)
    return doc


def write_document(path: str | Path, doc: dict, *, protected: Iterable[str | Path] = (), store=None) -> Path:
    """``doc`` as UTF-8 JSON at ``path`` through ``safe_write``: never over ``protected`` files or the
    ``store``'s database, via a temporary file, so a failure leaves no half file."""
    from simulator.safe_write import write_text

    db = getattr(store, "path", None)
    return write_text(path, json.dumps(doc, indent=1, ensure_ascii=False) + "\n", protected=[*protected, *([db] if db else [])])
