"""``simulator new``: a commented starter scenario that validates without warnings."""

from __future__ import annotations

import os
import re
from pathlib import Path

from simulator.errors import OverwriteError, UsageError

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_ID_LENGTH = 64

TEMPLATE = """\
# A new scenario, format 2. Check it after every edit with:
#     simulator validate {filename}
# The full guide is docs/authoring.md; every key is described there.
format: 2
id: {id}                           # slug: lowercase letters, digits, '-'; same as the file name
title: {title}
version: 1                         # raise it when you change the content
author: Your name
language: en
difficulty: intro                  # intro | intermediate | advanced
minutes: 5                         # estimated play time
tags: [discovery]
summary: A first call with an operations lead who asked for a price list.
briefing: |
  **Account:** Example Logistics, 80 staff.
  Sam asked for your price list. Your goal: find out what the delay in
  their order handling costs, and leave with a next step Sam owns.

people:
  sam:
    name: Sam Lee
    role: Head of Operations
    company: Example Logistics
    style: mobilizer               # free text; mobilizer | talker | blocker are common
    # avatar: avatars/sam.svg      # an SVG relative to this file (optional)
    about: Practical, busy, allergic to sales talk.

state:
  trust: 40                        # a number 0..100 that starts at 40
  need: {{start: unclear, values: [unclear, explicit], label: Need expressed}}
  pressure: {{start: rush, values: [rush, comparing]}}   # set by the situation drawn below

situations:                        # one is drawn at the start of every attempt and never shown
  - id: rush-costs                 # during play: the rep has to read it from what Sam says
    title: Late orders cost Sam a rush shipment every week   # named in the debrief
    weight: 1                      # drawn with probability weight / sum of weights
    set: {{pressure: rush}}
  - id: comparing-vendors
    title: Sam is comparing three vendors this week
    weight: 1
    set: {{pressure: comparing, trust: 30}}   # start values in this situation

start: opening

nodes:
  opening:                         # a node says something, then offers choices,
    who: sam                       # follows routes (next) or asks a diagnose question
    mood: skeptical
    text:                          # the first variant whose if holds is said; the last has no if
      - if: pressure == "comparing"
        text: Just send me your price list. I have two other vendors to compare by Friday.
        mood: impatient            # a variant's mood replaces the node's
      - text: Just send me your price list. I have ten minutes, another rush order is waiting.
    # order: authored              # keep the written order of the choices (default: shuffled per attempt)
    choices:
      - id: ask-cost                          # stable ids keep results comparable
        text: Happy to. What does a delayed order cost you today?
        effects: {{trust: 10, need: explicit}}  # numbers add, texts and flags are set
        evidence:                             # what this move shows; the first rule that holds applies
          - if: pressure == "rush"
            points: {{discovery: 2}}
          - points: {{discovery: 1}}
            note: A fair question, but Sam is comparing prices; a new angle would have stood out.
        goto: impact
      - id: share-pattern
        text: Teams your size lose more to handovers than to software. Where do orders wait longest?
        effects: {{trust: 20}}
        evidence:
          - if: pressure == "comparing"
            points: {{insight: 2, tailoring: 1}}
          - points: {{insight: 1}}
        goto: impact
      - id: send-prices
        text: Sure, I'll email you our full price list, with the volume discounts, right after this call.
        effects: {{trust: -10}}
        evidence: {{control: -1, discovery: -1}}
        note: Sending prices first turns the call into a comparison of prices.
        goto: prices-first

  impact:
    who: sam
    text:
      - if: pressure == "comparing" and need == "explicit"
        text: Cost? I'm comparing prices, not costs.
        mood: annoyed
      - if: pressure == "comparing"
        text: Huh. I never looked at where our orders wait. That could be worth a look.
        mood: interested
      - text: Honestly? Every late order costs us a rush shipment, about 300 a time.
    effects: {{trust: 5}}
    next:                          # routes: the first that applies is taken
      - if: trust >= 55
        goto: read-the-room
      - goto: close                # the last route has no if/chance: a fallback

  prices-first:
    who: sam
    text: Thanks. Anything else before I go?
    next:
      - goto: close

  read-the-room:
    diagnose:                      # a private question to the rep
      prompt: What would make this call worth Sam's time?
      options:
        - id: cost-of-delay
          text: Seeing what the delays really cost, whatever the price.
          points: {{insight: 2}}
          note: The waiting orders are the business case.
        - id: lowest-price
          text: Getting the lowest price.
          points: {{insight: -1}}
    goto: close

  close:
    who: sam
    text: So what do you suggest?
    choices:
      - id: propose-review
        text: Let's review last month's late orders together on Thursday.
        if: need == "explicit" or trust >= 55   # offered only when true
        evidence:
          - if: need == "explicit"
            points: {{control: 2, tailoring: 1}}
          - points: {{control: 1}}
            note: A good step, but Sam has not said yet that the delay matters.
        goto: review-answer
      - id: involve-finance
        text: Who else pays for the rush shipments? Let's bring them in on Thursday.
        if: trust >= 60
        evidence: {{control: 1, discovery: 1}}
        goto: review-booked
      - id: offer-demo
        text: I can show you a demo next week and bring our implementation lead to answer every question.
        evidence: {{control: 1}}
        goto: demo-booked
      - id: send-prices-now
        text: I'll send the price list now.
        evidence: {{control: -2}}
        goto: prices-sent

  review-answer:
    who: sam
    text: Thursday... fine, if it's short.
    next:
      - if: trust < 50             # Sam does not trust you enough yet
        goto: demo-booked
      - goto: review-booked

  prices-sent:
    who: sam
    text: Thanks. I'll compare it with the others.
    next:
      - chance: 0.2                # luck: a seeded draw below 0.2
        goto: demo-booked
      - goto: lost

endings:
  review-booked:
    title: Review booked
    text: Sam books a working session to cost the late orders. Trust ended at {{trust}}.   # {{name}} inserts a value
    outcome: won                   # won | advanced | stalled | lost
    value: 100                     # outcome score 0..100
  demo-booked:
    title: Demo booked
    text: A demo is in the diary, but no one has agreed there is a problem.
    outcome: advanced
    value: 60
  lost:
    title: Lost on price
    text: Sam picked the cheapest list.
    outcome: lost
    value: 0

scoring:
  weights: {{insight: 2, discovery: 1, tailoring: 1, control: 1, judgment: 2, outcome: 1}}
  pass: 70                         # total at or above which the attempt passes
"""


