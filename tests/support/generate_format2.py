"""Generated format 2 scenarios (hidden situations, cues in text variants, silent chance) for property
tests and benchmarks (plain YAML text)."""

from __future__ import annotations

import random

from tests.support.generate import ENDING_IDS, ENDINGS


def generated_format2(nodes: int = 30, seed: int = 0, situations: int = 3, branching: int = 3,
                      variables: int = 1, cue_share: float = 0.3) -> str:
    """A layered format 2 scenario: a hidden text variable ``sit`` set by ``situations`` situations;
    some nodes show a text variant that depends on it (a cue), some evidence and silent routes depend
    on it, some silent routes are chance. Every node routes forward, so every run ends."""
    rnd = random.Random(seed)
    comps = ["insight", "discovery", "tailoring", "control"]
    sits = [f"s{k}" for k in range(situations)]
    nums = [f"v{i}" for i in range(variables)]
    out = [
        "format: 2",
        f"id: gen2-{nodes}-{seed}",
        "title: Generated format 2",
        "people:",
        "  buyer: {name: Buyer}",
        "state:",
        f"  sit: {{start: {sits[0]}, values: [{', '.join(sits)}]}}",
    ]
    for v in nums:
        out.append(f"  {v}: {{start: 20, min: 0, max: 40}}")
    out.append("situations:")
    for k, s in enumerate(sits):
        out.append(f"  - id: {s}")
        out.append(f"    title: Situation {k}")
        out.append(f"    weight: {rnd.randint(1, 3)}")
        out.append(f"    set: {{sit: {s}}}")
    out.append("start: n0")
    out.append("nodes:")
    endings = ENDING_IDS

    def target(i: int) -> str:
        if i + 1 >= nodes or rnd.random() < 0.06:
            return rnd.choice(endings)
        return f"n{rnd.randint(i + 1, min(nodes - 1, i + 5))}"

    for i in range(nodes):
        out.append(f"  n{i}:")
        kind = rnd.random()
        if kind < 0.2 and i > 0:  # a silent route: on the situation, or by chance
            out.append("    next:")
            if rnd.random() < 0.5:
                out.append(f"      - if: sit == \"{rnd.choice(sits)}\"")
            else:
                out.append(f"      - chance: 0.{rnd.randint(2, 8)}")
            out.append(f"        goto: {target(i)}")
            out.append(f"      - goto: {target(i)}")
            continue
        out.append("    who: buyer")
        if rnd.random() < cue_share:
            s = rnd.choice(sits)
            out.append("    text:")
            out.append(f"      - if: sit == \"{s}\"")
            out.append(f"        text: Node {i} hints at {s}.")
            out.append(f"      - text: Node {i} says something.")
        else:
            out.append(f"    text: Node {i} says something.")
        out.append("    order: authored")
        out.append("    choices:")
        for k in range(branching):
            out.append(f"      - id: c{i}-{k}")
            out.append(f"        text: Choice {k} at node {i}.")
            if nums:
                v = rnd.choice(nums)
                out.append(f"        effects: {{{v}: {rnd.choice([-10, 10, 10])}}}")
            c = rnd.choice(comps)
            if rnd.random() < 0.4:
                out.append("        evidence:")
                out.append(f"          - if: sit == \"{rnd.choice(sits)}\"")
                out.append(f"            points: {{{c}: {rnd.randint(-1, 3)}}}")
                out.append(f"          - points: {{{c}: {rnd.randint(-1, 3)}}}")
            else:
                out.append(f"        evidence: {{{c}: {rnd.randint(-1, 3)}}}")
            out.append(f"        goto: {target(i)}")
    out.extend(ENDINGS)
    return "\n".join(out) + "\n"
