"""Property tests on format 2: whatever a mutated format 2 file says, the loader answers with located
diagnostics and never raises, and whatever loads plays (text resolution, situations, option order)."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator import loader
from simulator.engine import MAX_STEPS, Session
from simulator.template import render

TEMPLATE = render("fuzz-me")
LINES = TEMPLATE.splitlines(keepends=True)

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PIECES = st.sampled_from(
    ["{", "}", "{{", "}}", "{trust}", "{trsut}", "{}", "{ }", "{need}", "text:", "- if: ", "  - text: x\n", "mood: ",
     "if: ", "order: authored", "order: ", "situations:", "weight: ", "set: ", "{pressure: rush}", "- id: x\n",
     "format: 1", "format: 2", "format: 1.0", "format: true", "[", "]", ": ", "\n", "  ", "- ", "#", '"', "é", "1e309",
     "-1", "0", "pressure", "comparing", "title: ", "who: sam\n"]
)


@st.composite
def mutated(draw):
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["insert", "replace", "del-line", "dup-line", "del-chars"]))
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        if op == "insert":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.one_of(PIECES, st.text(max_size=8))) + line[at:]
        elif op == "replace":
            a = draw(st.integers(0, len(line)))
            b = draw(st.integers(a, len(line)))
            lines[i] = line[:a] + draw(PIECES) + line[b:]
        elif op == "del-line" and len(lines) > 1:
            del lines[i]
        elif op == "dup-line":
            lines.insert(i, line)
        else:
            a = draw(st.integers(0, len(line)))
            lines[i] = line[:a] + line[a + draw(st.integers(1, 6)) :]
    return "".join(lines)


def test_the_template_itself_loads_clean():
    scenario, diagnostics = loader.load_text(TEMPLATE, display="fuzz-me.yaml")
    assert scenario is not None and diagnostics == []


@FUZZ
@given(mutated(), st.integers(0, 2**31 - 1))
def test_a_mutated_format_2_file_loads_or_fails_located_and_what_loads_plays(text, seed):
    scenario, diagnostics = loader.load_text(text, display="fuzz.yaml")
    errors = [d for d in diagnostics if d.is_error]
    assert (scenario is None) == bool(errors), diagnostics
    for d in diagnostics:
        assert d.line >= 1 and d.column >= 1 and d.code and "\n" not in d.message
    if scenario is None:
        return
    rnd = random.Random(seed)
    session = Session(scenario, seed)
    step = session.start()
    while not step.finished:
        assert [o.number for o in step.options] == list(range(1, len(step.options) + 1))
        assert sorted(o.index for o in step.options) == list(range(1, len(step.options) + 1))
        step = session.choose(rnd.choice(step.options).id)
    assert len(session.path) <= MAX_STEPS + 1
    for line in session.transcript:
        assert isinstance(line.text, str)
    if step.kind == "ending":
        assert isinstance(step.ending.text, str)
    restored = Session.restore(scenario, session.dumps())
    assert restored.current == step
