"""Red-team findings (issue 14) in what the program writes and where: outputs never replace the
database, an input or a scenario; a missing folder is one line; missing databases are never created;
names; terminal escapes."""

from __future__ import annotations

import json
import re
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from simulator.safe_write import OutputPathError, write_output, write_text
from simulator.terminal import terminal_safe
from tests.support.cli import run_main

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "tests" / "scenarios" / "valid" / "spec-example.yaml"
SPEC_CHOICES = "3,1,1"


run = run_main


def played_db(tmp_path: Path, capsys, name="Ann") -> Path:
    db = tmp_path / "progress.db"
    code, _, err = run(capsys, "play", SPEC, "--choices", SPEC_CHOICES, "--profile", name, "--db", db)
    assert code == 0, err
    return db


def dump(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def no_part_files(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if p.name.endswith((".part", ".partial"))]


# --- 2. outputs never replace data ------------------------------------------------------------------


def test_export_over_its_own_database_is_refused_and_the_database_is_intact(tmp_path, capsys):
    db = played_db(tmp_path, capsys)
    before = dump(db)
    for _ in range(3):
        code, _, err = run(capsys, "export", "--out", db, "--db", db)
        assert code == 2
        assert err == (f"simulator: error: --out {db}: {db} is one of this command's inputs (or its database); "
                       "it was not changed — choose another name\n")
    assert dump(db) == before and no_part_files(tmp_path)


def test_export_over_another_database_is_refused(tmp_path, capsys):
    db = played_db(tmp_path, capsys)
    other = tmp_path / "other.db"
    shutil.copy(db, other)
    code, _, err = run(capsys, "export", "--out", other, "--db", db)
    assert code == 2 and f"{other} is a database; it was not changed" in err


def test_map_over_its_scenario_is_refused(tmp_path, capsys):
    s = tmp_path / "s.yaml"
    shutil.copy(SPEC, s)
    shutil.copytree(SPEC.parent / "avatars", tmp_path / "avatars")
    before = s.read_bytes()
    code, _, err = run(capsys, "map", s, "--out", s)
    assert code == 2 and "is one of this command's inputs" in err and s.read_bytes() == before
    other = tmp_path / "other.yaml"
    other.write_text("format: 1\n", encoding="utf-8")
    code, _, err = run(capsys, "map", s, "--out", other)
    assert code == 2 and f"{other} is a scenario file; it was not changed" in err


def test_leaderboard_over_an_input_or_a_database_is_refused(tmp_path, capsys):
    db = played_db(tmp_path, capsys)
    export = tmp_path / "ann.json"
    assert run(capsys, "export", "--out", export, "--db", db)[0] == 0
    before = export.read_bytes()
    code, _, err = run(capsys, "leaderboard", export, "--out", export)
    assert code == 2 and "is one of this command's inputs" in err and export.read_bytes() == before
    weird = tmp_path / "board.json"
    shutil.copy(db, weird)  # a database with a .json name
    code, _, err = run(capsys, "leaderboard", export, "--out", weird)
    assert code == 2 and "is a database" in err


@pytest.mark.parametrize("command", ["export", "leaderboard", "map"])
def test_a_missing_output_folder_is_one_line_naming_the_real_path(tmp_path, capsys, monkeypatch, command):
    db = played_db(tmp_path, capsys)
    export = tmp_path / "ann.json"
    assert run(capsys, "export", "--out", export, "--db", db)[0] == 0
    monkeypatch.chdir(tmp_path)
    out = Path("nowhere") / "x.json"
    argv = {"export": ["export", "--out", out, "--db", db], "leaderboard": ["leaderboard", export, "--out", out],
            "map": ["map", SPEC, "--out", out]}[command]
    code, stdout, err = run(capsys, *argv)
    assert code == 2 and stdout == ""
    assert err == f"simulator: error: --out {out}: the folder {tmp_path / 'nowhere'} does not exist; create it or choose another place\n"
    assert not (tmp_path / "nowhere").exists() and no_part_files(tmp_path)


def test_a_failed_write_leaves_the_old_file_and_no_part_file(tmp_path):
    target = tmp_path / "board.csv"
    target.write_text("old", encoding="utf-8")

    def explode(fh):
        fh.write("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_output(target, explode)
    assert target.read_text(encoding="utf-8") == "old" and no_part_files(tmp_path)
    assert list(tmp_path.iterdir()) == [target]
    write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new" and list(tmp_path.iterdir()) == [target]


def test_an_output_that_is_a_folder_is_refused(tmp_path):
    with pytest.raises(OutputPathError, match="is a folder"):
        write_text(tmp_path, "x")


# --- missing and read-only databases ------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["history"], ["repair"], ["repair", "--start-fresh"], ["export", "--out", "{tmp}/x.json"]])
def test_commands_on_a_missing_database_create_nothing(tmp_path, capsys, argv):
    db = tmp_path / "missing" / "deeper" / "progress.db"
    code, _, err = run(capsys, *[a.replace("{tmp}", str(tmp_path)) for a in argv], "--db", db)
    assert code == 1
    assert err == (f"simulator: error: there is no progress database at {db}; play a scenario first, "
                   "or point --db (or SIMULATOR_DB) at an existing one\n")
    assert list(tmp_path.iterdir()) == []


def test_history_reads_a_read_only_database(capsys):
    with tempfile.TemporaryDirectory(dir="/tmp" if os.path.isdir("/tmp") else None) as top:
        top = Path(top)
        os.chmod(top, 0o755)
        folder = top / "ro"
        folder.mkdir()
        db = played_db(folder, capsys)
        shutil.rmtree(folder / "backups", ignore_errors=True)
        os.chmod(db, 0o444)
        os.chmod(folder, 0o555)
        argv = [sys.executable, "-m", "simulator", "history", "--db", str(db)]
        if os.geteuid() == 0:
            if not shutil.which("setpriv"):
                pytest.skip("cannot drop privileges here")
            argv = [shutil.which("setpriv"), "--reuid=65534", "--regid=65534", "--clear-groups", *argv]
        try:
            r = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=ROOT)
        finally:
            os.chmod(folder, 0o755)
        assert r.returncode == 0, r.stderr
        assert "Ann" in r.stdout and "The Quick-Fix Workshop" in r.stdout
        assert sorted(p.name for p in folder.iterdir()) == ["progress.db"]


# --- 6. names --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   "])
def test_play_with_an_empty_profile_name_is_a_usage_error(tmp_path, capsys, name):
    db = tmp_path / "p.db"
    code, out, err = run(capsys, "play", SPEC, "--choices", SPEC_CHOICES, "--profile", name, "--db", db)
    assert code == 2 and out == "" and err == "simulator: error: --profile: the name is empty; type a name\n"
    assert not db.exists()


@pytest.mark.parametrize("name, team", [("=X", ""), ("+X", ""), ("-X", ""), ("@X", ""), ("<Alex>", ""),
                                        ("Bea", "EMEA <Enterprise>")])
def test_names_the_store_accepts_export_and_reimport(tmp_path, name, team):
    from simulator import leaderboard as lb
    from simulator.engine import play
    from simulator.loader import load_or_raise
    from simulator.storage import Store, record_session

    scenario = load_or_raise(SPEC)
    with Store.open(tmp_path / "p.db") as store:
        session = play(scenario, ["teach-decay", "reflect.1", "propose-pilot"], 1)
        record_session(store, name, session, team=team)
        profile = store.profile_by_name(name)
        doc = lb.write_export(tmp_path / "x.json", store, profile)
    assert doc["rep"] == {"name": name, "team": team}
    entries, problems = lb.read_export(tmp_path / "x.json")
    assert problems == [] and entries[0].rep == name


@pytest.mark.parametrize("name, why", [("A" * 5000, "5,000 characters long; use at most 80"), ("Ann\x1b[2JLee", "U+001B"),
                                       ("Ann\u202eLee", "U+202E"), ("", "empty")])
def test_the_store_refuses_names_the_export_could_not_carry(tmp_path, name, why):
    from simulator.errors import SimulatorError
    from simulator.storage import Store

    with Store.open(tmp_path / "p.db") as store:
        with pytest.raises(SimulatorError, match=re.escape(why)):
            store.create_profile(name)
        with pytest.raises(SimulatorError, match="team"):
            store.create_profile("Ann", "T\x07eam")
        assert store.profiles() == []


def test_inner_spaces_are_one_name(tmp_path):
    from simulator.storage import Store

    with Store.open(tmp_path / "p.db") as store:
        p = store.create_profile("  Ann   Lee ")
        assert p.name == "Ann Lee" and store.get_or_create_profile("Ann  Lee").id == p.id


# --- export files: version true, BOM --------------------------------------------------------------------


def test_an_export_with_a_bom_is_read_and_version_true_is_refused(tmp_path, capsys):
    from simulator import leaderboard as lb

    db = played_db(tmp_path, capsys)
    export = tmp_path / "ann.json"
    assert run(capsys, "export", "--out", export, "--db", db)[0] == 0
    doc = json.loads(export.read_text(encoding="utf-8"))
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + export.read_bytes())
    entries, problems = lb.read_export(bom)
    assert problems == [] and len(entries) == len(doc["attempts"])
    assert lb.import_files(tmp_path / "board.db", [bom]).problems == ()
    doc["version"] = True
    bad = tmp_path / "true.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    assert lb.read_export(bad) == ([], [f"{bad}: rejected: export version true is not supported; this program reads version 1"])


