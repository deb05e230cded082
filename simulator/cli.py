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
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


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
    return sub.add_parser(
        "schema",
        help="print the JSON Schema of the scenario format",
        description="Print the JSON Schema of scenario format 1, for editor completion "
        "(e.g. the VS Code YAML extension: yaml.schemas).",
    )


def cmd_schema(args) -> int:
    from simulator.model import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
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


# Sub-commands in --help order. To add one: write add_<name>(sub) and
# cmd_<name>(args) above and list the name here. Still to come: play, paths,
# export, leaderboard (see cli.md).
COMMANDS = ["app", "validate", "schema", "new"]


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


def _resolve_common(args) -> None:
    if args.db is None:
        from simulator.paths import default_db_path

        args.db = default_db_path()


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # never die on a character the console cannot show
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass
    parser = build_parser()
    args = parser.parse_args(argv)
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
        return _fail(str(exc), EXIT_FAILED)
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
