"""Team insight on a small fixture team, every number computed by hand in the comments.

The team: four reps of team "East", each with one first attempt at tests/scenarios/valid/committee.yaml
(seed 7; the scenario has no chance, so every run is deterministic), and Cat retries later.

committee.yaml (see its .plan for the scoring arithmetic): three decisions —
  meet  (choices; stakes 70): frame Q=100 (best), discount Q=30 (regret 70)
  read  (diagnose; stakes 0): ana 2 tailoring points (best = most points), ben 0 (not best, regret 0)
  close (choices): after frame ask-pilot 100 / wait 5 (stakes 95); after discount ask-pilot 30 / wait 5
        (stakes 25). ask-pilot is the best move either way.
Weights: insight 2, tailoring 1, control 1, judgment 2, outcome 2, negotiation 1, calibration 1 (sum 10).

  rep  moves (confidences)                      regrets (meet, read, close)  total
  Ann  frame, ana, ask-pilot (90, 60, 100)       0, 0, 0     97.7333  (committee.plan, first run)
  Ben  frame, ben, wait (90, 90, 90)             0, 0, 95    judgment 100(1-95/165)=42.4242, insight 100,
                                                             negotiation 100, outcome 5, others 0:
                                                             (200+84.8485+10+100)/10 = 39.4848
  Cat  discount, ben, ask-pilot (100, 50, 70)    70, 0, 0    13.7632  (committee.plan, second run)
  Dan  discount, ana, ask-pilot (50, 50, 50)     70, 0, 0    judgment 100(1-70/95)=26.3158, tailoring 100,
                                                             control 25, outcome 30, Brier .25 -> cal. 0:
                                                             (52.6316+100+25+60)/10 = 23.7632
  Cat later: frame, ana, ask-pilot (90, 60, 100) -> 97.7333 (practice: her "latest").

Index = (first total + 3 team_mean) / 4, a positive linear function of the first total, so the
point-biserial r against the index equals r against the totals t = (97.7333, 39.4848, 13.7632, 23.7632):
  mean m = 174.7445 / 4 = 43.6861
  deviations 54.0472, -4.2013, -29.9230, -19.9230; squares 2921.10, 17.65, 895.38, 396.92; sum 4231.06
  s = sqrt(4231.06 / 4) = sqrt(1057.765) = 32.5233
"""

from __future__ import annotations

import csv
import io

import pytest

from simulator.coaching.insight import insight, point_biserial
from simulator.coaching.report_csv import to_csv
from simulator.coaching.report_html import to_html
from simulator.coaching.team import team_from_paths
from simulator.loader import load_or_raise
from tests.support.coaching_data import VALID, attempt, share_doc, uid, write

SC = load_or_raise(VALID / "committee.yaml")
RUNS = {
    "Ann": [(["frame", "ana", "ask-pilot"], [90, 60, 100], 2)],
    "Ben": [(["frame", "ben", "wait"], [90, 90, 90], 3)],
    "Cat": [(["discount", "ben", "ask-pilot"], [100, 50, 70], 4), (["frame", "ana", "ask-pilot"], [90, 60, 100], 9)],
    "Dan": [(["discount", "ana", "ask-pilot"], [50, 50, 50], 5)],
}


def write_shares(folder, reflect: bool = False) -> list:
    """One share per rep of RUNS in ``folder`` (attempt ids uid(0), uid(1), ... in RUNS order); with ``reflect``,
    each attempt's reflection names its rep."""
    paths = []
    n = 0
    for name, runs in RUNS.items():
        atts = []
        for choices, confs, day in runs:
            reflection = {"differently": name, "buyer_needed": ""} if reflect else None
            atts.append(attempt(SC, choices, confs, uid(n), day, reflection=reflection))
            n += 1
        paths.append(write(folder / f"{name}.json", share_doc(name, "East", atts)))
    return paths


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    return team_from_paths(write_shares(tmp_path_factory.mktemp("team")), [SC])