# --- 8. terminal escapes ----------------------------------------------------------------------------------


def test_terminal_safe_escapes_controls_but_keeps_lines_and_tabs():
    assert terminal_safe("a\x1b[2Jb\tc\nd\x07\x9b\u202e") == "a\\x1b[2Jb\tc\nd\\x07\\x9b\\u202e"


def test_every_cli_message_is_escaped(tmp_path, capsys):
    evil = tmp_path / "bad\x1b]0;pwned\x07.yaml"
    evil.write_text("format: 1\nid: x\n", encoding="utf-8")
    code, out, err = run(capsys, "validate", evil)
    assert code == 1 and "\x1b" not in out + err and "\x07" not in out + err and "bad\\x1b]0;pwned\\x07.yaml" in out
    code, out, err = run(capsys, "play", tmp_path / "nope\x1b[2J.yaml")
    assert "\x1b" not in out + err and "nope\\x1b[2J" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_given_as_an_export_file_is_rejected_without_blocking(tmp_path):
    from simulator import leaderboard as lb

    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    assert lb.read_export(pipe) == ([], [f"{pipe}: rejected: it is a named pipe, not a regular file"])
    result = lb.import_files(tmp_path / "board.db", [pipe])
    assert result.problems == (f"{pipe}: rejected: it is a named pipe, not a regular file",) and result.imported == ()


