"""What a Store writes: profiles, attempts and their decisions, each in its own committed transaction."""

from __future__ import annotations

import json
import uuid as uuidlib
from typing import TYPE_CHECKING

from simulator import __version__ as APP_VERSION
from simulator.errors import StorageError
from simulator.storage.problems import _op
from simulator.storage.records import STANDARD_COMPETENCIES, Profile, _now, profile_from_row

if TYPE_CHECKING:
    from sqlite_utils import Database

    from simulator.engine import Decision
    from simulator.loader import Scenario
    from simulator.scoring import ScoreCard


class StoreWrites:
    """Mixin of ``Store``: the writing verbs (uses ``Store._write``, ``_one``, ``db`` and ``path``)."""

    # -- profiles ---------------------------------------------------------------------

    _profile = staticmethod(profile_from_row)

    @_op
    def profiles(self) -> list[Profile]:
        return [self._profile(r) for r in self.db.query("SELECT * FROM profiles ORDER BY name COLLATE NOCASE")]

    @_op
    def create_profile(self, name: str, team: str = "") -> Profile:
        from simulator.names import valid_name

        name, team = valid_name(name), valid_name(team or "", "team")  # one rule for names, wherever they are created
        with self._write() as db:
            if self._one("SELECT id FROM profiles WHERE name = ? COLLATE NOCASE", [name]):
                raise StorageError(f"a profile named '{name}' already exists")
            db["profiles"].insert({"name": name, "team": team or "", "created": _now()})
            pid = db.execute("SELECT last_insert_rowid()").fetchone()[0]
        return Profile(pid, name, team or "")

    @_op
    def profile_by_name(self, name: str) -> Profile | None:
        row = self._one("SELECT * FROM profiles WHERE name = ? COLLATE NOCASE", [" ".join((name or "").split())])
        return self._profile(row) if row else None

    @_op
    def get_or_create_profile(self, name: str, team: str = "") -> Profile:
        with self._write():
            found = self.profile_by_name(name)
            return found if found is not None else self.create_profile(name, team)

    # -- attempts ---------------------------------------------------------------------

    def _see_scenario(self, db: Database, scenario: Scenario) -> None:
        if self._one("SELECT 1 FROM scenarios WHERE hash = ?", [scenario.content_hash]):
            return
        db["scenarios"].insert(
            {
                "hash": scenario.content_hash,
                "id": scenario.id,
                "version": scenario.version,
                "title": scenario.title,
                "difficulty": getattr(scenario.model, "difficulty", None),
                "competencies": json.dumps(list(scenario.competencies)),
                "first_seen": _now(),
            }
        )

    @_op
    def start_attempt(self, profile: Profile, scenario: Scenario, seed: int) -> str:
        """Records the scenario as seen and a new in-progress attempt; returns its uuid."""
        uid = str(uuidlib.uuid4())
        with self._write() as db:
            if not self._one("SELECT 1 FROM profiles WHERE id = ?", [profile.id]):
                raise StorageError(f"no profile '{profile.name}' in {self.path}")
            self._see_scenario(db, scenario)
            db["attempts"].insert(
                {
                    "uuid": uid,
                    "profile_id": profile.id,
                    "scenario_id": scenario.id,
                    "scenario_version": scenario.version,
                    "scenario_hash": scenario.content_hash,
                    "seed": int(seed),
                    "started": _now(),
                    "status": "in-progress",
                    "app_version": APP_VERSION,
                }
            )
        return uid

    def _attempt(self, attempt: str) -> dict:
        row = self._one("SELECT * FROM attempts WHERE uuid = ?", [attempt])
        if row is None:
            raise StorageError(f"no attempt {attempt} in {self.path}")
        return row

    @_op
    def record_decision(self, attempt: str, decision: Decision, scenario: Scenario) -> None:
        """Commits one decision as it is made (state before, evidence, option...)."""
        with self._write() as db:
            row = self._attempt(attempt)
            if row["status"] != "in-progress":
                raise StorageError(f"attempt {attempt} is {row['status']}; it takes no more decisions")
            if row["scenario_hash"] != scenario.content_hash:
                raise StorageError(f"attempt {attempt} was made on another version of '{scenario.id}'")
            existing = self._one("SELECT option FROM decisions WHERE attempt = ? AND seq = ?", [attempt, decision.seq])
            if existing is not None:
                if existing["option"] != decision.option:
                    raise StorageError(
                        f"decision {decision.seq} of attempt {attempt} is already recorded as '{existing['option']}', not '{decision.option}'"
                    )
                if decision.confidence is not None:
                    db.execute(
                        "UPDATE decisions SET confidence = ? WHERE attempt = ? AND seq = ?", [decision.confidence, attempt, decision.seq]
                    )
                return
            from simulator.engine import env_of, evidence_of

            env = env_of(scenario, decision.values)
            node = scenario.nodes[decision.node]
            option = next(o for o in node.options if o.id == decision.option)
            points, note = evidence_of(option, env, decision.visited)
            db["decisions"].insert(
                {
                    "attempt": attempt,
                    "seq": decision.seq,
                    "node": decision.node,
                    "kind": decision.kind,
                    "option": decision.option,
                    "number": decision.number,
                    "offered": json.dumps(list(decision.offered)),
                    "state_before": json.dumps({"vars": env, "visited": sorted(decision.visited)}),
                    "evidence": json.dumps({"points": points, "note": note}),
                    "confidence": decision.confidence,
                    "elapsed_ms": decision.elapsed_ms,
                    "recorded": _now(),
                }
            )

    @_op
    def set_confidence(self, attempt: str, seq: int, confidence: int) -> None:
        from simulator.engine import CONFIDENCE_LEVELS

        if confidence not in CONFIDENCE_LEVELS:
            raise StorageError(f"confidence must be one of {', '.join(map(str, CONFIDENCE_LEVELS))}")
        with self._write() as db:
            cur = db.execute("UPDATE decisions SET confidence = ? WHERE attempt = ? AND seq = ?", [confidence, attempt, seq])
            if cur.rowcount == 0:
                raise StorageError(f"attempt {attempt} has no decision {seq}")

    @_op
    def finish_attempt(self, attempt: str, card: ScoreCard) -> None:
        """Store the score card; fill each decision's regret/stakes (and any decision not yet recorded)."""
        with self._write() as db:
            row = self._attempt(attempt)
            if row["status"] == "completed":
                return  # already finished (e.g. a retried call): nothing to change
            if row["status"] != "in-progress":
                raise StorageError(f"attempt {attempt} was {row['status']}; it cannot be finished")
            if card.scenario_hash != row["scenario_hash"]:
                raise StorageError(f"the score card is for another version of '{card.scenario_id}' than attempt {attempt}")
            if card.status not in ("completed", "stuck"):
                raise StorageError("the run has not reached an ending; keep it in progress or abandon it")
            for ds in card.decisions:
                existing = self._one("SELECT option FROM decisions WHERE attempt = ? AND seq = ?", [attempt, ds.seq])
                if existing is None:
                    db["decisions"].insert(
                        {
                            "attempt": attempt,
                            "seq": ds.seq,
                            "node": ds.node,
                            "kind": ds.kind,
                            "option": ds.option,
                            "offered": json.dumps([a.id for a in ds.alternatives]),
                            "state_before": json.dumps({"vars": ds.state}),
                            "evidence": json.dumps({"points": ds.evidence, "note": ds.note}),
                            "elapsed_ms": ds.elapsed_ms,
                            "recorded": _now(),
                        }
                    )
                elif existing["option"] != ds.option:
                    raise StorageError(f"decision {ds.seq} of attempt {attempt} does not match the score card")
                db.execute(
                    "UPDATE decisions SET regret = ?, stakes = ?, best_move = ?, confidence = COALESCE(?, confidence) "
                    "WHERE attempt = ? AND seq = ?",
                    [ds.regret, ds.stakes, int(ds.best_move), ds.confidence, attempt, ds.seq],
                )
            s = card.scores
            db["attempts"].update(
                attempt,
                {
                    "finished": _now(),
                    "status": "completed",
                    "ending": card.ending,
                    "outcome": card.outcome,
                    "judgment": s.get("judgment"),
                    **{c: s.get(c) for c in STANDARD_COMPETENCIES},
                    "outcome_score": s.get("outcome"),
                    "calibration": s.get("calibration"),
                    "luck": card.luck,
                    "scores": json.dumps(s),
                    "weights": json.dumps(card.weights),
                    "total": card.total,
                    "passed": int(card.passed),
                    "pass_score": card.pass_score,
                    "card": json.dumps(card.to_json()),
                },
            )

    @_op
    def abandon_attempt(self, attempt: str) -> None:
        with self._write() as db:
            row = self._attempt(attempt)
            if row["status"] == "abandoned":
                return
            if row["status"] != "in-progress":
                raise StorageError(f"attempt {attempt} is {row['status']}; only an attempt in progress can be abandoned")
            db["attempts"].update(attempt, {"status": "abandoned", "finished": _now()})
