"""Against a real LRS (Ralph on 127.0.0.1): send, read back, resend, survive an outage, refuse bad
credentials, and build the same board as export files give."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace

import pytest

from simulator import leaderboard as lb
from simulator.storage import Store
from simulator.xapi import vocab as v
from simulator.xapi.board import board_from_lrs, completed_statements
from simulator.xapi.client import Client
from simulator.xapi.config import LrsError
from simulator.xapi.outbox import earned, pending
from simulator.xapi.rules import check_statement
from simulator.xapi.sync import status, sync
from tests.support.lrs import PASSWORD, USER, start_lrs

LRS_ADDED = ("stored", "authority", "version")  # what an LRS adds to a statement it stores


def _client(cfg, lrs, **kw):
    return Client(replace(cfg, endpoint=lrs.endpoint), sleep=lambda s: None, **kw)


def _mine(client, registrations):
    return {s["id"]: s for s in client.statements(limit=500) if s["context"]["registration"] in registrations}


def test_every_statement_is_accepted_and_reads_back_identical(recorded, cfg, lrs):
    c = _client(cfg, lrs)
    with Store.open(recorded) as store:
        report = sync(store, replace(cfg, endpoint=lrs.endpoint), client=c)
        sent = earned(store, cfg)
    assert report.error == "" and report.sent == len(sent) and report.remaining == 0
    back = _mine(c, {s["context"]["registration"] for s in sent})
    assert set(back) == {s["id"] for s in sent}
    for s in sent:
        stored = {k: x for k, x in back[s["id"]].items() if k not in LRS_ADDED}
        assert stored == json.loads(json.dumps(s)), s["id"]
        assert check_statement(back[s["id"]]) == []


def test_sending_again_changes_nothing(recorded, cfg, lrs):
    c = _client(cfg, lrs)
    endpoint_cfg = replace(cfg, endpoint=lrs.endpoint)
    with Store.open(recorded) as store:
        sync(store, endpoint_cfg, client=c)
        regs = {s["context"]["registration"] for s in earned(store, cfg)}
        count = len(_mine(c, regs))
        again = sync(store, endpoint_cfg, client=c)
        assert again.sent == 0 and again.remaining == 0
        assert status(store, endpoint_cfg).pending == 0
        # forget what was sent: everything goes again, the LRS already holds it, nothing is duplicated
        store.db.execute("DELETE FROM xapi_sent")
        store.db.conn.commit()
        forced = sync(store, endpoint_cfg, client=c)
    assert forced.sent == count and forced.error == ""
    assert len(_mine(c, regs)) == count


def test_lrs_down_keeps_everything_queued_then_syncs(recorded, cfg, tmp_path):
    server = start_lrs(tmp_path / "lrs-down")
    endpoint_cfg = replace(cfg, endpoint=server.endpoint)
    try:
        server.stop()
        with Store.open(recorded) as store:
            total = len(pending(store, endpoint_cfg, server.endpoint))
            report = sync(store, endpoint_cfg, client=_client(cfg, server, tries=2))
            assert report.sent == 0 and report.remaining == total and "cannot reach the LRS" in report.error
            assert "stay queued" in report.error
            assert status(store, endpoint_cfg).pending == total
        server.start()
        with Store.open(recorded) as store:
            report = sync(store, endpoint_cfg, client=_client(cfg, server))
            assert report.sent == total and report.remaining == 0 and report.error == ""
            assert status(store, endpoint_cfg).pending == 0
    finally:
        server.stop()


def test_wrong_credentials_are_one_line_and_nothing_is_marked_sent(recorded, cfg, lrs):
    bad = replace(cfg, endpoint=lrs.endpoint, password="wrong")
    with Store.open(recorded) as store:
        before = status(store, bad).pending
        report = sync(store, bad, client=_client(bad, lrs))
        assert report.sent == 0 and "refused the credentials (401)" in report.error
        assert status(store, bad).pending == before
    with pytest.raises(LrsError, match="refused the credentials"):
        _client(bad, lrs).check()


def test_check_connection_says_it_works(cfg, lrs):
    assert "the credentials work" in _client(cfg, lrs).check()


def test_plain_http_is_refused_except_on_this_machine(cfg):
    with pytest.raises(LrsError, match="must use https://"):
        Client(replace(cfg, endpoint="http://lrs.example.com/xAPI/"))
    with pytest.raises(LrsError, match="do not put credentials"):
        Client(replace(cfg, endpoint="https://u:p@lrs.example.com/xAPI/"))


def test_board_from_the_lrs_equals_the_board_from_export_files(recorded, cfg, fixture_scenarios, tmp_path):
    server = start_lrs(tmp_path / "lrs-board")
    try:
        c = _client(cfg, server)
        with Store.open(recorded) as store:
            sync(store, replace(cfg, endpoint=server.endpoint), client=c)
            files = []
            for name in ("Ann Lee", "Bo Chen"):
                path = tmp_path / f"{name.split()[0]}.json"
                lb.write_export(path, store, store.profile_by_name(name))
                files.append(path)
        from_files, problems = lb.board_from_files(files, fixture_scenarios)
        assert problems == []
        from_lrs, problems = board_from_lrs(c, fixture_scenarios)
        assert problems == []
        assert len(completed_statements(c)) == len(from_files.attempts) == 7
        a = lb.to_json(from_files)
        b = lb.to_json(from_lrs)
        for doc in (a, b):
            doc.pop("files", None)
            doc.pop("generated", None)
            for att in doc.get("attempts", []):
                att.pop("sources", None)
                att.pop("files", None)
        assert a == b
        assert {x.status for x in from_lrs.attempts} == {lb.VERIFIED}
    finally:
        server.stop()


def test_sync_and_leaderboard_commands_end_to_end(recorded, cfg, lrs, tmp_path):
    env = {**os.environ, "SIMULATOR_DB": str(recorded), "SIMULATOR_LRS_CONFIG": str(tmp_path / "lrs.json"),
           "SIMULATOR_LRS_USERNAME": USER, "SIMULATOR_LRS_PASSWORD": PASSWORD}

    def cli(*args, **extra):
        return subprocess.run([sys.executable, "-m", "simulator", *args], capture_output=True, text=True,
                              env={**env, **extra})

    r = cli("sync", "--lrs", lrs.endpoint, "--status")
    assert r.returncode == 0 and "pending for" in r.stdout
    r = cli("sync", "--lrs", lrs.endpoint, SIMULATOR_LRS_PASSWORD="nope")
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "refused the credentials" in r.stderr
    assert "still pending" in r.stdout
    r = cli("sync", "--lrs", lrs.endpoint)
    assert r.returncode == 0 and r.stdout.startswith("sent "), r.stderr
    r = cli("sync", "--lrs", lrs.endpoint, "--status")
    assert r.stdout.startswith("0 statement(s) pending")
    r = cli("leaderboard", "--lrs", lrs.endpoint, "--library", str(tmp_path))
    assert r.returncode == 0 and "Ann Lee" in r.stdout and "Bo Chen" in r.stdout, r.stderr
    r = cli("leaderboard", "--lrs", lrs.endpoint, SIMULATOR_LRS_PASSWORD="nope")
    assert r.returncode == 1 and r.stderr.startswith("simulator: error: the LRS refused the credentials")
