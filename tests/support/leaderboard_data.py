"""Real, replayable leaderboard exports for tests and the benchmark: random runs played with the
engine and scored, so every attempt verifies by replay unless a test tampers with it."""

from __future__ import annotations

import copy
import random
import uuid as uuidlib
from datetime import datetime, timedelta, timezone

from simulator import leaderboard as lb
from simulator.engine import Session
from simulator.scoring import score_session


def random_run(sc, seed: int, rnd: random.Random) -> Session:
    s = Session(sc, seed)
    s.start()
    while not s.finished:
        s.choose(rnd.choice(s.options).id)
        if sc.ask_confidence:
            s.set_confidence(rnd.choice((50, 60, 70, 80, 90, 100)))
    return s


def run_pool(scenarios, per_scenario: int, seed: int = 1) -> list[dict]:
    """``per_scenario`` distinct completed runs of each scenario, as export attempts without uuid/times."""
    rnd = random.Random(seed)
    pool = []
    for sc in scenarios:
        for _ in range(per_scenario):
            s = random_run(sc, rnd.randrange(2**31), rnd)
            card = score_session(s)
            if card.ending is None or card.total is None:
                continue
            pool.append(lb.attempt_record(card, [d.option for d in s.decisions], [d.confidence for d in s.decisions], "", "", ""))
    return pool


def export_doc(name: str, team: str, pool: list[dict], n: int, rnd: random.Random, start=datetime(2024, 1, 1, tzinfo=timezone.utc)) -> dict:
    """An export of ``n`` attempts drawn from ``pool`` with fresh uuids and increasing times."""
    attempts = []
    t = start
    for _ in range(n):
        t += timedelta(minutes=rnd.randrange(5, 600))
        a = copy.deepcopy(rnd.choice(pool))
        a["uuid"] = str(uuidlib.UUID(int=rnd.getrandbits(128), version=4))
        a["started"] = lb._iso(t - timedelta(minutes=10))
        a["finished"] = lb._iso(t)
        attempts.append(a)
    return lb.build_export(name, team, attempts)
