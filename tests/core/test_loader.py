"""The loader: every invalid fixture fails with exactly its golden diagnostics;
the spec's own example loads; libraries; limits."""

from pathlib import Path

import pytest

from simulator import loader
from simulator.errors import ScenarioError
from simulator.lint import lint

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "scenarios"
INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))
SPEC_EXAMPLE = FIXTURES / "valid" / "spec-example.yaml"


def display(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def load_fixture(path: Path):
    return loader.load(path, display=display(path))


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_fails_with_exactly_its_golden_diagnostics(path):
    scenario, diagnostics = load_fixture(path)
    expected = path.with_suffix(".diag").read_text(encoding="utf-8").splitlines()
    assert scenario is None
    assert expected, f"{path.name}.diag is empty"
    assert [str(d) for d in diagnostics] == expected


def test_every_invalid_fixture_has_a_golden_file():
    diags = sorted(p.stem for p in (FIXTURES / "invalid").glob("*.diag"))
    assert diags == sorted(p.stem for p in INVALID)


# One rule per fixture: (file, line, column, code). Kept beside the goldens so a
# blindly regenerated .diag file cannot move a diagnostic unnoticed.
RULES = [
    ("unknown-key-top", 3, 1, "unknown-key"),  # titel -> did you mean 'title'
    ("unknown-key-choice", 18, 9, "unknown-key"),
    ("unknown-key-far", 20, 35, "unknown-key"),
    ("duplicate-key", 15, 5, "duplicate-key"),
    ("wrong-type", 4, 10, "wrong-type"),
    ("wrong-type", 5, 7, "wrong-type"),
    ("wrong-type-node", 14, 11, "wrong-type"),
    ("missing-key", 16, 9, "missing-key"),
    ("format-missing", 1, 1, "missing-key"),
    ("bad-goto", 18, 15, "bad-reference"),
    ("bad-who", 13, 10, "bad-reference"),
    ("bad-start", 10, 8, "bad-reference"),
    ("start-is-ending", 10, 8, "bad-reference"),
    ("unknown-variable-effect", 18, 19, "unknown-name"),
    ("unknown-variable-expression", 18, 13, "unknown-name"),
    ("type-mismatch-expression", 18, 13, "type-mismatch"),
    ("type-mismatch-compare", 18, 20, "type-mismatch"),  # inside a quoted scalar
    ("expression-syntax", 18, 24, "bad-expression"),
    ("expression-visited-unknown", 18, 25, "bad-reference"),
    ("effect-type-mismatch", 18, 28, "type-mismatch"),
    ("effect-type-mismatch", 18, 38, "type-mismatch"),
    ("text-value-effect", 18, 26, "bad-value"),
    ("text-value-expression", 18, 22, "bad-value"),
    ("text-without-values", 9, 3, "missing-key"),
    ("undeclared-competency", 18, 20, "unknown-name"),
    ("computed-competency", 20, 22, "unknown-name"),
    ("unknown-weight", 22, 25, "unknown-name"),
    ("format-3", 1, 9, "format"),
    ("format-true", 1, 9, "format"),
    ("format-float", 1, 9, "format"),
    ("format1-uses-format2", 13, 5, "format"),  # the first format 2 key in the file, one error for all
    ("variant-without-fallback", 16, 9, "no-fallback"),
    ("unknown-placeholder", 14, 26, "unknown-name"),  # inside a quoted scalar: the name itself
    ("unknown-placeholder", 18, 26, "unknown-name"),  # inside a literal block: its own line
    ("unknown-placeholder", 18, 45, "bad-text"),
    ("situation-bad-set", 13, 19, "bad-value"),
    ("situation-bad-set", 13, 33, "out-of-range"),
    ("situation-bad-set", 13, 47, "type-mismatch"),
    ("situation-bad-set", 13, 50, "unknown-name"),
    ("situation-bad-set", 16, 32, "type-mismatch"),
    ("situation-duplicate-id", 12, 9, "duplicate-id"),
    ("situation-bad-weight", 14, 13, "out-of-range"),
    ("unquoted-brace", 12, 19, "yaml-syntax"),
    ("unquoted-brace-mapping", 15, 15, "wrong-type"),
    ("node-two-modes", 19, 5, "node-shape"),
    ("node-no-mode", 19, 3, "node-shape"),
    ("diagnose-without-goto", 20, 5, "missing-key"),
    ("duplicate-choice-id", 19, 13, "duplicate-id"),
    ("node-ending-clash", 21, 3, "duplicate-id"),
    ("avatar-outside", 5, 34, "bad-avatar"),
    ("avatar-missing", 7, 13, "bad-avatar"),
    ("state-out-of-range", 7, 18, "out-of-range"),
    ("state-shorthand-out-of-range", 7, 10, "out-of-range"),
    ("bad-slug-id", 2, 5, "bad-value"),
    ("chance-out-of-range", 14, 17, "out-of-range"),
    ("bad-mood", 15, 11, "bad-value"),
    ("bad-outcome", 20, 30, "bad-value"),
    ("no-endings", 19, 10, "empty"),
    ("syntax-error", 19, 13, "yaml-syntax"),
    ("tab-indent", 14, 1, "yaml-syntax"),
    ("two-documents", 21, 1, "yaml-syntax"),
    ("undefined-alias", 18, 18, "yaml-syntax"),
    ("not-a-mapping", 1, 1, "wrong-type"),
    ("not-utf8", 3, 11, "encoding"),
]


@pytest.mark.parametrize("name,line,column,code", RULES, ids=lambda v: str(v))
def test_rule_is_reported_at_its_line_and_column(name, line, column, code):
    _, diagnostics = load_fixture(FIXTURES / "invalid" / f"{name}.yaml")
    assert (line, column, code, "error") in [(d.line, d.column, d.code, d.severity) for d in diagnostics]


def test_unknown_key_message_suggests_the_near_miss():
    _, diagnostics = load_fixture(FIXTURES / "invalid" / "unknown-key-top.yaml")
    assert "did you mean 'title'?" in diagnostics[0].message


def test_every_error_is_reported_in_one_pass():
    _, diagnostics = load_fixture(FIXTURES / "invalid" / "many-errors.yaml")
    assert [d.code for d in diagnostics] == [
        "bad-reference", "unknown-name", "bad-value", "unknown-name", "unknown-key", "bad-reference",
    ]


def test_format_error_names_the_supported_versions():
    _, diagnostics = load_fixture(FIXTURES / "invalid" / "format-3.yaml")
    assert "format 3 is not supported" in diagnostics[0].message and "format 1 or 2" in diagnostics[0].message


# --- the spec's own example ---------------------------------------------------


def test_spec_example_loads():
    scenario, diagnostics = loader.load(SPEC_EXAMPLE)
    assert scenario is not None, diagnostics
    assert diagnostics == []
    assert scenario.id == "quick-fix-workshop"
    assert set(scenario.nodes) == {"opening", "lost-deals", "reflect", "close", "quote-sent"}
    assert scenario.start == "opening"


def test_spec_example_lints_with_exactly_the_missing_ids_of_its_diagnose_options():
    # The spec says the example is complete and the bundled copy "validates clean",
    # but its two diagnose options have no ids, which the same spec says warns.
    scenario, _ = loader.load(SPEC_EXAMPLE, display=display(SPEC_EXAMPLE))
    # (The fixture keeps the spec's id, quick-fix-workshop, in spec-example.yaml: the id-file-name lint says so.)
    warnings = lint(scenario, with_search=False)
    assert [(d.line, d.column, d.code) for d in warnings] == [(79, 11, "missing-id"), (81, 11, "missing-id"), (2, 5, "id-file-name")]
    assert "'reflect.1'" in warnings[0].message and "'reflect.2'" in warnings[1].message
    assert "rename the file to 'quick-fix-workshop.yaml'" in warnings[2].message


def test_content_hash_ignores_comments_and_formatting(tmp_path):
    text = SPEC_EXAMPLE.read_text(encoding="utf-8")
    (tmp_path / "avatars").mkdir()
    (tmp_path / "avatars" / "dana.svg").write_text("<svg/>")
    changed = tmp_path / "changed.yaml"
    changed.write_text("# a new comment\n" + text.replace("format: 1", "format:    1   # the format"), encoding="utf-8")
    a = loader.load_or_raise(SPEC_EXAMPLE)
    b = loader.load_or_raise(changed)
    assert a.content_hash == b.content_hash
    changed.write_text(text.replace("value: 40", "value: 41"), encoding="utf-8")
    assert loader.load_or_raise(changed).content_hash != a.content_hash


def test_load_or_raise_raises_a_scenario_error_with_every_diagnostic():
    with pytest.raises(ScenarioError) as info:
        loader.load_or_raise(FIXTURES / "invalid" / "many-errors.yaml")
    assert len(info.value.diagnostics) == 6
    assert "(and 5 more)" in str(info.value)


def test_a_missing_file_is_a_located_diagnostic(tmp_path):
    scenario, diagnostics = loader.load(tmp_path / "nope.yaml")
    assert scenario is None
    assert [(d.line, d.column, d.code) for d in diagnostics] == [(1, 1, "io")]


# --- libraries ------------------------------------------------------------------


def minimal(scenario_id: str, avatar: str | None = None) -> str:
    person = f"{{name: Pat, avatar: {avatar}}}" if avatar else "{name: Pat}"
    return (
        f"format: 1\nid: {scenario_id}\ntitle: T\npeople:\n  pat: {person}\nstart: a\n"
        "nodes:\n  a:\n    choices:\n      - {id: go, text: Go, goto: won}\n"
        "endings:\n  won: {title: Won, outcome: won}\n"
    )


def test_library_loads_folders_recursively_sorted_and_skips_hidden(tmp_path):
    lib = tmp_path / "lib"
    (lib / "sub").mkdir(parents=True)
    (lib / ".hidden").mkdir()
    (lib / "b.yaml").write_text(minimal("b"))
    (lib / "sub" / "a.yml").write_text(minimal("a"))
    (lib / "a.yaml").write_text(minimal("c"))
    (lib / ".hidden" / "x.yaml").write_text(minimal("x"))
    (lib / ".dot.yaml").write_text(minimal("dot"))
    (lib / "notes.txt").write_text("not a scenario")
    scenarios, diagnostics = loader.load_library([lib])
    assert diagnostics == []
    assert [s.id for s in scenarios] == ["c", "b", "a"]  # a.yaml, b.yaml, sub/a.yml


def test_duplicate_scenario_id_is_an_error_on_the_second_file(tmp_path):
    (tmp_path / "one.yaml").write_text(minimal("same"))
    (tmp_path / "two.yaml").write_text(minimal("same"))
    scenarios, diagnostics = loader.load_library([tmp_path])
    assert [s.display_path for s in scenarios] == [str(tmp_path / "one.yaml")]
    assert [(d.file, d.line, d.column, d.code) for d in diagnostics] == [(str(tmp_path / "two.yaml"), 2, 5, "duplicate-id")]
    assert "one.yaml" in diagnostics[0].message


def test_duplicate_ids_are_checked_across_every_path_given(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "one.yaml").write_text(minimal("same"))
    (tmp_path / "two.yaml").write_text(minimal("same"))
    scenarios, diagnostics = loader.load_library([tmp_path / "x", tmp_path / "two.yaml"])
    assert len(scenarios) == 1 and [d.code for d in diagnostics] == ["duplicate-id"]


def test_the_same_file_given_twice_loads_once(tmp_path):
    (tmp_path / "one.yaml").write_text(minimal("one"))
    scenarios, diagnostics = loader.load_library([tmp_path, tmp_path / "one.yaml"])
    assert len(scenarios) == 1 and diagnostics == []


def test_avatars_may_use_the_whole_library_folder_but_not_leave_it(tmp_path):
    lib = tmp_path / "lib"
    (lib / "avatars").mkdir(parents=True)
    (lib / "sub").mkdir()
    (lib / "avatars" / "pat.svg").write_text("<svg/>")
    (tmp_path / "outside.svg").write_text("<svg/>")
    (lib / "sub" / "in.yaml").write_text(minimal("in", "../avatars/pat.svg"))
    (lib / "sub" / "out.yaml").write_text(minimal("out", "../../outside.svg"))
    scenarios, diagnostics = loader.load_library([lib])
    assert [s.id for s in scenarios] == ["in"]
    assert [(Path(d.file).name, d.line, d.code) for d in diagnostics] == [("out.yaml", 5, "bad-avatar")]
    # loaded on its own, a file's library is its own folder
    _, alone = loader.load_library([lib / "sub" / "in.yaml"])
    assert [d.code for d in alone] == ["bad-avatar"]


def test_library_reports_a_missing_path(tmp_path):
    scenarios, diagnostics = loader.load_library([tmp_path / "nope"])
    assert scenarios == [] and [d.code for d in diagnostics] == ["io"]


# --- limits -------------------------------------------------------------------------

BASE = (
    "format: 1\nid: limits\ntitle: T\npeople:\n  pat: {name: Pat}\nstate:\n  trust: 35\nstart: a\n"
    "endings:\n  won: {title: Won, outcome: won}\n"
)


def codes(text):
    scenario, diagnostics = loader.load_text(text, display="t.yaml")
    assert scenario is None
    return [(d.line, d.column, d.code) for d in diagnostics]


def test_a_file_over_2_mib_is_refused(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text(BASE + "briefing: |\n" + ("  " + "x" * 98 + "\n") * 21_000, encoding="utf-8")
    assert big.stat().st_size > 2 * 1024 * 1024
    scenario, diagnostics = loader.load(big)
    assert scenario is None
    assert [(d.line, d.column, d.code) for d in diagnostics] == [(1, 1, "limit")]
    assert "2 MiB" in diagnostics[0].message
    # the same text given directly
    assert codes(big.read_text(encoding="utf-8")) == [(1, 1, "limit")]
    assert codes(big.read_bytes()) == [(1, 1, "limit")]


def test_more_than_20000_nodes_is_refused():
    nodes = "".join(f"  n{i}: {{next: [{{goto: won}}]}}\n" for i in range(20_001))
    assert codes(BASE + "nodes:\n" + nodes) == [(11, 1, "limit")]


def test_20000_nodes_are_allowed():
    nodes = "".join(f"  n{i}: {{next: [{{goto: won}}]}}\n" for i in range(20_000))
    scenario, diagnostics = loader.load_text(BASE.replace("start: a", "start: n0") + "nodes:\n" + nodes)
    assert scenario is not None, diagnostics[:3]
    assert len(scenario.nodes) == 20_000


def billion_laughs(levels: int = 9) -> str:
    rows = ["          - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        rows.append(f"          - &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]")
    return "\n".join(rows) + "\n"


def test_an_alias_bomb_inside_evidence_is_refused_without_expanding():
    text = BASE + (
        "nodes:\n  a:\n    choices:\n      - id: go\n        text: Go\n        goto: won\n"
        "        evidence:\n" + billion_laughs()
    )
    found = codes(text)
    assert len(found) == 1 and found[0][2] == "limit"
    assert found[0][0] >= 18  # at the alias that crosses the budget, inside evidence


def test_a_few_aliases_are_fine():
    text = BASE + (
        "nodes:\n  a:\n    choices:\n      - id: go\n        text: Go\n        effects: &bump {trust: 5}\n        goto: b\n"
        "  b:\n    choices:\n      - id: again\n        text: Again\n        effects: *bump\n        goto: won\n"
    )
    scenario, diagnostics = loader.load_text(text)
    assert scenario is not None, diagnostics
    assert scenario.nodes["b"].options[0].effects == scenario.nodes["a"].options[0].effects


@pytest.mark.parametrize("depth,limited", [(64, False), (65, True)])
def test_nesting_deeper_than_64_levels_is_refused(depth, limited):
    inner = depth - 1  # the top-level mapping is the first level
    text = BASE + "tags: " + "[" * inner + "]" * inner + "\n"
    found = codes(text)
    if limited:
        assert found == [(11, 6 + inner, "limit")]
    else:
        assert "limit" not in [c for _, _, c in found]
