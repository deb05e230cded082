"""``python -m tests.fuzz [--cases N] [--seed S] [--case I] [--save DIR]`` (``make fuzz N=10000``).

Prints the throughput and every failure with its mutations; ``--case I`` replays one case; ``--save DIR``
writes each failing mutant to DIR so it can be checked with ``simulator validate``. Exit 1 on a failure.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tests.fuzz.harness import fuzz, make_case, run_case


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    p.add_argument("--cases", type=int, default=1000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--case", type=int, help="replay this one case and print it")
    p.add_argument("--save", type=Path, help="write each failing mutant to this folder")
    args = p.parse_args(argv)
    if args.case is not None:
        case = run_case(make_case(args.seed, args.case))
        print(case.describe() if case.failure else f"case {case.index}: {case.outcome} in {case.seconds:.2f} s")
        if args.save:
            _save(args.save, case)
        return 1 if case.failure else 0

    def progress(report, case):
        if case.failure:
            print(case.describe(), flush=True)
        if report.cases % 500 == 0:
            print(f"... {report.cases} cases, {len(report.failures)} failure(s)", file=sys.stderr, flush=True)

    report = fuzz(args.cases, args.seed, progress=progress)
    print(report.summary())
    if args.save:
        for case in report.failures:
            _save(args.save, case)
    return 1 if report.failures else 0


def _save(folder: Path, case) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"seed{case.seed}-case{case.index}-{case.origin.stem}.yaml"
    data = case.data if isinstance(case.data, bytes) else case.data.encode("utf-8", "surrogatepass")
    target.write_bytes(data)


if __name__ == "__main__":
    sys.exit(main())
