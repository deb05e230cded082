"""Belief search benchmark (issue 12): `paths` on a generated format 2 scenario with about 2,000
decisions and 3 situations (target < 5 s), and one live choice including the belief update
(target p99 < 5 ms). Each figure is printed beside a baseline measured in the same run: a bare
CSafeLoader parse of the same text, and the engine's choice alone."""

from __future__ import annotations

import random
import time

import yaml

from simulator import beliefs, search
from simulator.analysis import paths_report
from simulator.beliefs import Tracker
from simulator.engine import Session
from simulator.loader import load_text
from tests.support.generate_format2 import generated_format2


def clear() -> None:
    search._CACHE.clear()
    beliefs._CACHE.clear()


CPU: list[float] = []


def timed(fn) -> float:
    t, c = time.perf_counter(), time.process_time()
    fn()
    CPU.append(time.process_time() - c)
    return time.perf_counter() - t


def main() -> None:
    print("== beliefs: generated format 2 scenario, ~2,000 decisions, 3 situations (target < 5 s) ==")
    text = generated_format2(2500, seed=1, situations=3)
    sc, diags = load_text(text, display="generated2.yaml")
    assert sc is not None, diags
    decisions = sum(1 for n in sc.nodes.values() if n.kind != "routes")
    base = timed(lambda: yaml.load(text, Loader=yaml.CSafeLoader))
    clear()
    CPU.clear()
    t_states = timed(lambda: search.analyse(sc))
    t_beliefs = timed(lambda: beliefs.beliefs(sc))
    t_paths = timed(lambda: paths_report(sc))
    g = beliefs.beliefs(sc)
    multi = sum(1 for b in g.beliefs if len(b.states) > 1)
    print(f"  {decisions:,} decision nodes, {len(g.r.keys):,} states, {len(g.beliefs):,} beliefs ({multi:,} uncertain)")
    print(f"  state search {t_states:5.2f} s + belief search {t_beliefs:5.2f} s + paths report {t_paths:5.2f} s "
          f"= {t_states + t_beliefs + t_paths:5.2f} s; yaml parse {base:5.2f} s "
          f"(ratio {(t_states + t_beliefs + t_paths) / base:4.1f}x); cpu {sum(CPU):5.2f} s")

    print("== beliefs: one live choice including the belief update (target p99 < 5 ms) ==")
    small = generated_format2(60, seed=3, situations=3)
    sc, _ = load_text(small, display="small.yaml")
    g = beliefs.beliefs(sc)
    rnd = random.Random(1)
    with_update, choice_only, cpu = [], [], []
    for seed in range(400):
        s = Session(sc, seed=seed)
        s.start()
        tracker = Tracker(g, s)
        while not s.finished:
            pick = rnd.choice(s.current.options).id
            c = time.thread_time()
            t = time.perf_counter()
            s.choose(pick)
            t1 = time.perf_counter()
            tracker.update()
            t2 = time.perf_counter()
            cpu.append(time.thread_time() - c)
            choice_only.append(t1 - t)
            with_update.append(t2 - t)
            assert s.finished or tracker.belief >= 0
    for name, xs in (("choice + belief update", with_update), ("choice alone (baseline)", choice_only),
                     ("the same, thread cpu time", cpu)):
        xs.sort()
        print(f"  {name:<24} {len(xs)} choices: median {xs[len(xs) // 2] * 1e6:6.0f} µs, "
              f"p99 {xs[int(len(xs) * 0.99)] * 1e6:6.0f} µs, max {xs[-1] * 1e6:6.0f} µs")


if __name__ == "__main__":
    main()
