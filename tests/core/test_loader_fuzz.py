"""Property tests: whatever text arrives, the loader returns diagnostics and never raises."""

import copy
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator import loader
from simulator.lint import lint

EXAMPLE_PATH = Path(__file__).resolve().parents[1] / "scenarios" / "valid" / "spec-example.yaml"
EXAMPLE = EXAMPLE_PATH.read_text(encoding="utf-8")
EXAMPLE_LINES = EXAMPLE.splitlines(keepends=True)
EXAMPLE_DATA = yaml.safe_load(EXAMPLE)

FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

YAMLISH = st.sampled_from(
    [":", "- ", "  ", "\t", "\n", "{", "}", "[", "]", ",", "&a ", "*a", "!!int ", "!!python/object ", "<<: ",
     "? ", "|", ">-", "#", '"', "'", "---\n", "...\n", "%YAML 1.1\n", "\ufeff", "\x00", "é", "goto: ", "if: ",
     "trust", "visited(", " and ", "==", "-1", "1e309", ".nan", "yes", "null", "~", "id: x", "evidence: ",
     "nodes: ", "format: 2", "effects: {trust: ", "chance: 2"]
)
FRAGMENT = st.one_of(YAMLISH, st.text(max_size=12))


def check_result(result):
    scenario, diagnostics = result
    assert isinstance(diagnostics, list)
    errors = [d for d in diagnostics if d.is_error]
    assert (scenario is None) == bool(errors), diagnostics
    for d in diagnostics:
        assert d.line >= 1 and d.column >= 1 and d.code and d.severity in ("error", "warning")
        assert "\n" not in d.message
    if scenario is not None:
        lint(scenario, with_search=False)


def load(text):
    return loader.load_text(text, path=EXAMPLE_PATH, display="fuzz.yaml")


@st.composite
def mutated_example(draw):
    lines = list(EXAMPLE_LINES)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["del-chars", "insert", "replace", "del-line", "dup-line", "swap-lines", "indent"]))
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        if op == "del-chars" and line:
            a = draw(st.integers(0, len(line) - 1))
            b = draw(st.integers(a, min(len(line), a + 6)))
            lines[i] = line[:a] + line[b:]
        elif op == "insert":
            a = draw(st.integers(0, len(line)))
            lines[i] = line[:a] + draw(FRAGMENT) + line[a:]
        elif op == "replace" and line:
            a = draw(st.integers(0, len(line) - 1))
            lines[i] = line[:a] + draw(st.characters()) + line[a + 1 :]
        elif op == "del-line" and len(lines) > 1:
            del lines[i]
        elif op == "dup-line":
            lines.insert(i, line)
        elif op == "swap-lines":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = draw(st.sampled_from(["", " ", "  ", "    ", "\t"])) + line.lstrip(" ")
    return "".join(lines)


@FUZZ
@given(mutated_example())
def test_mutated_spec_example_never_raises(text):
    check_result(load(text))


@FUZZ
@given(mutated_example())
def test_mutated_spec_example_as_bytes_never_raises(text):
    check_result(loader.load_text(text.encode("utf-8", "surrogatepass"), path=EXAMPLE_PATH, display="fuzz.yaml"))


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20), st.sampled_from(["opening", "close", "dana", "trust", "stage", "insight", "won", "lost"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=10), st.sampled_from(["id", "text", "goto", "if", "points", "start"])), inner, max_size=4),
    ),
    max_leaves=12,
)


def paths_of(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from paths_of(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from paths_of(v, prefix + (i,))


ALL_PATHS = list(paths_of(EXAMPLE_DATA))[1:]


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(ALL_PATHS), VALUES), min_size=1, max_size=3))
def test_example_with_random_values_never_raises(changes):
    data = copy.deepcopy(EXAMPLE_DATA)
    for path, value in changes:
        cur = data
        try:
            for part in path[:-1]:
                cur = cur[part]
            cur[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    check_result(load(yaml.safe_dump(data, allow_unicode=True, sort_keys=False)))


@FUZZ
@given(VALUES)
def test_random_yaml_never_raises(value):
    check_result(load(yaml.safe_dump(value, allow_unicode=True)))


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_never_raise(raw):
    check_result(loader.load_text(raw, display="fuzz.yaml"))


@FUZZ
@given(st.lists(st.sampled_from(list("[]{}:,-&*!|>'\"\n #ab1") + ["  ", "&a ", "*a", "<<: "]), max_size=60))
def test_yaml_punctuation_soup_never_raises(pieces):
    check_result(load("".join(pieces)))
