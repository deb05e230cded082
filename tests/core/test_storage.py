"""The progress database: real SQLite files in temp folders, real processes, no mocks."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from simulator import cli
from simulator.engine import Session, play
from simulator.loader import load_or_raise
from simulator.scoring import score_session
from simulator.storage import (
    MIGRATIONS,
    SCHEMA_VERSION,
    DatabaseProblem,
    StorageError,
    Store,
    backups,
    history_rows,
    latest_backup,
    open_store,
    record_session,
    restore_backup,
    start_fresh,
)

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "tests" / "scenarios" / "valid" / "spec-example.yaml"


@pytest.fixture(scope="module")
def spec():
    return load_or_raise(SPEC)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "data" / "progress.db"


def _run_child(code: str, *args: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw
    )


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


# --- opening ------------------------------------------------------------------------


def test_new_database_has_schema_wal_and_full_sync(db_path):
    with Store.open(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
        conn = store.db.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert {"profiles", "scenarios", "attempts", "decisions"} <= set(store.db.table_names())
        index_cols = {tuple(i.columns) for i in store.db["attempts"].indexes}
        assert ("profile_id", "started") in index_cols
        assert ("profile_id", "status", "scenario_id") in index_cols
    assert backups(db_path) == []  # nothing worth backing up in an empty database


def test_default_path_comes_from_simulator_db(data_dir):
    with open_store() as store:
        assert store.path == data_dir / "progress.db"
    assert (data_dir / "progress.db").is_file()


def test_profiles_are_unique_ignoring_case(db_path):
    with Store.open(db_path) as store:
        ana = store.create_profile("Ana", "EMEA")
        assert store.profile_by_name("ana") == ana
        with pytest.raises(StorageError, match="already exists"):
            store.create_profile("ANA")
        assert store.get_or_create_profile("ana") == ana
        assert [p.name for p in store.profiles()] == ["Ana"]


# --- recording and resuming -----------------------------------------------------------


def test_each_decision_is_committed_before_record_decision_returns(db_path, spec):
    with Store.open(db_path) as store:
        p = store.create_profile("Ana")
        s = Session(spec, seed=3)
        s.start()
        uid = store.start_attempt(p, spec, s.seed)
        s.choose("ask-lost-deals")
        store.record_decision(uid, s.decisions[-1], spec)
        other = sqlite3.connect(db_path)  # another connection sees it: it is committed
        row = other.execute("SELECT node, option, state_before, evidence FROM decisions WHERE attempt = ?", [uid]).fetchone()
        other.close()
        assert row[:2] == ("opening", "ask-lost-deals")
        assert json.loads(row[2])["vars"] == {"trust": 35, "urgency": 60, "pitched": False, "stage": "intro"}
        assert json.loads(row[3])["points"] == {"discovery": 2.0}


def test_finish_fills_regret_and_stakes_from_the_score_card(db_path, spec):
    with Store.open(db_path) as store:
        session = play(spec, ["quote-now"], seed=2)
        card = score_session(session)
        uid = record_session(store, "Ana", session, card)
        decs = store.decisions(uid)
        assert [(d["seq"], d["option"]) for d in decs] == [(1, "quote-now")]
        assert decs[0]["regret"] == pytest.approx(card.decisions[0].regret) and decs[0]["regret"] > 0
        assert decs[0]["stakes"] == pytest.approx(card.decisions[0].stakes)
        assert decs[0]["best_move"] is False
        row = store.db.execute("SELECT status, ending, outcome, judgment, tailoring, total, passed, card FROM attempts").fetchone()
        assert row[:3] == ("completed", "lost-on-price", "lost")
        assert row[3] == 0.0 and row[4] == pytest.approx(card.scores["tailoring"]) and row[5] == pytest.approx(card.total)
        assert row[6] == 0 and card.total < card.pass_score
        assert json.loads(row[7])["total"] == pytest.approx(card.total)


def test_unfinished_run_stays_in_progress_and_can_be_abandoned(db_path, spec):
    with Store.open(db_path) as store:
        uid = record_session(store, "Ana", play(spec, ["teach-decay"], seed=5))
        p = store.profile_by_name("Ana")
        (ip,) = store.in_progress(p)
        assert ip.uuid == uid and ip.decisions == 1 and ip.session_json["choices"] == ["teach-decay"]
        assert Session.restore(spec, ip.session_json).current.node == "reflect"
        store.abandon_attempt(uid)
        assert store.in_progress(p) == []
        assert store.history(p)[0].status == "abandoned"
        with pytest.raises(StorageError, match="abandoned"):
            store.finish_attempt(uid, score_session(play(spec, [2, 2, 1], seed=1)))


def test_confidence_is_kept_and_replayed(db_path, spec):
    with Store.open(db_path) as store:
        p = store.create_profile("Ana")
        s = Session(spec, seed=1)
        s.start()
        uid = store.start_attempt(p, spec, s.seed)
        s.choose(2)
        store.record_decision(uid, s.decisions[-1], spec)
        store.set_confidence(uid, 1, 80)
        with pytest.raises(StorageError, match="confidence must be one of"):
            store.set_confidence(uid, 1, 55)
        (ip,) = store.in_progress(p)
        assert Session.restore(spec, ip.session_json).decisions[0].confidence == 80


CHILD_PLAYS_THEN_SLEEPS = r"""
import sys, time
from simulator.engine import Session
from simulator.loader import load_or_raise
from simulator.storage import Store
db, path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
sc = load_or_raise(path)
store = Store.open(db)
p = store.get_or_create_profile("Kim")
s = Session(sc, seed=7)
s.start()
uid = store.start_attempt(p, sc, s.seed)
for pick in [2, 2, 1][:n]:
    s.choose(pick)
    store.record_decision(uid, s.decisions[-1], sc)
