"""`simulator list`, naming a scenario by its id, and `leaderboard` without readable input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.template import write_new
from tests.support.cli import run_main

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))


@pytest.fixture(autouse=True)
def _temp_db(monkeypatch, tmp_path):
    monkeypatch.setenv("SIMULATOR_DB", str(tmp_path / "progress.db"))


run = run_main


def test_list_prints_every_bundled_scenario_with_title_difficulty_and_minutes(capsys):
    code, out, err = run(capsys, "list")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "DIFFICULTY", "MINUTES"]
    rows = {line.split()[0]: line for line in lines[1:-1]}
    assert sorted(rows) == BUNDLED
    assert "The Renewal Nobody Is Defending" in rows["renewal-at-risk"]
    assert rows["renewal-at-risk"].split()[-2] in ("intro", "intermediate", "advanced")
    assert rows["renewal-at-risk"].split()[-1].isdigit()
    assert lines[-1] == f"{len(BUNDLED)} scenario(s) in {ROOT / 'scenarios'}"


def test_list_json_has_id_title_difficulty_minutes_and_the_file(capsys):
    code, out, _err = run(capsys, "list", "--json")
    assert code == 0
    entries = json.loads(out)
    assert sorted(e["id"] for e in entries) == BUNDLED
    for e in entries:
        assert {"id", "title", "difficulty", "minutes", "format", "version", "path"} <= set(e)
        assert e["difficulty"] in ("intro", "intermediate", "advanced")
        assert Path(e["path"]).is_file()


def test_a_library_folder_adds_its_scenarios_and_its_ids_work(capsys, tmp_path):
    lib = tmp_path / "mine"
    lib.mkdir()
    write_new("my-first", lib)
    (lib / "my-first.yaml").rename(lib / "renamed-file.yaml")  # the id, not the file name, names it
    code, out, _err = run(capsys, "list", "--library", lib)
    assert code == 0 and "my-first" in out
    code, out, err = run(capsys, "paths", "my-first", "--library", lib)
    assert code == 0, err
    assert "my-first" in out


def test_list_names_a_library_file_that_does_not_load_and_still_lists_the_rest(capsys, tmp_path):
    lib = tmp_path / "mine"
    lib.mkdir()
    (lib / "broken.yaml").write_text("format: 1\nid: broken\n", encoding="utf-8")
    code, out, err = run(capsys, "list", "--library", lib)
    assert code == 1
    assert "renewal-at-risk" in out
    assert "file(s) in the library did not load" in err and str(lib / "broken.yaml") in err


def test_list_with_a_missing_library_folder_is_a_usage_error(capsys, tmp_path):
    code, _out, err = run(capsys, "list", "--library", tmp_path / "nope")
    assert code == 2
    assert "no such folder" in err


def test_play_by_id(capsys):
    code, out, err = run(capsys, "play", "renewal-at-risk", "--choices", "1", "--seed", "1", "--json")
    assert code == 3, err  # one choice: ran out before an ending, but the scenario was found and played
    assert json.loads(out)["scenario"]["id"] == "renewal-at-risk"


@pytest.mark.parametrize("command", [["map", "spin-discovery", "--format", "dot"], ["fuzz", "spin-discovery", "--runs", "3"]])
def test_map_and_fuzz_take_an_id(capsys, command):
    code, out, err = run(capsys, *command)
    assert code == 0, err
    assert out


def test_an_unknown_id_says_what_the_library_has(capsys):
    code, _out, err = run(capsys, "play", "no-such-scenario", "--choices", "1")
    assert code == 2
    assert err.count("\n") == 1
    assert "'no-such-scenario' is neither a file nor the id of a scenario in the library" in err
    assert "renewal-at-risk" in err and "simulator list" in err


def test_a_missing_file_path_is_still_reported_as_a_file(capsys, tmp_path):
    code, _out, err = run(capsys, "paths", tmp_path / "gone.yaml")
    assert code == 2
    assert f"no such scenario file: {tmp_path / 'gone.yaml'}" in err


def test_a_file_path_still_works(capsys):
    code, out, err = run(capsys, "paths", ROOT / "scenarios" / "spin-discovery.yaml")
    assert code == 0, err and out


def test_leaderboard_without_readable_input_writes_no_board_and_exits_1(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    out_file = tmp_path / "board.html"
    code, _out, err = run(capsys, "leaderboard", bad, tmp_path / "missing.json", "--out", out_file)
    assert code == 1
    assert not out_file.exists()
    assert "no export file could be read; no board written" in err


def test_leaderboard_of_an_unmatched_glob_exits_1(capsys, tmp_path):
    code, out, err = run(capsys, "leaderboard", tmp_path / "team" / "*.json")
    assert code == 1
    assert out == ""
    assert "no board written" in err
