"""Random playthroughs: N seeded runs that pick offered options at random.

Each run ``i`` has its own seed (derived from the master seed), used both as
the session's seed (chance routes) and to pick the options, so a run is fully
determined by that one number. A run that gets stuck (no route applies, no
choice is offered), loops past the engine's 1,000-step cap, or raises is a
``Failure`` that carries its seed and the options it picked: their ids, and their
1-based positions in WRITTEN order among the options offered (format 2 shows them
shuffled; ``Session.choose(int)`` and ``play --choices`` count in written order),
which is exactly what ``simulator play SCENARIO --choices ... --seed N`` replays.
The pick itself is made in display order and sent to the engine by id.
"""

from __future__ import annotations

import random
import shlex
import traceback
from collections import Counter
from dataclasses import dataclass, field

from simulator.engine import MAX_STEPS, Session, play
from simulator.loader import Scenario

MAX_RUNS = 100_000


@dataclass(frozen=True)
class Failure:
    run: int  # 0-based run number
    seed: int
    kind: str  # "stuck" | "loop" | "error"
    node: str | None  # where it happened
    message: str
    choices: tuple[int, ...]  # 1-based numbers, as `simulator play --choices` takes them
    option_ids: tuple[str, ...]
    path: tuple[str, ...] = ()  # node ids entered, in order

    def command(self, scenario_path: str) -> str:
        """The command line that reproduces this run."""
        picks = ",".join(map(str, self.choices))
        parts = ["simulator", "play", shlex.quote(str(scenario_path))]
        if picks:
            parts += ["--choices", picks]
        parts += ["--seed", str(self.seed)]
        return " ".join(parts)

    def describe(self) -> str:
        what = {"stuck": "got stuck", "loop": f"looped past {MAX_STEPS:,} steps", "error": "raised an error"}[self.kind]
        where = f" at '{self.node}'" if self.node else ""
        return f"run {self.run + 1} (seed {self.seed}) {what}{where}: {self.message}"


@dataclass
class FuzzReport:
    scenario_id: str
    runs: int
    seed: int
    endings: Counter = field(default_factory=Counter)  # ending id -> runs that reached it
    failures: list[Failure] = field(default_factory=list)
    longest: int = 0  # most decisions in one run
    failed: int = 0  # every failed run, also those beyond the kept ``failures``
    outcomes: dict[str, str] = field(default_factory=dict)  # every ending id (written order) -> its outcome

    @property
    def ok(self) -> bool:
        return not self.failed

    def distinct(self) -> list[tuple[Failure, int]]:
        """Failures grouped by what went wrong and where, each with its shortest run and how many runs hit it."""
        groups: dict[tuple, list[Failure]] = {}
        for f in self.failures:
            groups.setdefault((f.kind, f.node, f.message), []).append(f)
        out = [(min(fs, key=lambda f: (len(f.choices), f.run)), len(fs)) for fs in groups.values()]
        out.sort(key=lambda fc: (-fc[1], fc[0].run))
        return out

    def summary(self) -> str:
        ended = sum(self.endings.values())
        kinds = Counter(f.kind for f in self.failures)
        bits = [f"{n} {k}" for k, n in sorted(kinds.items())]
        more = f", {len(self.failures)} shown" if self.failed > len(self.failures) else ""
        tail = f"; {self.failed} failed ({', '.join(bits)}{more})" if self.failed else "; no failures"
        return f"{self.runs} random run{'s' if self.runs != 1 else ''} (seed {self.seed}): {ended} reached an ending{tail}"

    def distribution(self) -> list[str]:
        """The ending distribution as text lines: every ending (also those no run reached), its outcome,
        runs, share and a bar; then the failed runs, if any."""
        ids = list(self.outcomes) or sorted(self.endings)
        ids += [e for e in self.endings if e not in ids]
        total = max(self.runs, 1)
        width = max([len(i) for i in ids] + [len("failed runs")])
        lines = [f"endings in {self.runs} run{'s' if self.runs != 1 else ''}:"]
        rows = [(i, self.outcomes.get(i, ""), self.endings.get(i, 0)) for i in ids]
        if self.failed:
            rows.append(("failed runs", "", self.failed))
        for label, outcome, n in rows:
            bar = "#" * round(30 * n / total)
            note = "  never reached" if n == 0 else ""
            lines.append(f"  {label:<{width}}  {outcome:<8}  {n:>6}  {100 * n / total:5.1f}%  {bar}{note}".rstrip())
        return lines

    def to_json(self, scenario_path: str | None = None) -> dict:
        return {
            "scenario": self.scenario_id,
            "runs": self.runs,
            "seed": self.seed,
            "endings": dict(self.endings),
            "failures": [
                {
                    "run": f.run,
                    "seed": f.seed,
                    "kind": f.kind,
                    "node": f.node,
                    "message": f.message,
                    "choices": list(f.choices),
                    "options": list(f.option_ids),
                    **({"command": f.command(scenario_path)} if scenario_path else {}),
                }
                for f in self.failures
            ],
        }