store.set_confidence(uid, 1, 90)
print("ready", uid, s.current.node, flush=True)
time.sleep(600)
"""


def test_sigkill_mid_attempt_keeps_every_committed_decision_and_resumes(db_path, spec):
    child = _run_child(CHILD_PLAYS_THEN_SLEEPS, str(db_path), str(SPEC), "2")
    try:
        line = child.stdout.readline().split()
        assert line and line[0] == "ready", child.stderr.read()
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(30)
    assert child.returncode == -signal.SIGKILL
    _, uid, node = line
    with Store.open(db_path) as store:
        kim = store.profile_by_name("Kim")
        (ip,) = store.in_progress(kim)
        assert ip.uuid == uid and ip.decisions == 2 and ip.seed == 7
        assert ip.session_json["choices"] == ["ask-lost-deals", "reflect.2"]
        assert ip.session_json["confidences"] == [90, None]
        resumed = Session.restore(spec, ip.session_json)
        assert resumed.current.node == node == "close"
        # the rep carries on from where the app died, in the same attempt
        resumed.choose("propose-pilot")
        store.record_decision(uid, resumed.decisions[-1], spec)
        store.finish_attempt(uid, score_session(resumed))
        (row,) = store.history(kim)
        assert (row.uuid, row.status, row.ending, row.passed) == (uid, "completed", "pilot", True)
        assert [d["option"] for d in store.decisions(uid)] == ["ask-lost-deals", "reflect.2", "propose-pilot"]


CHILD_WRITES_FOREVER = r"""
import sys
from simulator.engine import Session
from simulator.loader import load_or_raise
from simulator.storage import Store
db, path = sys.argv[1], sys.argv[2]
sc = load_or_raise(path)
store = Store.open(db)
p = store.get_or_create_profile("Kim")
k = 0
while True:
    s = Session(sc, seed=k)
    s.start()
    uid = store.start_attempt(p, sc, s.seed)
    for pick in (2, 2, 1):
        s.choose(pick)
        store.record_decision(uid, s.decisions[-1], sc)
        k += 1
        print("committed", k, flush=True)
"""


def test_sigkill_while_writing_loses_nothing_that_was_committed(db_path):
    child = _run_child(CHILD_WRITES_FOREVER, str(db_path), str(SPEC))
    seen = 0
    try:
        while seen < 60:
            line = child.stdout.readline()
            assert line, child.stderr.read()
            seen = int(line.split()[1])
    finally:
        os.kill(child.pid, signal.SIGKILL)  # it is still writing when it dies
        child.wait(30)
    with Store.open(db_path) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = store.db.execute("SELECT count(*) FROM decisions").fetchone()[0]
        assert n >= seen
        # every attempt's decisions are a gap-free prefix 1..k
        for uid, count, top in store.db.execute("SELECT attempt, count(*), max(seq) FROM decisions GROUP BY attempt"):
            assert count == top


CHILD_WRITER = r"""
import sys, time
from pathlib import Path
from simulator.engine import play
from simulator.loader import load_or_raise
from simulator.storage import Store, record_session
db, path, name, go = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4])
sc = load_or_raise(path)
while not go.exists():
    time.sleep(0.005)
