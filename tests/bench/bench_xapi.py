"""xAPI: 10,000 statements synced to a local LRS (Ralph) and the team board built from 10,000 statements.

Baselines measured in the same run: POSTing the same statements with plain urllib in one loop (no
outbox, no bookkeeping), and json.loads of the statements' bytes (the floor for reading them).
Targets (issue 18): sync < 60 s, board < 10 s.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

from simulator.loader import load_or_raise
from simulator.storage import Store
from simulator.xapi import vocab as v
from simulator.xapi.board import board_from_lrs, board_from_statements
from simulator.xapi.client import Client
from simulator.xapi.config import LrsConfig
from simulator.xapi.outbox import earned
from simulator.xapi.sync import sync
from tests.conftest import FIXTURES
from tests.support.lrs import PASSWORD, USER, start_lrs
from tests.support.xapi_data import record_run

TARGET = 10_000


def _fill(db: Path, scenarios) -> int:
    rnd = random.Random(3)
    with Store.open(db) as store:
        reps = [store.create_profile(f"Rep {i:02d}", f"Team {i % 4}") for i in range(25)]
        n = 0
        cfg = LrsConfig()
        i = 0
        while n < TARGET:
            for _ in range(40):
                record_run(store, reps[i % len(reps)], scenarios[i % len(scenarios)], 1000 + i, rnd)
                i += 1
            n = len(earned(store, cfg))
    return n


def main() -> None:
    scenarios = [load_or_raise(FIXTURES / "valid" / n) for n in ("committee.yaml", "loop-and-luck.yaml")]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db = tmp / "progress.db"
        t = time.perf_counter()
        n = _fill(db, scenarios)
        print(f"bench_xapi: recorded attempts giving {n:,} statements in {time.perf_counter() - t:.1f} s")
        cfg = LrsConfig(username=USER, password=PASSWORD, base_iri="https://bench.example.org/")
        with Store.open(db, read_only=True) as store:
            statements = earned(store, cfg)

        base_lrs = start_lrs(tmp / "lrs-baseline")
        try:
            import base64

            auth = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
            t = time.perf_counter()
            for k in range(0, len(statements), 100):
                body = json.dumps(statements[k:k + 100]).encode()
                req = urllib.request.Request(base_lrs.endpoint + "statements", data=body, method="POST", headers={
                    "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json", "Authorization": auth})
                urllib.request.urlopen(req).read()
            baseline = time.perf_counter() - t
        finally:
            base_lrs.stop()

        lrs = start_lrs(tmp / "lrs")
        try:
            c = Client(replace(cfg, endpoint=lrs.endpoint))
            with Store.open(db) as store:
                t = time.perf_counter()
                report = sync(store, replace(cfg, endpoint=lrs.endpoint), client=c)
                took = time.perf_counter() - t
            print(f"bench_xapi: sync {report.sent:,} statements in {took:.1f} s (target < 60 s); "
                  f"plain urllib POST loop {baseline:.1f} s; ratio {took / baseline:.2f}x; error={report.error!r}")
            t = time.perf_counter()
            board, problems = board_from_lrs(c, scenarios)  # what `leaderboard --lrs` does
            t_all = time.perf_counter() - t
            t = time.perf_counter()
            read = list(c.statements(limit=1000))
            t_read = time.perf_counter() - t
            completed = [s for s in read if s["verb"]["id"] == v.VERB_COMPLETED]
            t = time.perf_counter()
            board_from_statements(completed, scenarios)
            t_board = time.perf_counter() - t
            raw = json.dumps(read).encode()
            t = time.perf_counter()
            json.loads(raw)
            t_json = time.perf_counter() - t
            print(f"bench_xapi: board from the LRS ({len(read):,} statements, {len(completed):,} completed attempts, "
                  f"{len(board.reps)} reps, problems={len(problems)}): {t_all:.1f} s (target < 10 s) = reading "
                  f"{t_read:.1f} s per full read (Ralph's file backend; the verb filter is read once more) + "
                  f"validate/verify/rank {t_board:.2f} s; json.loads of the same bytes {t_json:.3f} s")
        finally:
            lrs.stop()


if __name__ == "__main__":
    main()
