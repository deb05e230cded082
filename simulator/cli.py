"""Command line: argument parsing and error translation only.

Each sub-command is a ``cmd_<name>(args) -> int`` function registered in
``COMMANDS``; the work itself lives in the core modules. ``main`` turns every
error into one line on stderr and an exit code (``--debug`` shows tracebacks).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from simulator import __version__
from simulator.errors import SimulatorError, UsageError

EXIT_OK = 0
EXIT_FAILED = 1  # invalid scenario, refused operation, unexpected error
EXIT_USAGE = 2  # bad command line (argparse uses 2 as well)


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: 'simulator: error: ...' plus where to get help."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(EXIT_USAGE, f"simulator: error: {message} (see '{self.prog} --help')\n")


def _common_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Options accepted before and after the sub-command name.

    On sub-parsers the defaults are SUPPRESS so they never overwrite a value
    given before the sub-command.
    """

    def d(value):
        return argparse.SUPPRESS if suppress else value

    group = parser.add_argument_group("common options")
    group.add_argument("--db", metavar="PATH", type=Path, default=d(None),
                       help="the progress database (default: $SIMULATOR_DB, else progress.db in the user data folder)")
    group.add_argument("--library", metavar="DIR", type=Path, action="append", default=d([]),
                       dest="library_after" if suppress else "library",
                       help="a folder of scenarios besides the bundled ones (repeatable)")
    group.add_argument("--debug", action="store_true", default=d(False), help="show tracebacks of errors")


# --- sub-commands: one add_<name>(sub) to declare it, one cmd_<name>(args) to run it ---


def add_app(sub) -> None:
    p = sub.add_parser("app", help="open the desktop app (the default)", description="Open the desktop app.")
    p.add_argument("--exit-after-startup", action="store_true",
                   help="quit as soon as the window is shown and the library has loaded (smoke test)")
    return p


def cmd_app(args) -> int:
    from simulator.ui.app import run_app

    if not hasattr(args, "exit_after_startup"):
        args.exit_after_startup = False
    return run_app(args)


def add_validate(sub):
    p = sub.add_parser(
        "validate",
        help="check scenario files or folders",
        description="Load and lint scenario files or folders (folders: *.yaml/*.yml, recursively). "
        "Exit 0 without errors, 1 with errors (or warnings with --strict), 2 on a usage error.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", type=Path, help="a scenario file or a folder of them")
    p.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    return p


def cmd_validate(args) -> int:
    from simulator.validate import validate

    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    report = validate(args.paths)
    if args.format == "json":
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        for d in report.diagnostics:
            print(d)
        print(report.summary())
    return EXIT_FAILED if report.failed(strict=args.strict) else EXIT_OK


def add_schema(sub):
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of the scenario format",
        description="Print the JSON Schema of scenario formats 1 and 2 (every key with a description and an example), "
        "for editor completion (e.g. the VS Code YAML extension: yaml.schemas; see docs/editors.md).",
    )
    p.add_argument("--draft", choices=("07", "2020-12"), default="07",
                   help="the JSON Schema dialect (default: 07, which editors support fully)")
    return p


def cmd_schema(args) -> int:
    from simulator.model import json_schema

    print(json.dumps(json_schema(getattr(args, "draft", "07")), indent=2, ensure_ascii=False))
    return EXIT_OK


def add_new(sub):
    p = sub.add_parser("new", help="write a new scenario from a commented template",
                       description="Write ID.yaml from a commented template that validates. Never overwrites.")
    p.add_argument("id", metavar="ID", help="the scenario id: lowercase letters, digits and '-'")
    p.add_argument("--dir", metavar="DIR", type=Path, default=Path("."), help="the folder to write to (default: .)")
    return p


def cmd_new(args) -> int:
    from simulator.template import write_new

    target = write_new(args.id, args.dir)
    print(f"wrote {target}; check it with: simulator validate {target}")
    return EXIT_OK


def add_history(sub):
    p = sub.add_parser("history", help="list recorded attempts from the progress database",
                       description="List recorded attempts, newest first (all profiles unless --profile).")
    p.add_argument("--profile", metavar="NAME", help="only this rep's attempts")
    p.add_argument("--limit", metavar="N", type=int, help="at most N attempts")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return p


