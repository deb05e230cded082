"""Red-team findings (issue 14) in loading: every bad file is a located diagnostic for that file, the
others still load, and nothing hangs, recurses or overflows."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from simulator import cli
from simulator.loader import load, load_library
from simulator.svgcheck import MAX_DEPTH, read_svg, sanitize_svg, svg_problem

ROOT = Path(__file__).resolve().parents[2]

BASE = """\
format: 1
id: {id}
title: Base
people:
  x: {{name: X, avatar: {avatar}}}
state: {{trust: 50}}
start: a
nodes:
  a:
    who: x
    text: {text}
    choices:
      - {{id: warm, text: warm, effects: {{trust: 20}}, evidence: {{discovery: {points}}}, goto: won{cond}}}
      - {{id: cold, text: cold, evidence: {{discovery: 0}}, goto: lost}}
endings:
  won: {{title: Won, outcome: won}}
  lost: {{title: Lost, outcome: lost}}
{extra}"""

GOOD_SVG = '<svg xmlns="http://www.w3.org/2000/svg"><circle r="3"/></svg>'


def scenario(folder: Path, name: str, *, id=None, avatar="av.svg", text="hello", points="1", cond="", extra="") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "av.svg").exists():
        (folder / "av.svg").write_text(GOOD_SVG, encoding="utf-8")
    p = folder / name
    p.write_text(BASE.format(id=id or p.stem, avatar=avatar, text=text, points=points, cond=cond, extra=extra), encoding="utf-8")
    return p


def diag_lines(capsys, *argv) -> tuple[int, list[str]]:
    code = cli.main(["validate", *map(str, argv)])
    return code, capsys.readouterr().out.splitlines()


# --- 1. one SVG check --------------------------------------------------------------------------


def test_a_deeply_nested_avatar_is_a_located_validate_error(tmp_path, capsys):
    (tmp_path / "deep.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg">' + "<g>" * 20_000 + "</g>" * 20_000 + "</svg>")
    p = scenario(tmp_path, "deep.yaml", avatar="deep.svg")
    code, lines = diag_lines(capsys, p)
    assert code == 1
    assert lines[0] == (f"{p}:5:24: error: avatar 'deep.svg' is not a safe SVG: its elements are nested more than "
                        f"{MAX_DEPTH} deep [bad-avatar]")


@pytest.mark.parametrize("svg, why", [
    ("<svg>" + "<g>" * 60 + "</g>" * 60 + "</svg>", "nested more than"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script>"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><image href="/etc/passwd"/></svg>', "<image>"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>', "<foreignObject>"),
    ('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', "DTD"),
    ("<html><body/></html>", "not an SVG"),
    ("<svg><g></svg>", "not well-formed"),
    ("<svg>" + "<rect/>" * 30_000 + "</svg>", "elements"),
    ("<svg>" + " " * 600_000 + "</svg>", "KiB"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><use href="other.svg#a"/></svg>', "another file"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(file:///etc/x)"/></svg>', "another file"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(http://x/a.css);</style></svg>', "style sheet"),
])
def test_svg_problem_names_what_is_unsafe(svg, why):
    assert why in svg_problem(svg.encode())


def test_the_bundled_avatars_pass_the_check_and_the_app_sanitiser_refuses_what_validate_refuses():
    for f in sorted((ROOT / "scenarios" / "avatars").glob("*.svg")):
        assert read_svg(f)[1] is None, f
    deep = ("<svg>" + "<g>" * 20_000 + "</g>" * 20_000 + "</svg>").encode()
    assert sanitize_svg(deep) is None  # no RecursionError: the app shows initials instead
    from simulator.ui.widgets import avatar  # noqa: F401 - the widget uses this very function

    assert avatar.sanitize_svg is sanitize_svg


# --- 3. one bad file is its own diagnostic -------------------------------------------------------


def test_a_5000_digit_number_is_located_and_the_other_files_still_load(tmp_path, capsys):
    scenario(tmp_path, "good.yaml")
    bad = scenario(tmp_path, "digits.yaml", extra="minutes: " + "9" * 5000 + "\n")
    code, lines = diag_lines(capsys, tmp_path)
    assert code == 1
    assert lines[0] == f"{bad}:18:10: error: a number with 5,000 digits; numbers in a scenario are at most 100 digits long (put text in quotes) [limit]"
    assert lines[-1].startswith("2 files checked: 1 error")
    scenarios, _ = load_library([tmp_path])
    assert [s.id for s in scenarios] == ["good"]


def test_a_nul_byte_is_located(tmp_path, capsys):
    p = scenario(tmp_path, "nul.yaml", text="hel\0lo")
    code, lines = diag_lines(capsys, p)
    assert code == 1 and lines[0] == f"{p}:11:14: error: YAML syntax: the character U+0000 is not allowed in YAML; delete it [yaml-syntax]"


def test_a_5000_character_avatar_name_is_located(tmp_path, capsys):
    p = scenario(tmp_path, "long.yaml", avatar="a" * 5000 + ".svg")
    code, lines = diag_lines(capsys, p)
    assert code == 1 and lines[0] == f"{p}:5:24: error: avatar path is 5,004 characters long; at most 255 [bad-avatar]"


def test_the_library_and_leaderboard_still_load_the_bundled_scenarios_beside_hostile_files(tmp_path):
    from simulator.leaderboard import local_scenarios

    scenario(tmp_path, "digits.yaml", extra="minutes: " + "9" * 5000 + "\n")
    scenario(tmp_path, "long.yaml", avatar="a" * 5000 + ".svg")
    scenario(tmp_path, "nul.yaml", text="hel\0lo")
    found = local_scenarios([tmp_path])
    bundled, _ = load_library([ROOT / "scenarios"])
    assert {s.id for s in found} == {s.id for s in bundled} and found


# --- 4. huge integers and non-ASCII digits in expressions --------------------------------------


def test_a_huge_integer_in_an_expression_is_located(tmp_path, capsys):
    p = scenario(tmp_path, "huge.yaml", cond=", if: 'trust + 0.5 + " + "1" * 400 + " > 3'")
    code, lines = diag_lines(capsys, p)
    assert code == 1
    assert lines[0] == f"{p}:13:110: error: the number 11111111111111111111... is too large; numbers in expressions are at most 1,000,000 [limit]"


def test_non_ascii_digits_are_not_numbers_in_expressions(tmp_path, capsys):
    p = scenario(tmp_path, "arabic.yaml", cond=", if: 'trust > \u0663'")
    code, lines = diag_lines(capsys, p)
    assert code == 1 and lines[0] == f"{p}:13:104: error: unexpected character '\u0663' in expression [bad-expression]"


# --- 5. every number is bounded ------------------------------------------------------------------


@pytest.mark.parametrize("kw, expected", [
    ({"points": "1e307"}, "13:76: error: nodes.a.choices.0.evidence.discovery must be at most 1000000"),
    ({"extra": "scoring: {weights: {insight: .inf}}\n"}, "18:30: error: scoring.weights.insight should be a finite number, not infinity"),
    ({"extra": "scoring: {weights: {insight: 5000}}\n"}, "18:30: error: scoring.weights.insight must be at most 1000"),
    ({"points": ".nan"}, "13:76: error: nodes.a.choices.0.evidence.discovery should be a finite number, not NaN"),
])
def test_out_of_range_numbers_are_located_errors_even_without_strict(tmp_path, capsys, kw, expected):
    p = scenario(tmp_path, "n.yaml", **kw)
    code, lines = diag_lines(capsys, p)
    assert code == 1 and lines[0].startswith(f"{p}:{expected}"), lines


def test_state_ranges_are_bounded(tmp_path):
    p = scenario(tmp_path, "s.yaml")
    p.write_text(p.read_text().replace("state: {trust: 50}", "state: {trust: {start: 0, min: -1e300, max: 100}}"))
    s, diags = load(p)
    assert s is None and any(d.code == "out-of-range" and "state.trust.min" in d.message for d in diags)


# --- 7. FIFOs and unreadable folders -------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_validate_skips_a_fifo_naming_it_and_does_not_hang(tmp_path):
    scenario(tmp_path, "good.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")
    r = subprocess.run([sys.executable, "-m", "simulator", "validate", str(tmp_path)], capture_output=True, text=True,
                       timeout=60, cwd=ROOT)
    assert f"{tmp_path / 'pipe.yaml'}:1:1: error: skipped: a named pipe, not a regular file; only regular files are read [io]" \
        in r.stdout.splitlines()
    assert r.returncode == 1
    r = subprocess.run([sys.executable, "-m", "simulator", "validate", str(tmp_path / "pipe.yaml")], capture_output=True,
                       text=True, timeout=60, cwd=ROOT)
    assert r.returncode == 1 and "skipped: a named pipe" in r.stdout


def _as_nobody(argv: list[str]) -> list[str] | None:
    """Run as an unprivileged user (permissions mean nothing to root), or None when that is impossible."""
    if os.geteuid() != 0:
        return argv
    setpriv = shutil.which("setpriv")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *argv] if setpriv else None


def test_an_unreadable_subfolder_is_an_error_not_zero_files_checked():
    import tempfile

    with tempfile.TemporaryDirectory(dir="/tmp" if os.path.isdir("/tmp") else None) as top:
        _unreadable_subfolder(Path(top))


def _unreadable_subfolder(tmp_path: Path) -> None:  # a folder an unprivileged user can reach (pytest's is private)
    lib = tmp_path / "lib"
    scenario(lib / "ok", "good.yaml")
    scenario(lib / "secret", "hidden.yaml")
    os.chmod(lib / "secret", 0)
    os.chmod(tmp_path, 0o755)
    argv = _as_nobody([sys.executable, "-m", "simulator", "validate", str(lib)])
    if argv is None:
        pytest.skip("cannot drop privileges here")
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=ROOT)
    finally:
        os.chmod(lib / "secret", 0o755)
    assert r.returncode == 1, r.stdout + r.stderr
    assert (f"{lib / 'secret'}:1:1: error: cannot read the folder (Permission denied); its scenarios were not checked [io]"
            in r.stdout.splitlines()), r.stdout


# --- 8. control characters -------------------------------------------------------------------------


def test_an_escape_sequence_in_scenario_text_is_a_located_error(tmp_path, capsys):
    p = scenario(tmp_path, "esc.yaml", text='"\\e[2J\\e[31mhello"')
    code, lines = diag_lines(capsys, p)
    assert code == 1
    assert lines[0] == (f"{p}:11:11: error: the text contains the control character U+001B; remove it "
                        "(only line breaks and tabs are allowed) [control-character]")


def test_a_control_character_in_a_key_is_reported_and_never_reaches_the_terminal(tmp_path, capsys):
    p = scenario(tmp_path, "key.yaml", extra='"bad\\ekey": 1\n')
    code, lines = diag_lines(capsys, p)
    out = "\n".join(lines)
    assert code == 1 and "\x1b" not in out and "bad\\x1bkey" in out
    assert f"{p}:18:1: error: the key contains the control character U+001B" in out


def test_tabs_and_line_breaks_stay_allowed(tmp_path):
    p = scenario(tmp_path, "fine.yaml", text='"two\\tcolumns\\nand lines"')
    s, diags = load(p)
    assert s is not None and not [d for d in diags if d.is_error]
