"""Validation benchmark (issue 2): loading and linting (without the search) a generated
scenario of 4,000 nodes, about 1.1 MB, against a bare ``yaml.load(text, Loader=yaml.CSafeLoader)``
of the same text, side by side in one run. Target: at most 3x."""

from __future__ import annotations

import gc
import random
import tempfile
import time
from pathlib import Path

import yaml

from simulator import lint, loader

NODES = 4_000
REPEATS = 7
TARGET = 3.0


def generate(nodes: int = NODES, seed: int = 1) -> str:
    """A realistic-looking scenario: block style, prose, choices with ids, effects, evidence, conditions."""
    rnd = random.Random(seed)
    words = ("budget pilot quarter team buyer value risk renewal price review data cost delay "
             "process forecast manager coaching insight pipeline contract").split()

    def prose(n: int) -> str:
        return " ".join(rnd.choice(words) for _ in range(n)).capitalize() + "."

    out = [
        "format: 1", "id: bench-validate", "title: Generated benchmark", "version: 1", "author: Bench",
        "difficulty: advanced", "minutes: 30", "tags: [bench, generated]", "summary: " + prose(12),
        "briefing: |", "  " + prose(30), "  " + prose(30), "",
        "people:", "  dana:", "    name: Dana Ortiz", "    role: VP Sales", "  lee:", "    name: Lee Park", "",
        "state:", "  trust: 35", "  urgency: {start: 60, min: 0, max: 100, label: Urgency, show: true}",
        "  pitched: false", "  stage: {start: intro, values: [intro, discovery, commit]}", "",
        "start: n0", "", "nodes:",
    ]
    endings = ["won", "advanced", "stalled", "lost"]
    for i in range(nodes):
        nxt = [f"n{j}" for j in range(i + 1, min(i + 4, nodes))] or ["won"]
        out += [f"  n{i}:", f"    who: {rnd.choice(['dana', 'lee'])}", f"    text: {prose(rnd.randint(3, 6))}"]
        if i % 8 == 0:
            out.append(f"    mood: {rnd.choice(['neutral', 'skeptical', 'pleased'])}")
        kind = i % 4
        if kind != 0:
            out.append("    effects: {trust: 5}" if kind == 1 else "    next:")
            if kind == 1:
                out.append("    next:")
            out += [f"      - if: trust >= {rnd.randint(30, 70)} and not pitched", f"        goto: {nxt[0]}"]
            if kind == 3:
                out += [f"      - chance: 0.{rnd.randint(1, 9)}", f"        goto: {rnd.choice(endings)}"]
            out.append(f"      - goto: {nxt[-1]}")
            continue
        out.append("    choices:")
        for c in range(3 if i % 8 == 0 else 2):
            target = nxt[c % len(nxt)] if c < 2 else rnd.choice(endings + nxt)
            out += [f"      - id: n{i}-c{c}", f"        text: {prose(rnd.randint(3, 6))}"]
            if c == 1:
                out.append(f"        if: stage != \"commit\" or urgency > {rnd.randint(20, 80)}")
            out.append(f"        effects: {{trust: {rnd.randint(-5, 10)}, stage: {rnd.choice(['intro', 'discovery', 'commit'])}}}")
            if c == 2:
                out += ["        evidence:", f"          - if: trust < {rnd.randint(20, 60)}",
                        "            points: {insight: 1, tailoring: -1}", "          - points: {insight: 2, control: 1}"]
            else:
                out.append(f"        evidence: {{discovery: {rnd.randint(-1, 3)}, control: {rnd.randint(-2, 2)}}}")
            out.append(f"        goto: {target}")
    out += ["", "endings:"]
    for e, v in zip(endings, (100, 60, 30, 0)):
        out += [f"  {e}:", f"    title: {e.capitalize()}", f"    text: {prose(10)}", f"    outcome: {e if e != 'won' else 'won'}", f"    value: {v}"]
    return "\n".join(out) + "\n"


def best_of(fn, repeats: int = REPEATS) -> float:
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def measure() -> dict:
    text = generate()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench-validate.yaml"
        path.write_text(text, encoding="utf-8")
        scenario, diagnostics = loader.load(path)
        assert scenario is not None, diagnostics[:5]
        assert len(scenario.nodes) == NODES

        def validate():
            sc, _ = loader.load(path)
            lint.lint(sc, with_search=False)

        def bare():
            yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

        # interleave so both see the same machine state
        ours, base = float("inf"), float("inf")
        for _ in range(REPEATS):
            ours = min(ours, best_of(validate, 1))
            base = min(base, best_of(bare, 1))
        warnings = lint.lint(scenario, with_search=False)
    return {"bytes": len(text.encode("utf-8")), "nodes": NODES, "validate": ours, "yaml": base,
            "ratio": ours / base, "warnings": len(warnings)}


def main() -> None:
    r = measure()
    print(f"   generated scenario: {r['nodes']:,} nodes, {r['bytes'] / 1e6:.2f} MB, {r['warnings']} graph warnings")
    print(f"   yaml.load (CSafeLoader):          {r['yaml'] * 1000:8.1f} ms  (best of {REPEATS})")
    print(f"   loader.load + lint (no search):   {r['validate'] * 1000:8.1f} ms  (best of {REPEATS})")
    verdict = "ok" if r["ratio"] <= TARGET else "OVER TARGET"
    print(f"   ratio: {r['ratio']:.2f}x  (target <= {TARGET:.0f}x: {verdict})")


if __name__ == "__main__":
    main()
