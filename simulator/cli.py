"""Command line: argument parsing and error translation only."""

from __future__ import annotations

import argparse
import sys

from simulator import __version__
from simulator.errors import SimulatorError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="simulator", description="Offline sales-conversation simulator.")
    parser.add_argument("--version", action="version", version=f"simulator {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command")
    app = sub.add_parser("app", help="open the desktop app")
    app.add_argument("--exit-after-startup", action="store_true")
    return parser


def cmd_app(args) -> int:
    from simulator.ui.app import run_app

    return run_app(args)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "app"
    try:
        if command == "app":
            if not hasattr(args, "exit_after_startup"):
                args.exit_after_startup = False
            return cmd_app(args)
    except SimulatorError as exc:
        if args.debug:
            raise
        print(f"simulator: error: {exc}", file=sys.stderr)
        return 1
    return 0
