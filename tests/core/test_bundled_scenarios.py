"""The bundled scenario library: every file validates strictly, has room for
judgment, and two golden plans score exactly as computed by hand from
scoring.md.

Everything goes through the command line (``python -m simulator ... --json``)
so these tests do not depend on internal APIs.
"""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
BUNDLED = sorted(SCENARIOS.glob("*.yaml"))
DIAGNOSTIC = re.compile(r":\d+:\d+: (error|warning): ")


def run_cli(*args, timeout=180):
    return subprocess.run(
        [sys.executable, "-m", "simulator", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_library_has_at_least_eight_scenarios():
    assert len(BUNDLED) >= 8, [p.name for p in BUNDLED]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_scenario_validates_strictly_without_diagnostics(path):
    result = run_cli("validate", "--strict", path)
    diagnostics = [line for line in result.stdout.splitlines() if DIAGNOSTIC.search(line)]
    assert result.returncode == 0, result.stdout + result.stderr
    assert diagnostics == []


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_scenario_has_at_least_two_passing_paths(path):
    result = run_cli("paths", path, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["passing_paths"] >= 2
    assert report["multi_best_share"] >= 0.4
    assert all(report["endings"].values()), report["endings"]


def play(path, choices, seed):
    result = run_cli("play", SCENARIOS / path, "--choices", choices, "--seed", seed, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_golden_spin_discovery_perfect_plan():
    # Plan: problem-maintenance-overtime, impl-downstream, need-payoff-freshmart,
    #       diag-implied-to-explicit, co-write-capex   -> choices 3,1,2,1,2
    # No chance route is met (close-readout: need explicit, patience 60 >= 50),
    # so the seed does not matter. Ending trial-to-capex, value 100.
    #
    # V* and stakes (sigma = V* - worst Q), regret r:
    #  D1 opening, patience 60: Q = sit 80 (patience 45 -> close-readout
    #     0.5*100 + 0.5*60), problem questions 100, 100, pitch 80.
    #     sigma 20, r 0.
    #  D2 problem-answer: impl 100, 100; sit-wrapper-age 80; solution-early 80.
    #     sigma 20, r 0.
    #  D3 implications: need-payoff 100, 100; features-now 60
    #     (need stays implied -> trial-no-trigger). sigma 40, r 0.
    #  D4 diagnose: every option leads to the same node. sigma 0 (not counted).
    #  D5 close-ask: propose 100, co-write 100, brochure 0.3*40+0.7*15 = 22.5.
    #     sigma 77.5, r 0.
    #  Judgment = 100 * (1 - 0/157.5) = 100.
    #
    # Competencies: sum(chosen - min) / sum(max - min) over decisions where
    # max != min (evidence at the decision's state):
    #  insight:   D1 (0 - -1)/1, D4 (3 - -1)/4, D5 (0 - 0)/1          = 5/6  = 83.333
    #  discovery: D1 (2 - -2)/4, D2 (3 - -1)/4, D3 (2 - -1)/4, D4 1/1 = 12/13 = 92.308
    #  tailoring: D1 1/1, D2 0/1, D3 (2-0)/2, D5 (2-0)/2             = 5/6  = 83.333
    #  control:   D5 (2 - -2)/(3 - -2)                                = 4/5  = 80
    # Weights insight 1, discovery 3, tailoring 1, control 1, judgment 2, outcome 1:
    #  total = (83.333 + 3*92.308 + 83.333 + 80 + 2*100 + 100) / 9 = 91.510
    result = play("spin-discovery.yaml", "3,1,2,1,2", 1)
    assert result["ending"] == "trial-to-capex"
    scores = result["scores"]
    assert scores["judgment"] == pytest.approx(100.0, abs=0.01)
    assert scores["outcome"] == pytest.approx(100.0, abs=0.01)
    assert scores["insight"] == pytest.approx(500 / 6, abs=0.01)
    assert scores["discovery"] == pytest.approx(1200 / 13, abs=0.01)
    assert scores["tailoring"] == pytest.approx(500 / 6, abs=0.01)
    assert scores["control"] == pytest.approx(80.0, abs=0.01)
    assert result["total"] == pytest.approx(91.510, abs=0.01)
    assert result["passed"] is True


def test_golden_coaching_late_threat():
    # Plan: ask-self-assessment, teach-pattern, ask-who-signs, diag-skips-discovery,
    #       pip-warning   -> choices 2,2,2,2,3
    # openness 40 +15 +0 +5 -20 = 40, threatened -> follow-up skips the chance
    # route (it needs "not threatened") and takes openness >= 40:
    # slow-improvement, value 65, whatever the seed.
    #
    # follow-up is worth 0.8*100 + 0.2*65 = 93 when openness >= 65 and not threatened.
    #  D1 opening, openness 40: accept-activity 65 (recovers to openness 60 at
    #     most), ask-self-assessment 93, review-lost-deal 93, lecture-quota 65.
    #     sigma 28, r 0.
    #  D2 jordan-reflects, 55: probe 93, teach 93, give-script
    #     0.3*65 + 0.7*20 = 33.5. sigma 59.5, r 0.
    #  D3 deal-review, 55: ask-cost 93, ask-who-signs 93, take-over 40.
    #     sigma 53, r 0.
    #  D4 diagnose: sigma 0.
    #  D5 commitments, 60: roleplay 93, ride-along 93, pip-warning 65.
    #     sigma 28, r 28.
    #  Judgment = 100 * (1 - 28/168.5) = 83.383.
    #
    # Competencies:
    #  insight:   D1 (0 - -1)/1, D2 teach (3 - -1)/4, D4 (3 - -1)/4   = 9/9  = 100
    #  discovery: D1 (2 - -1)/3, D2 (0 - -1)/4, D3 2/2, D5 0/1        = 6/10 = 60
    #  tailoring: D1 (2 - -2)/4, D2 1/1, D3 (0 - -1)/2,
    #             D5 roleplay rule openness >= 60 gives 2: (-2 - -2)/4 = 6/11 = 54.545
    #  control:   D1 (0 - -1)/3, D3 (1 - -2)/3, D5 (0 - 0)/2           = 4/8  = 50
    # Weights insight 2, discovery 2, tailoring 1, control 1, judgment 2, outcome 1:
    #  total = (2*100 + 2*60 + 54.545 + 50 + 2*83.383 + 65) / 9 = 72.923
    result = play("coaching-struggling-rep.yaml", "2,2,2,2,3", 5)
    assert result["ending"] == "slow-improvement"
    scores = result["scores"]
    assert scores["judgment"] == pytest.approx(100 * 140.5 / 168.5, abs=0.01)
    assert scores["outcome"] == pytest.approx(65.0, abs=0.01)
    assert scores["insight"] == pytest.approx(100.0, abs=0.01)
    assert scores["discovery"] == pytest.approx(60.0, abs=0.01)
    assert scores["tailoring"] == pytest.approx(600 / 11, abs=0.01)
    assert scores["control"] == pytest.approx(50.0, abs=0.01)
    assert result["total"] == pytest.approx(72.923, abs=0.01)
    assert result["passed"] is True
