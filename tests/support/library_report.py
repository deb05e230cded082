"""Measures every bundled scenario against issue 13 (a library that tests judgment).

``python -m tests.support.library_report [FILE...]`` prints one row per scenario: nodes, decisions on
each situation's best path, situations, the memoriser's judgment, and each bot's best total and
mean judgment. tests/core/test_library_quality.py asserts on the same measurements.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean

from simulator.analysis import paths_report
from tests.support import bots as B

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
SEEDS = range(10)


@dataclass
class Quality:
    id: str
    path: Path
    format: int
    difficulty: str
    nodes: int
    endings: list[tuple[str, float]]  # (outcome, value) per ending
    has_diagnose: bool
    option_counts: list[int]  # options written at each node with choices
    situations: list[str]
    best_paths: dict[str, list[str]]  # situation -> the best path on beliefs there
    situational: dict[str, int]  # situation -> decisions on its best path whose best move differs elsewhere
    passing_variants: dict[str, int]  # situation -> distinct passing paths found near its best path (capped)
    memoriser: float | None
    multi_best_share: float | None
    bots: dict[str, B.BotResult]
    length_ratio: float | None
    longest_best_share: float | None
    temptation_share: float | None
    ask_confidence: bool
    pass_score: float
    tags: set[str] = field(default_factory=set)
    styles: set[str] = field(default_factory=set)

    @property
    def best_path_decisions(self) -> list[int]:
        return [len(p) for p in self.best_paths.values()]


def _design_reviews(report_json: dict, scenario) -> list[dict]:
    """Distinct decisions with stakes from the design report: one per node and set of best options."""
    texts = {o.id: o.text for n in scenario.nodes.values() for o in n.options}
    seen: dict[tuple, dict] = {}
    for d in report_json.get("decisions", []):
        if d.get("kind") != "choices" or not d.get("stakes", 0) > 1e-9:
            continue
        best = tuple(sorted(o["id"] for o in d["options"] if o["mark"] == "best"))
        seen.setdefault((d["node"], best), {"node": d["node"], "options": [
            {"id": o["id"], "text": texts.get(o["id"], ""), "best": o["mark"] == "best", "evidence": o.get("evidence", {})}
            for o in d["options"]]})
    return list(seen.values())


def _ratio(reviews) -> float | None:
    best = [len(o["text"]) for d in reviews for o in d["options"] if o["best"]]
    other = [len(o["text"]) for d in reviews for o in d["options"] if not o["best"]]
    return mean(best) / mean(other) if best and other else None


def _longest_best(reviews) -> float | None:
    if not reviews:
        return None
    return sum(max(d["options"], key=lambda o: len(o["text"]))["best"] for d in reviews) / len(reviews)


def _temptations(reviews) -> float | None:
    if not reviews:
        return None
    hits = sum(any(not o["best"] and any(v > 0 for v in o["evidence"].values()) for o in d["options"]) for d in reviews)
    return hits / len(reviews)


def _situational(scenario, sid: str, plan: list[str], others: list[str]) -> int:
    """Decisions with stakes on ``plan`` (played in ``sid``) whose best options differ in another situation
    where the same plan reaches the same node at the same step."""
    own = B.play(scenario, B.plan_bot(plan), 0, sid).decisions
    elsewhere = [B.play(scenario, B.plan_bot(plan), 0, o).decisions for o in others]
    count = 0
    for i, d in enumerate(own):
        if d.kind != "choices" or d.stakes <= 0:
            continue
        for decs in elsewhere:
            if i < len(decs) and decs[i].node == d.node and set(decs[i].best_options) != set(d.best_options):
                count += 1
                break
    return count


def _passing_variants(scenario, sid: str | None, plan: list[str], cap: int = 3) -> int:
    """Distinct passing paths found by replaying ``plan`` and each single-move variation of it."""
    found: set[tuple[str, ...]] = set()
    base = B.play(scenario, B.plan_bot(plan), 0, sid)
    if base.passed:
        found.add(tuple(d.option for d in base.decisions))
    for i, d in enumerate(base.decisions):
        for alt in d.alternatives:
            if alt.id == d.option or len(found) >= cap:
                continue
            variant = list(plan)
            variant[variant.index(d.option)] = alt.id
            card = B.play(scenario, B.plan_bot(variant), 0, sid)
            if card.passed:
                found.add(tuple(x.option for x in card.decisions))
    return len(found)


def measure(path: Path, seeds=SEEDS) -> Quality:
    sc = B.load(path)
    report = paths_report(sc)
    rj = report.to_json()
    sits = [s.id for s in sc.situations]
    if sits:
        best_paths = {sid: list(rj["situations"][sid]["best_path"]) for sid in sits}
    else:
        best_paths = {"-": list(rj["best_path"])}
    situational, passing = {}, {}
    for sid, plan in best_paths.items():
        real = None if sid == "-" else sid
        situational[sid] = _situational(sc, sid, plan, [o for o in sits if o != sid]) if sits else 0
        passing[sid] = _passing_variants(sc, real, plan)
    reviews = _design_reviews(rj, sc)
    max_opts = max((len(n.options) for n in sc.nodes.values() if n.kind == "choices"), default=1)
    bots = {name: B.measure(sc, bot, name, seeds) for name, bot in B.all_bots(max_opts).items()}
    return Quality(
        id=sc.id,
        path=path,
        format=sc.format,
        difficulty=sc.model.difficulty,
        nodes=len(sc.nodes),
        endings=[(e.outcome, e.value) for e in sc.endings.values()],
        has_diagnose=any(n.kind == "diagnose" for n in sc.nodes.values()),
        option_counts=[len(n.options) for n in sc.nodes.values() if n.kind == "choices"],
        situations=sits,
        best_paths=best_paths,
        situational=situational,
        passing_variants=passing,
        memoriser=rj.get("memoriser_judgment"),
        multi_best_share=rj.get("multi_best_share"),
        bots=bots,
        length_ratio=_ratio(reviews),
        longest_best_share=_longest_best(reviews),
        temptation_share=_temptations(reviews),
        ask_confidence=bool(sc.ask_confidence),
        pass_score=float(sc.pass_score),
        tags=set(sc.model.tags or ()),
        styles={(p.style or "").lower() for p in sc.people.values()},
    )


def _fmt(x, spec=".0f") -> str:
    return "n/a" if x is None else format(x, spec)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    paths = [Path(a) for a in argv] or sorted(SCENARIOS.glob("*.yaml"))
    names = None
    for p in paths:
        q = measure(p)
        if names is None:
            names = list(q.bots)
            print("scenario                      nodes  best-path   sit  situational  memoriser  len-ratio  tempting")
            print("    bots: best total / mean judgment (passed runs, when any)")
        paths_txt = ",".join(str(n) for n in q.best_path_decisions)
        sit_txt = ",".join(str(n) for n in q.situational.values())
        print(f"{q.id:28s} {q.nodes:5d}  {paths_txt:10s}  {len(q.situations):3d}  {sit_txt:11s}  {_fmt(q.memoriser):>9s}"
              f"  {_fmt(q.length_ratio, '.2f'):>9s}  {_fmt(q.temptation_share, '.0%'):>8s}")
        print("    " + "  ".join(
            f"{n} {r.best_total:.0f}/{r.mean_judgment:.0f}" + (f" ({r.passes}/{r.runs})" if r.passes else "")
            for n, r in q.bots.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
