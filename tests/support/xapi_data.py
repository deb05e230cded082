"""Attempts recorded in a real progress database, as the app records them (for the xAPI tests and benchmark)."""

from __future__ import annotations

import random

from simulator.engine import Session
from simulator.scoring import score_session


def record_run(store, profile, scenario, seed: int, rnd: random.Random, *, finish: bool = True) -> str:
    """Play a random run, saving every decision as the app does; finish it (score card) unless told not to."""
    uid = store.start_attempt(profile, scenario, seed)
    s = Session(scenario, seed)
    s.start()
    while not s.finished:
        s.choose(rnd.choice(s.options).id)
        if scenario.ask_confidence:
            s.set_confidence(rnd.choice((50, 60, 70, 80, 90, 100)))
        store.record_decision(uid, s.decisions[-1], scenario)
        if not finish and len(s.decisions) >= 2:
            return uid
    if finish:
        store.finish_attempt(uid, score_session(s))
    return uid
