"""Fixtures for the xAPI tests: a progress database with recorded attempts, and a real LRS (Ralph)."""

from __future__ import annotations

import random

import pytest

from simulator.loader import load_or_raise
from simulator.storage import Store
from simulator.xapi.config import LrsConfig
from tests.conftest import FIXTURES
from tests.support.lrs import PASSWORD, USER, start_lrs
from tests.support.xapi_data import record_run

BASE = "https://lrs-test.example.org/sim/"


@pytest.fixture(scope="session")
def fixture_scenarios():
    return [load_or_raise(FIXTURES / "valid" / n) for n in ("committee.yaml", "loop-and-luck.yaml")]


@pytest.fixture
def recorded(tmp_path, fixture_scenarios):
    """A database with two reps: Ann (EMEA) 4 completed attempts and 1 in progress, Bo 3 completed."""
    db = tmp_path / "progress.db"
    rnd = random.Random(7)
    with Store.open(db) as store:
        ann = store.create_profile("Ann Lee", "EMEA")
        bo = store.create_profile("Bo Chen", "EMEA")
        for i in range(4):
            record_run(store, ann, fixture_scenarios[i % 2], 100 + i, rnd)
        record_run(store, ann, fixture_scenarios[0], 200, rnd, finish=False)
        for i in range(3):
            record_run(store, bo, fixture_scenarios[(i + 1) % 2], 300 + i, rnd)
    return db


@pytest.fixture
def cfg():
    return LrsConfig(username=USER, password=PASSWORD, base_iri=BASE)


@pytest.fixture(scope="module")
def lrs(tmp_path_factory):
    server = start_lrs(tmp_path_factory.mktemp("lrs"))
    yield server
    server.stop()
