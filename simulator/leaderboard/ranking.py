"""The board: merging the entries of many files (keyed on attempt uuid) and ranking reps
as in spec/scoring.md "Comparing reps"."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from simulator.leaderboard.entries import Entry, rep_key
from simulator.leaderboard.verify import CONFLICT, FAILED, UNVERIFIED, VERIFIED, Verifier

SHRINK = 3  # the "3" of (sum + 3 * team_mean) / (n + 3)
MIN_SCENARIOS = 3  # ranked after this many distinct scenarios
STANDARD_COMPETENCIES = ("insight", "discovery", "tailoring", "control")
COMPUTED = ("judgment", "outcome", "calibration")


@dataclass(frozen=True)
class Attempt:
    entry: Entry
    status: str
    reason: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conflict:
    uuid: str
    variants: tuple[tuple[str, str, str], ...]  # (rep, team, files) per distinct content


@dataclass(frozen=True)
class ScenarioRow:
    """One rep at one scenario version: the rated first attempt, plus best and latest (practice)."""

    scenario_id: str
    scenario_version: int
    scenario_hash: str
    attempts: int
    first: Optional[float]  # None: the first attempt is not rated (does not verify)
    first_status: str
    best: Optional[float]
    latest: Optional[float]
    first_finished: str


@dataclass(frozen=True)
class RepSummary:
    name: str
    team: str
    rows: tuple[ScenarioRow, ...]
    scenarios: int  # distinct scenario ids with a rated first attempt
    index: Optional[float]
    ranked: bool
    unverified: int  # rated first attempts that could not be checked here
    excluded: int  # attempts that do not verify or conflict


@dataclass(frozen=True)
class BoardRow:
    rank: Optional[int]
    name: str
    team: str
    value: Optional[float]
    n: int  # rated first attempts counted
    scenarios: int
    badge: str  # verified | partly unverified | unverified
    note: str = ""


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    explain: str
    rows: tuple[BoardRow, ...]


@dataclass
class Board:
    attempts: list[Attempt]
    conflicts: list[Conflict]
    files: list[str]
    reps: list[RepSummary]
    tables: list[Table]
    improved: Table
    teams: list[str]
    scenarios: list[tuple[str, int, str]]  # (id, version, hash) seen
    team: Optional[str] = None
    scenario: Optional[str] = None

    def table(self, key: str) -> Table:
        for t in self.tables:
            if t.key == key:
                return t
        if key == self.improved.key:
            return self.improved
        raise KeyError(key)

    def counts(self) -> dict[str, int]:
        out = {VERIFIED: 0, UNVERIFIED: 0, FAILED: 0, CONFLICT: 0}
        for a in self.attempts:
            out[a.status] += 1
        return out

    def filtered(self, team: Optional[str] = None, scenario: Optional[str] = None) -> "Board":
        """The same merged attempts, ranked for one team and/or one scenario id."""
        return rank(self.attempts, self.conflicts, self.files, team=team, scenario=scenario)


def _without_cyclic_gc(fn):
    """Pause the cyclic garbage collector while ``fn`` runs. A big merge allocates millions of small
    objects and frees few; the collector's full passes (which grow with everything else the process
    holds, e.g. the app's caches) would otherwise dominate the time."""
    import functools
    import gc

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return wrapper


@_without_cyclic_gc
def merge(exports: Iterable[Iterable[Entry]], scenarios: Iterable[Any] = (), *, verifier: Verifier | None = None,
          team: Optional[str] = None, scenario: Optional[str] = None) -> Board:
    """Merge the entries of many export files into one board.

    Keyed on attempt uuid; idempotent and order-independent (the same files in any order, or twice,
    give the same board). A uuid seen with different content is a conflict: every variant is kept
    off the ranking and listed. Each remaining attempt is verified by replay when a local scenario
    has its content hash.
    """
    verifier = verifier or Verifier(scenarios)
    variants: dict[str, dict[Entry, set[str]]] = {}
    files: set[str] = set()
    for entries in exports:
        for e in entries:
            files.add(e.source)
            by_content = variants.get(e.uuid)
            if by_content is None:
                variants[e.uuid] = {e: {e.source}}
                continue
            srcs = by_content.get(e)
            if srcs is None:
                by_content[e] = {e.source}
            else:
                srcs.add(e.source)
    attempts: list[Attempt] = []
    conflicts: list[Conflict] = []
    for uuid in sorted(variants):
        by_content = variants[uuid]
        if len(by_content) == 1:
            ((e, srcs),) = by_content.items()
            status, reason = verifier.check(e)
            attempts.append(Attempt(e, status, reason, tuple(sorted(srcs))))
            continue
        ordered = sorted(by_content.items(), key=lambda kv: _content_key(kv[0]))
        conflicts.append(Conflict(uuid, tuple((e.rep, e.team, ", ".join(sorted(s))) for e, s in ordered)))
        for e, srcs in ordered:
            attempts.append(Attempt(e, CONFLICT, f"attempt {uuid} appears with different content in {len(ordered)} versions",
                                    tuple(sorted(srcs))))
    return rank(attempts, conflicts, sorted(files), team=team, scenario=scenario)


