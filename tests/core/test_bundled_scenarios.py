"""The bundled scenario library: every file validates strictly, has room for
judgment, and two golden plans on format 2 scenarios score exactly as computed
by hand from scoring.md. (The spec's own version 1 example is kept verbatim in
tests/scenarios/valid/spec-example.yaml; tests/core/test_loader.py loads it.)

Everything goes through the command line (``python -m simulator ... --json``)
so these tests do not depend on internal APIs.
"""
import json
import re
from pathlib import Path

import pytest
from tests.support.cli import run_simulator

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
BUNDLED = sorted(SCENARIOS.glob("*.yaml"))
DIAGNOSTIC = re.compile(r":\d+:\d+: (error|warning): ")


def run_cli(*args, timeout=180):
    return run_simulator(*args, timeout=timeout)


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


def play(path, choices, seed, *extra):
    result = run_cli("play", SCENARIOS / path, "--choices", choices, "--seed", seed, *extra, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


# Both plans below are format 2: the situation is forced with --situation, and the cue shows at the
# second decision, so from there every belief is certain and V(b) = V*(s). Before it (the first
# decision) the belief is the three situations at 1/3 each, and that decision's options do not depend
# on the situation. Right moves add to a hidden `momentum`; the close reads it off a ladder:
# value(k) = p_k * upper + (1 - p_k) * lower, with p_k the route's chance (endings 100/60/25/0).


def test_golden_spin_discovery_one_pitch_too_early():
    # Situation people (Stan retires in March). Plan (written indices 4,2,3,4,1,2):
    #   problem-maintenance-overtime (+1), impl-after-stan (+3), features-now (costly, +0),
    #   involve-stan (+3), diag-implied-to-explicit, capture-stan (+3)      -> momentum 10.
    # Ladder (M = 13, levels 0,1,3,4,6,7,9,10,12,13): value(13) = 100, value(12) = .81*100 + .19*60
    #   = 92.4, value(10) = .42*100 + .58*60 = 76.8, value(7) = .82*60 + .18*25 = 53.7.
    #   At 10 the route draws: seed 1 -> trial-no-trigger (60), seed 4 -> trial-to-capex (100).
    # Judgment: sigma = V - worst Q, r = V - Q(chosen):
    #   D1 opening  V 100 (max 13), costly -> max 12: 92.4    sigma  7.6  r 0
    #   D2 problem  V 100, costly -> 10: 76.8                 sigma 23.2  r 0
    #   D3 implic.  V 100, features-now -> 10: 76.8           sigma 23.2  r 23.2
    #   D4 who      V 76.8 (max 10), costly -> 7: 53.7        sigma 23.1  r 0
    #   D5 diagnose sigma 0;  D6 close V 76.8, costly 53.7    sigma 23.1  r 0
    #   J = 100 * (1 - 23.2 / 100.2) = 76.846
    # Competencies, sum(chosen - min) / sum(max - min) (Omega_c is the same spread: the best policy
    # meets the same decision nodes, and evidence depends only on the situation):
    #   insight:   D1 0/1, D2 0/1, D3 features-now 1/1, D6 diag 4/4                    = 5/7   = 71.429
    #   discovery: D1 4/4, D2 5/5, D3 0/5 (-2 of -2..3), D4 0/1, D5 1/1, D6 0/1          = 10/17 = 58.824
    #   tailoring: D1 1/1, D2 1/1, D3 0/2, D4 involve-stan 4/4 (-2..2), D6 2/2            = 8/10  = 80
    #   control:   D4 2/2 (-1..1), D6 4/4 (-2..2)                                         = 6/6   = 100
    # Weights insight 1, discovery 3, tailoring 1, control 1, judgment 2, outcome 1 (sum 9):
    #   outcome 60:  total = (71.429 + 3*58.824 + 80 + 100 + 2*76.846 + 60) / 9 = 71.288
    #   outcome 100: total = 75.732.  Luck = U - V(b0) + sum r = 60 - 100 + 23.2 = -16.8 (seed 4: +23.2)
    result = play("spin-discovery.yaml", "4,2,3,4,1,2", 1, "--situation", "people")
    assert result["situation"] == "people"
    assert result["ending"] == "trial-no-trigger"
    scores = result["scores"]
    assert scores["judgment"] == pytest.approx(100 * 77 / 100.2, abs=0.01)
    assert scores["outcome"] == pytest.approx(60.0, abs=0.01)
    assert scores["insight"] == pytest.approx(500 / 7, abs=0.01)
    assert scores["discovery"] == pytest.approx(1000 / 17, abs=0.01)
    assert scores["tailoring"] == pytest.approx(80.0, abs=0.01)
    assert scores["control"] == pytest.approx(100.0, abs=0.01)
    assert result["total"] == pytest.approx(71.288, abs=0.01)
    assert result["luck"] == pytest.approx(-16.8, abs=0.01)
    assert result["passed"] is True
    verdicts = [d["verdict"] for d in result["decisions"]]
    assert verdicts == ["best", "best", "costly", "best", "best", "best"]
    lucky = play("spin-discovery.yaml", "4,2,3,4,1,2", 4, "--situation", "people")
    assert lucky["ending"] == "trial-to-capex" and lucky["total"] == pytest.approx(75.732, abs=0.01)
    assert lucky["luck"] == pytest.approx(23.2, abs=0.01)


def test_golden_council_early_teaching_with_confidence():
    # Situation inspection. Plan (written indices 4,3,1,1,2,1,2,2,3):
    #   teach-hidden-cost (costly, +0), ask-overdue-risk (+3), reframe-exposure (+3), triage-first (+3),
    #   map-the-group (+1), diag-status-quo, agency-and-root-cause (+3), ninety-day-plan (+3),
    #   framework-call-off (+1)                                                  -> momentum 17.
    # Ladder (M = 18): value(18) = 100, value(17) = .86*100 + .14*60 = 94.4, value(16) = 88.8,
    #   value(14) = .44*100 + .56*60 = 77.6. At 17 the route draws: seed 1 -> change-agreed (100).
    # Judgment: D1 V 100, costly -> 17: 94.4, sigma 5.6, r 5.6. After it V = 94.4 (max 17):
    #   the five situational decisions: costly -> 14: 77.6, sigma 16.8 each, r 0;
    #   who-else and procurement: costly -> 16: 88.8, sigma 5.6 each, r 0; diagnose sigma 0.
    #   J = 100 * (1 - 5.6 / 100.8) = 94.444
    # Competencies (spreads = Omega_c, same nodes on the best policy):
    #   insight:   D1 1/1, margaret 3/3, numbers 1/1, diag 4/4, extend 1/1, next 2/2, procurement 2/2 = 14/14 = 100
    #   discovery: D1 2/4 (0 of -2..2), history 2/2, margaret 0/2, who-else 2/2              = 6/10  = 60
    #   tailoring: D1 0/3, history 3/3, margaret 2/2, numbers 3/3, extend 2/2, next 2/2,
    #              procurement 0/1                                                      = 12/16 = 75
    #   control:   history 2/2, margaret 2/2, numbers 2/2, who-else 3/4, extend 4/4, next 3/3,
    #              procurement 4/4                                                       = 20/21 = 95.238
    # Calibration: events 0,1,1,1,1,1,1,1,1 (the diagnose option has the most points), confidences
    #   .7,.9,.8,.9,.6,1,.9,.8,.7: Brier = (.49+.01+.04+.01+.16+0+.01+.04+.09)/9 = .094444,
    #   C = 100 * (1 - .094444/.25) = 62.222
    # Weights insight 2, discovery 1, tailoring 1, control 1, judgment 2, outcome 1, calibration 1:
    #   total = (200 + 60 + 75 + 95.238 + 2*94.444 + 100 + 62.222) / 9 = 86.817; luck = 100 - 100 + 5.6
    result = play("council-status-quo.yaml", "4,3,1,1,2,1,2,2,3", 1, "--situation", "inspection",
                  "--confidence", "70,90,80,90,60,100,90,80,70")
    assert result["ending"] == "change-agreed"
    scores = result["scores"]
    assert scores["judgment"] == pytest.approx(100 * 95.2 / 100.8, abs=0.01)
    assert scores["insight"] == pytest.approx(100.0, abs=0.01)
    assert scores["discovery"] == pytest.approx(60.0, abs=0.01)
    assert scores["tailoring"] == pytest.approx(75.0, abs=0.01)
    assert scores["control"] == pytest.approx(2000 / 21, abs=0.01)
    assert scores["calibration"] == pytest.approx(100 * (1 - 0.85 / 9 / 0.25), abs=0.01)
    assert result["total"] == pytest.approx(86.817, abs=0.01)
    assert result["luck"] == pytest.approx(5.6, abs=0.01)
    assert [d["verdict"] for d in result["decisions"]][:2] == ["costly", "best"]
