"""What a Store reads: attempts in progress, history, progress per scenario and competency, the next
scenario to suggest, and the completed attempts a leaderboard export needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.storage.problems import _op
from simulator.storage.reading import (
    _COMPLETED_SQL,
    _competency_means,
    _read_in_progress,
    _read_scenario_progress,
    _session_json,
    _weakest,
)
from simulator.storage.records import DIFFICULTY_ORDER, AttemptRow, InProgress, Profile, ScenarioProgress, _loads

if TYPE_CHECKING:
    from simulator.loader import Scenario


class StoreQueries:
    """Mixin of ``Store``: the reading verbs (uses ``Store.db``)."""

    def _session_json(self, row: dict) -> tuple[dict, int]:
        from simulator.engine import SAVE_FORMAT

        return _session_json(self.db.query, row, SAVE_FORMAT)

    @_op
    def in_progress(self, profile: Profile) -> list[InProgress]:
        from simulator.engine import SAVE_FORMAT

        return _read_in_progress(self.db.query, profile.id, SAVE_FORMAT)

    # -- queries ----------------------------------------------------------------------

    @staticmethod
    def _row(r: dict) -> AttemptRow:
        return AttemptRow(
            uuid=r["uuid"],
            profile_id=r["profile_id"],
            scenario_id=r["scenario_id"],
            scenario_version=r["scenario_version"],
            scenario_hash=r["scenario_hash"],
            title=r["title"] or r["scenario_id"],
            seed=r["seed"],
            started=r["started"],
            finished=r["finished"],
            status=r["status"],
            ending=r["ending"],
            outcome=r["outcome"],
            scores=_loads(r["scores"], {}),
            total=r["total"],
            passed=None if r["passed"] is None else bool(r["passed"]),
        )

    @_op
    def history(self, profile: Profile | None = None, limit: int | None = None) -> list[AttemptRow]:
        """Attempts of any status, newest first."""
        sql = "SELECT a.*, s.title FROM attempts a LEFT JOIN scenarios s ON s.hash = a.scenario_hash"
        params: list = []
        if profile is not None:
            sql += " WHERE a.profile_id = ?"
            params.append(profile.id)
        sql += " ORDER BY a.started DESC, a.rowid DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [self._row(r) for r in self.db.query(sql, params)]

    def _completed(self, profile: Profile) -> list[dict]:
        return list(self.db.query(_COMPLETED_SQL, [profile.id]))

    @_op
    def scenario_progress(self, profile: Profile) -> dict[str, ScenarioProgress]:
        """Per scenario id with at least one completed attempt: first, best and latest total."""
        return _read_scenario_progress(self.db.query, profile.id)

    @_op
    def competency_trend(self, profile: Profile) -> dict[str, list[tuple[str, float]]]:
        """component -> [(finished ISO time, score)] over completed attempts, oldest first."""
        out: dict[str, list[tuple[str, float]]] = {}
        for r in self._completed(profile):
            for comp, value in _loads(r["scores"], {}).items():
                if value is not None:
                    out.setdefault(comp, []).append((r["finished"], value))
        return out

    @_op
    def competency_means(self, profile: Profile) -> dict[str, float]:
        """Mean score per competency (not judgment/outcome/calibration) over completed attempts; n/a ignored."""
        return _competency_means(self._completed(profile))

    def weakest_competency(self, profile: Profile) -> str | None:
        return _weakest(self.competency_means(profile))

    def suggest_next(self, profile: Profile, scenarios: list[Scenario]) -> Scenario | None:
        """The scenario that exercises the weakest competency and that the rep has not mastered.

        Not mastered = no passed completed attempt at that scenario id. Among those, the ones
        whose decisions can earn points in the weakest competency come first; then the easier
        difficulty, the fewer attempts so far, and the id.
        """
        progress = self.scenario_progress(profile)
        weakest = self.weakest_competency(profile)
        open_ = [s for s in scenarios if not (s.id in progress and progress[s.id].passed)]
        if not open_:
            return None

        def rank(s: Scenario):
            exercises = weakest is not None and weakest in exercised_competencies(s)
            tried = progress[s.id].attempts if s.id in progress else 0
            diff = DIFFICULTY_ORDER.get(str(getattr(s.model, "difficulty", "") or ""), 1)
            return (not exercises, diff, tried, s.id, -s.version)

        return min(open_, key=rank)

    @_op
    def completed_attempts(self, profile: Profile) -> list[dict]:
        """For leaderboard export: each completed attempt with its decisions (option ids, confidences) and score card JSON."""
        out = []
        for r in self.db.query(
            "SELECT a.*, s.title, p.name AS profile_name, p.team AS profile_team FROM attempts a "
            "JOIN profiles p ON p.id = a.profile_id LEFT JOIN scenarios s ON s.hash = a.scenario_hash "
            "WHERE a.profile_id = ? AND a.status = 'completed' ORDER BY a.started, a.rowid",
            [profile.id],
        ):
            decs = list(
                self.db.query(
                    "SELECT seq, node, option, confidence, elapsed_ms, regret, stakes FROM decisions WHERE attempt = ? ORDER BY seq",
                    [r["uuid"]],
                )
            )
            out.append(
                {
                    "uuid": r["uuid"],
                    "profile": {"name": r["profile_name"], "team": r["profile_team"] or ""},
                    "scenario": {"id": r["scenario_id"], "version": r["scenario_version"], "hash": r["scenario_hash"], "title": r["title"]},
                    "scenario_id": r["scenario_id"],
                    "scenario_version": r["scenario_version"],
                    "scenario_hash": r["scenario_hash"],
                    "seed": r["seed"],
                    "started": r["started"],
                    "finished": r["finished"],
                    "ending": r["ending"],
                    "outcome": r["outcome"],
                    "scores": _loads(r["scores"], {}),
                    "total": r["total"],
                    "passed": bool(r["passed"]),
                    "app_version": r["app_version"],
                    "decisions": decs,
                    "card": _loads(r["card"]),
                }
            )
        return out

    @_op
    def decisions(self, attempt: str) -> list[dict]:
        """The recorded decisions of one attempt, in order (JSON columns decoded)."""
        rows = []
        for d in self.db.query("SELECT * FROM decisions WHERE attempt = ? ORDER BY seq", [attempt]):
            for k in ("offered", "state_before", "evidence"):
                d[k] = _loads(d[k])
            d["best_move"] = None if d["best_move"] is None else bool(d["best_move"])
            rows.append(d)
        return rows


def exercised_competencies(scenario: Scenario) -> set[str]:
    """Competencies some reachable decision can earn points in (options differ in them).

    Uses the search (``analyse``); when the scenario is too large to explore, scans its
    evidence rules instead.
    """
    cached = scenario._cache.get("storage.exercised") if isinstance(getattr(scenario, "_cache", None), dict) else None
    if cached is not None:
        return cached
    found: set[str] = set()
    try:
        from simulator.search import analyse

        for info in analyse(scenario).decisions.values():
            for c in scenario.competencies:
                vals = [e.get(c, 0.0) for e in info.evidence]
                if vals and max(vals) != min(vals):
                    found.add(c)
    except Exception:  # too large to explore (or not analysable): fall back to the rules themselves
        for node in scenario.nodes.values():
            for option in node.options:
                for rule in option.evidence:
                    found.update(c for c, p in rule.points.items() if p)
    if isinstance(getattr(scenario, "_cache", None), dict):
        scenario._cache["storage.exercised"] = found
    return found