store = Store.open(db)
for i in range(25):
    record_session(store, name, play(sc, [2, 2, 1], seed=i))
    p = store.profile_by_name(name)
    store.start_attempt(p, sc, 1000 + i)  # and a single-statement write in between
store.close()
print("done", flush=True)
"""


def test_two_processes_writing_at_once_both_succeed(tmp_path, db_path):
    go = tmp_path / "go"
    children = [_run_child(CHILD_WRITER, str(db_path), str(SPEC), name, str(go)) for name in ("Ana", "Bo")]
    time.sleep(0.5)  # both are importing/waiting; they open the brand-new database together
    go.touch()
    for c in children:
        out, err = c.communicate(timeout=180)
        assert c.returncode == 0, err
        assert out.strip() == "done"
    with Store.open(db_path) as store:
        assert sorted(p.name for p in store.profiles()) == ["Ana", "Bo"]
        for p in store.profiles():
            rows = store.history(p)
            assert sum(r.status == "completed" for r in rows) == 25
            assert sum(r.status == "in-progress" for r in rows) == 25
        assert store.db.execute("SELECT count(*) FROM decisions").fetchone()[0] == 2 * 25 * 3
        assert store.db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == len(MIGRATIONS)


# --- damaged, unreadable, read-only -------------------------------------------------------


def test_garbage_file_is_reported_kept_and_start_fresh_works(db_path):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is not a database, just some bytes\n" * 200)
    before = _sha(db_path)
    with pytest.raises(DatabaseProblem) as info:
        Store.open(db_path)
    err = info.value
    assert err.kind == "corrupt" and err.backup_path is None
    assert "\n" not in str(err)
    assert "is damaged" in str(err) and "start fresh" in str(err) and "kept" in str(err)
    assert _sha(db_path) == before  # untouched
    with pytest.raises(DatabaseProblem, match="no usable backup"):
        restore_backup(db_path)
    assert _sha(db_path) == before
    with start_fresh(db_path) as store:
        assert store.profiles() == []
        store.create_profile("Ana")
        moved = store.moved_aside
    assert moved is not None and moved.name.startswith("progress.db.damaged-")
    assert _sha(moved) == before  # the damaged file is kept, byte for byte


def _db_with_history(path: Path, spec, runs) -> None:
    with Store.open(path, backup_every=None) as store:
        for picks, seed in runs:
            record_session(store, "Ana", play(spec, picks, seed=seed))


def test_truncated_database_restore_last_backup_or_start_fresh(db_path, spec):
    _db_with_history(db_path, spec, [([2, 2, 1], 1), ([1], 2)])
    with Store.open(db_path, backup_every=None) as store:
        good = store.backup()
        record_session(store, "Ana", play(spec, [3, 1, 1], seed=1))  # after the backup: will be lost
    for i in range(20):  # make it several pages long so truncation cuts real data
        _db_with_history(db_path, spec, [([2, 1, 2], i)])
    size = db_path.stat().st_size
    with open(db_path, "r+b") as f:
        f.truncate(size // 2)
    with pytest.raises(DatabaseProblem) as info:
        Store.open(db_path)
    assert info.value.kind == "corrupt"
    assert info.value.backup_path == good == latest_backup(db_path)
    assert f"restore the last backup ({good.name})" in str(info.value)
    damaged = _sha(db_path)

    with restore_backup(db_path) as store:
        assert store.restored_from == good
        assert _sha(store.moved_aside) == damaged
        rows = store.history(store.profile_by_name("Ana"))
        assert [r.ending for r in rows] == ["lost-on-price", "pilot"]
    # start fresh also works on a damaged file, and keeps it too
    with open(db_path, "r+b") as f:
        f.seek(100)
        f.write(b"\xff" * 4000)
    with pytest.raises(DatabaseProblem):
        Store.open(db_path)
    with start_fresh(db_path) as store:
        assert store.history() == []
        assert store.moved_aside.exists()
    assert len(list(db_path.parent.glob("progress.db.damaged-*"))) == 2


def test_backups_are_rotated(db_path, spec):
    _db_with_history(db_path, spec, [([1], 1)])
    with Store.open(db_path, backups=3, backup_every=None) as store:
        made = [store.backup(f"b{i}") for i in range(5)]
    kept = backups(db_path)
    assert kept == list(reversed(made[-3:]))
    assert all(b.parent == db_path.parent / "backups" for b in kept)


def test_routine_backup_at_open_once_a_day(db_path, spec):
    _db_with_history(db_path, spec, [([1], 1)])
    with Store.open(db_path) as store:
        first = store.last_backup
    assert first is not None and "routine" in first.name
    with Store.open(db_path) as store:
        assert store.last_backup is None  # the newest backup is less than a day old
    assert backups(db_path) == [first]


def test_read_only_folder_is_a_clear_error(tmp_path, spec):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "progress.db"
    _db_with_history(db, spec, [([1], 1)])
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: chmod cannot make a folder read-only for root; "
                        "test_read_only_open covers the read-only path with a mode=ro connection")
        with pytest.raises(DatabaseProblem) as info:
            Store.open(db)
        assert info.value.kind == "readonly"
        assert "read-only" in str(info.value) and "--db" in str(info.value)
    finally:
        folder.chmod(stat.S_IRWXU)
    with Store.open(db) as store:  # nothing was lost
        assert len(store.history()) == 1


def test_read_only_open(db_path, spec):
    """Works as root too: a mode=ro connection is read-only for everyone."""
    _db_with_history(db_path, spec, [([2, 2, 1], 1)])
    with Store.open(db_path, read_only=True) as store:
        (row,) = store.history()
        assert row.ending == "pilot"
        with pytest.raises(DatabaseProblem) as info:
            store.start_attempt(store.profile_by_name("Ana"), spec, 1)
        assert info.value.kind == "readonly" and "read-only" in str(info.value)
    if os.geteuid() != 0:
        db_path.chmod(stat.S_IRUSR)
        try:
            with pytest.raises(DatabaseProblem) as info:
                Store.open(db_path)
            assert info.value.kind == "readonly"
        finally:
            db_path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_folder_where_the_database_should_be_is_unreadable(db_path):
    db_path.mkdir(parents=True)
    with pytest.raises(DatabaseProblem) as info:
        Store.open(db_path)
    assert info.value.kind == "unreadable" and "folder" in str(info.value)


# --- migrations ---------------------------------------------------------------------------

# The schema of the first release (schema version 1), written out by hand so this test keeps
# proving that a database made by that release is migrated, whatever later migrations do.
SCHEMA_V1 = """
CREATE TABLE "_sqlite_migrations" ("id" INTEGER PRIMARY KEY, "migration_set" TEXT, "name" TEXT, "applied_at" TEXT);
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name" ON "_sqlite_migrations" ("migration_set", "name");
CREATE TABLE "profiles" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL, "team" TEXT NOT NULL DEFAULT '', "created" TEXT NOT NULL);
CREATE UNIQUE INDEX idx_profiles_name ON profiles(name COLLATE NOCASE);
CREATE TABLE "scenarios" ("hash" TEXT PRIMARY KEY, "id" TEXT NOT NULL, "version" INTEGER NOT NULL, "title" TEXT NOT NULL,
   "difficulty" TEXT, "competencies" TEXT, "first_seen" TEXT NOT NULL);
