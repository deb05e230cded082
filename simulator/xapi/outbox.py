"""What each learning record store still has to receive, and the log of what it accepted.

The queue is derived, not copied: every attempt in the progress database (saved decision by decision
while the rep plays, with no network) has the statements ``statements.statements_for`` gives it, and
``xapi_sent`` records, per LRS endpoint, the ids that LRS accepted. Pending = earned - accepted. So
nothing played is lost when the LRS is down, a crash between sending and recording only resends
statements the LRS ignores (same ids), and switching to another LRS sends everything there.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Iterable

from simulator.xapi.config import LrsConfig
from simulator.xapi.statements import Actor, AttemptRecord, statements_for


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _loads(text, default=None):
    try:
        return json.loads(text) if text else default
    except (TypeError, ValueError):
        return default


def attempt_records(store, *, profile: str | None = None, since: str | None = None,
                    languages: dict[str, str] | None = None) -> list[AttemptRecord]:
    """Every attempt (in progress, completed or abandoned), oldest first; ``profile`` is a name
    (case-insensitive), ``since`` an ISO date or time (attempts started then or later)."""
    sql = ("SELECT a.*, p.name AS profile_name, p.team AS profile_team, s.title AS title FROM attempts a "
           "JOIN profiles p ON p.id = a.profile_id LEFT JOIN scenarios s ON s.hash = a.scenario_hash WHERE 1=1")
    params: list = []
    if profile is not None:
        sql += " AND p.name = ? COLLATE NOCASE"
        params.append(profile)
    if since:
        sql += " AND a.started >= ?"
        params.append(since)
    sql += " ORDER BY a.started, a.rowid"
    langs = languages or {}
    out = []
    for r in store.db.query(sql, params):
        decs = []
        for d in store.db.query(
            "SELECT seq, node, kind, option, evidence, regret, stakes, confidence, recorded FROM decisions "
            "WHERE attempt = ? ORDER BY seq", [r["uuid"]]
        ):
            d = dict(d)
            d["evidence"] = _loads(d["evidence"], {})
            decs.append(d)
        out.append(
            AttemptRecord(
                uuid=r["uuid"], profile_name=r["profile_name"], team=r["profile_team"] or "",
                scenario_id=r["scenario_id"], scenario_version=int(r["scenario_version"]),
                scenario_hash=r["scenario_hash"], scenario_title=r["title"] or r["scenario_id"],
                language=langs.get(r["scenario_hash"], "en"), seed=int(r["seed"]), started=r["started"],
                finished=r["finished"], status=r["status"], app_version=r["app_version"] or "",
                decisions=tuple(decs), card=_loads(r["card"]),
            )
        )
    return out


def actor_for(cfg: LrsConfig):
    def make(record: AttemptRecord) -> Actor:
        return Actor(name=record.profile_name, homepage=cfg.account_homepage, mbox=cfg.mbox or None)

    return make


def earned(store, cfg: LrsConfig, **kw) -> list[dict]:
    """Every statement the attempts in ``store`` have earned (filtered like ``attempt_records``)."""
    make = actor_for(cfg)
    out: list[dict] = []
    for rec in attempt_records(store, **kw):
        out.extend(statements_for(rec, make(rec), cfg.base_iri))
    return out


def sent_ids(store, endpoint: str) -> set[str]:
    if "xapi_sent" not in store.db.table_names():
        return set()
    return {r["statement_id"] for r in store.db.query("SELECT statement_id FROM xapi_sent WHERE endpoint = ?", [endpoint])}


def pending(store, cfg: LrsConfig, endpoint: str, **kw) -> list[dict]:
    done = sent_ids(store, endpoint)
    return [s for s in earned(store, cfg, **kw) if s["id"] not in done]


def mark_sent(store, endpoint: str, statements: Iterable[dict]) -> int:
    """Record that ``endpoint`` accepted these statements (one transaction)."""
    now = _now()
    rows = [{"endpoint": endpoint, "statement_id": s["id"], "attempt": s["context"]["registration"], "sent": now}
            for s in statements]
    with store.transaction():
        store.db["xapi_sent"].insert_all(rows, pk=("endpoint", "statement_id"), replace=True)
    return len(rows)


def last_sent(store, endpoint: str) -> str | None:
    if "xapi_sent" not in store.db.table_names():
        return None
    row = store.db.execute("SELECT max(sent) FROM xapi_sent WHERE endpoint = ?", [endpoint]).fetchone()
    return row[0] if row else None
