"""The coach's side: many coaching files (and leaderboard exports) merged into one team.

Attempts are merged and verified exactly as on the leaderboard (``simulator.leaderboard.merge`` with
its ``Verifier``: keyed on attempt uuid, replayed against the local scenario with the same content
hash, badges verified / unverified / does not verify / conflict). ``CoachVerifier`` also keeps each
replay's score card, so the coach's debriefs and the item analysis need no second replay.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

from simulator.coaching.file_format import ReflectionModel, ShareModel
from simulator.coaching.reading import EXPORT, SHARE, ReadFile, read_paths
from simulator.leaderboard.entries import Entry, _entries_of, rep_key
from simulator.leaderboard.ranking import Attempt, Board, _without_cyclic_gc, merge
from simulator.leaderboard.verify import CONFLICT, FAILED, VERIFIED, Verifier, replay_key


class CoachVerifier(Verifier):
    """The leaderboard's verifier, keeping the replayed score card of every attempt it checks."""

    def __init__(self, scenarios: Iterable[Any] = ()):
        super().__init__(scenarios)
        self.cards: dict[tuple, Any] = {}

    def _keep(self, key: tuple, card: Any) -> None:
        self.cards[key] = card

    def card(self, e: Entry):
        """The replayed score card of a verified attempt (None when it could not be replayed here)."""
        return self.cards.get(replay_key(e))


@dataclass
class TeamRep:
    key: tuple[str, str]
    name: str
    team: str
    attempts: list[Attempt]  # oldest first (finished, started, uuid)
    files: list[str] = field(default_factory=list)

    @property
    def latest(self) -> Optional[Attempt]:
        return self.attempts[-1] if self.attempts else None


@dataclass
class Team:
    board: Board
    reps: list[TeamRep]
    verifier: CoachVerifier
    titles: dict[str, str]  # scenario content hash -> title
    reflections: dict[str, ReflectionModel]  # attempt uuid -> the rep's reflection (from the newest share)
    problems: list[str]
    files: list[str]

    def rep(self, key: tuple[str, str]) -> Optional[TeamRep]:
        for r in self.reps:
            if r.key == key:
                return r
        return None

    def title(self, e: Entry) -> str:
        sc = self.verifier.by_hash.get(e.scenario_hash)
        return sc.title if sc is not None else self.titles.get(e.scenario_hash, e.scenario_id)

    def scenario(self, e: Entry):
        return self.verifier.by_hash.get(e.scenario_hash)


def _by_time(a: Attempt):
    return (a.entry.finished, a.entry.started, a.entry.uuid)


@_without_cyclic_gc
def build_team(files: Iterable[ReadFile], scenarios: Iterable[Any] = (), problems: Iterable[str] = ()) -> Team:
    """Merge read files (shares and leaderboard exports) into a team."""
    files = list(files)
    verifier = CoachVerifier(scenarios)
    exports: list[list[Entry]] = []
    titles: dict[str, str] = {}
    refl: dict[str, tuple[str, str, ReflectionModel]] = {}  # uuid -> (written, canonical, reflection)
    rep_files: dict[tuple[str, str], set[str]] = {}
    for f in files:
        if f.kind == EXPORT:
            entries = f.model
            exports.append(entries)
            for e in entries:
                rep_files.setdefault(e.rep_key, set()).add(f.path)
            continue
        model: ShareModel = f.model
        entries = _entries_of(model, f.path)
        exports.append(entries)
        rep_files.setdefault(rep_key(model.rep.team, model.rep.name), set()).add(f.path)
        written = model.written.isoformat()
        for a in model.attempts:
            titles.setdefault(a.scenario.hash, a.title)
            if a.reflection is not None:
                cand = (written, a.reflection.model_dump_json(), a.reflection)
                cur = refl.get(a.uuid)
                if cur is None or cand[:2] > cur[:2]:  # the newest share wins; the same whatever the file order
                    refl[a.uuid] = cand
    board = merge(exports, verifier=verifier)
    by_rep: dict[tuple[str, str], list[Attempt]] = {}
    for a in board.attempts:
        by_rep.setdefault(a.entry.rep_key, []).append(a)
    summaries = {rep_key(r.team, r.name): r for r in board.reps}
    reps = []
    for key, atts in by_rep.items():
        atts.sort(key=_by_time)
        summary = summaries.get(key)
        name, team = (summary.name, summary.team) if summary else (atts[0].entry.rep, atts[0].entry.team)
        reps.append(TeamRep(key, name, team, atts, sorted(rep_files.get(key, ()))))
    reps.sort(key=lambda r: (r.name.casefold(), r.team.casefold(), r.key))
    return Team(board, reps, verifier, titles, {u: v[2] for u, v in refl.items()}, list(problems), [f.path for f in files])


def team_from_paths(paths: Iterable[str | Path], scenarios: Iterable[Any] = ()) -> Team:
    """Read, validate and merge coaching files and leaderboard exports. Rejected files are in ``problems``."""
    files, problems = read_paths(paths, (SHARE, EXPORT))
    return build_team(files, scenarios, problems)


def valid(a: Attempt) -> bool:
    """Counts for the coach (shown and analysed): not a failed replay, not a conflict."""
    return a.status not in (FAILED, CONFLICT)


__all__ = ["CoachVerifier", "Team", "TeamRep", "build_team", "team_from_paths", "valid", "VERIFIED"]
