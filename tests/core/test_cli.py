"""The command line as a user meets it: output format, exit codes, no tracebacks."""

import json
import re
from pathlib import Path

import pytest

from simulator import cli
from tests.support.cli import run_simulator

ROOT = Path(__file__).resolve().parents[2]
INVALID = ROOT / "tests" / "scenarios" / "invalid"
SPEC_EXAMPLE = "tests/scenarios/valid/spec-example.yaml"
LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): .+ \[(?P<code>[a-z-]+)\]$")


def run(*args, cwd=ROOT, env=None):
    return run_simulator(*args, cwd=cwd, env=env)


def test_version_and_help():
    from simulator import __version__

    r = run("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"simulator {__version__}"
    r = run("--help")
    assert r.returncode == 0
    for word in ("validate", "schema", "new", "app", "--db", "--library", "--debug"):
        assert word in r.stdout


def test_validate_invalid_folder_prints_every_golden_line_sorted_then_a_summary():
    r = run("validate", "tests/scenarios/invalid")
    lines = r.stdout.splitlines()
    golden = []
    for diag in sorted(INVALID.glob("*.diag")):
        golden += diag.read_text(encoding="utf-8").splitlines()
    files = len(list(INVALID.glob("*.yaml")))
    assert r.returncode == 1, r.stderr
    assert lines[:-1] == sorted(golden, key=lambda s: (s.split(":")[0], int(s.split(":")[1]), int(s.split(":")[2])))
    assert lines[-1] == f"{files} files checked: {len(golden)} errors, 0 warnings"
    assert all(LINE.match(line) for line in lines[:-1])
    assert r.stderr == ""


def test_validate_one_file_with_warnings_exits_0_and_1_with_strict():
    r = run("validate", SPEC_EXAMPLE)
    assert r.returncode == 0, r.stderr
    diags = [LINE.match(x) for x in r.stdout.splitlines()[:-1]]
    assert all(diags)
    assert [(m["line"], m["col"], m["sev"], m["code"]) for m in diags if m["code"] == "missing-id"] == [
        ("79", "11", "warning", "missing-id"), ("81", "11", "warning", "missing-id"),
    ]
    assert r.stdout.splitlines()[-1].startswith("1 file checked: 0 errors, ")
    assert run("validate", "--strict", SPEC_EXAMPLE).returncode == 1


def test_validate_json_format():
    r = run("validate", "--format", "json", "tests/scenarios/invalid/bad-goto.yaml")
    assert r.returncode == 1
    report = json.loads(r.stdout)
    assert report["files"] == 1 and report["errors"] == 1 and report["warnings"] == 0
    assert report["diagnostics"] == [{
        "file": "tests/scenarios/invalid/bad-goto.yaml", "line": 18, "column": 15, "severity": "error",
        "message": "goto 'wno' is not a node or ending; did you mean 'won'?", "code": "bad-reference",
    }]


@pytest.mark.parametrize("args", [("validate", "no/such/file.yaml"), ("validate",), ("validate", "--format", "xml", SPEC_EXAMPLE), ("bogus",)])
def test_usage_errors_exit_2_with_one_line(args):
    r = run(*args)
    assert r.returncode == 2
    assert r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1
    assert r.stderr.startswith("simulator: error: ")
    assert "Traceback" not in r.stderr


def test_schema_is_json_schema_for_the_format():
    r = run("schema")
    assert r.returncode == 0
    schema = json.loads(r.stdout)
    assert schema["$schema"].startswith(("https://json-schema.org/", "http://json-schema.org/"))
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert {"format", "id", "title", "people", "start", "nodes", "endings"} <= set(schema["required"])
    defs = schema["definitions"]  # draft-07 by default (simulator schema --draft 2020-12: $defs)
    assert "Choice" in defs and "pass" in defs["Scoring"]["properties"]
    # the state shorthand (trust: 35) must not be flagged by editors
    kinds = schema["properties"]["state"]["additionalProperties"]["anyOf"]
    assert {"type": "number"} in kinds and {"type": "boolean"} in kinds


def test_new_writes_a_template_that_validates_clean_and_never_overwrites(tmp_path):
    r = run("new", "renewal-pricing", "--dir", tmp_path)
    target = tmp_path / "renewal-pricing.yaml"
    assert r.returncode == 0, r.stderr
    assert target.is_file()
    text = target.read_text(encoding="utf-8")
    assert "id: renewal-pricing" in text and "#" in text
    v = run("validate", "--strict", target)
    assert v.returncode == 0, v.stdout
    assert v.stdout.splitlines() == ["1 file checked: 0 errors, 0 warnings"]
    target.write_text(text + "# mine\n", encoding="utf-8")
    again = run("new", "renewal-pricing", "--dir", tmp_path)
    assert again.returncode == 1
    assert again.stderr.startswith("simulator: error: ") and "already exists" in again.stderr
    assert target.read_text(encoding="utf-8").endswith("# mine\n")


@pytest.mark.parametrize("bad", ["Bad_Id", "_leading", "has space", "x" * 65, "ünï"])
def test_new_refuses_a_bad_id_with_one_line(tmp_path, bad):
    r = run("new", bad, "--dir", tmp_path)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "not a valid scenario id" in r.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("tricky", ["no", "null", "2024", "1e3"])
def test_new_quotes_ids_yaml_would_read_as_something_else(tmp_path, tricky):
    from simulator.loader import load
    from simulator.template import write_new

    scenario, diagnostics = load(write_new(tricky, tmp_path))
    assert scenario is not None, diagnostics
    assert scenario.id == tricky


def test_common_options_are_accepted_before_and_after_the_command(monkeypatch):
    monkeypatch.delenv("SIMULATOR_DB", raising=False)
    a = cli.parse_args(["--db", "x.db", "--library", "a", "validate", "--library", "b", "f.yaml"])
    assert str(a.db) == "x.db" and [str(p) for p in a.library] == ["a", "b"]
    b = cli.parse_args(["validate", "--db", "y.db", "--debug", "f.yaml"])
    assert str(b.db) == "y.db" and b.debug is True
    c = cli.parse_args(["validate", "f.yaml"])
    assert c.db is None and c.library == [] and c.debug is False


def test_db_defaults_to_the_environment_variable(monkeypatch, tmp_path, capsys):
    seen = {}
    monkeypatch.setenv("SIMULATOR_DB", str(tmp_path / "p.db"))
    monkeypatch.setattr(cli, "cmd_schema", lambda args: seen.setdefault("db", args.db) and 0)
    cli.main(["schema"])
    assert seen["db"] == tmp_path / "p.db"


def test_an_unexpected_error_is_one_line_without_traceback_unless_debug(monkeypatch, capsys):
    def boom(args):
        raise RuntimeError("kaput")

    monkeypatch.setattr(cli, "cmd_schema", boom)
    assert cli.main(["schema"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("simulator: error: ") and "kaput" in err and "--debug" in err
    with pytest.raises(RuntimeError):
        cli.main(["--debug", "schema"])
    with pytest.raises(RuntimeError):
        cli.main(["schema", "--debug"])


def test_an_os_error_is_one_line(monkeypatch, capsys):
    def denied(args):
        raise PermissionError(13, "Permission denied", "/x/y")

    monkeypatch.setattr(cli, "cmd_schema", denied)
    assert cli.main(["schema"]) == 1
    assert capsys.readouterr().err == "simulator: error: Permission denied: /x/y\n"


def test_no_subcommand_means_the_app(monkeypatch):
    called = {}
    monkeypatch.setattr(cli, "cmd_app", lambda args: called.setdefault("app", True) and 0)
    assert cli.main([]) == 0 and called == {"app": True}


def test_damaged_database_error_names_the_fix_and_repair_keeps_the_damaged_file(tmp_path):
    db = tmp_path / "progress.db"
    db.write_bytes(b"this is not a database" * 300)
    out = run("history", "--db", str(db))
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "damaged" in lines[0] and "simulator repair --start-fresh" in lines[0]
    assert "Traceback" not in out.stderr

    fixed = run("repair", "--db", str(db), "--start-fresh")
    assert fixed.returncode == 0, fixed.stderr
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("progress.db.damaged-")]
    assert len(kept) == 1 and kept[0].read_bytes() == b"this is not a database" * 300
    check = run("repair", "--db", str(db))
    assert check.returncode == 0 and "healthy" in check.stdout


def test_play_records_the_attempt_with_profile_and_history_shows_it(tmp_path):
    db = tmp_path / "p.db"
    spec = ROOT / "tests/scenarios/valid/spec-example.yaml"
    out = run("play", str(spec), "--choices", "2,2,1", "--seed", "1", "--profile", "Ana", "--db", str(db))
    assert out.returncode == 0, out.stderr
    hist = run("history", "--profile", "Ana", "--json", "--db", str(db))
    assert hist.returncode == 0, hist.stderr
    assert '"quick-fix-workshop"' in hist.stdout and '"completed"' in hist.stdout


def test_play_exit_3_when_choices_run_out_or_are_out_of_range():
    spec = ROOT / "tests/scenarios/valid/spec-example.yaml"
    ran_out = run("play", str(spec), "--choices", "2", "--seed", "1")
    assert ran_out.returncode == 3 and "ran out at 'reflect'" in ran_out.stderr
    bad = run("play", str(spec), "--choices", "2,9", "--seed", "1")
    assert bad.returncode == 3 and "pick 1 to 2" in bad.stderr
    import json as _json

    js = run("play", str(spec), "--choices", "2,2,1", "--seed", "1", "--json")
    data = _json.loads(js.stdout)
    assert data["ending"] == "pilot" and data["passed"] is True
    assert [d["option"] for d in data["decisions"]] == ["ask-lost-deals", "reflect.2", "propose-pilot"]
    assert data["decisions"][0]["best_options"] == ["ask-lost-deals", "teach-decay"]
