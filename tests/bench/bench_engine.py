"""Engine and search benchmark (issue 3): `paths` per bundled scenario, a generated 2,000-node
scenario, and one choice in a live session. Each figure is printed beside a baseline measured in
the same run (a bare CSafeLoader parse of the same file)."""

from __future__ import annotations

import gc
import random
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

import yaml

from simulator import beliefs, search
from simulator.beliefs import Tracker
from simulator.analysis import paths_report
from simulator.engine import Session
from simulator.loader import load_or_raise, load_text
from tests.core.test_search import BIG
from tests.support.generate import generated_scenario

ROOT = Path(__file__).resolve().parents[2]


CPU: list[float] = []  # the process time of the last best_of (less sensitive to a busy machine)


def best_of(fn, repeats: int = 3) -> float:
    best = cpu = float("inf")
    for _ in range(repeats):
        search._CACHE.clear()
        beliefs._CACHE.clear()
        t, c = time.perf_counter(), time.process_time()
        fn()
        best = min(best, time.perf_counter() - t)
        cpu = min(cpu, time.process_time() - c)
    CPU[:] = [cpu]
    return best


def main() -> None:
    print("== engine: paths per bundled scenario (target < 0.5 s each) ==")
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        sc = load_or_raise(path)
        text = path.read_text(encoding="utf-8")
        base = best_of(lambda: yaml.load(text, Loader=yaml.CSafeLoader))
        t = best_of(lambda: paths_report(sc))
        cpu = CPU[0]
        rep = paths_report(sc)
        print(f"  {sc.id:<32} paths {t * 1000:7.1f} ms (cpu {cpu * 1000:6.1f} ms)  ({rep.states} states, {rep.beliefs} beliefs, "
              f"{rep.paths_explored} paths{'' if rep.exhaustive else ', capped + sampled'})  yaml parse {base * 1000:5.2f} ms")

    print("== engine: generated scenario, 2,000 nodes, 3 variables (target < 5 s) ==")
    text = generated_scenario(2000, seed=1, variables=3)
    sc, diags = load_text(text, display="generated.yaml")
    assert sc is not None, diags
    base = best_of(lambda: yaml.load(text, Loader=yaml.CSafeLoader), 1)
    t_search = best_of(lambda: search.analyse(sc), 1)
    t_paths = best_of(lambda: paths_report(sc), 1)
    print(f"  search (V*/Q*) {t_search:6.2f} s; full paths report {t_paths:6.2f} s "
          f"({len(search.analyse(sc).keys):,} states); yaml parse {base:5.2f} s; ratio paths/parse {t_paths / base:5.1f}x")

    print("== engine: one choice in a live session (target < 1 ms) ==")
    sc = load_or_raise(ROOT / "tests/scenarios/valid/spec-example.yaml")
    bundled = sorted((ROOT / "scenarios").glob("*.yaml"))
    if bundled:
        sc = load_or_raise(bundled[0])
    rnd = random.Random(1)
    timings = []
    for seed in range(300):
        s = Session(sc, seed=seed)
        s.start()
        while not s.finished:
            pick = rnd.choice(s.current.options).id
            t = time.perf_counter()
            s.choose(pick)
            timings.append(time.perf_counter() - t)
    timings.sort()
    print(f"  {sc.id}: {len(timings)} choices, median {timings[len(timings) // 2] * 1e6:.0f} µs, "
          f"p99 {timings[int(len(timings) * 0.99)] * 1e6:.0f} µs, max {timings[-1] * 1e6:.0f} µs")


def run_process(args: list[str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one child process, the best of 3."""
    best = (float("inf"), float("inf"))
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        wall = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        best = min(best, (wall, cpu))
    return best


def paths_command() -> None:
    print("== engine: `python -m simulator paths <id>` per bundled scenario, a whole process (target < 0.5 s) ==")
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        wall, cpu = run_process([sys.executable, "-m", "simulator", "paths", path.stem])
        base, base_cpu = run_process([sys.executable, "-c", "import sys, yaml; "
                                      "yaml.load(open(sys.argv[1], encoding='utf-8'), Loader=yaml.CSafeLoader)", str(path)])
        print(f"  {path.stem:<32} paths {wall * 1000:5.0f} ms (cpu {cpu * 1000:4.0f} ms); "
              f"a process that only parses its YAML {base * 1000:4.0f} ms (cpu {base_cpu * 1000:4.0f} ms)")


def live_choices_while_a_large_build_runs(big, sc, choices: int = 5000) -> tuple[list[float], float]:
    """Live choices in ``sc`` (each with its belief update) while the search, beliefs and paths of ``big``
    are built in a background thread (as the studio does) and for 2,000 choices after it is done;
    (the sorted timings, the time of one full collection afterwards)."""
    search._CACHE.clear()
    beliefs._CACHE.clear()
    gc.unfreeze()
    gc.collect()
    g = beliefs.beliefs(sc)
    done = threading.Event()
    worker = threading.Thread(target=lambda: (paths_report(big), done.set()), daemon=True)
    worker.start()
    rnd = random.Random(1)
    timings: list[float] = []
    seed, after = 0, 0
    while len(timings) < choices or after < 2000:
        s = Session(sc, seed=seed)
        seed += 1
        s.start()
        tracker = Tracker(g, s)
        while not s.finished:
            pick = rnd.choice(s.current.options).id
            t = time.perf_counter()
            s.choose(pick)
            tracker.update()
            timings.append(time.perf_counter() - t)
            after += done.is_set()
    worker.join()
    t = time.perf_counter()
    gc.collect()
    full = time.perf_counter() - t
    timings.sort()
    return timings, full


TOO_BIG = BIG.replace("max: 100", "max: 500")  # 251,001 states: over the bound


def too_many_states() -> None:
    print("== engine: a scenario with too many states to score, asked twice (the outcome is cached) ==")
    sc, _ = load_text(TOO_BIG, display="too-big.yaml")
    search._CACHE.clear()
    base = best_of(lambda: yaml.load(TOO_BIG, Loader=yaml.CSafeLoader), 1)
    times = []
    for _ in range(2):
        t = time.perf_counter()
        try:
            search.analyse(sc)
        except search.StateBoundError:
            pass
        times.append(time.perf_counter() - t)
    search._CACHE.clear()
    print(f"  first {times[0]:5.2f} s, again {times[1] * 1e6:5.0f} µs (yaml parse {base * 1e6:5.0f} µs)")


def gc_pauses() -> None:
    print("== engine: live choices while a very large search is built in the background (2,000-node paths report) ==")
    big, _ = load_text(generated_scenario(2000, seed=1, variables=3), display="generated.yaml")
    bundled = sorted((ROOT / "scenarios").glob("*.yaml"))
    sc = load_or_raise(bundled[0] if bundled else ROOT / "tests/scenarios/valid/spec-example.yaml")
    default = search.FREEZE_OBJECTS
    for label, bound in (("collector scans the big graph (baseline)", 10**12), ("big graph frozen (gc.freeze)", default)):
        search.FREEZE_OBJECTS = bound
        try:
            xs, full = live_choices_while_a_large_build_runs(big, sc)
        finally:
            search.FREEZE_OBJECTS = default
        print(f"  {label:<42} {len(xs)} choices + belief updates: median {xs[len(xs) // 2] * 1e6:6.0f} µs, "
              f"p99 {xs[int(len(xs) * 0.99)] * 1e3:6.1f} ms, max {xs[-1] * 1e3:6.1f} ms; "
              f"a full collection afterwards {full * 1e3:6.1f} ms")


if __name__ == "__main__":
    main()
    paths_command()
    too_many_states()
    gc_pauses()
