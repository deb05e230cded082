"""Format 2 on the command line: `play --situation`, `--confidence` where none is asked, `new`."""

from pathlib import Path

from simulator import loader
from simulator.engine import Session
from tests.support.cli import run_simulator

ROOT = Path(__file__).resolve().parents[2]
SPEC_EXAMPLE = "tests/scenarios/valid/spec-example.yaml"


def run(*args, cwd=ROOT):
    return run_simulator(*args, cwd=cwd)


def new_scenario(tmp_path) -> Path:
    r = run("new", "first-call", "--dir", tmp_path)
    assert r.returncode == 0, r.stderr
    return tmp_path / "first-call.yaml"


def test_new_writes_a_format_2_template_that_validates_strict(tmp_path):
    path = new_scenario(tmp_path)
    text = path.read_text(encoding="utf-8")
    situations = text[text.index("\nsituations:") : text.index("\nstart:")]
    assert situations.count("  - id: ") == 2 and "\nformat: 2\n" in text
    assert "    text:                          # the first variant whose if holds" in text
    r = run("validate", "--strict", path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip() == "1 file checked: 0 errors, 0 warnings"


def test_play_situation_forces_the_situation(tmp_path):
    path = new_scenario(tmp_path)
    scenario = loader.load_or_raise(path)
    for forced, words in (("comparing-vendors", "two other vendors"), ("rush-costs", "another rush order")):
        r = run("play", path, "--choices", "ask-cost", "--seed", "5", "--situation", forced)
        assert r.returncode == 3, r.stderr  # the choices ran out
        assert words in r.stdout
        session = Session(scenario, 5, situation=forced)
        assert session.situation == forced


def test_play_situation_refuses_an_unknown_id_with_one_line(tmp_path):
    path = new_scenario(tmp_path)
    r = run("play", path, "--choices", "1", "--situation", "rush-cost")
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0
    assert "situation 'rush-cost' is not one of this scenario's situations (rush-costs, comparing-vendors)" in r.stderr
    assert "Traceback" not in r.stderr


def test_play_refuses_to_record_a_forced_run(tmp_path):
    path = new_scenario(tmp_path)
    db = tmp_path / "progress.db"
    r = run("--db", db, "play", path, "--choices", "ask-cost", "--situation", "rush-costs", "--profile", "ana")
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "never recorded" in r.stderr
    assert r.stdout == ""
    assert not db.exists()


def test_confidence_on_a_scenario_that_does_not_ask_exits_2_with_one_line():
    r = run("play", SPEC_EXAMPLE, "--choices", "2", "--confidence", "80")
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0
    assert "does not ask for confidence" in r.stderr
    assert r.stdout == ""


def test_play_numbers_count_in_written_order_on_a_shuffled_scenario(tmp_path):
    path = new_scenario(tmp_path)
    for seed in range(5):
        r = run("play", path, "--choices", "3", "--seed", seed, "--json")  # 3 = send-prices as written
        assert r.returncode == 3 or r.returncode == 0, r.stderr
        assert '"send-prices"' in r.stdout