def run_seed(master: int, i: int) -> int:
    """The seed of run ``i``: spread out, positive, stable across Python versions."""
    return (master * 1_000_003 + i * 7_919 + 12_345) % (2**31 - 1)


def one_run(scenario: Scenario, seed: int, run: int = 0) -> tuple[Session | None, Failure | None]:
    """Play one random run with ``seed``; (the session, or None if it raised; the failure, if any)."""
    picker = random.Random(seed ^ 0x5EED)
    numbers: list[int] = []
    ids: list[str] = []
    session = None
    try:
        session = Session(scenario, seed, clock=lambda: 0.0)
        step = session.start()
        while not step.finished:
            pick = picker.randrange(len(step.options))
            option = step.options[pick]
            numbers.append(option.index)  # what `play --choices` takes: the written order (format 2 shuffles the display)
            ids.append(option.id)
            step = session.choose(option.id)
    except Exception as exc:  # a scenario must never make the engine raise: report it
        frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f" ({frame.filename.rsplit('/', 1)[-1]}:{frame.lineno})" if frame else ""
        node = session.node_id if session is not None else None
        return None, Failure(run, seed, "error", node, f"{type(exc).__name__}: {exc}{where}", tuple(numbers), tuple(ids),
                             tuple(session.path) if session is not None else ())
    if step.kind == "stuck":
        kind = "loop" if "steps" in step.reason else "stuck"
        return session, Failure(run, seed, kind, step.node, step.reason, tuple(numbers), tuple(ids), tuple(session.path))
    return session, None


def fuzz(scenario: Scenario, runs: int = 200, seed: int = 0, *, max_failures: int = 200, progress=None) -> FuzzReport:
    """``runs`` random playthroughs; failures are kept up to ``max_failures`` (all are counted in the summary)."""
    if runs < 0 or runs > MAX_RUNS:
        raise ValueError(f"runs must be between 0 and {MAX_RUNS:,}")
    report = FuzzReport(scenario.id, runs, seed, outcomes={eid: e.outcome for eid, e in scenario.endings.items()})
    for i in range(runs):
        s = run_seed(seed, i)
        session, failure = one_run(scenario, s, i)
        if failure is not None:
            report.failed += 1
            if len(report.failures) < max_failures:
                report.failures.append(failure)
        elif session is not None and session.ending is not None:
            report.endings[session.ending.id] += 1
        if session is not None:
            report.longest = max(report.longest, len(session.decisions))
        if progress is not None and not progress(i + 1, runs):
            report.runs = i + 1
            break
    return report


def replay(scenario: Scenario, failure: Failure) -> Session:
    """Play a failure's choices again with its seed (what `simulator play` does)."""
    return play(scenario, failure.choices, seed=failure.seed)
