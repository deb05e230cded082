"""Coaching benchmark (issue 17): the team report for 50 reps x 15 scenarios x 3 attempts (2,250 attempts)
— read and validate 50 coaching files, merge, verify every attempt by replay, item analysis, HTML and CSV —
against a baseline of json.loads of the same files, measured in the same run.

The scenarios are the test fixtures (tests/scenarios/valid), each written in up to three variants (another
id and title, so another content hash) to make 15; every attempt is a random run played with the engine
and scored, with its own seed, so almost every attempt is a distinct replay (no cache hits to flatter it).

Run: .venv/bin/python -m tests.bench.bench_coaching
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from pathlib import Path

from simulator import leaderboard as lb
from simulator.coaching.insight import insight
from simulator.coaching.report_csv import to_csv
from simulator.coaching.report_html import to_html
from simulator.coaching.team import team_from_paths
from simulator.loader import load_library
from simulator.scoring import score_session
from tests.support.coaching_data import VALID, share_doc
from tests.support.leaderboard_data import random_run

REPS, SCENARIOS, ATTEMPTS = 50, 15, 3
PROFILE = False


def fixture_scenarios(folder: Path) -> list:
    import shutil

    shutil.copytree(VALID / "avatars", folder / "avatars")
    sources = sorted(p for p in VALID.glob("*.yaml"))
    made = 0
    for variant in range(3):
        for src in sources:
            if made == SCENARIOS:
                break
            text = src.read_text(encoding="utf-8")
            sid = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("id:"))
            text = text.replace(f"id: {sid}", f"id: {sid}-v{variant}", 1)
            (folder / f"{sid}-v{variant}.yaml").write_text(text, encoding="utf-8")
            made += 1
    scenarios, _ = load_library([folder])
    return scenarios


def main() -> None:
    rnd = random.Random(17)
    with tempfile.TemporaryDirectory() as tmp:
        lib = Path(tmp) / "lib"
        lib.mkdir()
        scenarios = fixture_scenarios(lib)
        t = time.perf_counter()
        paths = []
        for r in range(REPS):
            atts = []
            for i, sc in enumerate(scenarios):
                for k in range(ATTEMPTS):
                    s = random_run(sc, rnd.randrange(2**31), rnd)
                    card = score_session(s)
                    if card.ending is None:
                        continue
                    day = 1 + (i * ATTEMPTS + k) % 28
                    a = lb.attempt_record(card, [d.option for d in s.decisions], [d.confidence for d in s.decisions],
                                          f"{r:08x}-0000-4000-8000-{i * 10 + k:012x}", f"2026-01-{day:02d}T09:00:00Z",
                                          f"2026-01-{day:02d}T09:{10 + k:02d}:00Z")
                    a["title"] = sc.title
                    if k == 0:
                        a["reflection"] = {"differently": "Ask before pitching.", "buyer_needed": "A reason to act now."}
                    atts.append(a)
            p = Path(tmp) / f"rep{r:02d}.json"
            p.write_text(json.dumps(share_doc(f"Rep {r:02d}", ["North", "South"][r % 2], atts)), encoding="utf-8")
            paths.append(p)
        n_attempts = sum(len(json.loads(p.read_text())["attempts"]) for p in paths)
        size = sum(p.stat().st_size for p in paths) / 1048576
        print(f"== coaching: {REPS} reps x {len(scenarios)} scenarios x {ATTEMPTS} attempts = {n_attempts} attempts, "
              f"{size:.1f} MB in {REPS} files ({time.perf_counter() - t:.1f} s to play and write) ==")

        t = time.perf_counter()
        for p in paths:
            json.loads(p.read_bytes())
        base = time.perf_counter() - t

        t = time.perf_counter()
        if PROFILE:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.enable()
        team = team_from_paths(paths, scenarios)
        t_team = time.perf_counter() - t
        if PROFILE:
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        t = time.perf_counter()
        ins = insight(team)
        t_ins = time.perf_counter() - t
        t = time.perf_counter()
        page = to_html(ins, files=len(paths))
        text = to_csv(ins)
        t_out = time.perf_counter() - t
        total = t_team + t_ins + t_out
        counts = team.board.counts()
        print(f"baseline json.loads of the same files: {base * 1000:.0f} ms")
        print(f"read + validate + merge + verify by replay: {t_team:.2f} s ({team.verifier.replays} replays; "
              f"{counts[lb.VERIFIED]} verified, {counts[lb.FAILED]} failed)")
        print(f"insight (heatmap, trends, item analysis over {len(ins.items)} decisions): {t_ins * 1000:.0f} ms")
        print(f"HTML ({len(page) / 1024:.0f} KB) + CSV ({len(text) / 1024:.0f} KB): {t_out * 1000:.0f} ms")
        print(f"team report total: {total:.2f} s (target < 3 s) = {total / base:.0f} x the json.loads baseline")


if __name__ == "__main__":
    main()