CREATE INDEX "idx_scenarios_id_version" ON "scenarios" ("id", "version");
CREATE TABLE "attempts" ("uuid" TEXT PRIMARY KEY, "profile_id" INTEGER NOT NULL REFERENCES "profiles"("id"),
   "scenario_id" TEXT NOT NULL, "scenario_version" INTEGER NOT NULL, "scenario_hash" TEXT NOT NULL REFERENCES "scenarios"("hash"),
   "seed" INTEGER NOT NULL, "started" TEXT NOT NULL, "finished" TEXT, "status" TEXT NOT NULL, "ending" TEXT, "outcome" TEXT,
   "judgment" REAL, "insight" REAL, "discovery" REAL, "tailoring" REAL, "control" REAL, "outcome_score" REAL,
   "calibration" REAL, "luck" REAL, "scores" TEXT, "weights" TEXT, "total" REAL, "passed" INTEGER, "pass_score" REAL,
   "card" TEXT, "app_version" TEXT NOT NULL);
CREATE INDEX "idx_attempts_profile_id_started" ON "attempts" ("profile_id", "started");
CREATE INDEX "idx_attempts_profile_id_status_scenario_id" ON "attempts" ("profile_id", "status", "scenario_id");
CREATE INDEX "idx_attempts_scenario_hash" ON "attempts" ("scenario_hash");
CREATE TABLE "decisions" ("attempt" TEXT REFERENCES "attempts"("uuid"), "seq" INTEGER, "node" TEXT NOT NULL, "kind" TEXT,
   "option" TEXT NOT NULL, "number" INTEGER, "offered" TEXT, "state_before" TEXT NOT NULL, "evidence" TEXT NOT NULL,
   "regret" REAL, "stakes" REAL, "best_move" INTEGER, "confidence" INTEGER, "elapsed_ms" INTEGER, "recorded" TEXT NOT NULL,
   PRIMARY KEY ("attempt", "seq"));
