"""Schema changes, as ``sqlite_utils`` migrations (append only: never edit a migration that has shipped).

To change the schema, write ``mNNN_what(db)`` below and append it to ``MIGRATIONS``; ``Store.open``
backs the database up before applying it to an existing file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "simulator"


def m001_initial(db: Database) -> None:
    db["profiles"].create(
        {"id": int, "name": str, "team": str, "created": str},
        pk="id",
        not_null={"name", "team", "created"},
        defaults={"team": ""},
    )
    db.execute("CREATE UNIQUE INDEX idx_profiles_name ON profiles(name COLLATE NOCASE)")
    db["scenarios"].create(
        {"hash": str, "id": str, "version": int, "title": str, "difficulty": str, "competencies": str, "first_seen": str},
        pk="hash",
        not_null={"id", "version", "title", "first_seen"},
    )
    db["scenarios"].create_index(["id", "version"])
    db["attempts"].create(
        {
            "uuid": str,
            "profile_id": int,
            "scenario_id": str,
            "scenario_version": int,
            "scenario_hash": str,
            "seed": int,
            "started": str,
            "finished": str,
            "status": str,  # in-progress | completed | abandoned
            "ending": str,
            "outcome": str,  # won | advanced | stalled | lost | stuck
            "judgment": float,
            "insight": float,
            "discovery": float,
            "tailoring": float,
            "control": float,
            "outcome_score": float,
            "calibration": float,
            "luck": float,
            "scores": str,  # JSON: every component (custom competencies too) -> value or null
            "weights": str,  # JSON
            "total": float,
            "passed": int,
            "pass_score": float,
            "card": str,  # JSON: ScoreCard.to_json()
            "app_version": str,
        },
        pk="uuid",
        not_null={"profile_id", "scenario_id", "scenario_version", "scenario_hash", "seed", "started", "status", "app_version"},
        foreign_keys=[("profile_id", "profiles", "id"), ("scenario_hash", "scenarios", "hash")],
    )
    db["attempts"].create_index(["profile_id", "started"])
    db["attempts"].create_index(["profile_id", "status", "scenario_id"])
    db["attempts"].create_index(["scenario_hash"])
    db["decisions"].create(
        {
            "attempt": str,
            "seq": int,
            "node": str,
            "kind": str,  # choices | diagnose
            "option": str,
            "number": int,
            "offered": str,  # JSON list of option ids
            "state_before": str,  # JSON {"vars": {...}, "visited": [...]}
            "evidence": str,  # JSON {"points": {...}, "note": ...}
            "regret": float,  # filled by finish_attempt
            "stakes": float,
            "best_move": int,
            "confidence": int,
            "elapsed_ms": int,
            "recorded": str,
        },
        pk=("attempt", "seq"),
        not_null={"node", "option", "state_before", "evidence", "recorded"},
        foreign_keys=[("attempt", "attempts", "uuid")],
    )


def m002_xapi_sent(db: Database) -> None:
    """The statements each learning record store has accepted (``simulator.xapi.outbox``): what is
    pending is derived from the attempts, so nothing a rep played can be lost before it is sent."""
    db["xapi_sent"].create(
        {"endpoint": str, "statement_id": str, "attempt": str, "sent": str},
        pk=("endpoint", "statement_id"),
        not_null={"attempt", "sent"},
    )
    db["xapi_sent"].create_index(["endpoint", "attempt"])


def m003_coaching(db: Database) -> None:
    """The coaching loop (``simulator.coaching``): the rep's reflections on their attempts, the shares
    written, and what coaches' replies added (comments, assignments, focus; keyed on the item's uuid and
    a digest of its content, so importing twice or in any order gives the same rows)."""
    db["reflections"].create(
        {"attempt": str, "differently": str, "buyer_needed": str, "updated": str},
        pk="attempt",
        not_null={"differently", "buyer_needed", "updated"},
        foreign_keys=[("attempt", "attempts", "uuid")],
    )
    db["coach_shares"].create(
        {"id": int, "profile_id": int, "written": str, "file": str, "attempts": str},
        pk="id",
        not_null={"profile_id", "written", "attempts"},
    )
    db["coach_replies"].create(
        {"profile_id": int, "digest": str, "coach": str, "file": str, "written": str, "imported": str},
        pk=("profile_id", "digest"),
    )
    db["coach_comments"].create(
        {"profile_id": int, "uuid": str, "digest": str, "coach": str, "attempt": str, "decision": int, "text": str,
         "written": str},
        pk=("profile_id", "uuid", "digest"),
        not_null={"coach", "attempt", "text", "written"},
    )
    db["coach_comments"].create_index(["attempt"])
    db["coach_assignments"].create(
        {"profile_id": int, "uuid": str, "digest": str, "coach": str, "scenario_id": str, "title": str, "due": str,
         "note": str, "focus": str, "given": str},
        pk=("profile_id", "uuid", "digest"),
        not_null={"coach", "scenario_id", "title", "given"},
    )
    db["coach_focus"].create(
        {"profile_id": int, "uuid": str, "digest": str, "coach": str, "competency": str, "set_at": str},
        pk=("profile_id", "uuid", "digest"),
        not_null={"coach", "competency", "set_at"},
    )


MIGRATIONS: list[Callable[[Database], None]] = [m001_initial, m002_xapi_sent, m003_coaching]
SCHEMA_VERSION = len(MIGRATIONS)


def _migration_set(fns: Iterable[Callable[[Database], None]]) -> tuple[Migrations, list[str]]:
    from sqlite_utils.migrations import Migrations

    m = Migrations(MIGRATION_SET)
    names = []
    for fn in fns:
        m(name=fn.__name__)(fn)
        names.append(fn.__name__)
    return m, names
