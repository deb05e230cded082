"""Attempts recorded in a real progress database, as the app records them (for the xAPI tests and benchmark)."""

from __future__ import annotations

import random

from simulator.engine import Session
from simulator.storage import record_session
from tests.support.leaderboard_data import random_run


def record_run(store, profile, scenario, seed: int, rnd: random.Random, *, finish: bool = True) -> str:
    """A random run saved decision by decision as the app saves it; finished with its score card, or
    left in progress after two decisions (``finish=False``)."""
    if finish:
        return record_session(store, profile.name, random_run(scenario, seed, rnd), team=profile.team)
    s = Session(scenario, seed)
    s.start()
    for _ in range(2):
        s.choose(rnd.choice(s.options).id)
    return record_session(store, profile.name, s, team=profile.team)