INSERT INTO _sqlite_migrations VALUES (1, 'simulator', 'm001_initial', '2025-01-06 09:00:00+00:00');
PRAGMA user_version = 1;
INSERT INTO profiles VALUES (1, 'Ana', 'EMEA', '2025-01-06T09:00:00.000000Z');
INSERT INTO scenarios VALUES ('h-old', 'quick-fix-workshop', 2, 'The Quick-Fix Workshop', 'intermediate', '["insight"]',
   '2025-01-06T09:00:00.000000Z');
INSERT INTO attempts (uuid, profile_id, scenario_id, scenario_version, scenario_hash, seed, started, finished, status,
   ending, outcome, judgment, insight, outcome_score, scores, total, passed, pass_score, card, app_version)
   VALUES ('a-1', 1, 'quick-fix-workshop', 2, 'h-old', 7, '2025-01-06T09:00:00.000000Z', '2025-01-06T09:05:00.000000Z',
   'completed', 'pilot', 'won', 90.0, 80.0, 100.0, '{"judgment": 90.0, "insight": 80.0, "outcome": 100.0}', 88.5, 1, 70.0,
   '{"total": 88.5}', '0.0.9');
INSERT INTO decisions VALUES ('a-1', 1, 'opening', 'choices', 'ask-lost-deals', 2, '["quote-now","ask-lost-deals"]',
   '{"vars": {"trust": 35}}', '{"points": {"discovery": 2}}', 0.0, 88.0, 1, 70, 4200, '2025-01-06T09:01:00.000000Z');
