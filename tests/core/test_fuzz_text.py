"""`simulator fuzz` prints where the random runs ended, in text as in JSON."""

from __future__ import annotations

import json
from pathlib import Path
from tests.support.cli import run_simulator

ROOT = Path(__file__).resolve().parents[2]
LOOP = ROOT / "tests" / "scenarios" / "valid" / "loop-hidden-chance.yaml"


def run(*args):
    return run_simulator("fuzz", *args)


def test_text_output_shows_every_ending_with_runs_and_share_matching_the_json():
    text = run(LOOP, "--runs", "50").stdout.splitlines()
    counts = json.loads(run(LOOP, "--runs", "50", "--json").stdout)["endings"]
    assert text[0] == "endings in 50 runs:"
    rows = {line.split()[0]: line.split() for line in text[1:-1]}
    assert set(rows) == set(counts)
    for ending, n in counts.items():
        assert int(rows[ending][2]) == n
        assert rows[ending][3] == f"{100 * n / 50:.1f}%"
    assert text[-1] == "50 random runs (seed 0): 50 reached an ending; no failures"


def test_an_ending_no_run_reached_is_listed_and_failures_are_counted(tmp_path):
    f = tmp_path / "stuck.yaml"
    f.write_text("""\
format: 1
id: stuck
title: Stuck sometimes
people: {x: {name: X}}
state: {trust: 50}
start: a
nodes:
  a:
    text: hi
    choices:
      - {id: warm, text: warm, goto: react}
  react:
    next:
      - {if: trust >= 60, goto: won}
      - {chance: 0.5, goto: lost}
endings:
  won: {title: Won, outcome: won}
  lost: {title: Lost, outcome: lost}
""", encoding="utf-8")
    r = run(f, "--runs", "40")
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    won = next(line for line in lines if line.strip().startswith("won "))
    assert won.split()[1:4] == ["won", "0", "0.0%"] and won.endswith("never reached")
    failed = next(line for line in lines if line.strip().startswith("failed runs"))
    lost = next(line for line in lines if line.strip().startswith("lost "))
    assert int(failed.split()[2]) + int(lost.split()[2]) == 40 and int(failed.split()[2]) > 0
