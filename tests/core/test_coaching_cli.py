"""End to end by the command line: the rep shares, the coach comments and assigns, the rep imports and sees both."""

from __future__ import annotations

import csv
import io
import json

from simulator.coaching import store as cstore
from simulator.storage import Store
from tests.support.cli import run_main
from tests.support.coaching_data import VALID


sim = run_main


def test_share_reply_import_report(tmp_path, capsys):
    rep_db, lib = tmp_path / "rep.db", ["--library", VALID]
    for choices, conf in (("frame,ben,wait", "90,90,90"), ("discount,ana,ask-pilot", "50,50,50")):
        assert sim(capsys, "play", "committee", "--db", rep_db, *lib, "--profile", "Ann Lee", "--seed", "7",
                   "--choices", choices, "--confidence", conf)[0] == 0
    sim(capsys, "play", "committee", "--db", rep_db, *lib, "--profile", "Other Rep", "--seed", "7", "--choices", "frame,ana,ask-pilot")
    # the rep: list, reflect on the first attempt, share
    code, out, _ = sim(capsys, "coach", "share", "--list", "--db", rep_db, "--profile", "Ann Lee")
    assert code == 0 and out.count("[new: shared by default]") == 2
    first = out.splitlines()[0].split()[0]
    assert sim(capsys, "coach", "reflect", first, "--db", rep_db, "--profile", "Ann Lee", "--differently", "Ask before I wait",
               "--buyer-needed", "A reason to act now")[0] == 0
    share = tmp_path / "ann.json"
    code, out, _ = sim(capsys, "coach", "share", "--out", share, "--db", rep_db, "--profile", "Ann Lee")
    assert code == 0 and "2 attempt(s) of Ann Lee" in out
    assert "Other Rep" not in share.read_text(encoding="utf-8")
    # the coach: show, then reply with a comment, a note, a focus and an assignment
    code, out, _ = sim(capsys, "coach", "show", share, *lib)
    assert code == 0 and "Ann Lee (no team): 2 attempt(s)" in out and out.count("[verified]") == 2 and "· reflection" in out
    code, out, _ = sim(capsys, "coach", "show", share, *lib, "--attempt", first)
    assert "3. wait — Let me follow up by email.  [costly, regret 95]" in out
    assert "What would you do differently? Ask before I wait" in out
    reply = tmp_path / "reply.json"
    code, out, err = sim(capsys, "coach", "reply", share, *lib, "--coach", "Dana", "--out", reply,
                         "--comment", first, "3", "Propose the pilot: you had earned it.",
                         "--note", first, "Good opening; close it.", "--focus", "control",
                         "--assign", "committee", "2026-12-04", "Play it again, ask for the pilot")
    assert code == 0, err
    assert "1 assignment(s), focus control" in out
    # bad coach input: one line each
    code, _, err = sim(capsys, "coach", "reply", share, *lib, "--coach", "Dana", "--out", tmp_path / "x.json",
                       "--comment", first, "9", "x")
    assert code == 2 and "that attempt has decisions 1 to 3" in err
    # the rep imports (twice: nothing more)
    code, out, _ = sim(capsys, "coach", "import", reply, reply, "--db", rep_db)
    assert code == 0 and "2 new comment(s), 1 new assignment(s), a new focus" in out
    with Store.open(rep_db) as store:
        ann = store.profile_by_name("Ann Lee")
        shown = {(c.attempt[:8], c.decision, c.text) for c in cstore.comments(store, ann)}
        assert shown == {(first, 2, "Propose the pilot: you had earned it."), (first, None, "Good opening; close it.")}
        (a,) = cstore.assignments(store, ann)
        assert a.title == "Committee of two" and a.focus == "control" and a.due == "2026-12-04"
        assert cstore.focus(store, ann).competency == "control"
    # the team report from the share and a leaderboard export of the other rep
    export = tmp_path / "other.json"
    assert sim(capsys, "export", "--out", export, "--db", rep_db, "--profile", "Other Rep")[0] == 0
    code, out, _ = sim(capsys, "coach", "report", share, export, *lib)
    assert code == 0 and "2 rep(s)" in out and "1. Committee of two / " in out
    code, out, _ = sim(capsys, "coach", "report", share, export, *lib, "--out", tmp_path / "team.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "team.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "section" and {r[0] for r in rows[1:]} >= {"heatmap", "trend", "item", "option", "loses deals"}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "sales-simulator-coaching-share", "version": 9}))
    code, _, err = sim(capsys, "coach", "report", bad, share, *lib, "--out", tmp_path / "team.html")
    assert code == 1 and err.strip() == f"{bad}: rejected: coaching file version 9 is newer than this program reads (version 1); update the app"
    assert "<svg" in (tmp_path / "team.html").read_text(encoding="utf-8")
    # a report never overwrites its input
    code, _, err = sim(capsys, "coach", "report", share, "--out", share)
    assert code == 2 and share.exists()