"""


def _make_v1(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_V1)
    conn.commit()
    conn.close()


def _columns(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: [r[1:] for r in conn.execute(f'PRAGMA table_info("{t}")')] for t in tables}
    finally:
        conn.close()


def test_hand_made_v1_matches_what_migration_1_creates(tmp_path):
    _make_v1(tmp_path / "by-hand.db")
    Store.open(tmp_path / "fresh.db", migrations=MIGRATIONS[:1]).close()
    assert _columns(tmp_path / "by-hand.db") == _columns(tmp_path / "fresh.db")


def m002_add_device(db):
    """What a next release might ship: a new column with a backfilled value, and a new table."""
    db["attempts"].add_column("device", str)
    db.execute("UPDATE attempts SET device = 'laptop'")
    db["notes"].create({"id": int, "attempt": str, "text": str}, pk="id")


def test_old_schema_database_is_backed_up_then_migrated_keeping_data(db_path):
    _make_v1(db_path)
    with Store.open(db_path, migrations=MIGRATIONS[:1] + [m002_add_device], backup_every=None) as store:
        assert store.schema_version == 2
        names = [r[0] for r in store.db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert names == ["m001_initial", "m002_add_device"]
        ana = store.profile_by_name("Ana")
        assert ana.team == "EMEA"
        (row,) = store.history(ana)
        assert (row.uuid, row.status, row.ending, row.total, row.passed) == ("a-1", "completed", "pilot", 88.5, True)
        assert row.scores == {"judgment": 90.0, "insight": 80.0, "outcome": 100.0}
        assert store.decisions("a-1")[0]["confidence"] == 70
        assert store.db.execute("SELECT device FROM attempts").fetchone()[0] == "laptop"
        assert store.db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        backup = store.last_backup
    assert backup is not None and "v1-before-migration" in backup.name and backups(db_path) == [backup]
    old = _columns(backup)
    assert "device" not in [c[0] for c in old["attempts"]] and "notes" not in old  # the backup is the old schema...
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT uuid, total FROM attempts").fetchall() == [("a-1", 88.5)]  # ...with the data
    conn.close()
    # opening again migrates nothing and takes no new backup
    with Store.open(db_path, migrations=MIGRATIONS[:1] + [m002_add_device], backup_every=None) as store:
        assert store.last_backup is None and store.schema_version == 2


def test_newer_schema_is_refused_and_left_unchanged(db_path):
    _make_v1(db_path)
    Store.open(db_path, migrations=MIGRATIONS[:1] + [m002_add_device]).close()
    before = _sha(db_path)
    with pytest.raises(DatabaseProblem) as info:
        Store.open(db_path, migrations=MIGRATIONS[:1])  # a build that only knows migration 1
    assert info.value.kind == "newer-schema" and "newer version" in str(info.value)
    assert _sha(db_path) == before


def test_a_failing_migration_rolls_back_and_says_so(db_path):
    _make_v1(db_path)

    def m002_broken(db):
        db["attempts"].add_column("device", str)
        raise ValueError("boom")

    with pytest.raises(DatabaseProblem) as info:
        Store.open(db_path, migrations=MIGRATIONS[:1] + [m002_broken])
    assert info.value.kind == "migration-failed" and "left unchanged" in str(info.value)
    assert info.value.backup_path is not None and info.value.backup_path.exists()
    with Store.open(db_path, migrations=MIGRATIONS[:1]) as store:  # still a good version-1 database
        assert store.schema_version == 1
        assert "device" not in store.db["attempts"].columns_dict
        assert store.history()[0].uuid == "a-1"


# --- queries on real play -------------------------------------------------------------------

DRILL = """
format: 1
id: {id}
title: {title}
version: 1
difficulty: {difficulty}
people:
  sam: {{name: Sam Lee, role: CFO}}
start: ask
nodes:
  ask:
    who: sam
    text: Why should I change anything?
    choices:
      - id: good
        text: A good move.
        evidence: {{{competency}: 2}}
        goto: done
      - id: weak
        text: A weak move.
        goto: done
endings:
  done: {{title: Done, text: The meeting ends., outcome: advanced, value: 50}}
scoring:
  pass: 70
