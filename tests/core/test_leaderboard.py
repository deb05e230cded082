"""Leaderboard: export format, bad input, merge properties, verification by replay, ranking, CSV/HTML."""

from __future__ import annotations

import csv
import io
import json
import random
import uuid as uuidlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator import leaderboard as lb
from simulator.loader import load_or_raise
from simulator.scoring import score_session
from tests.support.leaderboard_data import random_run

ROOT = Path(__file__).resolve().parents[2]
SPEC = load_or_raise(ROOT / "tests/scenarios/valid/spec-example.yaml")


def uid(i: int) -> str:
    return str(uuidlib.UUID(int=i + 1))


def played_attempts(n: int, start: int = 0, sc=SPEC, seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        s = random_run(sc, rnd.randrange(1000), rnd)
        card = score_session(s)
        out.append(lb.attempt_record(card, [d.option for d in s.decisions], [d.confidence for d in s.decisions],
                                     uid(start + i), f"2024-03-{i % 28 + 1:02d}T09:00:00Z", f"2024-03-{i % 28 + 1:02d}T09:10:00Z"))
    return out


def write(path: Path, doc) -> Path:
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


def entry(i, rep="Ann", team="A", scen="s1", total=50.0, finished="2024-01-01T10:00:00Z", scores=None, source="f.json"):
    h = (scen.encode().hex() * 64)[:64]
    sc = scores if scores is not None else {"judgment": total, "insight": total}
    return lb.Entry(uid(i), rep, team, scen, 1, h, 1, "2024-01-01T09:00:00Z", finished, ("a",), (None,),
                    tuple(sorted(sc.items())), float(total), total >= 60, "end", "won", source)


# --- format and schema --------------------------------------------------------------------------


def test_schema_file_matches_the_models():
    on_disk = json.loads((ROOT / "docs/export.schema.json").read_text(encoding="utf-8"))
    assert on_disk == lb.export_schema()
    assert on_disk["properties"]["format"]["const"] == "sales-simulator-export"


def test_export_round_trips_and_verifies(tmp_path):
    doc = lb.build_export("Ann Lee", "East", played_attempts(6))
    assert doc["format"] == "sales-simulator-export" and doc["version"] == 1
    entries, problems = lb.read_export(write(tmp_path / "ann.json", doc))
    assert problems == [] and len(entries) == 6
    assert entries[0].to_json()["decisions"] == doc["attempts"][0]["decisions"]
    board = lb.merge([entries], [SPEC])
    assert board.counts() == {lb.VERIFIED: 6, lb.UNVERIFIED: 0, lb.FAILED: 0, lb.CONFLICT: 0}
    board = lb.merge([entries])  # no local scenario: shown, but unverified
    assert {a.status for a in board.attempts} == {lb.UNVERIFIED}
    assert board.table("index").rows[0].badge == lb.UNVERIFIED


def test_export_from_the_store(tmp_path):
    from simulator.engine import play
    from simulator.storage import Store

    with Store.open(tmp_path / "p.db") as store:
        prof = store.create_profile("Ann Lee", "East")
        for seed, picks in ((1, ["teach-decay", "reflect.1", "propose-pilot"]), (2, ["quote-now"])):
            s = play(SPEC, [], seed)
            att = store.start_attempt(prof, SPEC, seed)
            for p in picks:
                if s.finished:
                    break
                s.choose(p)
                store.record_decision(att, s.decisions[-1], SPEC)
            store.finish_attempt(att, score_session(s))
        out = tmp_path / "ann.json"
        doc = lb.write_export(out, store, prof)
        only_other = lb.export(store, prof, scenarios_filter=["other"])
    assert len(doc["attempts"]) == 2 and doc["rep"] == {"name": "Ann Lee", "team": "East"}
    assert only_other["attempts"] == []
    entries, problems = lb.read_export(out)
    assert problems == []
    assert lb.merge([entries], [SPEC]).counts()[lb.VERIFIED] == 2


def test_export_refuses_a_name_it_could_not_read_back():
    with pytest.raises(lb.LeaderboardError, match="control character"):
        lb.build_export("Ann\u202eLee", "", [])
    with pytest.raises(lb.LeaderboardError, match="at most 80"):
        lb.build_export("A" * 81, "", [])


@pytest.mark.parametrize("name, team", [("=X", ""), ("+X", ""), ("-X", ""), ("@X", ""), ("<Alex>", "EMEA <Enterprise>"),
                                        ("=HYPERLINK(\"http://x\")", "@team")])
def test_any_name_the_program_accepts_exports_and_is_neutralised_in_csv_and_html(tmp_path, name, team):
    from simulator.names import valid_name

    assert valid_name(name) == name and valid_name(team, "team") == team
    entries, problems = lb.read_export(write(tmp_path / "x.json", lb.build_export(name, team, played_attempts(3))))
    assert problems == [] and entries[0].rep == name and entries[0].team == team
    board = lb.merge([entries], [SPEC])
    lb.write_board(board, tmp_path / "b.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "b.csv").read_text(encoding="utf-8-sig"))))
    cells = {c for r in rows for c in r}
    shown = "'" + name if name.startswith(("=", "+", "-", "@")) else name
    assert shown in cells and not any(c.startswith(("=", "+", "-", "@")) and c != "-" for c in cells)
    lb.write_board(board, tmp_path / "b.html")
    page = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert "<Alex>" not in page and "<Enterprise>" not in page
    if name == "<Alex>":
        assert "&lt;Alex&gt;" in page and "EMEA &lt;Enterprise&gt;" in page


# --- bad input ------------------------------------------------------------------------------------


def _good() -> dict:
    return lb.build_export("Ann", "East", played_attempts(3))


def _with(mutate):
    d = json.loads(json.dumps(_good()))
    mutate(d)
    return d


def _attempts(n):
    d = _good()
    d["attempts"] = [dict(d["attempts"][0], uuid=uid(1000 + i)) for i in range(n)]
    return d


BAD = {
    "not-json": ("{ this is not json", "not a JSON file"),
    "binary": ("\x00\x01\x02", "not a JSON file"),
    "array": ("[1, 2, 3]", "not a sales-simulator export"),
    "other-format": (_with(lambda d: d.update(format="something-else")), "not a sales-simulator export"),
    "no-format": (_with(lambda d: d.pop("format")), "no \"format\" field"),
    "newer-version": (_with(lambda d: d.update(version=2)), "export version 2 is newer"),
    "wrong-type": (_with(lambda d: d["attempts"][0].update(seed="seven")), "attempts[0].seed"),
    "unknown-key": (_with(lambda d: d.update(extra=1)), "extra"),
    "score-over-100": (_with(lambda d: d["attempts"][0]["score"]["scores"].update(judgment=250)), "attempts[0].score.scores.judgment"),
    "negative-total": (_with(lambda d: d["attempts"][1]["score"].update(total=-3)), "attempts[1].score.total"),
    "future-time": (_with(lambda d: d["attempts"][0].update(finished="2999-01-01T00:00:00Z")), "in the future"),
    "finished-before-started": (_with(lambda d: d["attempts"][0].update(started="2024-03-02T00:00:00Z", finished="2024-03-01T00:00:00Z")),
                                "finished before it started"),
    "too-many-attempts": (_attempts(lb.MAX_ATTEMPTS + 1), "more than 10,000 attempts"),
    "duplicate-uuid": (_with(lambda d: d["attempts"][1].update(uuid=d["attempts"][0]["uuid"])), "appears twice"),
    "conflicting-uuid": (_with(lambda d: d["attempts"].append(dict(d["attempts"][0], seed=99))), "appears twice"),
    "version-true": (_with(lambda d: d.update(version=True)), "export version true is not supported"),
    "seed-true": (_with(lambda d: d["attempts"][0].update(seed=True)), "attempts[0].seed"),
    "long-name": (_with(lambda d: d["rep"].update(name="A" * 5000)), "name"),
    "newline-name": (_with(lambda d: d["rep"].update(name="Ann\nBob")), "control character"),
    "bidi-name": (_with(lambda d: d["rep"].update(name="Ann\u202eboB")), "control character"),
    "nan-score": ('{"format": "sales-simulator-export", "version": 1, "app_version": "1", "exported": "2024-01-01T00:00:00Z", '
                  '"rep": {"name": "A"}, "attempts": [{"uuid": "00000000-0000-0000-0000-000000000001", "scenario": {"id": "x", '
                  '"version": 1, "hash": "' + "a" * 64 + '"}, "seed": 1, "started": "2024-01-01T00:00:00Z", '
                  '"finished": "2024-01-01T00:00:00Z", "decisions": [], "score": {"scores": {}, "total": NaN, "passed": true, '
                  '"ending": "e", "outcome": "won"}}]}', "total"),
}


def _dump(db: Path) -> list[str]:
    import sqlite3

    con = sqlite3.connect(db)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_gives_one_line_naming_the_file_and_leaves_the_db_unchanged(tmp_path, case):
    content, expected = BAD[case]
    good = write(tmp_path / "good.json", _good())
    bad = write(tmp_path / f"{case}.json", content)
    db = tmp_path / "progress.db"
    first = lb.import_files(db, [good])
    assert first.problems == () and first.added == 3
    before = _dump(db)
    entries, problems = lb.read_export(bad)
    assert entries == [] and len(problems) == 1
    line = problems[0]
    assert line.startswith(f"{bad}: rejected: ") and "\n" not in line and expected in line, line
    result = lb.import_files(db, [bad, good])  # the valid file in the same batch still imports (nothing new)
    assert result.problems == (line,) and result.imported == (str(good),) and result.added == 0
    assert _dump(db) == before


def test_oversized_file_is_rejected_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(lb.export_format, "MAX_FILE_BYTES", 1000)
    big = write(tmp_path / "big.json", " " * 2000)
    _, problems = lb.read_export(big)
    assert problems == [f"{big}: rejected: the file is 0.0 MB; an export may be at most 0 MB"]
    result = lb.import_files(tmp_path / "p.db", [big])
    assert result.imported == () and len(result.problems) == 1 and str(big) in result.problems[0]


def test_valid_files_merge_when_another_is_rejected(tmp_path):
    good = write(tmp_path / "good.json", _good())
    bad = write(tmp_path / "bad.json", "nope")
    board, problems = lb.board_from_files([good, bad], [SPEC])
    assert len(problems) == 1 and problems[0].startswith(str(bad))
    assert len(board.attempts) == 3 and board.files == [str(good)]


def test_import_is_idempotent_and_stored_exports_round_trip(tmp_path):
    good = write(tmp_path / "good.json", _good())
    db = tmp_path / "p.db"
    assert lb.import_files(db, [good]).added == 3
    assert lb.import_files(db, [good]).added == 0
    stored = lb.stored_exports(db)
    direct, _ = lb.read_export(good)
    assert len(stored) == 1 and sorted(e.uuid for e in stored[0]) == sorted(e.uuid for e in direct)
    assert lb.to_json(lb.merge(stored, [SPEC]))["boards"] == lb.to_json(lb.merge([direct], [SPEC]))["boards"]
    lb.clear_board(db)
    assert lb.stored_exports(db) == []


# --- merge ------------------------------------------------------------------------------------------

POOL = [
    entry(0, "Ann", "A", "s1", 80), entry(1, "Ann", "A", "s2", 60), entry(2, "Ann", "A", "s3", 70),
    entry(3, "Bob", "A", "s1", 50), entry(4, "Bob", "B", "s2", 40), entry(5, "Cat", "", "s1", 100),
    entry(6, "Ann", "A", "s1", 90, finished="2024-02-01T10:00:00Z"),
    entry(0, "Ann", "A", "s1", 81),  # same uuid as #0, different content: a conflict whenever both are present
    entry(7, "Dan", "B", "s3", 33.3), entry(8, "Dan", "B", "s2", 66.7), entry(9, "Dan", "B", "s1", 12.5),
]

files_strategy = st.lists(
    st.lists(st.sampled_from(range(len(POOL))), max_size=6).map(lambda idx: [POOL[i] for i in idx]),
    min_size=1, max_size=5,
)


def _tag(files):
    return [[lb.Entry(**{**{f: getattr(e, f) for f in lb.Entry.__dataclass_fields__}, "source": f"f{i}.json"}) for e in f]
            for i, f in enumerate(files)]


@settings(max_examples=150, deadline=None)
@given(files=files_strategy, order=st.randoms(use_true_random=False))
def test_merge_is_order_independent(files, order):
    files = _tag(files)
    shuffled = list(files)
    order.shuffle(shuffled)
    shuffled = [order.sample(f, len(f)) for f in shuffled]
    assert lb.to_json(lb.merge(files)) == lb.to_json(lb.merge(shuffled))


@settings(max_examples=150, deadline=None)
@given(files=files_strategy)
def test_merge_is_idempotent(files):
    files = _tag(files)
    once = lb.to_json(lb.merge(files))
    assert lb.to_json(lb.merge(files + files)) == once
    assert lb.to_json(lb.merge(files + [files[0]])) == once


def test_conflict_is_reported_and_kept_off_the_ranking():
    a = [entry(0, "Ann", "A", "s1", 80, source="ann.json")]
    b = [entry(0, "Ann", "A", "s1", 95, source="ann-edited.json"), entry(1, "Ann", "A", "s2", 50, source="ann-edited.json")]
    board = lb.merge([a, b])
    assert [c.uuid for c in board.conflicts] == [uid(0)]
    assert {v[2] for v in board.conflicts[0].variants} == {"ann.json", "ann-edited.json"}
    statuses = sorted((a.entry.total, a.status) for a in board.attempts)
    assert statuses == [(50.0, lb.UNVERIFIED), (80.0, lb.CONFLICT), (95.0, lb.CONFLICT)]
    ann = board.reps[0]
    assert [r.scenario_id for r in ann.rows] == ["s2"] and ann.excluded == 2
    assert "Not ranked" in lb.to_text(board) and "conflict" in lb.to_text(board)


# --- verification by replay ---------------------------------------------------------------------------


def test_tampered_scores_do_not_verify_and_are_not_ranked(tmp_path):
    doc = lb.build_export("Ann", "East", played_attempts(4))
    scores = doc["attempts"][0]["score"]["scores"]
    scores["judgment"] = 0.0 if (scores["judgment"] or 0) > 50 else 100.0
    t1 = doc["attempts"][1]["score"]
    t1["total"] = (t1["total"] + 50) % 100
    doc["attempts"][2]["decisions"] = doc["attempts"][2]["decisions"][:-1]  # a shorter run, same score
    entries, problems = lb.read_export(write(tmp_path / "t.json", doc))
    assert problems == []
    board = lb.merge([entries], [SPEC])
    st_ = {a.entry.uuid: (a.status, a.reason) for a in board.attempts}
    assert st_[uid(0)][0] == lb.FAILED and "judgment replays as" in st_[uid(0)][1]
    assert st_[uid(1)][0] == lb.FAILED and "total replays as" in st_[uid(1)][1]
    assert st_[uid(2)][0] == lb.FAILED
    assert st_[uid(3)] == (lb.VERIFIED, "")
    ann = board.reps[0]
    # the first attempt (uid 0, earliest) does not verify: the scenario is not rated, a retry does not replace it
    assert ann.rows[0].first is None and ann.rows[0].first_status == lb.FAILED
    assert ann.excluded == 3


def test_tiny_float_differences_still_verify(tmp_path):
    doc = lb.build_export("Ann", "East", played_attempts(1))
    doc["attempts"][0]["score"]["total"] += 5e-7
    entries, _ = lb.read_export(write(tmp_path / "t.json", doc))
    assert lb.merge([entries], [SPEC]).attempts[0].status == lb.VERIFIED


def test_replays_are_cached_by_run():
    doc = lb.build_export("Ann", "East", played_attempts(1))
    a = doc["attempts"][0]
    entries = [lb._entries_of(lb.ExportModel.model_validate({**doc, "attempts": [dict(a, uuid=uid(i))]}), "x")[0] for i in range(50)]
    v = lb.Verifier([SPEC])
    board = lb.merge([entries], verifier=v)
    assert v.replays == 1 and board.counts()[lb.VERIFIED] == 50


# --- ranking ------------------------------------------------------------------------------------------


def test_ranking_uses_first_attempts_and_the_shrunk_index_by_hand():
    files = [[
        entry(1, "Ann", "A", "s1", 80), entry(2, "Ann", "A", "s2", 60), entry(3, "Ann", "A", "s3", 70),
        entry(4, "Ann", "A", "s1", 90, finished="2024-02-01T00:00:00Z"),  # a retry: best and latest, not rated
        entry(5, "Ann", "A", "s1", 20, finished="2023-12-01T00:00:00Z"),  # earlier: this is the first attempt
        entry(6, "Bob", "A", "s1", 50), entry(7, "Bob", "A", "s2", 40), entry(8, "Bob", "A", "s3", 90),
        entry(9, "Cat", "A", "s1", 100),
        entry(10, "Dan", "B", "s1", 100), entry(11, "Dan", "B", "s2", 100), entry(12, "Dan", "B", "s3", 100),
    ]]
    board = lb.merge(files)
    # team A first attempts: Ann 20, 60, 70; Bob 50, 40, 90; Cat 100 -> mean 430/7
    team_a = 430 / 7
    ann = (20 + 60 + 70 + 3 * team_a) / (3 + 3)
    bob = (50 + 40 + 90 + 3 * team_a) / (3 + 3)
    cat = (100 + 3 * team_a) / (1 + 3)
    rows = board.table("index").rows
    assert [(r.rank, r.name) for r in rows] == [(1, "Dan"), (2, "Bob"), (3, "Ann"), (None, "Cat")]
    assert rows[0].value == pytest.approx(100)
    assert rows[1].value == pytest.approx(bob) and rows[2].value == pytest.approx(ann)
    assert rows[3].value == pytest.approx(cat) and rows[3].note == "needs 2 more scenarios to be ranked"
    ann_s1 = next(r for r in board.reps if r.name == "Ann").rows[0]
    assert (ann_s1.first, ann_s1.best, ann_s1.latest, ann_s1.attempts) == (20, 90, 90, 3)
    imp = board.improved.rows
    assert [(r.name, r.value) for r in imp] == [("Ann", 70.0)]  # latest 90 - first 20
    assert [t.key for t in board.tables] == ["index", "judgment", "insight"]
    # filtered to team B: only Dan; to one scenario: one row per rep, no 3-scenario minimum
    assert [r.name for r in board.filtered(team="B").table("index").rows] == ["Dan"]
    s2 = board.filtered(scenario="s2").table("index").rows
    assert all(r.rank is not None for r in s2) and {r.name for r in s2} == {"Ann", "Bob", "Dan"}


def test_ties_share_a_rank_and_names_break_ties_deterministically():
    files = [[entry(i * 3 + j, name, "T", f"s{j}", 50) for i, name in enumerate(["bo", "Al", "cy"]) for j in range(3)]]
    rows = lb.merge(files).table("index").rows
    assert [(r.rank, r.name) for r in rows] == [(1, "Al"), (1, "bo"), (1, "cy")]


# --- outputs ---------------------------------------------------------------------------------------------

NASTY = ["=cmd|' /C calc'!A0", "+1+1", "-2-2", "@SUM(A1)", "\tTab", "\rCR", "\0NUL", "Ann\nBob", "<b>bold</b>&amp;"]


def _nasty_board():
    files = [[entry(i * 3 + j, name, "T" if i % 2 else NASTY[(i + 1) % len(NASTY)], f"s{j}", 40 + i)
              for i, name in enumerate(NASTY) for j in range(3)]]
    return lb.merge(files)


def test_csv_is_safe_for_spreadsheets():
    text = lb.to_csv(_nasty_board())
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(lb.CSV_HEADER)
    for line in text.split("\r\n")[:-1]:
        assert line.startswith('"') and line.endswith('"')  # every field quoted
    cells = [c for row in rows for c in row]
    for c in cells:
        assert not c.startswith(("=", "+", "@", "\t", "\r", "\0")), c
        assert "\n" not in c and "\r" not in c
        if c.startswith("-"):
            float(c)  # only numbers we wrote ourselves (a negative change) start with '-'
    names = {row[2] for row in rows[1:]}
    assert "'=cmd|' /C calc'!A0" in names and "'@SUM(A1)" in names and "'-2-2" in names and "Ann Bob" in names
    assert "'\tTab" in names or "'\tTab".replace("\t", "\t") in names


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_escaped_and_has_tables_and_a_chart():
    page = lb.to_html(_nasty_board())
    p = _Collect()
    p.feed(page)
    assert "script" not in p.tags and "link" not in p.tags and "img" not in p.tags and "iframe" not in p.tags
    assert not any(k.startswith("on") for k, _ in p.attrs)
    assert not any(k in ("src", "href") for k, _ in p.attrs)
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;&amp;amp;" in page
    assert "<b>bold</b>&amp;" in p.text  # the name comes back exactly as text
    assert p.tags.count("table") >= 4 and "svg" in p.tags and "rect" in p.tags and "style" in p.tags
    assert "@media print" in page
    assert "b" not in p.tags


def test_json_board_and_write_board(tmp_path):
    board = _nasty_board()
    for suffix in ("csv", "html", "json"):
        out = tmp_path / f"board.{suffix}"
        assert lb.write_board(board, out) == suffix
        assert out.stat().st_size > 100
    data = json.loads((tmp_path / "board.json").read_text(encoding="utf-8"))
    assert data["format"] == "sales-simulator-board" and data["boards"][0]["key"] == "index"
    assert (tmp_path / "board.csv").read_bytes().startswith(b"\xef\xbb\xbf\"board\"")
    with pytest.raises(lb.LeaderboardError):
        lb.write_board(board, tmp_path / "board.txt")


# --- the command line -------------------------------------------------------------------------------------


def test_cli_leaderboard_prints_and_writes(tmp_path, capsys):
    from simulator import cli

    good = write(tmp_path / "good.json", _good())
    bad = write(tmp_path / "bad.json", "[]")
    assert cli.main(["leaderboard", str(good)]) == 0
    out = capsys.readouterr().out
    assert "Overall index" in out and "Ann (East)" in out
    assert cli.main(["leaderboard", str(good), str(bad), "--out", str(tmp_path / "b.html")]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"{bad}: rejected: not a sales-simulator export (the file is not a JSON object)"
    assert (tmp_path / "b.html").exists()
    assert cli.main(["leaderboard", str(good), "--out", str(good)]) == 2
