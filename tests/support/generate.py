"""Generated scenarios for property tests and benchmarks (plain YAML text)."""

from __future__ import annotations

import random

ENDING_IDS = ["e-won", "e-adv", "e-stall", "e-lost"]
ENDINGS = [  # the YAML of the four endings every generated scenario has (one per outcome)
    "endings:",
    "  e-won: {title: Won, outcome: won}",
    "  e-adv: {title: Advanced, outcome: advanced}",
    "  e-stall: {title: Stalled, outcome: stalled}",
    "  e-lost: {title: Lost, outcome: lost}",
]

def generated_scenario(nodes: int = 30, seed: int = 0, variables: int = 3, branching: int = 3, chance: bool = True) -> str:
    """A layered scenario of ``nodes`` decision/route nodes with ``variables`` bounded numbers.

    Every node routes forward (no cycles), so every run ends. Numbers move in steps of 10 in 0..50
    to keep the reachable state graph realistic.
    """
    rnd = random.Random(seed)
    comps = ["insight", "discovery", "tailoring", "control"]
    var_names = [f"v{i}" for i in range(variables)]
    lines = [
        "format: 1",
        f"id: gen-{nodes}-{seed}",
        "title: Generated",
        "people:",
        "  buyer: {name: Buyer}",
        "state:",
    ]
    for v in var_names:
        lines.append(f"  {v}: {{start: 20, min: 0, max: 50}}")
    lines.append("start: n0")
    lines.append("nodes:")
    endings = ENDING_IDS

    def target(i: int) -> str:
        hi = min(nodes - 1, i + rnd.randint(1, 6))
        if i + 1 >= nodes or rnd.random() < 0.08:
            return rnd.choice(endings)
        return f"n{rnd.randint(i + 1, hi)}"

    for i in range(nodes):
        lines.append(f"  n{i}:")
        lines.append("    who: buyer")
        lines.append(f"    text: Node {i} says something about the business and its numbers.")
        kind = rnd.random()
        if kind < 0.2 and i > 0:
            lines.append("    next:")
            v = rnd.choice(var_names)
            lines.append(f"      - if: {v} >= 30")
            lines.append(f"        goto: {target(i)}")
            if chance:
                lines.append(f"      - chance: 0.{rnd.randint(2, 8)}")
                lines.append(f"        goto: {target(i)}")
            lines.append(f"      - goto: {target(i)}")
        elif kind < 0.27:
            lines.append("    diagnose:")
            lines.append("      prompt: What is going on?")
            lines.append("      options:")
            for k in range(2):
                lines.append(f"        - {{id: d{i}-{k}, text: Option {k}, points: {{insight: {k * 2}}}}}")
            lines.append(f"    goto: {target(i)}")
        else:
            lines.append("    choices:")
            for k in range(branching):
                lines.append(f"      - id: c{i}-{k}")
                lines.append(f"        text: Choice {k} at node {i}.")
                v = rnd.choice(var_names)
                if k == branching - 1 and rnd.random() < 0.3:
                    lines.append(f"        if: {v} >= 20")
                lines.append(f"        effects: {{{v}: {rnd.choice([-10, 10, 10])}}}")
                c = rnd.choice(comps)
                if rnd.random() < 0.3:
                    lines.append("        evidence:")
                    lines.append(f"          - if: {v} < 30")
                    lines.append(f"            points: {{{c}: {rnd.randint(-2, 3)}}}")
                    lines.append(f"          - points: {{{c}: {rnd.randint(-2, 3)}}}")
                else:
                    lines.append(f"        evidence: {{{c}: {rnd.randint(-2, 3)}}}")
                lines.append(f"        goto: {target(i)}")
    lines.extend(ENDINGS)
    return "\n".join(lines) + "\n"