"""


@pytest.fixture
def library(tmp_path, spec):
    out = [spec]
    for sid, comp, diff in (("insight-drill", "insight", "advanced"), ("discovery-drill", "discovery", "intro")):
        p = tmp_path / f"{sid}.yaml"
        p.write_text(DRILL.format(id=sid, title=sid.replace("-", " ").title(), difficulty=diff, competency=comp), encoding="utf-8")
        out.append(load_or_raise(p))
    return {s.id: s for s in out}


@pytest.fixture
def played(db_path, spec):
    """Ana: three completed attempts (fail, fail, pass), one abandoned, one in progress."""
    store = Store.open(db_path)
    cards = []
    for picks, seed in (([1], 2), ([2, 1, 2], 2), ([3, 1, 1], 1)):
        session = play(spec, picks, seed=seed)
        card = score_session(session)
        cards.append(card)
        record_session(store, "Ana", session, card)
    store.abandon_attempt(record_session(store, "Ana", play(spec, [2], seed=9)))
    record_session(store, "Ana", play(spec, [3], seed=4))
    record_session(store, "Bo", play(spec, [1], seed=1))
    yield store, cards
    store.close()


def test_history_is_newest_first_per_profile(played):
    store, cards = played
    ana = store.profile_by_name("Ana")
    rows = store.history(ana)
    assert [r.status for r in rows] == ["in-progress", "abandoned", "completed", "completed", "completed"]
    assert [r.total for r in rows if r.status == "completed"] == pytest.approx([c.total for c in reversed(cards)])
    assert rows[2].ending == "pilot" and rows[2].passed is True and rows[2].title == "The Quick-Fix Workshop"
    assert len(store.history()) == 6 and len(store.history(ana, limit=2)) == 2


def test_scenario_progress_first_best_latest(played):
    store, cards = played
    (prog,) = store.scenario_progress(store.profile_by_name("Ana")).values()
    assert prog.scenario_id == "quick-fix-workshop" and prog.attempts == 3
    totals = [c.total for c in cards]  # the three completed attempts, in order (the scores are scoring's business)
    assert (prog.first, prog.best, prog.latest) == pytest.approx((totals[0], max(totals), totals[-1]), abs=1e-3)
    assert totals[-1] == max(totals) > totals[0]
    assert prog.passed is True
    (bo,) = store.scenario_progress(store.profile_by_name("Bo")).values()
    assert bo.passed is False and bo.attempts == 1


def test_competency_trend_oldest_first(played):
    store, cards = played
    trend = store.competency_trend(store.profile_by_name("Ana"))
    assert [v for _, v in trend["insight"]] == pytest.approx([c.scores["insight"] for c in cards])
    assert [v for _, v in trend["discovery"]] == [0.0, 100.0, 0.0]
    times = [t for t, _ in trend["insight"]]
    assert times == sorted(times) and all(t.endswith("Z") for t in times)
    assert "calibration" not in trend  # never asked in this scenario: n/a is left out


def test_weakest_competency_is_the_lowest_mean(played):
    store, _ = played
    # insight (0 + 14.3 + 57.1) / 3 = 23.8 < discovery 33.3 < control 44.4 < tailoring 66.7
    assert store.weakest_competency(store.profile_by_name("Ana")) == "insight"
    # Bo: insight, discovery and control all 0 -> the tie goes to the first name
    assert store.weakest_competency(store.profile_by_name("Bo")) == "control"
    assert store.weakest_competency(store.create_profile("New")) is None


def test_suggest_next_exercises_the_weakest_competency_and_skips_mastered(played, library):
    store, _ = played
    ana, bo = store.profile_by_name("Ana"), store.profile_by_name("Bo")
    lib = list(library.values())
    # Ana is weakest in insight and passed the workshop: the insight drill, although it is harder
    assert store.suggest_next(ana, lib).id == "insight-drill"
    # nothing left that trains insight -> any scenario not yet passed
    assert store.suggest_next(ana, [library["quick-fix-workshop"], library["discovery-drill"]]).id == "discovery-drill"
    # Bo is weakest in control; only the workshop (not passed yet) trains it
    assert store.suggest_next(bo, lib).id == "quick-fix-workshop"
    # a rep with no history gets the easiest scenario; everything passed -> nothing to suggest
    assert store.suggest_next(store.create_profile("New"), lib).id == "discovery-drill"
    assert store.suggest_next(ana, [library["quick-fix-workshop"]]) is None


def test_completed_attempts_for_the_leaderboard(played):
    store, cards = played
    out = store.completed_attempts(store.profile_by_name("Ana"))
    assert len(out) == 3
    first = out[0]
    assert first["profile"] == {"name": "Ana", "team": ""}
    assert first["scenario"]["hash"] == cards[0].scenario_hash and first["scenario"]["version"] == 3
    assert [d["option"] for d in first["decisions"]] == ["quote-now"]
    assert first["card"]["total"] == pytest.approx(cards[0].total)
    assert [o["passed"] for o in out] == [False, False, True]


# --- command line ---------------------------------------------------------------------------


def test_cli_history_table_and_json(played, db_path, capsys):
    assert cli.main(["history", "--db", str(db_path), "--profile", "ana"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["started", "(UTC)", "profile"]
    assert len(lines) == 1 + 5
    assert "in-progress" in lines[1] and "The Quick-Fix Workshop (v3)" in lines[1]
    assert lines[3].rstrip().endswith("71     yes")  # 70.5 shown rounded; passed
    assert cli.main(["--db", str(db_path), "history", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["profile"] for r in rows} == {"Ana", "Bo"} and len(rows) == 6
    assert rows == history_rows(played[0])
    assert cli.main(["history", "--db", str(db_path), "--profile", "nobody"]) == 2
    assert "no profile named 'nobody'" in capsys.readouterr().err


def test_cli_history_on_a_damaged_database_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"\x00garbage" * 1000)
    assert cli.main(["history", "--db", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is damaged" in err and "Traceback" not in err
    assert bad.read_bytes() == b"\x00garbage" * 1000
