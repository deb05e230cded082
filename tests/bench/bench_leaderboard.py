"""Leaderboard benchmark (issue 6): merge 200 export files x 500 attempts (100,000 attempts) with
verification by replay, against a baseline of just json-loading the same files.

The attempts are real: random runs of the bundled scenarios played with the engine and scored
(a pool of distinct runs, reused with fresh uuids and times). Replays are cached by
(content hash, seed, choices, confidences), so a run shared by many attempts replays once;
the figure printed says how many replays were actually made.

Run: .venv/bin/python -m tests.bench.bench_leaderboard
"""

from __future__ import annotations

import gc
import json
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from simulator import leaderboard as lb
from simulator.loader import load_library
from simulator.paths import bundled_scenarios_dir
from tests.support.leaderboard_data import export_doc, run_pool

FILES = 200
PER_FILE = 500
RUNS_PER_SCENARIO = 150


def _measure(fn):
    """(result, seconds without tracing, peak traced MiB from a second, traced run)."""
    gc.collect()
    t = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - t
    del result
    gc.collect()
    tracemalloc.start()
    result = fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, elapsed, peak / 1048576


def main() -> None:
    scenarios, _ = load_library([bundled_scenarios_dir()])
    t = time.perf_counter()
    pool = run_pool(scenarios, RUNS_PER_SCENARIO, seed=1)
    print(f"== leaderboard: {len(pool)} distinct played runs over {len(scenarios)} bundled scenarios "
          f"({time.perf_counter() - t:.1f} s to play and score) ==")
    with tempfile.TemporaryDirectory() as tmp:
        rnd = random.Random(2)
        paths = []
        teams = ["North", "South", "East", "West", "Central"]
        for i in range(FILES):
            doc = export_doc(f"Rep {i:03d}", teams[i % len(teams)], pool, PER_FILE, rnd)
            p = Path(tmp) / f"rep-{i:03d}.json"
            p.write_text(json.dumps(doc), encoding="utf-8")
            paths.append(p)
        size = sum(p.stat().st_size for p in paths)
        print(f"  {FILES} files x {PER_FILE} attempts = {FILES * PER_FILE:,} attempts, {size / 1048576:.1f} MiB on disk")

        def baseline():
            n = 0
            for p in paths:
                n += len(json.loads(p.read_bytes())["attempts"])
            return n

        def merge_all():
            verifier = lb.Verifier(scenarios)
            board, problems = lb.merge(lb.read_exports(paths)[0], verifier=verifier), []
            return board, verifier

        n, t_base, m_base = _measure(baseline)
        (board, verifier), t_merge, m_merge = _measure(merge_all)
        c = board.counts()
        print(f"  baseline json.loads of every file: {t_base:6.2f} s, peak {m_base:6.1f} MiB (traced run)")
        print(f"  read + validate + merge + verify + rank: {t_merge:6.2f} s, peak {m_merge:6.1f} MiB (traced run); "
              f"target < 10 s")
        print(f"  ratio to baseline: {t_merge / t_base:4.1f}x; replays made: {verifier.replays:,} for {n:,} attempts "
              f"(cache by hash, seed, choices, confidences)")
        print(f"  result: {c[lb.VERIFIED]:,} verified, {c[lb.UNVERIFIED]:,} unverified, {c[lb.FAILED]:,} do not verify, "
              f"{c[lb.CONFLICT]:,} conflicts; {sum(1 for r in board.table('index').rows if r.rank)} reps ranked")
        t = time.perf_counter()
        html_len = len(lb.to_html(board))
        csv_len = len(lb.to_csv(board))
        print(f"  to_html {html_len / 1024:.0f} KiB + to_csv {csv_len / 1024:.0f} KiB in {time.perf_counter() - t:.2f} s")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  process max RSS {rss:.0f} MiB (includes the generated files' build-up)")


if __name__ == "__main__":
    sys.exit(main())
