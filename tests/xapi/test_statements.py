"""Statements built from a real progress database: valid xAPI 1.0.3, deterministic, complete."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import pytest

from simulator.storage import Store
from simulator.xapi import vocab as v
from simulator.xapi.outbox import attempt_records, earned
from simulator.xapi.rules import check_statement
from simulator.xapi.statements import iso_duration, statement_id


def test_every_statement_follows_the_xapi_rules(recorded, cfg):
    with Store.open(recorded, read_only=True) as store:
        statements = earned(store, cfg)
    assert statements
    problems = [(s["id"], p) for s in statements for p in check_statement(s)]
    assert problems == []


def test_an_attempt_gives_launched_each_decision_and_completed(recorded, cfg):
    with Store.open(recorded, read_only=True) as store:
        records = attempt_records(store, profile="ann lee")
        statements = earned(store, cfg, profile="Ann Lee")
    done = [r for r in records if r.status == "completed"]
    open_ = [r for r in records if r.status == "in-progress"]
    assert len(done) == 4 and len(open_) == 1
    first = done[0]
    mine = [s for s in statements if s["context"]["registration"] == first.uuid]
    verbs = [s["verb"]["id"] for s in mine]
    assert verbs == [v.VERB_LAUNCHED] + [v.VERB_ANSWERED] * len(first.decisions) + [v.VERB_COMPLETED]
    answers = [s["result"]["response"] for s in mine if s["verb"]["id"] == v.VERB_ANSWERED]
    assert answers == [d["option"] for d in first.decisions]
    for s, d in zip(mine[1:-1], first.decisions):
        assert s["result"]["extensions"][v.X_EVIDENCE] == {k: float(p) for k, p in d["evidence"]["points"].items()}
        assert s["object"]["id"] == f"{cfg.base_iri}scenarios/{first.scenario_id}/decisions/{d['node']}"
    completed = mine[-1]
    card = first.card
    assert completed["result"]["score"]["scaled"] == pytest.approx(card["total"] / 100, abs=1e-6)
    assert completed["result"]["success"] is card["passed"]
    assert completed["result"]["completion"] is True
    ext = completed["result"]["extensions"]
    assert ext[v.X_COMPONENTS] == card["scores"] and ext[v.X_LUCK] == card["luck"] and ext[v.X_ENDING] == card["ending"]
    assert completed["context"]["extensions"][v.X_SEED] == first.seed
    assert completed["context"]["extensions"][v.X_HASH] == first.scenario_hash
    assert completed["context"]["extensions"][v.X_TEAM] == "EMEA"
    assert completed["actor"] == {"objectType": "Agent", "name": "Ann Lee",
                                  "account": {"homePage": cfg.base_iri, "name": "Ann Lee"}}
    # the attempt still open sends launched and every decision but the latest (its confidence may follow)
    live = [s for s in statements if s["context"]["registration"] == open_[0].uuid]
    assert [s["verb"]["id"] for s in live] == [v.VERB_LAUNCHED] + [v.VERB_ANSWERED] * (len(open_[0].decisions) - 1)


def test_ids_are_uuid5_of_attempt_and_event_so_building_twice_is_identical(recorded, cfg):
    with Store.open(recorded, read_only=True) as store:
        a = earned(store, cfg)
        b = earned(store, cfg)
    assert a == b
    for s in a:
        u = uuid.UUID(s["id"])
        assert u.version == 5
    reg = a[0]["context"]["registration"]
    assert a[0]["id"] == statement_id(reg, "launched")
    assert len({s["id"] for s in a}) == len(a)


def test_mbox_actor_when_configured(recorded, cfg):
    from dataclasses import replace

    with Store.open(recorded, read_only=True) as store:
        s = earned(store, replace(cfg, mbox="ann@example.com"), profile="Ann Lee")[0]
    assert s["actor"] == {"objectType": "Agent", "name": "Ann Lee", "mbox": "mailto:ann@example.com"}
    assert check_statement(s) == []


@pytest.mark.parametrize("seconds, text", [(0, "PT0S"), (3.456, "PT3.46S"), (61, "PT1M1S"), (3600, "PT1H"),
                                           (3725.5, "PT1H2M5.5S")])
def test_durations_are_iso_8601(seconds, text):
    assert iso_duration(seconds) == text


@pytest.mark.parametrize("path, value, problem", [
    (("result", "score", "scaled"), 1.5, "result.score.scaled: must lie in [-1, 1]"),
    (("result", "duration"), "1 minute", "result.duration: not an ISO 8601 duration"),
    (("object", "definition", "name"), {"english": "x"}, "'english' is not an RFC 5646 language tag"),
    (("id",), "6FBD600F-D17C-4C74-801A-2EC2E53231C7", "id: not a lowercase RFC 4122 UUID"),
    (("context", "registration"), "nope", "context.registration: not a lowercase RFC 4122 UUID"),
    (("verb", "id"), "completed", "verb.id: not an IRI"),
    (("timestamp",), "2024-01-01T10:00:00", "timestamp: not an ISO 8601 time with a time zone"),
])
def test_the_rules_catch_what_an_lrs_would_refuse(recorded, cfg, path, value, problem):
    with Store.open(recorded, read_only=True) as store:
        s = [x for x in earned(store, cfg) if x["verb"]["id"] == v.VERB_COMPLETED][0]
    target = s
    for k in path[:-1]:
        target = target[k]
    target[path[-1]] = value
    assert any(problem in p for p in check_statement(s)), check_statement(s)


def test_extension_keys_must_be_iris(recorded, cfg):
    with Store.open(recorded, read_only=True) as store:
        s = earned(store, cfg)[0]
    s["context"]["extensions"]["seed"] = 1
    assert "context.extensions: key 'seed' is not an IRI" in check_statement(s)


def _cli(*args, env):
    return subprocess.run([sys.executable, "-m", "simulator", *args], capture_output=True, text=True, env=env)


def test_xapi_command_writes_the_statements_and_filters(recorded, tmp_path, cfg, monkeypatch):
    import os

    env = {**os.environ, "SIMULATOR_DB": str(recorded), "SIMULATOR_LRS_CONFIG": str(tmp_path / "none.json")}
    out = tmp_path / "statements.json"
    r = _cli("xapi", "--out", str(out), env=env)
    assert r.returncode == 0, r.stderr
    statements = json.loads(out.read_text())
    assert r.stdout.strip() == f"wrote {out}: {len(statements)} statement(s)"
    assert all(check_statement(s) == [] for s in statements)
    r = _cli("xapi", "--out", str(out), "--profile", "Bo Chen", env=env)
    bo = json.loads(out.read_text())
    assert r.returncode == 0 and bo and {s["actor"]["name"] for s in bo} == {"Bo Chen"}
    r = _cli("xapi", "--out", str(out), "--since", "2999-01-01", env=env)
    assert r.returncode == 0 and json.loads(out.read_text()) == []


def test_xapi_command_refuses_bad_outputs_with_one_line(recorded, tmp_path):
    import os

    env = {**os.environ, "SIMULATOR_DB": str(recorded), "SIMULATOR_LRS_CONFIG": str(tmp_path / "none.json")}
    before = recorded.read_bytes()
    r = _cli("xapi", "--out", str(recorded), env=env)
    assert r.returncode == 2 and "(or its database); it was not changed" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert recorded.read_bytes() == before
    r = _cli("xapi", "--out", str(tmp_path / "missing" / "s.json"), env=env)
    assert r.returncode == 2 and "does not exist" in r.stderr and str(tmp_path / "missing") in r.stderr
    assert not (tmp_path / "missing").exists()
    r = _cli("xapi", "--out", str(tmp_path / "s.json"), "--since", "yesterday", env=env)
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr
