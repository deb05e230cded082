"""The mutation fuzzer: mutated bundled scenarios and test fixtures, run in-process against the loader,
the linter and a short headless play.

A case is a failure when
* anything raises (the loader must turn every problem into a located diagnostic for that file),
* a diagnostic is not located (file, line >= 1, column >= 1, a message) or is the loader's
  last-resort ``internal`` diagnostic (an exception it had to swallow),
* a file fails to load without any error diagnostic,
* one case takes longer than ``DEADLINE`` seconds (a hang),
* a score is not finite (NaN or infinity) or outside 0..100.

Case ``i`` of seed ``s`` is fully determined by ``(s, i)``: ``python -m tests.fuzz --seed s --case i`` replays it.
"""

from __future__ import annotations

import math
import random
import signal
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.fuzz.mutate import mutate

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 5.0  # seconds per case
SEARCH_MAX_BYTES = 6_000  # the search-based lint and scoring run on mutants of small files (big ones take seconds by design)
PLAYS = 3  # short headless runs per loaded mutant


def corpus() -> dict[str, list[Path]]:
    """The bundled scenarios and the test fixtures, in a stable order, by kind."""
    fixtures = ROOT / "tests" / "scenarios"
    return {
        "valid": sorted((fixtures / "valid").glob("*.yaml")),
        "bundled": sorted((ROOT / "scenarios").glob("*.yaml")),
        "invalid": sorted((fixtures / "invalid").glob("*.yaml")),
    }


MIX = (("valid", 0.5), ("bundled", 0.3), ("invalid", 0.2))  # mutants of loadable files reach the linter and the engine


class Hang(BaseException):
    """Raised by the deadline; a BaseException so that no ``except Exception`` in the code under test swallows it."""


@contextmanager
def deadline(seconds: float):
    """Raise ``Hang`` after ``seconds`` of this process's CPU time (not wall time: other programs on a busy
    machine must not turn a slow case into a "hang")."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def ring(signum, frame):
        raise Hang(f"took longer than {seconds:g} s of CPU time")

    old = signal.signal(signal.SIGPROF, ring)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)


@dataclass
class Case:
    index: int
    seed: int
    origin: Path
    mutations: list[str]
    data: str | bytes
    outcome: str = ""  # loaded | rejected | failure
    failure: str = ""
    seconds: float = 0.0
    searched: bool = False

    def describe(self) -> str:
        return (f"case {self.index} (seed {self.seed}) from {self.origin.relative_to(ROOT)} "
                f"[{'; '.join(self.mutations)}]: {self.failure}")


def make_case(seed: int, index: int, files: dict[str, list[Path]] | None = None) -> Case:
    files = files or corpus()
    rng = random.Random(f"{seed}:{index}")
    kinds = [k for k, _ in MIX if files.get(k)]
    kind = rng.choices(kinds, weights=[w for k, w in MIX if k in kinds])[0]
    origin = rng.choice(files[kind])
    data, done = mutate(origin.read_text(encoding="utf-8", errors="replace"), rng)
    return Case(index, seed, origin, done, data)


def _check_diagnostics(diags, display: str) -> str | None:
    for d in diags:
        if d.code == "internal":
            return f"the loader had to swallow an exception: {d}"
        if d.file != display or d.line < 1 or d.column < 1 or not d.message or "\n" in d.message:
            return f"diagnostic not located: {d!r}"
    return None


def _check_card(card) -> str | None:
    values = {k: v for k, v in card.scores.items() if v is not None}
    values["total"] = card.total
    for k, v in values.items():
        if v is None:
            continue
        if not isinstance(v, (int, float)) or not math.isfinite(v) or not -1e-9 <= v <= 100 + 1e-9:
            return f"score {k} is {v!r}"
    return None


def run_case(case: Case) -> Case:
    """Load, lint and briefly play one mutant; fills ``outcome``/``failure``."""
    from simulator.errors import SimulatorError
    from simulator.fuzz import one_run
    from simulator.lint import lint
    from simulator.loader import load_text
    from simulator.scoring import score_session

    display = case.origin.name
    start = time.perf_counter()
    stage = "load"
    try:  # each stage has its own deadline: a hang is one operation over DEADLINE seconds
        with deadline(DEADLINE):
            scenario, diags = load_text(case.data, path=case.origin, library_root=case.origin.parent, display=display)
        problem = _check_diagnostics(diags, display)
        if problem is None and scenario is None and not any(d.is_error for d in diags):
            problem = "not loaded, yet no error diagnostic"
        if problem is None and scenario is not None:
            stage = "lint"
            size = len(case.data.encode("utf-8") if isinstance(case.data, str) else case.data)
            case.searched = size <= SEARCH_MAX_BYTES
            with deadline(DEADLINE):
                warnings = lint(scenario, with_search=case.searched)
            problem = _check_diagnostics(warnings, display)
            if any(d.code == "state-bound" for d in warnings):
                case.searched = False  # too many states to score: scoring would say so again, slowly
            for k in range(PLAYS if problem is None else 0):
                stage = "play"
                with deadline(DEADLINE):
                    session, failure = one_run(scenario, case.seed * 31 + case.index * 7 + k)
                if failure is not None and failure.kind == "error":
                    problem = f"play raised: {failure.message}"
                    break
                if case.searched and session is not None and session.finished and session.current.kind != "stuck":
                    stage = "score"
                    try:
                        with deadline(DEADLINE):
                            problem = _check_card(score_session(session))
                    except SimulatorError:  # a one-line user error (e.g. too many states to score) is an answer, not a crash
                        case.searched = False  # and the next runs would only repeat it
                    if problem:
                        break
        case.outcome = "loaded" if scenario is not None else "rejected"
        if problem:
            case.outcome, case.failure = "failure", f"{stage}: {problem}"
    except Hang as exc:
        case.outcome, case.failure = "failure", f"{stage}: hang ({exc})"
    except Exception as exc:  # noqa: BLE001 - exactly what the fuzzer looks for
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        case.outcome = "failure"
        case.failure = f"{stage}: {type(exc).__name__}: {str(exc)[:200]} ({Path(frame.filename).name}:{frame.lineno})"
    case.seconds = time.perf_counter() - start
    return case


@dataclass
class Report:
    seed: int
    cases: int = 0
    loaded: int = 0
    rejected: int = 0
    searched: int = 0
    failures: list[Case] = field(default_factory=list)
    seconds: float = 0.0
    slowest: float = 0.0

    @property
    def rate(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        return (f"{self.cases} cases (seed {self.seed}) in {self.seconds:.1f} s = {self.rate:.1f} cases/s; "
                f"{self.loaded} loaded (then linted, {self.searched} with the search, and played), {self.rejected} rejected "
                f"with located diagnostics, {len(self.failures)} failure(s); slowest case {self.slowest:.2f} s")


def fuzz(cases: int, seed: int = 0, *, first: int = 0, progress=None) -> Report:
    files = corpus()
    report = Report(seed)
    start = time.perf_counter()
    for i in range(first, first + cases):
        case = run_case(make_case(seed, i, files))
        report.cases += 1
        report.slowest = max(report.slowest, case.seconds)
        report.searched += case.searched
        if case.outcome == "failure":
            report.failures.append(case)
        elif case.outcome == "loaded":
            report.loaded += 1
        else:
            report.rejected += 1
        if progress is not None:
            progress(report, case)
    report.seconds = time.perf_counter() - start
    return report
