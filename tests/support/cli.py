"""Running the command line in tests, the two ways the suite does it: as a user would (a subprocess,
``python -m simulator``) and in this process (``cli.main``, output captured by pytest's ``capsys``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_simulator(*args, cwd=ROOT, env=None, timeout=120) -> subprocess.CompletedProcess:
    """``python -m simulator ARGS`` in a subprocess (run in ``cwd``, the repository by default); text output."""
    return subprocess.run([sys.executable, "-m", "simulator", *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout, env=env)


def run_main(capsys, *argv) -> tuple[int, str, str]:
    """``simulator.cli.main(ARGV)`` in this process: (exit code, stdout, stderr)."""
    from simulator import cli

    code = cli.main([*map(str, argv)])
    out = capsys.readouterr()
    return code, out.out, out.err
