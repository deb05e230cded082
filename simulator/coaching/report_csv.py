"""The team insight as CSV: one table, every field quoted, formulas neutralised like the leaderboard's."""

from __future__ import annotations

import io

from simulator.coaching.insight import Insight
from simulator.leaderboard.render_csv import write_csv_rows

CSV_HEADER = ("section", "name", "team", "scenario", "decision", "option", "measure", "first", "latest", "value", "note")


def iter_rows(ins: Insight):
    yield CSV_HEADER
    for r in ins.reps:
        for c, cell in r.cells.items():
            yield ("heatmap", r.name, r.team, None, None, None, c, cell.first, cell.latest, None, None)
        yield ("trend", r.name, r.team, None, None, None, "change (latest - first)", None, None, r.change,
               f"{r.attempts} attempts; last {r.latest}")
        yield ("trend", r.name, r.team, None, None, None, "index", None, None, r.index, None)
    for it in ins.items:
        scen = f"{it.title} ({it.scenario_id} v{it.scenario_version})"
        yield ("item", None, None, scen, it.node, None, "reps", None, None, it.reps, it.prompt)
        yield ("item", None, None, scen, it.node, None, "mean regret", None, None, it.mean_regret, None)
        yield ("item", None, None, scen, it.node, None, "best-move rate", None, None, it.best_rate, None)
        yield ("item", None, None, scen, it.node, None, "point-biserial r", None, None, it.r_pb,
               "n/a" if it.r_pb is None else None)
        if it.costliest is not None:
            yield ("item", None, None, scen, it.node, it.costliest.option, "costliest common mistake (total regret)", None, None,
                   it.costliest_total, it.costliest.text)
        for o in it.options:
            yield ("option", None, None, scen, it.node, o.option, "share choosing", None, None, o.share,
                   f"{o.count} rep(s); mean regret {o.mean_regret:.2f}; {'best move' if o.best else 'not a best move'}; {o.text}")
    for rank, it in enumerate(ins.losses, 1):
        yield ("loses deals", None, None, f"{it.title} ({it.scenario_id} v{it.scenario_version})", it.node, None,
               f"rank {rank}: total regret", None, None, it.total_regret, it.prompt)


def to_csv(ins: Insight, out: io.TextIOBase | None = None) -> str | None:
    """The insight as one CSV table. Returns the text, or streams to ``out``."""
    return write_csv_rows(iter_rows(ins), out)