def cmd_history(args) -> int:
    from simulator.storage import format_history, history_rows, open_existing

    with open_existing(args.db, reading=True) as store:  # never creates a database; a read-only one is fine
        rows = history_rows(store, args.profile, args.limit)
    print(json.dumps(rows, indent=2, ensure_ascii=False) if args.json else format_history(rows))
    return EXIT_OK


def add_export(sub):
    p = sub.add_parser("export", help="write this rep's leaderboard export file",
                       description="Write the completed attempts of one profile to a leaderboard export file "
                       "(JSON, format 'sales-simulator-export' version 1; see docs/leaderboard-format.md).")
    p.add_argument("--out", metavar="FILE", type=Path, required=True, help="the export file to write")
    p.add_argument("--profile", metavar="NAME", help="the profile to export (needed when there are several)")
    p.add_argument("--scenario", metavar="ID", action="append", dest="share",
                   help="share only this scenario's attempts (repeatable; default: all)")
    return p


def cmd_export(args) -> int:
    from simulator.leaderboard import pick_profile, write_export
    from simulator.safe_write import check_output
    from simulator.storage import open_existing

    check_output(args.out, protected=[args.db])  # never over the database; a missing folder is one line
    with open_existing(args.db) as store:
        profile = pick_profile(store, args.profile)
        doc = write_export(args.out, store, profile, args.share)
    print(f"wrote {args.out}: {len(doc['attempts'])} completed attempt(s) of {doc['rep']['name']}")
    return EXIT_OK


def add_leaderboard(sub):
    p = sub.add_parser("leaderboard", help="merge export files into one team leaderboard",
                       description="Merge leaderboard export files, verify each attempt by replay where the scenario "
                       "version is available here, and print the boards (or write them with --out). "
                       "Exit 0, or 1 when a file was rejected (the others still merge).")
    p.add_argument("files", nargs="*", metavar="FILE", type=Path, help="export files")
    p.add_argument("--lrs", metavar="URL", help="build the board from this learning record store's statements instead "
                   "(credentials from SIMULATOR_LRS_USERNAME/SIMULATOR_LRS_PASSWORD or the settings file)")
    p.add_argument("--out", metavar="FILE", type=Path, help="write the board to FILE.csv, FILE.html or FILE.json")
    return p


def cmd_leaderboard(args) -> int:
    from simulator.leaderboard import board_from_files, local_scenarios, to_text, write_board

    if args.out is not None:
        if args.out.suffix.lower() not in (".csv", ".html", ".htm", ".json"):
            raise UsageError(f"--out {args.out}: use a name ending in .csv, .html or .json")
        from simulator.safe_write import check_output

        check_output(args.out, protected=args.files)  # never over an input, a database or a scenario
    if bool(args.files) == bool(args.lrs):
        raise UsageError("give export files or --lrs URL (one of the two)")
    if args.lrs:
        from simulator.cli_xapi import board_from_lrs_args

        board, problems = board_from_lrs_args(args)  # a skipped statement is reported; the rest still rank
        unreadable = False
    else:
        board, problems = board_from_files(args.files, local_scenarios(args.library))
        unreadable = bool(problems) and len(problems) >= len(set(args.files)) and not board.attempts
    for line in problems:
        print(line, file=sys.stderr)
    if unreadable:  # no readable input: never write an empty board
        print("simulator: error: no export file could be read; no board written", file=sys.stderr)
        return EXIT_FAILED
    if args.out is None:
        print(to_text(board), end="")
    else:
        write_board(board, args.out, protected=args.files)
        print(f"wrote {args.out}: {len(board.reps)} rep(s), {len(board.attempts)} attempt(s)")
    return EXIT_FAILED if problems else EXIT_OK


def add_map(sub):
    p = sub.add_parser("map", help="write the scenario's map as DOT, Mermaid or SVG",
                       description="Write the map of a scenario (every node, choice and route, laid out left to right; "
                       "endings coloured by outcome; unreachable nodes, traps and the best path marked). "
                       "Exit 0, 1 if the scenario does not load.")
    p.add_argument("scenario", metavar="SCENARIO", type=Path, help="a scenario file, or the id of a scenario in the library")
    p.add_argument("--format", choices=("dot", "mermaid", "svg"), default="svg", help="output format (default: svg)")
    p.add_argument("--out", metavar="FILE", type=Path, help="write to FILE instead of printing")
    return p


