"""`python -m tests.bench` (make bench): run every bench_*.py module's main() in this folder,
each in a fresh interpreter so one benchmark's memory and caches never slow the next."""

import pkgutil
import subprocess
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    wanted = set(argv)
    here = Path(__file__).resolve().parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    for name in names:
        if wanted and name not in wanted and name.removeprefix("bench_") not in wanted:
            continue
        print(f"== {name}", flush=True)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"from tests.bench import {name} as b; b.main()"], check=False)
        print(f"   ({time.perf_counter() - start:.1f} s)\n", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
