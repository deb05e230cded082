"""The rep's side: writing a coaching file ("Share with my coach").

A share holds one profile's completed attempts — picked by the rep, by default everything finished
since their last share — each as in a leaderboard export (decisions, seeds, confidences and the
score, so the coach can replay and verify it), with the scenario's title and the rep's reflection.
Nothing of any other profile is ever read into it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

from simulator import __version__
from simulator.coaching import store as cstore
from simulator.coaching.file_format import MAX_TITLE, SHARE_FORMAT, VERSION, CoachingError, ShareModel, check_written
from simulator.leaderboard.export_format import _iso, _now
from simulator.leaderboard.exporting import _attempt_json, write_document


def shareable(store, profile) -> list[dict]:
    """This profile's completed attempts, oldest first: each ``{"uuid", "title", "scenario_id", "finished",
    "total", "shared", "attempt"}`` where ``attempt`` is the share's attempt object (without reflection)."""
    shared = cstore.shared_attempts(store, profile)
    out = []
    for a in store.completed_attempts(profile):
        item = _attempt_json(a)
        if item is None or item.get("finished") is None:
            continue
        title = ((a.get("scenario") or {}).get("title") or a["scenario_id"])[:MAX_TITLE]
        out.append({"uuid": a["uuid"], "title": title, "scenario_id": a["scenario_id"], "finished": a["finished"],
                    "total": a.get("total"), "shared": a["uuid"] in shared, "attempt": {**item, "title": title}})
    out.sort(key=lambda x: (x["finished"], x["uuid"]))
    return out


def default_selection(store, profile) -> list[str]:
    """Everything since the last share: the completed attempts no earlier share included (all when never shared;
    by attempt rather than by clock, so an attempt finished in the same second as a share is not lost)."""
    return [x["uuid"] for x in shareable(store, profile) if not x["shared"]]


def build_share(store, profile, attempts: Optional[Iterable[str]] = None) -> dict:
    """The share document for ``attempts`` (uuids of this profile's completed attempts; None: the default
    selection). Validated before it is returned, so the program never writes a file it would refuse."""
    items = shareable(store, profile)
    wanted = list(default_selection(store, profile) if attempts is None else attempts)
    by_uuid = {x["uuid"]: x for x in items}
    unknown = [u for u in wanted if u not in by_uuid]
    if unknown:
        raise CoachingError(f"attempt {unknown[0]} is not a completed attempt of {profile.name}; "
                            "list them with 'simulator coach share --list'")
    reflections = cstore.reflections(store, profile)
    chosen = []
    for u in sorted(set(wanted), key=lambda u: (by_uuid[u]["finished"], u)):
        att = dict(by_uuid[u]["attempt"])
        r = reflections.get(u)
        if r is not None and not r.empty:
            att["reflection"] = {"differently": r.differently, "buyer_needed": r.buyer_needed}
        chosen.append(att)
    doc = {"format": SHARE_FORMAT, "version": VERSION, "app_version": __version__, "written": _iso(_now()),
           "rep": {"name": profile.name, "team": profile.team or ""}, "attempts": chosen}
    check_written(ShareModel, doc, "the coaching file")
    return doc


def write_share(path: str | Path, store, profile, attempts: Optional[Iterable[str]] = None, *,
                protected: Iterable[str | Path] = ()) -> dict:
    """Write ``build_share(...)`` to ``path`` (UTF-8 JSON, atomically, never over the database) and
    remember the share (so the next default is "everything since")."""
    doc = build_share(store, profile, attempts)
    write_document(path, doc, protected=protected, store=store)
    cstore.record_share(store, profile, Path(path).name, [a["uuid"] for a in doc["attempts"]])
    return doc


__all__ = ["shareable", "default_selection", "build_share", "write_share"]