def check_id(scenario_id: str) -> None:
    """Raise UsageError unless ``scenario_id`` is a valid scenario id (a slug of at most 64 characters)."""
    if not ID_PATTERN.match(scenario_id) or len(scenario_id) > MAX_ID_LENGTH:
        raise UsageError(
            f"'{scenario_id}' is not a valid scenario id; use lowercase letters, digits and '-', "
            f"starting with a letter or digit, at most {MAX_ID_LENGTH} characters (e.g. renewal-pricing)"
        )


def render(scenario_id: str) -> str:
    check_id(scenario_id)
    title = scenario_id.replace("-", " ").strip().capitalize() or scenario_id
    return TEMPLATE.format(id=_plain(scenario_id), title=_plain(title), filename=f"{scenario_id}.yaml")


def _plain(text: str) -> str:
    """``text`` as a YAML scalar that reads back as text (``no``, ``null`` or ``2024`` get quotes)."""
    from simulator.yamlread import read

    return text if isinstance(read(f"x: {text}").data["x"], str) else f'"{text}"'



def write_new(scenario_id: str, folder: str | os.PathLike = ".") -> Path:
    """Write ``<folder>/<id>.yaml`` from the template; never overwrite. Returns the path written."""
    text = render(scenario_id)
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"folder '{folder}' does not exist; create it first or pick another --dir")
    target = folder / f"{scenario_id}.yaml"
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except FileExistsError:
        raise OverwriteError(f"{target} already exists; it was not changed (pick another id or --dir)") from None
    return target
