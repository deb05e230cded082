"""Text pitfalls (issue 19): located warnings with a fix, also beside the errors of a file that fails."""

from __future__ import annotations

import subprocess
import sys

from simulator.lint_text import text_warnings
from simulator.validate import validate

HEAD = """format: 1
id: {id}
title: Demo
people:
  dana: {{name: Dana}}
start: a
nodes:
  a:
    who: dana
"""
TAIL = """endings:
  b: {title: B, outcome: won}
"""


def _codes(source: str, **kw):
    return [(d.line, d.column, d.code) for d in text_warnings(source, "s.yaml", **kw)]


def test_a_key_inside_a_block_text_is_a_located_warning():
    src = HEAD.format(id="s") + "    text: |\n      Hello there.\n      goto: b\n    choices:\n      - {id: x, text: X, goto: b}\n" + TAIL
    assert _codes(src) == [(12, 7, "text-looks-like-key")]
    msg = text_warnings(src, "s.yaml")[0].message
    assert "reads like the key 'goto:'" in msg and "indent it like the keys above" in msg


def test_words_that_only_contain_a_key_word_are_fine():
    src = HEAD.format(id="s") + "    text: |\n      Your goto move: ask first.\n      The next step is yours.\n    goto: b\n" + TAIL
    assert _codes(src) == []


def test_a_word_hyphenated_at_a_folded_line_end_is_a_warning():
    src = HEAD.format(id="s") + "    text: >\n      We can start the imple-\n      mentation next week, a well-\n      known route.\n    goto: b\n" + TAIL
    ws = text_warnings(src, "s.yaml")
    assert [(d.line, d.code) for d in ws] == [(11, "broken-word"), (12, "broken-word")]
    assert "'imple- mentation'" in ws[0].message and "write the word whole on one line" in ws[0].message


def test_a_literal_block_keeps_its_line_breaks_so_a_hyphen_there_is_fine():
    src = HEAD.format(id="s") + "    text: |\n      Options:\n      - one\n      - two-\n      three\n    goto: b\n" + TAIL
    assert [c for c in _codes(src) if c[2] == "broken-word"] == []


def test_an_id_that_differs_from_the_file_name(tmp_path):
    p = tmp_path / "renewal.yaml"
    src = HEAD.format(id="renewal-at-risk") + "    goto: b\n" + TAIL
    p.write_text(src)
    ws = text_warnings(src, str(p), path=p, scenario_id="renewal-at-risk")
    assert [(d.line, d.column, d.code) for d in ws] == [(2, 5, "id-file-name")]
    assert "rename the file to 'renewal-at-risk.yaml'" in ws[0].message
    assert text_warnings(src, str(p), path=tmp_path / "renewal-at-risk.yaml", scenario_id="renewal-at-risk") == []


def test_validate_prints_text_warnings_beside_the_errors_of_a_file_that_fails(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text(HEAD.format(id="s") + "    text: |\n      Hello.\n      goto: b\n    choices:\n      - {id: x, text: X, goto: nowhere}\n" + TAIL)
    report = validate([p])
    assert [(d.line, d.severity, d.code) for d in report.diagnostics] == [
        (12, "warning", "text-looks-like-key"), (14, "error", "bad-reference")]


def test_parser_messages_are_plain_words_with_the_place(tmp_path):
    cases = {
        "tab.yaml": ("format: 1\nid: tab\nnodes:\n\ttext: x\n", "4:1: error: YAML does not allow tabs for indentation; use spaces"),
        "colon.yaml": ("format: 1\nid: colon\ntitle: Price: too high\n",
                       "3:13: error: a ': ' here would start a key inside a value"),
        "quote.yaml": ('format: 1\nid: quote\ntitle: "Open\n', "error: a quoted text is never closed; add the closing quote"),
        "flow.yaml": ("format: 1\nid: flow\npeople: {dana: {name: Dana}\nstart: a\n",
                      "error: a '{...}' mapping is not closed on this line"),
    }
    for name, (text, expected) in cases.items():
        p = tmp_path / name
        p.write_text(text)
        r = subprocess.run([sys.executable, "-m", "simulator", "validate", str(p)], capture_output=True, text=True)
        assert r.returncode == 1
        first = r.stdout.splitlines()[0]
        assert first.startswith(str(p) + ":") and expected in first and "[yaml-syntax]" in first, first
        assert "YAML syntax:" not in first
