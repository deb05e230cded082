"""Fuzz on format 2, where the options are shown shuffled: a failure's numbers are the WRITTEN positions
(what `simulator play --choices` takes), so its command replays exactly the run that failed."""

from simulator import cli
from simulator.engine import Session
from simulator.fuzz import fuzz, replay
from simulator.loader import load_text

SHUFFLED = """\
format: 2
id: stuck-shuffled
title: Stuck sometimes, options shuffled
people: {x: {name: X}}
state: {trust: 50}
start: a
nodes:
  a:
    who: x
    text: hi
    choices:
      - {id: warm, text: warm, effects: {trust: 20}, goto: b}
      - {id: polite, text: polite, goto: b}
      - {id: cold, text: cold, effects: {trust: -20}, goto: b}
      - {id: rude, text: rude, effects: {trust: -30}, goto: b}
  b:
    who: x
    text: and?
    choices:
      - {id: ask, text: ask, effects: {trust: 5}, goto: react}
      - {id: pitch, text: pitch, goto: react}
      - {id: wait, text: wait, effects: {trust: -5}, goto: react}
  react:
    next:
      - {if: trust >= 45, goto: won}
      - {chance: 0.5, goto: lost}
endings:
  won: {title: Won, outcome: won}
  lost: {title: Lost, outcome: lost}
"""

WRITTEN = {"a": ["warm", "polite", "cold", "rude"], "b": ["ask", "pitch", "wait"]}


def _shown(sc, failure) -> list[list[str]]:
    """The option ids as displayed at each decision of the failed run (replayed by id)."""
    s = Session(sc, failure.seed)
    step, shown = s.start(), []
    for oid in failure.option_ids:
        shown.append([o.id for o in step.options])
        step = s.choose(oid)
    return shown


def test_failures_record_written_numbers_and_their_command_replays_the_run(tmp_path, capsys):
    sc, diags = load_text(SHUFFLED)
    assert sc is not None and diags == []
    report = fuzz(sc, runs=80, seed=7)
    assert report.failed > 0 and {f.kind for f in report.failures} == {"stuck"}
    reordered = 0
    for f in report.failures:
        assert f.choices == tuple(WRITTEN[node].index(oid) + 1 for node, oid in zip("ab", f.option_ids))
        shown = _shown(sc, f)
        reordered += sum(shown_ids != WRITTEN[node] for node, shown_ids in zip("ab", shown))
        again = replay(sc, f)
        assert again.current.kind == "stuck" and again.current.node == "react"
        assert [d.option for d in again.decisions] == list(f.option_ids)
        assert tuple(d.number for d in again.decisions) == f.choices
    assert reordered > 0, "the display order differed from the written order somewhere (else this proves nothing)"

    f = report.failures[0]
    path = tmp_path / "stuck-shuffled.yaml"
    path.write_text(SHUFFLED, encoding="utf-8")
    argv = f.command(str(path)).split()[1:]
    assert argv[:2] == ["play", str(path)]
    assert cli.main([*argv, "--json"]) == 3  # the run got stuck again, where and how the fuzz said
    out, err = capsys.readouterr()
    assert "the run got stuck" in err and "'react'" in err
    assert report.to_json(str(path))["failures"][0]["command"] == f.command(str(path))
