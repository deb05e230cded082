"""Time ``app --exit-after-startup`` of the built program against the same command from the venv.

    python packaging/startup_bench.py dist/sales-simulator/sales-simulator [--runs 5]

Each run gets a fresh temp database and settings file and the offscreen platform, so the figures measure
start-up (process launch, imports, first window shown, library loaded), not a warm user profile.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def time_runs(cmd: list[str], runs: int, cwd: Path) -> list[float]:
    out = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SIMULATOR_DB=str(Path(tmp) / "progress.db"),
                       SIMULATOR_SETTINGS=str(Path(tmp) / "settings.ini"))
            start = time.perf_counter()
            done = subprocess.run(cmd + ["app", "--exit-after-startup"], env=env, cwd=cwd,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            elapsed = time.perf_counter() - start
            if done.returncode != 0:
                raise SystemExit(f"startup_bench: {' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()}")
            out.append(elapsed)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("exe", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    root = Path(__file__).resolve().parent.parent
    rows = [("build", [str(args.exe.resolve())]), ("venv", [sys.executable, "-m", "simulator"])]
    for label, cmd in rows:
        t = time_runs(cmd, args.runs, root)
        print(f"startup_bench: {label:5s} app --exit-after-startup, {args.runs} runs: "
              f"median {statistics.median(t):.2f} s, min {min(t):.2f} s, max {max(t):.2f} s "
              f"({', '.join(f'{x:.2f}' for x in t)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