def test_an_attempt_stored_with_an_infinite_score_by_an_older_version_does_not_block_the_export(tmp_path, capsys):
    db = played_db(tmp_path, capsys)
    run(capsys, "play", SPEC, "--choices", "1", "--profile", "Ann", "--db", db)
    con = sqlite3.connect(db)
    with con:
        (uuid,) = con.execute("SELECT uuid FROM attempts WHERE status = 'completed' ORDER BY started LIMIT 1").fetchone()
        con.execute("UPDATE attempts SET total = ?, scores = ? WHERE uuid = ?", [float("inf"), '{"insight": Infinity}', uuid])
    con.close()
    out = tmp_path / "ann.json"
    code, stdout, err = run(capsys, "export", "--out", out, "--db", db)
    assert code == 0, err
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert uuid not in {a["uuid"] for a in doc["attempts"]} and len(doc["attempts"]) >= 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("command", [["history"], ["play", str(SPEC), "--choices", SPEC_CHOICES, "--profile", "Ann"]])
def test_a_fifo_as_the_database_is_one_line_not_a_hang(tmp_path, command):
    fifo = tmp_path / "progress.db"
    os.mkfifo(fifo)
    r = subprocess.run([sys.executable, "-m", "simulator", *command, "--db", str(fifo)], capture_output=True, text=True,
                       timeout=60, cwd=ROOT)
    assert r.returncode == 1
    assert r.stderr.endswith(f"simulator: error: cannot read the progress database {fifo} (it is not a regular file); "
                             "check it, or choose another place with --db\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_an_output_that_is_a_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "board.csv"
    os.mkfifo(fifo)
    with pytest.raises(OutputPathError, match="is not a regular file"):
        write_text(fifo, "x")