@pytest.fixture(scope="module")
def ins(team):
    return insight(team)


def item(ins, node):
    (it,) = [i for i in ins.items if i.node == node]
    return it


def test_every_attempt_verifies_and_first_attempts_are_analysed(team, ins):
    assert [r.name for r in team.reps] == ["Ann", "Ben", "Cat", "Dan"]
    assert {a.status for r in team.reps for a in r.attempts} == {"verified"}
    assert (ins.analysed, ins.not_analysed) == (4, 0)  # Cat's retry is practice, not analysed
    assert [i.node for i in ins.items] == ["meet", "read", "close"]


def test_meet_by_hand(ins):
    it = item(ins, "meet")
    # frame: Ann, Ben (2 of 4 = 0.5, regret 0); discount: Cat, Dan (0.5, regret 70 each)
    assert [(o.option, o.count, o.share, o.mean_regret, o.best) for o in it.options] == [
        ("discount", 2, 0.5, 70.0, False), ("frame", 2, 0.5, 0.0, True)]
    # mean regret (0 + 0 + 70 + 70) / 4 = 35; total 140
    assert it.mean_regret == pytest.approx(35.0) and it.total_regret == pytest.approx(140.0)
    # costliest common mistake: discount, 2 x 70 = 140
    assert it.costliest.option == "discount" and it.costliest_total == pytest.approx(140.0)
    assert it.costliest.text == "Offer 15% off."
    # best: Ann, Ben (X = 1, 1, 0, 0). M1 = (97.7333 + 39.4848)/2 = 68.6091, M0 = (13.7632 + 23.7632)/2 = 18.7632,
    # p = q = 0.5: r = (68.6091 - 18.7632) / 32.5233 * 0.5 = 49.8459 / 32.5233 * 0.5 = 0.7663
    assert it.r_pb == pytest.approx(0.7663, abs=1e-4)
    assert it.best_rate == 0.5 and it.reps == 4


def test_read_by_hand(ins):
    it = item(ins, "read")
    # a diagnose without stakes: no regret; ana (Ann, Dan) is the best (most points), ben (Ben, Cat) is not
    assert [(o.option, o.count, o.best) for o in it.options] == [("ana", 2, True), ("ben", 2, False)]
    assert it.mean_regret == 0 and it.total_regret == 0
    # the mistake that cost most in total: ben (2 reps, 0 regret in outcome; it cost tailoring points)
    assert it.costliest.option == "ben" and it.costliest_total == 0
    # X = 1, 0, 0, 1. M1 = (97.7333 + 23.7632)/2 = 60.7482, M0 = (39.4848 + 13.7632)/2 = 26.6240,
    # r = 34.1242 / 32.5233 * 0.5 = 0.5246
    assert it.r_pb == pytest.approx(0.5246, abs=1e-4)


def test_close_by_hand(ins):
    it = item(ins, "close")
    # ask-pilot: Ann, Cat, Dan (3/4 = 0.75, regret 0: best after frame and after discount); wait: Ben (0.25, regret 95)
    assert [(o.option, o.count, o.share, o.mean_regret) for o in it.options] == [
        ("ask-pilot", 3, 0.75, 0.0), ("wait", 1, 0.25, 95.0)]
    # mean regret 95 / 4 = 23.75; costliest: wait, 1 x 95
    assert it.mean_regret == pytest.approx(23.75) and it.costliest.option == "wait" and it.costliest_total == 95
    # X = 1, 0, 1, 1: M1 = (97.7333 + 13.7632 + 23.7632)/3 = 45.0865, M0 = 39.4848, p = .75, q = .25,
    # r = 5.6017 / 32.5233 * sqrt(.1875) = 0.17224 * 0.43301 = 0.0746
    assert it.r_pb == pytest.approx(0.0746, abs=1e-4)


def test_where_the_team_loses_deals(ins):
    # total regret: meet 140, close 95, read 0 (not listed: nothing lost there)
    assert [(i.node, i.total_regret) for i in ins.losses] == [("meet", 140.0), ("close", 95.0)]