def _content_key(e: Entry) -> str:
    return json.dumps([e.rep, e.team, e.to_json()], sort_keys=True)


def _mean(xs: list[float]) -> Optional[float]:
    return math.fsum(xs) / len(xs) if xs else None


def _shrunk(values: list[float], team_mean: float) -> float:
    return (math.fsum(values) + SHRINK * team_mean) / (len(values) + SHRINK)


def _comp_order(names: Iterable[str]) -> list[str]:
    names = set(names)
    return [c for c in STANDARD_COMPETENCIES if c in names] + sorted(names - set(STANDARD_COMPETENCIES))


def rank(attempts: list[Attempt], conflicts: list[Conflict], files: list[str], *, team: Optional[str] = None,
         scenario: Optional[str] = None) -> Board:
    """Rank reps as in spec/scoring.md "Comparing reps" (see docs/leaderboard-format.md for the exact rules)."""
    teams_seen: dict[str, set[str]] = defaultdict(set)
    scen_seen: set[tuple[str, int, str]] = set()
    # group every attempt by rep, then by scenario hash
    per_rep: dict[tuple[str, str], dict[str, list[Attempt]]] = defaultdict(lambda: defaultdict(list))
    names: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for a in attempts:
        e = a.entry
        teams_seen[" ".join(e.team.split()).casefold()].add(e.team)
        scen_seen.add((e.scenario_id, e.scenario_version, e.scenario_hash))
        if scenario is not None and e.scenario_id != scenario:
            continue
        k = e.rep_key
        names[k].add((e.rep, e.team))
        per_rep[k][e.scenario_hash].append(a)
    team_key = rep_key(team, "")[0] if team is not None else None

    # rated first attempts: the earliest finished attempt of the rep at that hash (conflicts aside);
    # when it does not verify, that scenario is not rated for the rep (a later retry does not replace it)
    rated: dict[tuple[str, str], list[tuple[ScenarioRow, Entry | None, str]]] = {}
    excluded: dict[tuple[str, str], int] = {}
    for k, by_hash in per_rep.items():
        rows = []
        bad = 0
        for h, items in by_hash.items():
            usable = [a for a in items if a.status != CONFLICT]
            bad += sum(1 for a in items if a.status in (CONFLICT, FAILED))
            if not usable:
                continue
            usable.sort(key=lambda a: (a.entry.finished, a.entry.started, a.entry.uuid))
            first = usable[0]
            good = [a for a in usable if a.status in (VERIFIED, UNVERIFIED)]
            ok_first = first.status in (VERIFIED, UNVERIFIED)
            e = first.entry
            row = ScenarioRow(
                scenario_id=e.scenario_id,
                scenario_version=e.scenario_version,
                scenario_hash=h,
                attempts=len(items),
                first=e.total if ok_first else None,
                first_status=first.status,
                best=max((a.entry.total for a in good), default=None),
                latest=good[-1].entry.total if good else None,
                first_finished=e.finished,
            )
            rows.append((row, e if ok_first else None, good[-1].entry.total if (ok_first and len(good) > 1) else None))
        rows.sort(key=lambda r: (r[0].scenario_id, r[0].scenario_version, r[0].scenario_hash))
        rated[k] = rows
        excluded[k] = bad

    # team means over every rated first attempt of the team (one value per rep and scenario version)
    components: set[str] = set()
    team_vals: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for k, rows in rated.items():
        for row, e, _ in rows:
            if e is None:
                continue
            team_vals[k[0]]["total"].append(e.total)
            for c, v in e.scores:
                if v is not None:
                    team_vals[k[0]][c].append(v)
                    if c not in COMPUTED:
                        components.add(c)
    team_means = {t: {c: _mean(v) for c, v in vals.items()} for t, vals in team_vals.items()}
    need = 1 if scenario is not None else MIN_SCENARIOS

    def display(k):
        return min(names[k])  # deterministic whatever the order of files

    reps: list[RepSummary] = []
    lines: dict[str, list[BoardRow]] = defaultdict(list)
    improved_rows: list[BoardRow] = []
    for k in sorted(rated):
        if team_key is not None and k[0] != team_key:
            continue
        rows = rated[k]
        name, team_name = display(k)
        firsts = [(row, e) for row, e, _ in rows if e is not None]
        distinct = len({row.scenario_id for row, _ in firsts})
        unverified = sum(1 for row, _ in firsts if row.first_status == UNVERIFIED)
        badge = VERIFIED if unverified == 0 else (UNVERIFIED if unverified == len(firsts) else "partly unverified")
        means = team_means.get(k[0], {})
        index = _shrunk([e.total for _, e in firsts], means["total"]) if firsts else None
        reps.append(RepSummary(name, team_name, tuple(r for r, _, _ in rows), distinct, index, distinct >= need and index is not None,
                               unverified, excluded[k]))
        for key in ["total", "judgment", *components]:
            vals = [(row, v) for row, e in firsts for v in [e.total if key == "total" else e.score(key)] if v is not None]
            if not vals:
                continue
            d = len({row.scenario_id for row, _ in vals})
            value = _shrunk([v for _, v in vals], means[key])
            note = "" if d >= need else f"needs {need - d} more scenario{'s' if need - d > 1 else ''} to be ranked"
            lines["index" if key == "total" else key].append(BoardRow(None, name, team_name, value, len(vals), d, badge, note))
        changes = [later - e.total for row, e, later in rows if e is not None and later is not None]
        if changes:
            improved_rows.append(BoardRow(None, name, team_name, math.fsum(changes) / len(changes), len(changes), len(changes), badge,
                                          f"latest minus first, mean over {len(changes)} scenario{'s' if len(changes) > 1 else ''}"))

    def ranked(rows: list[BoardRow], gate: bool = True) -> tuple[BoardRow, ...]:
        ok = [r for r in rows if not gate or not r.note]
        rest = [r for r in rows if gate and r.note]
        ok.sort(key=lambda r: (-round(r.value, 9), r.name.casefold(), r.team.casefold(), r.name, r.team))
        out = []
        prev = None
        for i, r in enumerate(ok):
            v = round(r.value, 9)
            rnk = out[-1].rank if prev is not None and v == prev else i + 1
            prev = v
            out.append(BoardRow(rnk, r.name, r.team, r.value, r.n, r.scenarios, r.badge, r.note))
        rest.sort(key=lambda r: (-r.scenarios, r.name.casefold(), r.team.casefold(), r.name, r.team))
        return tuple(out + rest)

    shrink_text = (f"first attempts only; mean shrunk toward the team mean: (sum + {SHRINK} x team mean) / (n + {SHRINK}); "
                   f"ranked after {need} distinct scenario{'s' if need > 1 else ''}")
    tables = [Table("index", "Overall index", "Total score, " + shrink_text, ranked(lines["index"]))]
    tables.append(Table("judgment", "Judgment", "Judgment score, " + shrink_text, ranked(lines["judgment"])))
    for c in _comp_order(components):
        tables.append(Table(c, c.replace("_", " ").replace("-", " ").capitalize(), f"{c.capitalize()} score, " + shrink_text,
                            ranked(lines[c])))
    improved = Table("improved", "Most improved", "Latest attempt minus first attempt, averaged over the scenarios the rep retried",
                     ranked(improved_rows, gate=False))
    teams = sorted({min(v) for v in teams_seen.values()}, key=lambda t: (t.casefold(), t))
    return Board(attempts, conflicts, files, reps, tables, improved, teams, sorted(scen_seen), team, scenario)
