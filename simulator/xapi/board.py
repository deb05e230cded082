"""The team board from a learning record store: ``completed`` statements -> export documents -> the
same validation, merge, replay verification and ranking as export files (``simulator.leaderboard``).

Each ``completed`` statement carries what an export file's attempt carries (scenario id, version and
hash, seed, start and finish, the decisions with confidences, the score summary), so an attempt read
from the LRS verifies exactly like one read from a file. A statement that cannot be read as an attempt
is skipped with one line saying why; the others still count.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from simulator.xapi import vocab as v

PAGE = 1000  # statements asked for per page (an LRS may send fewer and a `more` link)


def attempt_of(st: dict) -> tuple[tuple[str, str], dict]:
    """((rep name, team), export attempt object) from one ``completed`` statement. Raises ValueError."""
    try:
        ctx = st["context"]
        cx = ctx["extensions"]
        rx = st["result"]["extensions"]
        actor = st["actor"]
        name = actor.get("name") or (actor.get("account") or {}).get("name") or actor.get("mbox", "")
        team = cx.get(v.X_TEAM, "") or ""
        attempt = {
            "uuid": ctx["registration"],
            "scenario": {"id": cx[v.X_SCENARIO_ID], "version": cx[v.X_SCENARIO_VERSION], "hash": cx[v.X_HASH]},
            "seed": cx[v.X_SEED],
            "started": cx[v.X_STARTED],
            "finished": st["timestamp"],
            "decisions": rx[v.X_DECISIONS],
            "score": {
                "scores": rx[v.X_COMPONENTS],
                "total": rx[v.X_TOTAL],
                "passed": st["result"].get("success", False),
                "ending": rx[v.X_ENDING],
                "outcome": rx[v.X_OUTCOME],
            },
        }
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"statement {st.get('id', '?') if isinstance(st, dict) else '?'} is missing {exc}") from None
    return (str(name), str(team)), attempt


def export_documents(statements: Iterable[dict]) -> tuple[list[dict], list[str]]:
    """Group ``completed`` statements by rep into export documents. Returns (documents, problems)."""
    from simulator.leaderboard import build_export

    by_rep: dict[tuple[str, str], dict[str, dict]] = {}
    problems: list[str] = []
    for st in statements:
        if not isinstance(st, dict) or (st.get("verb") or {}).get("id") != v.VERB_COMPLETED:
            continue
        try:
            rep, attempt = attempt_of(st)
        except ValueError as exc:
            problems.append(f"LRS: skipped: {exc}")
            continue
        by_rep.setdefault(rep, {})[attempt["uuid"]] = attempt
    docs = []
    for (name, team), attempts in sorted(by_rep.items()):
        ordered = sorted(attempts.values(), key=lambda a: (str(a["finished"]), str(a["uuid"])))
        try:
            docs.append(build_export(name, team, ordered))
        except Exception as exc:  # LeaderboardError: one rep's statements break the export rules
            problems.append(f"LRS: {name}: rejected: {exc}")
    return docs, problems


def board_from_statements(statements: Iterable[dict], scenarios: Iterable[Any] = (), *, source: str = "LRS"):
    """(board, problems): validate every rep's attempts as an export, then merge, verify and rank."""
    from simulator.leaderboard import merge, read_export_bytes

    docs, problems = export_documents(statements)
    exports = []
    for doc in docs:
        display = f"{source} ({doc['rep']['name']})"
        entries, probs = read_export_bytes(json.dumps(doc).encode("utf-8"), display)
        problems.extend(probs)
        if not probs:
            exports.append(entries)
    return merge(exports, list(scenarios)), problems


def completed_statements(client) -> list[dict]:
    """Every ``completed`` statement in the LRS, all pages. Asks with the ``verb`` filter; when that gives
    nothing, reads everything and filters here, because some LRSs mishandle the filter (Ralph 5.1's
    file-system backend compares the verb IRI as an object and never matches)."""
    found = list(client.statements(verb=v.VERB_COMPLETED, limit=PAGE))
    if not found:
        found = [s for s in client.statements(limit=PAGE) if (s.get("verb") or {}).get("id") == v.VERB_COMPLETED]
    return found


def board_from_lrs(client, scenarios: Iterable[Any] = ()):
    """Read every ``completed`` statement from the LRS and build the board."""
    return board_from_statements(completed_statements(client), scenarios, source=client.endpoint)