def cmd_map(args) -> int:
    from simulator.graph import export
    from simulator.loader import load_or_raise

    args.scenario = _scenario_file(args)
    text = export(load_or_raise(args.scenario), args.format)
    if args.out is None:
        sys.stdout.write(text)
    else:
        from simulator.safe_write import write_text

        write_text(args.out, text, protected=[args.scenario])  # never over the scenario; atomic
        print(f"wrote {args.out}")
    return EXIT_OK


def add_fuzz(sub):
    p = sub.add_parser("fuzz", help="play many seeded random runs and report any that get stuck",
                       description="Play N random runs (each with its own seed) and report every run that gets stuck, "
                       "loops past 1,000 steps, or fails, with the 'simulator play' command that reproduces it. "
                       "Exit 0 if all runs end, 1 if some fail or the scenario does not load.")
    p.add_argument("scenario", metavar="SCENARIO", type=Path, help="a scenario file, or the id of a scenario in the library")
    p.add_argument("--runs", metavar="N", type=int, default=200, help="number of runs (default: 200)")
    p.add_argument("--seed", metavar="S", type=int, default=0, help="master seed (default: 0)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    return p


def cmd_fuzz(args) -> int:
    from simulator.fuzz import MAX_RUNS, fuzz
    from simulator.loader import load_or_raise

    args.scenario = _scenario_file(args)
    if not 1 <= args.runs <= MAX_RUNS:
        raise UsageError(f"--runs must be between 1 and {MAX_RUNS:,}")
    report = fuzz(load_or_raise(args.scenario), args.runs, args.seed)
    if args.json:
        print(json.dumps(report.to_json(str(args.scenario)), indent=2, ensure_ascii=False))
    else:
        for failure, count in report.distinct():
            times = f" ({count} runs)" if count > 1 else ""
            print(f"{failure.describe()}{times}")
            print(f"  reproduce: {failure.command(str(args.scenario))}")
        for line in report.distribution():
            print(line)
        print(report.summary())
    return EXIT_OK if report.ok else EXIT_FAILED


def add_play(sub):
    p = sub.add_parser("play", help="play a scenario without a window and print the transcript and score card",
                       description="Play a scenario headless. Each number in --choices picks among the options offered at "
                       "that moment (1-based; diagnose options count the same way); option ids work too. "
                       "Exit 0 reached an ending, 3 the choices ran out, a number was out of range or the run got stuck, "
                       "1 invalid scenario.")
    p.add_argument("scenario", metavar="SCENARIO", type=Path, help="a scenario file, or the id of a scenario in the library")
    p.add_argument("--choices", metavar="LIST", default="", help="comma-separated choice numbers or option ids, e.g. 1,3,2")
    p.add_argument("--seed", metavar="N", type=int, help="the run's random seed (default: a new one, printed)")
    p.add_argument("--confidence", metavar="LIST", default="",
                   help="comma-separated confidences (50..100 in steps of 10), one per decision, for calibration")
    p.add_argument("--profile", metavar="NAME", help="record the attempt in the progress database under this rep")
    p.add_argument("--situation", metavar="ID", help="format 2: force this situation instead of drawing one (a trainer's "
                   "test run; scoring still assumes the rep does not know it, and --profile refuses to record it)")
    p.add_argument("--json", action="store_true", help="print JSON (structure documented in docs/cli-json.md)")
    return p


EXIT_RAN_OUT = 3


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def cmd_play(args) -> int:
    from simulator.engine import Session
    from simulator.errors import EngineError
    from simulator.loader import load_or_raise
    from simulator.scoring import score_session
    from simulator.textreport import play_json, play_text

    args.scenario = _scenario_file(args)
    picks = [int(x) if x.isdigit() else x for x in _split(args.choices)]
    try:
        confidences = [int(x) for x in _split(args.confidence)]
    except ValueError:
        raise UsageError("--confidence takes numbers such as 70,80,90") from None
    scenario = load_or_raise(args.scenario)
    if confidences and not scenario.ask_confidence:
        raise UsageError(f"scenario '{scenario.id}' does not ask for confidence (scoring: ask_confidence is false); leave out --confidence")
    if args.profile is not None:  # one rule for names (simulator.names): "" or a control character is a usage error
        from simulator.names import name_problem

        if name_problem(args.profile):
            raise UsageError(f"--profile: {name_problem(args.profile)}")
    if args.situation is not None and args.profile is not None:
        raise UsageError("a run with a forced --situation is a test run and is never recorded; leave out --profile or --situation")
    try:
        session = Session(scenario, seed=args.seed, situation=args.situation)
    except EngineError as exc:
        raise UsageError(f"--situation: {exc}") from None
    session.start()
    problem = None
    for i, pick in enumerate(picks):
        if session.finished:
            problem = f"the conversation ended after {i} choice(s); {len(picks) - i} more were given"
            break
        try:
            session.choose(pick)
        except EngineError:
            step = session.current
            problem = (f"choice {i + 1} ({pick}) is not offered at '{step.node}': pick 1 to {len(step.options)} "
                       f"({', '.join(o.id for o in sorted(step.options, key=lambda o: o.index))})")
            break
        if i < len(confidences):
            session.set_confidence(confidences[i])
    card = score_session(session)
    if args.profile is not None:
        from simulator.storage import Store, record_session

        with Store.open(args.db) as store:
            record_session(store, args.profile, session, card if session.finished else None)
    print(json.dumps(play_json(session, card), indent=2, ensure_ascii=False) if args.json else play_text(session, card))
    step = session.current
    if problem is None and not step.finished:
        problem = f"the choices ran out at '{step.node}' before an ending"
    elif problem is None and step.kind == "stuck":
        problem = f"the run got stuck: {step.reason}"
    if problem:
        print(f"simulator: {problem}", file=sys.stderr)
        return EXIT_RAN_OUT
    return EXIT_OK


def add_paths(sub):
    p = sub.add_parser("paths", help="explore a scenario: endings, score ranges, a best path, passing paths",
                       description="Explore every path of a scenario: the best expected outcome, which endings are "
                       "reachable, the range of each score, one best path, how many distinct paths reach the pass "
                       "mark, and whether it rewards judgment or one script. Exit 0, 1 invalid scenario.")
    p.add_argument("scenario", metavar="SCENARIO", type=Path, help="a scenario file, or the id of a scenario in the library")
    p.add_argument("--json", action="store_true", help="print JSON (structure documented in docs/cli-json.md)")
    return p


def cmd_paths(args) -> int:
    from simulator.analysis import paths_report
    from simulator.beliefs import BeliefBoundError
    from simulator.loader import load_or_raise
    from simulator.search import StateBoundError
    from simulator.textreport import paths_text

    args.scenario = _scenario_file(args)
    scenario = load_or_raise(args.scenario)
    try:
        report = paths_report(scenario)
    except StateBoundError as exc:
        raise SimulatorError(f"{args.scenario}: {exc}; reduce the state variables or their ranges") from None
    except BeliefBoundError as exc:
        raise SimulatorError(f"{args.scenario}: {exc}") from None
    print(json.dumps(report.to_json(), indent=2, ensure_ascii=False) if args.json else paths_text(scenario, report))
    return EXIT_OK


def add_repair(sub):
    p = sub.add_parser("repair", help="check the progress database; restore its last backup or start fresh",
                       description="Check the progress database. With --restore-backup, move a damaged database aside "
                       "and put the newest good backup in its place; with --start-fresh, move it aside and start an "
                       "empty one. The damaged file is always kept (renamed *.damaged-<time>), never deleted.")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--restore-backup", action="store_true", help="replace a damaged database with its newest good backup")
    how.add_argument("--start-fresh", action="store_true", help="keep the damaged database aside and start an empty one")
    return p


def cmd_repair(args) -> int:
    from simulator import storage

    if not args.restore_backup and not Path(args.db).expanduser().exists():  # nothing to check: create nothing
        storage.open_existing(args.db)
    if args.restore_backup or args.start_fresh:
        fix = storage.restore_backup if args.restore_backup else storage.start_fresh
        with fix(args.db) as store:
            kept = f"; the damaged file was kept as {store.moved_aside}" if store.moved_aside else ""
            source = f" from {store.restored_from}" if store.restored_from else ""
            print(f"{args.db}: {'restored' + source if args.restore_backup else 'started fresh'}{kept}")
        return EXIT_OK
    with storage.Store.open(args.db) as store:
        backups = storage.backups(args.db)
        print(f"{args.db}: healthy (schema version {store.schema_version}, {len(backups)} backup(s))")
    return EXIT_OK


def add_list(sub):
    p = sub.add_parser("list", help="list the scenario library: id, title, difficulty, minutes",
                       description="List the scenarios of the library (the bundled ones, then any --library folder): "
                       "id, title, difficulty and estimated minutes. Any id works where a command takes a SCENARIO. "
                       "Exit 0, 1 when a scenario file in the library does not load.")
    p.add_argument("--json", action="store_true", help="print JSON: a list of {id, title, difficulty, minutes, "
                   "format, version, path}")
    return p


def cmd_list(args) -> int:
    from simulator.catalog import entries, format_table

    found, diagnostics, folders = entries(args.library)
    if args.json:
        print(json.dumps([e.to_json() for e in found], indent=2, ensure_ascii=False))
    else:
        print(format_table(found), end="")
        print(f"{len(found)} scenario(s) in {', '.join(str(f) for f in folders)}")
    errors = [d for d in diagnostics if getattr(d, "severity", "error") == "error"]
    if errors:
        files = sorted({str(getattr(d, "file", "")) for d in errors})
        print(f"simulator: {len(files)} file(s) in the library did not load: {', '.join(files)}; "
              "see: simulator validate FILE", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _scenario_file(args) -> Path:
    """The SCENARIO argument as a file: itself, or the library's scenario with that id."""
    from simulator.catalog import resolve

    return resolve(args.scenario, args.library)


from simulator.cli_xapi import add_sync, add_xapi, cmd_sync, cmd_xapi  # noqa: E402,F401 - registered in COMMANDS
from simulator.cli_coach import add_coach, cmd_coach  # noqa: E402,F401 - registered in COMMANDS
from simulator.cli_lsp import add_avatar, add_lsp, cmd_avatar, cmd_lsp  # noqa: E402,F401 - registered in COMMANDS

# Sub-commands in --help order. To add one: write add_<name>(sub) and
# cmd_<name>(args) above and list the name here.
COMMANDS = ["app", "list", "validate", "play", "paths", "schema", "new", "history", "export", "leaderboard", "coach", "xapi", "sync",
            "map", "fuzz", "avatar", "lsp", "repair"]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="simulator", description="Offline sales-conversation simulator. "
                     "Without a sub-command it opens the desktop app.")
    parser.add_argument("--version", action="version", version=f"simulator {__version__}")
    _common_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        p = globals()[f"add_{name}"](sub)
        _common_options(p, suppress=True)
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line; --library given before and after the command adds up."""
    args = build_parser().parse_args(argv)
    args.library = list(args.library) + list(getattr(args, "library_after", []))
    if hasattr(args, "library_after"):
        del args.library_after
    return args


def _resolve_common(args) -> None:
    if args.db is None:
        from simulator.paths import default_db_path

        args.db = default_db_path()


def main(argv: list[str] | None = None) -> int:
    from simulator.terminal import EscapingStream

    for stream in (sys.stdout, sys.stderr):  # never die on a character the console cannot show
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass
    # every message printed goes through terminal_safe: scenario text or keys cannot drive the terminal
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = EscapingStream(out), EscapingStream(err)
    try:
        return _main(argv)
    finally:
        if isinstance(sys.stdout, EscapingStream):  # (a broken pipe leaves devnull in place)
            sys.stdout = out
        if isinstance(sys.stderr, EscapingStream):
            sys.stderr = err


def _main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    command = args.command or "app"
    debug = bool(getattr(args, "debug", False))
    try:
        _resolve_common(args)
        return globals()[f"cmd_{command}"](args)
    except UsageError as exc:
        if debug:
            raise
        return _fail(str(exc), EXIT_USAGE)
    except SimulatorError as exc:
        if debug:
            raise
        message = str(exc)
        if getattr(exc, "kind", None) == "corrupt" and command != "repair":
            fix = "simulator repair --restore-backup" if getattr(exc, "backup_path", None) else "simulator repair --start-fresh"
            message += f" (to do so: {fix})"
        return _fail(message, EXIT_FAILED)
    except KeyboardInterrupt:
        if debug:
            raise
        return _fail("interrupted", 130)
    except BrokenPipeError:
        # the reader went away (e.g. `| head`); nothing useful can be printed
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_FAILED
    except OSError as exc:
        if debug:
            raise
        where = f": {exc.filename}" if getattr(exc, "filename", None) else ""
        return _fail(f"{exc.strerror or exc}{where}", EXIT_FAILED)
    except Exception as exc:  # never a traceback for a user
        if debug:
            raise
        return _fail(
            f"unexpected internal error ({type(exc).__name__}: {exc}); run again with --debug for details "
            "and report it",
            EXIT_FAILED,
        )


def _fail(message: str, code: int) -> int:
    print(f"simulator: error: {message}", file=sys.stderr)
    return code
