"""Team insight: where each rep stands, how they move, and which decisions the team gets wrong.

Everything is computed from a merged ``Team`` (coaching files and leaderboard exports) with the
leaderboard's rules (spec/scoring.md, "Comparing reps"): per rep and scenario version the **first**
attempt is the earliest finished one (conflicts aside) and counts only when it verifies or could not
be checked here; later attempts are practice, shown as "latest".

* **Heatmap** — reps x components (judgment, each competency, then the total): the mean over the
  rep's scenarios of the first attempt's score, and of the latest attempt's.
* **Trend** — each rep's totals in time order, and the change: latest minus first, averaged over the
  scenarios the rep attempted more than once (the leaderboard's "most improved").
* **Item analysis** — per scenario decision (a node), over the first attempts that replay here
  (verified), each rep's first visit to that decision: the share choosing each option, the mean
  regret, the costliest common mistake (the move that was not a best move with the highest total
  regret: times chosen x its mean regret; ties: chosen more often, then the option id), and the
  point-biserial correlation between making a best move there (1/0) and the rep's index — which is
  Pearson's r between the two; n/a when fewer than 2 reps met it, everyone (or no one) made a best
  move, or every index is equal.
* **Where my team loses deals** — the decisions with the highest total regret across the team.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

from simulator.coaching.team import Team, TeamRep, valid
from simulator.leaderboard.entries import rep_key
from simulator.leaderboard.ranking import STANDARD_COMPETENCIES, _without_cyclic_gc
from simulator.leaderboard.verify import CONFLICT, UNVERIFIED, VERIFIED

LOSSES = 10  # decisions listed under "where my team loses deals"


@dataclass(frozen=True)
class Cell:
    first: Optional[float]
    latest: Optional[float]


@dataclass(frozen=True)
class RepInsight:
    name: str
    team: str
    index: Optional[float]
    cells: dict[str, Cell]  # component (and "total") -> first / latest means
    totals: tuple[tuple[str, float], ...]  # (finished, total) of every counted attempt, oldest first
    change: Optional[float]  # latest - first, mean over retried scenarios
    attempts: int
    latest: str  # when the rep last finished an attempt ("" when none)


@dataclass(frozen=True)
class OptionStat:
    option: str
    text: str
    count: int
    share: float  # of the reps who met the decision
    mean_regret: float
    best: bool  # a best move every time it was chosen here


@dataclass(frozen=True)
class Item:
    scenario_id: str
    scenario_version: int
    scenario_hash: str
    title: str
    node: str
    order: int  # position of the node's first appearance in the scenario's decisions met
    prompt: str
    reps: int  # reps whose first attempt met the decision
    options: tuple[OptionStat, ...]  # by count, then option id
    mean_regret: float
    total_regret: float
    best_rate: float
    costliest: Optional[OptionStat]
    costliest_total: float
    r_pb: Optional[float]


@dataclass(frozen=True)
class Insight:
    components: tuple[str, ...]
    reps: tuple[RepInsight, ...]
    items: tuple[Item, ...]
    losses: tuple[Item, ...]
    analysed: int  # first attempts used in the item analysis
    not_analysed: int  # first attempts that could not be replayed here (unverified)


def _mean(xs) -> Optional[float]:
    xs = list(xs)
    return math.fsum(xs) / len(xs) if xs else None


def point_biserial(xs: list[int], ys: list[float]) -> Optional[float]:
    """Pearson's r between a 0/1 variable and a numeric one: (M1 - M0) / s * sqrt(p q), s the population
    standard deviation of ``ys``. None when undefined (n < 2, p in {0, 1}, or s = 0)."""
    n = len(xs)
    if n < 2 or n != len(ys):
        return None
    p = sum(xs) / n
    if p in (0.0, 1.0):
        return None
    mean = math.fsum(ys) / n
    s = math.sqrt(math.fsum((y - mean) ** 2 for y in ys) / n)
    if s <= 1e-12:
        return None
    m1 = math.fsum(y for x, y in zip(xs, ys) if x) / sum(xs)
    m0 = math.fsum(y for x, y in zip(xs, ys) if not x) / (n - sum(xs))
    return max(-1.0, min(1.0, (m1 - m0) / s * math.sqrt(p * (1 - p))))


def _components(team: Team) -> tuple[str, ...]:
    seen: set[str] = set()
    for r in team.reps:
        for a in r.attempts:
            seen.update(c for c, v in a.entry.scores if v is not None)
    custom = sorted(seen - set(STANDARD_COMPETENCIES) - {"judgment", "outcome", "calibration"})
    return tuple(c for c in ("judgment", *STANDARD_COMPETENCIES) if c in seen) + tuple(custom)


def _first_and_latest(rep: TeamRep) -> list[tuple]:
    """Per scenario version: (first attempt or None when it does not verify, latest counted attempt)."""
    by_hash: dict[str, list] = {}
    for a in rep.attempts:
        if a.status != CONFLICT:
            by_hash.setdefault(a.entry.scenario_hash, []).append(a)
    out = []
    for h in sorted(by_hash):
        items = by_hash[h]  # already in time order
        good = [a for a in items if valid(a)]
        first = items[0] if valid(items[0]) else None
        out.append((first, good[-1] if good else None, len(good)))
    return out


def _rep_insight(rep: TeamRep, index: Optional[float], components: tuple[str, ...]) -> RepInsight:
    pairs = _first_and_latest(rep)
    cells = {}
    for c in (*components, "total"):
        def val(a):
            if a is None:
                return None
            return a.entry.total if c == "total" else a.entry.score(c)

        firsts = [val(f) for f, _, _ in pairs if f is not None]
        latests = [val(lt) for f, lt, _ in pairs if f is not None and lt is not None]
        cells[c] = Cell(_mean(v for v in firsts if v is not None), _mean(v for v in latests if v is not None))
    changes = [lt.entry.total - f.entry.total for f, lt, n in pairs if f is not None and lt is not None and n > 1]
    counted = [a for a in rep.attempts if valid(a)]
    return RepInsight(rep.name, rep.team, index, cells, tuple((a.entry.finished, a.entry.total) for a in counted),
                      _mean(changes), len(counted), counted[-1].entry.finished if counted else "")


@_without_cyclic_gc
def insight(team: Team) -> Insight:
    """The team insight (see the module's docstring for every definition)."""
    components = _components(team)
    index = {rep_key(s.team, s.name): s.index for s in team.board.reps}
    reps = tuple(_rep_insight(r, index.get(r.key), components) for r in team.reps)

    # item analysis: (hash, node) -> [(rep key, DecisionScore)]
    met: dict[tuple[str, str], list] = {}
    order: dict[tuple[str, str], int] = {}
    meta: dict[str, tuple] = {}
    analysed = not_analysed = 0
    for r in team.reps:
        for first, _latest, _n in _first_and_latest(r):
            if first is None:
                continue
            if first.status == UNVERIFIED:
                not_analysed += 1
                continue
            card = team.verifier.card(first.entry) if first.status == VERIFIED else None
            if card is None:
                not_analysed += 1
                continue
            analysed += 1
            e = first.entry
            meta[e.scenario_hash] = (e.scenario_id, e.scenario_version, team.title(e))
            seen_nodes: set[str] = set()
            for i, d in enumerate(card.decisions):
                if d.node in seen_nodes:
                    continue  # a loop: the first visit counts
                seen_nodes.add(d.node)
                key = (e.scenario_hash, d.node)
                order[key] = min(order.get(key, i), i)
                met.setdefault(key, []).append((r.key, d))

    items = []
    for key, rows in met.items():
        h, node = key
        sid, version, title = meta[h]
        n = len(rows)
        texts: dict[str, str] = {}
        by_opt: dict[str, list] = {}
        prompt = ""
        for _k, d in rows:
            by_opt.setdefault(d.option, []).append(d)
            texts.setdefault(d.option, d.option_text)
            prompt = prompt or (d.prompt or "")
            for alt in d.alternatives:
                texts.setdefault(alt.id, alt.text)
        stats = []
        for opt, ds in by_opt.items():
            stats.append(OptionStat(opt, texts.get(opt, opt), len(ds), len(ds) / n, math.fsum(d.regret for d in ds) / len(ds),
                                    all(d.best_move for d in ds)))
        stats.sort(key=lambda s: (-s.count, s.option))
        mistakes = [s for s in stats if not s.best]
        costliest = min(mistakes, key=lambda s: (-s.count * s.mean_regret, -s.count, s.option), default=None)
        xs = [1 if d.best_move else 0 for _k, d in rows]
        ys = [index.get(k) for k, _d in rows]
        pairs = [(x, y) for x, y in zip(xs, ys) if y is not None]
        r_pb = point_biserial([x for x, _ in pairs], [y for _, y in pairs])
        total = math.fsum(d.regret for _k, d in rows)
        items.append(Item(sid, version, h, title, node, order[key], prompt, n, tuple(stats), total / n, total, sum(xs) / n,
                          costliest, costliest.count * costliest.mean_regret if costliest else 0.0, r_pb))
    items.sort(key=lambda it: (it.title.casefold(), it.scenario_id, it.scenario_version, it.order, it.node))
    losses = sorted((it for it in items if it.total_regret > 1e-9),
                    key=lambda it: (-round(it.total_regret, 9), -it.mean_regret, it.title.casefold(), it.node))[:LOSSES]
    return Insight(components, reps, tuple(items), tuple(losses), analysed, not_analysed)
