"""Coaching files: schema kept identical to the models, shares hold one rep only, bad input rejected with
one line, the database migration (with a backup), and replies that merge the same whatever the order."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.coaching import store as cstore
from simulator.coaching.file_format import coaching_schema
from simulator.coaching.reading import EXPORT, REPLY, SHARE, read_bytes, read_path
from simulator.coaching.reply import ReplyDraft, build_reply, import_replies, write_reply
from simulator.coaching.share import build_share, default_selection, write_share
from simulator.engine import play
from simulator.loader import load_or_raise
from simulator.scoring import score_session
from simulator.storage import MIGRATIONS, Store, backups
from tests.support.coaching_data import ROOT, VALID, attempt, share_doc, uid, write

SC = load_or_raise(VALID / "committee.yaml")


def record(store, profile, choices, confs=(90, 60, 100), seed=7) -> str:
    s = play(SC, [], seed)
    att = store.start_attempt(profile, SC, seed)
    for c, conf in zip(choices, confs):
        s.choose(c)
        s.set_confidence(conf)
        store.record_decision(att, s.decisions[-1], SC)
    store.finish_attempt(att, score_session(s))
    return att


@pytest.fixture
def db(tmp_path):
    with Store.open(tmp_path / "p.db", backup_every=None) as store:
        ann = store.create_profile("Ann Lee", "East")
        bob = store.create_profile("Bob Secret", "West")
        a1 = record(store, ann, ["frame", "ana", "ask-pilot"])
        b1 = record(store, bob, ["discount", "ben", "wait"])
        yield store, ann, bob, a1, b1


def test_schema_file_matches_the_models():
    on_disk = json.loads((ROOT / "docs/coaching.schema.json").read_text(encoding="utf-8"))
    assert on_disk == coaching_schema()
    assert {m["$ref"].rsplit("/", 1)[1] for m in on_disk["oneOf"]} == {"ShareModel", "ReplyModel"}


def test_a_share_holds_only_the_chosen_reps_attempts(db, tmp_path):
    store, ann, bob, a1, b1 = db
    cstore.save_reflection(store, a1, "Frame earlier.", "A cost case\nfor the CFO.")
    doc = write_share(tmp_path / "ann.json", store, ann)
    text = (tmp_path / "ann.json").read_text(encoding="utf-8")
    assert doc["rep"] == {"name": "Ann Lee", "team": "East"} and [a["uuid"] for a in doc["attempts"]] == [a1]
    assert b1 not in text and "Bob" not in text and "West" not in text  # nothing of another profile
    assert doc["attempts"][0]["reflection"] == {"differently": "Frame earlier.", "buyer_needed": "A cost case\nfor the CFO."}
    assert doc["attempts"][0]["title"] == "Committee of two"
    read, problems = read_path(tmp_path / "ann.json")
    assert problems == [] and read.kind == SHARE
    # another profile's attempt cannot be picked into Ann's share
    with pytest.raises(Exception, match="not a completed attempt of Ann Lee"):
        build_share(store, ann, [b1])


def test_default_share_is_everything_since_the_last_one(db, tmp_path):
    store, ann, _bob, a1, _b1 = db
    assert default_selection(store, ann) == [a1]
    write_share(tmp_path / "1.json", store, ann)
    assert default_selection(store, ann) == []
    a2 = record(store, ann, ["discount", "ana", "ask-pilot"])
    assert default_selection(store, ann) == [a2]


def test_reflections_are_saved_with_the_attempt_and_edited(db):
    store, ann, _bob, a1, _b1 = db
    cstore.save_reflection(store, a1, "first", "")
    cstore.save_reflection(store, a1, "second", "they needed proof")
    r = cstore.reflection(store, a1)
    assert (r.differently, r.buyer_needed) == ("second", "they needed proof")
    with pytest.raises(Exception, match="control character"):
        cstore.save_reflection(store, a1, "bad \u202e text", "")


BAD = [
    (b"{", "not a JSON file"),
    (b"[]", "not a rep's coaching file or a coach's reply (the file is not a JSON object)"),
    (b'{"version": 1}', 'no "format" field'),
    (b'{"format": "other"}', 'format "other"'),
    (b'{"format": "sales-simulator-export", "version": 1}', "this is a leaderboard export"),
]


@pytest.mark.parametrize("raw, reason", BAD)
def test_bad_files_are_rejected_with_one_line(raw, reason):
    read, problems = read_bytes(raw, "f.json")
    assert read is None and len(problems) == 1 and problems[0].startswith("f.json: rejected: ") and reason in problems[0]


def _reply(**over) -> dict:
    d = ReplyDraft("Dana", "Ann Lee", "East")
    d.comment(uid(1), 0, "Good framing.")
    doc = d.document()
    doc.update(over)
    return doc


@pytest.mark.parametrize("change, reason", [
    (lambda d: d.update(version=2), "version 2 is newer than this program reads"),
    (lambda d: d.update(extra=1), "extra: Extra inputs are not permitted"),
    (lambda d: d["comments"][0].update(text="x" * 4001), "comments[0].text"),
    (lambda d: d["comments"][0].update(text="a\u202eb"), "control character"),
    (lambda d: d["comments"][0].update(decision=-1), "comments[0].decision"),
    (lambda d: d["comments"].append(dict(d["comments"][0])), "appears twice"),
    (lambda d: d["coach"].update(name="D\x00"), "coach.name"),
    (lambda d: d.update(written="2026-01-01T10:00:00"), "no time zone"),
])
def test_bad_replies_are_rejected_naming_the_field(change, reason):
    doc = _reply()
    change(doc)
    read, problems = read_bytes(json.dumps(doc).encode(), "r.json", (REPLY,))
    assert read is None and len(problems) == 1 and reason in problems[0], problems


def test_size_caps(tmp_path):
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(21 * 1024 * 1024)
    read, problems = read_path(big, (SHARE, EXPORT))
    assert read is None and "at most 20 MB" in problems[0]
    reply = tmp_path / "r.json"
    with open(reply, "wb") as fh:
        fh.truncate(6 * 1024 * 1024)
    assert "at most 5 MB" in read_path(reply, (REPLY,))[1][0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_or_a_folder_given_as_a_coaching_file_is_rejected_without_blocking(tmp_path):
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    assert read_path(pipe) == (None, [f"{pipe}: rejected: it is a named pipe, not a regular file"])
    assert read_path(tmp_path) == (None, [f"{tmp_path}: rejected: it is a folder, not a regular file"])


def test_a_share_given_as_a_reply_is_refused(tmp_path):
    p = write(tmp_path / "s.json", share_doc("Ann Lee", "", [attempt(SC, ["frame", "ana", "ask-pilot"], [90, 60, 100], uid(1), 2)]))
    assert "this is a rep's coaching file; here a coach's reply is needed" in read_path(p, (REPLY,))[1][0]


# --- the database ---------------------------------------------------------------------------------


def test_migration_from_the_previous_schema_backs_up_and_keeps_data(tmp_path):
    path = tmp_path / "old.db"
    with Store.open(path, migrations=MIGRATIONS[:2], backup_every=None) as store:
        p = store.create_profile("Ann Lee")
        a1 = record(store, p, ["frame", "ana", "ask-pilot"])
    with Store.open(path, backup_every=None) as store:
        assert store.schema_version == len(MIGRATIONS) == 3
        assert store.last_backup is not None and "v2-before-migration" in store.last_backup.name
        assert [r.uuid for r in store.history()] == [a1]
        cstore.save_reflection(store, a1, "x", "y")
    old = sqlite3.connect(backups(path)[0])
    assert "reflections" not in {r[0] for r in old.execute("select name from sqlite_master")}
    old.close()


def _rows(store) -> dict:
    out = {}
    for t in ("coach_comments", "coach_assignments", "coach_focus"):
        out[t] = sorted(json.dumps(r, sort_keys=True) for r in store.db.query(f"select * from {t}"))
    profile = store.profile_by_name("Ann Lee")  # and what the rep sees
    out["shown"] = (cstore.comments(store, profile), [a.uuid for a in cstore.assignments(store, profile)],
                    cstore.focus(store, profile))
    return out


def _replies(tmp_path) -> list[Path]:
    """Three replies from two coaches; r3 repeats one comment of r1 and changes the focus."""
    d1 = ReplyDraft("Dana", "Ann Lee")
    d1.comment(uid(1), 0, "Good framing.")
    d1.comment(uid(1), None, "Overall strong.")
    d1.assign("committee", "Committee of two", "2026-12-04", "Read the blocker", "tailoring")
    d1.set_focus("tailoring")
    doc1 = d1.document()
    d2 = ReplyDraft("Eve", "ann lee")
    d2.comment(uid(2), 2, "Ask for the pilot.")
    d2.assign("loop-and-luck", "Loop", None, "")
    doc2 = d2.document()
    doc3 = build_reply("Dana", "Ann Lee", comments=[doc1["comments"][0]],
                       focus={"uuid": uid(99), "competency": "control", "set": "2024-11-29T12:00:00Z"})
    return [write_reply(tmp_path / f"r{i}.json", doc) for i, doc in enumerate((doc1, doc2, doc3), 1)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.lists(st.integers(0, 2), min_size=1, max_size=7))
def test_imports_are_idempotent_and_order_independent(tmp_path_factory, order):
    base = tmp_path_factory.mktemp("merge")
    files = _replies(base)
    results = []
    for seq in (sorted(set(order)), order, list(reversed(order)) * 2):
        with Store.open(base / f"db{len(results)}.db", backup_every=None) as store:
            store.create_profile("Ann Lee")
            import_replies(store, [files[i] for i in seq])
            results.append(_rows(store))
    assert results[0] == results[1] == results[2]


def test_import_adds_only_comments_and_assignments(db, tmp_path):
    store, ann, _bob, a1, _b1 = db
    with store.transaction():  # a1 was played yesterday, well before the coach's assignment
        store.db.execute("UPDATE attempts SET finished = '2024-11-01T10:00:00.000000Z' WHERE uuid = ?", [a1])
    cstore.save_reflection(store, a1, "mine", "mine too")
    before = {t: list(store.db.query(f"select * from {t}")) for t in ("attempts", "decisions", "profiles", "reflections")}
    d = ReplyDraft("Dana", "Ann Lee")
    d.comment(a1, 1, "Ana was the blocker, yes.")
    d.set_focus("tailoring")
    d.assign("committee", "Committee of two", "2026-12-04", "Again", "tailoring")
    path = write_reply(tmp_path / "r.json", d.document())
    res = import_replies(store, [path, path])
    assert (res.comments, res.assignments, res.focus, res.problems) == (1, 1, 1, ())
    after = {t: list(store.db.query(f"select * from {t}")) for t in before}
    assert after == before
    (c,) = cstore.comments(store, ann, a1)
    assert (c.coach, c.decision, c.text) == ("Dana", 1, "Ana was the blocker, yes.")
    assert cstore.focus(store, ann).competency == "tailoring"
    (a,) = cstore.assignments(store, ann)
    assert a.done is None
    a2 = record(store, ann, ["frame", "ana", "ask-pilot"])  # completed after it was given: done
    (a,) = cstore.assignments(store, ann)
    assert a.done is not None and a2


def test_a_reply_for_someone_else_is_rejected(db, tmp_path):
    store, ann, _bob, _a1, _b1 = db
    d = ReplyDraft("Dana", "Zed Nobody")
    d.set_focus("control")
    path = write_reply(tmp_path / "r.json", d.document())
    res = import_replies(store, [path])
    assert res.imported == () and res.problems == (f"{path}: rejected: this reply is for 'Zed Nobody'; there is no profile of that name here",)
    res = import_replies(store, [path], ann)
    assert "not 'Ann Lee'" in res.problems[0]


def test_assignment_line_reads_like_a_person_wrote_it():
    from datetime import date

    a = cstore.Assignment("u", "Dana", "renewal", "The Renewal Nobody Is Defending", "2026-12-04", "", "tailoring",
                          "2026-11-30T10:00:00Z")
    # 2026-11-30 is a Monday; the 4th of December a Friday
    assert cstore.assignment_line(a, date(2026, 11, 30)) == "From Dana, due Friday: The Renewal Nobody Is Defending — focus: tailoring"
    assert cstore.due_words("2026-11-29", date(2026, 11, 30)) == "overdue since 29 November"
    assert cstore.due_words("2026-12-24", date(2026, 11, 30)) == "due 24 December"


@pytest.mark.parametrize("order", [(0, 1), (1, 0), (1, 0, 1, 0)])
def test_an_edited_comment_shows_its_latest_version_whatever_the_order(tmp_path, order):
    base = {"uuid": uid(7), "attempt": uid(1), "decision": 0}
    old = build_reply("Dana", "Ann Lee", comments=[{**base, "text": "First thought.", "written": "2024-11-28T09:00:00Z"}])
    new = build_reply("Dana", "Ann Lee", comments=[{**base, "text": "Better said.", "written": "2024-11-29T09:00:00Z"}])
    files = [write_reply(tmp_path / "old.json", old), write_reply(tmp_path / "new.json", new)]
    with Store.open(tmp_path / "p.db", backup_every=None) as store:
        ann = store.create_profile("Ann Lee")
        import_replies(store, [files[i] for i in order])
        assert [c.text for c in cstore.comments(store, ann)] == ["Better said."]
        assert store.db.execute("select count(*) from coach_comments").fetchone()[0] == 2  # both kept, nothing replaced


def test_a_leaderboard_export_counts_for_the_team_report_whatever_its_key_order(tmp_path):
    from simulator import leaderboard as lb

    doc = lb.build_export("Ann Lee", "East", [{k: v for k, v in attempt(SC, ["frame", "ana", "ask-pilot"], [90, 60, 100], uid(1), 2).items()
                                               if k != "title"}])
    late = {k: doc[k] for k in ("rep", "attempts", "app_version", "exported", "version", "format")}  # "format" last
    late["rep"]["name"] = "Ann " + "x" * 60  # (a long file: the format key is past the first bytes read)
    late["attempts"] = late["attempts"] * 1
    raw = json.dumps(late, indent=40).encode()
    assert raw.find(b'"format"') > 4096
    read, problems = read_bytes(raw, "late.json", (SHARE, EXPORT))
    assert problems == [] and read.kind == EXPORT and read.model[0].rep.startswith("Ann x")
    read, problems = read_bytes(raw, "late.json", (REPLY,))
    assert problems == ["late.json: rejected: this is a leaderboard export; here a coach's reply is needed"]