def test_heatmap_first_and_latest(ins):
    cat = next(r for r in ins.reps if r.name == "Cat")
    # Cat: first 13.7632 (judgment 26.3158), latest the retry 97.7333 (judgment 100); change +83.9702
    assert cat.cells["total"].first == pytest.approx(13.7632, abs=1e-4)
    assert cat.cells["total"].latest == pytest.approx(97.7333, abs=1e-4)
    assert cat.cells["judgment"].first == pytest.approx(26.3158, abs=1e-4) and cat.cells["judgment"].latest == 100
    assert cat.change == pytest.approx(83.9702, abs=1e-4) and cat.attempts == 2
    ben = next(r for r in ins.reps if r.name == "Ben")
    assert ben.change is None and ben.cells["tailoring"].first == 0 and ben.cells["insight"].first == 100
    # the components: judgment first, the standard competencies present, then the custom one
    assert ins.components == ("judgment", "insight", "tailoring", "control", "negotiation")
    # index = (t + 3 * 43.6861) / 4: Ann (97.7333 + 131.0584) / 4 = 57.1979
    ann = next(r for r in ins.reps if r.name == "Ann")
    assert ann.index == pytest.approx(57.1979, abs=1e-4)


def test_point_biserial_is_undefined_where_it_must_be():
    assert point_biserial([1, 1], [10.0, 20.0]) is None  # everyone right
    assert point_biserial([1, 0], [10.0, 10.0]) is None  # no spread in the index
    assert point_biserial([1], [10.0]) is None
    assert point_biserial([1, 0], [20.0, 10.0]) == pytest.approx(1.0)


def test_report_html_is_self_contained_and_escaped(tmp_path):
    evil = "<script>alert(1)</script>"
    att = attempt(SC, ["frame", "ana", "ask-pilot"], [90, 60, 100], uid(50), 2)
    att["title"] = "T <b>x</b>"
    p = write(tmp_path / "evil.json", share_doc("=HYPERLINK(1) " + evil.replace("<", "").replace(">", ""), "<East>", [att]))
    t = team_from_paths([p], [])  # no local scenario: unverified, nothing replayed
    page = to_html(insight(t))
    assert "<script" not in page.lower() and "<East>" not in page and "&lt;East&gt;" in page
    assert "src=" not in page and "href=" not in page and "@import" not in page
    rows = list(csv.reader(io.StringIO(to_csv(insight(t)))))
    assert rows[1][1].startswith("'=HYPERLINK")


def test_report_html_shows_the_numbers(ins):
    page = to_html(ins, files=4)
    assert "Where my team loses deals" in page and "Offer 15% off." in page and "0.77" in page
    assert page.count("<svg") >= 4 + 3  # a sparkline per rep, a bar chart per decision


def test_the_team_does_not_depend_on_file_order_or_repetition(tmp_path_factory):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    d = tmp_path_factory.mktemp("order")
    paths = write_shares(d, reflect=True)
    # a later share of Cat's with an edited reflection: the newest share's reflection wins in any order
    cat = [attempt(SC, ch, cf, uid(2 + i), day, reflection={"differently": "Cat, later", "buyer_needed": ""})
           for i, (ch, cf, day) in enumerate(RUNS["Cat"])]
    paths.append(write(d / "cat-later.json", share_doc("Cat", "East", cat, written="2024-02-02T10:00:00Z")))
    reference = insight(team_from_paths(paths, [SC]))
    ref_team = team_from_paths(paths, [SC])

    @settings(max_examples=15, deadline=None)
    @given(order=st.permutations(paths), extra=st.lists(st.sampled_from(paths), max_size=3))
    def check(order, extra):
        t = team_from_paths([*order, *extra], [SC])
        assert insight(t) == reference
        assert t.reflections == ref_team.reflections and t.reflections[uid(2)].differently == "Cat, later"

    check()
