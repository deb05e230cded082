"""What every key of the scenario format means, with an example: the one source for the JSON Schema's
``description`` and ``examples`` (``simulator schema``), the language server's completion and hover
(``simulator lsp``), and checked against docs/format.md's "Every key at a glance" table by a test.

``KEY_DOCS[model][key] = (description, example)``; ``model`` is the name of the pydantic model in
``simulator.model`` that holds the key. ``annotate(schema, draft)`` writes them into a generated schema.
"""

from __future__ import annotations

import copy
from typing import Any

IF_HELP = "an expression such as `trust >= 50 and not pitched` (see Expressions in docs/format.md)"

KEY_DOCS: dict[str, dict[str, tuple[str, Any]]] = {
    "ScenarioModel": {
        "format": ("Which version of the scenario format this file is written in: 1, or 2 for situations and "
                   "text that depends on the state.", 2),
        "id": ("The scenario's id: lowercase letters, digits and '-', at most 64 characters, unique in a library. "
               "Attempts and leaderboards refer to it; keep it equal to the file name.", "quick-fix-workshop"),
        "title": ("The title shown in the library.", "The Quick-Fix Workshop"),
        "version": ("The author's version number (a whole number from 1). Raise it when what the scenario says "
                    "or scores changes.", 3),
        "author": ("Who wrote the scenario.", "Field Enablement"),
        "summary": ("One or two sentences shown in the library.", "A VP of Sales wants a one-day workshop to fix a missed quarter."),
        "language": ("The language of the text, a BCP 47 tag (default en).", "en"),
        "difficulty": ("intro, intermediate (the default) or advanced.", "intermediate"),
        "minutes": ("Estimated play time in minutes.", 8),
        "tags": ("Words to find the scenario by.", ["reframe", "smb"]),
        "briefing": ("Markdown shown before the first node: the account, the goal.", "**Account:** Northwind Freight, 120 staff."),
        "people": ("The buyer and any other stakeholders: a map from a person id (used by `who:`) to the person.",
                   {"dana": {"name": "Dana Ortiz", "role": "VP Sales"}}),
        "state": ("The buyer's hidden or shown state: a map from a variable name (used in `if:` and `effects:`) "
                  "to a number, a flag or a text with fixed values.", {"trust": 35, "pitched": False}),
        "start": ("The id of the node the conversation starts at.", "opening"),
        "nodes": ("The moments of the conversation: a map from a node id to the node.",
                  {"opening": {"who": "dana", "text": "Can you send me a quote today?", "choices": []}}),
        "endings": ("How the conversation can end: a map from an ending id to the ending; at least one.",
                    {"lost-on-price": {"title": "Lost on price", "outcome": "lost"}}),
        "competencies": ("Custom competencies beside insight, discovery, tailoring and control: a map from an id "
                         "to {label, description}.", {"negotiation": {"label": "Negotiation"}}),
        "scoring": ("How the total is weighted, whether the rep rates their confidence, and the pass mark.",
                    {"pass": 70}),
        "situations": ("Format 2: hidden situations, one drawn at the start of every attempt; the rep has to read "
                       "it from what people say.", [{"id": "budget-frozen", "title": "The CFO froze spend", "set": {"budget": "frozen"}}]),
    },
    "Person": {
        "name": ("The person's full name (required).", "Dana Ortiz"),
        "role": ("Their job title.", "VP Sales"),
        "company": ("Their company.", "Northwind Freight"),
        "style": ("Buying style, free text; mobilizer, talker and blocker are common.", "mobilizer"),
        "avatar": ("An SVG portrait, a path relative to the scenario file inside its library folder "
                   "(`simulator avatar \"Dana Ortiz\" --out avatars/dana.svg` makes one).", "avatars/dana.svg"),
        "about": ("Background the rep can read before the conversation.", "Promoted from the field two years ago."),
    },
    "StateVar": {
        "start": ("The starting value: a number, a flag (true/false) or one of `values`.", 35),
        "min": ("The lowest value of a number (default 0); values are clamped after every effect.", 0),
        "max": ("The highest value of a number (default 100).", 100),
        "values": ("The values a text variable can take.", ["intro", "discovery", "commit"]),
        "label": ("The name shown to the rep and in the debrief.", "Trust"),
        "show": ("true: the rep sees it as a meter during play; false (default): revealed in the debrief.", True),
    },
    "TextVariant": {
        "if": (f"Format 2: this variant is shown when this holds; {IF_HELP}. The last variant has no `if`.", "trust < 40"),
        "text": ("The text of this variant (Markdown; `{name}` inserts a state variable).", "Send it over."),
        "mood": ("The speaker's mood for this variant, overriding the node's.", "skeptical"),
    },
    "Line": {
        "who": ("The id of the person speaking (one of `people`); omitted means narration.", "dana"),
        "text": ("What is said (Markdown), or in format 2 a list of variants [{if, text, mood}].", "We missed Q3 by eleven percent."),
        "mood": ("neutral, interested, skeptical, impatient, pleased or annoyed.", "impatient"),
        "if": (f"Format 2: the line is shown only when this holds; {IF_HELP}.", "visited(lost-deals)"),
    },
    "EvidenceRule": {
        "if": (f"The rule applies when this holds (on the state before the choice's effects); {IF_HELP}. "
               "The first rule that holds applies; a rule without `if` always holds.", "trust < 40"),
        "points": ("What the move shows in this context: a map competency → points.", {"insight": 3, "control": 1}),
        "note": ("Coach's note for this context, shown in the debrief; replaces the choice's note.",
                 "Right insight, but she does not trust you yet."),
    },
    "Choice": {
        "id": ("A stable id, unique in the scenario (lowercase letters, digits, '-'); results stay comparable "
               "across versions.", "ask-lost-deals"),
        "text": ("What the rep says (required).", "Before I scope it — what happened in the deals you lost?"),
        "if": (f"The choice is offered only when this holds; {IF_HELP}.", "stage == \"discovery\""),
        "effects": ("State changes when chosen: a number adds (negative subtracts), {set: N} sets; a flag or "
                    "text is set.", {"trust": 5, "stage": "discovery"}),
        "evidence": ("What the move shows: a map competency → points, or a list of rules [{if, points, note}].",
                     {"discovery": 2}),
        "note": ("Coach's note, shown in the debrief, never during play.", "Agreeing to the quick fix makes you a vendor of days."),
        "goto": ("The node or ending this choice leads to (required).", "lost-deals"),
    },
    "Route": {
        "if": (f"The route applies only when this holds; {IF_HELP}.", "trust >= 45"),
        "chance": ("Luck: the route applies with this probability (0 < p ≤ 1) once its `if` holds.", 0.3),
        "goto": ("The node or ending this route leads to (required).", "reflect"),
    },
    "DiagnoseOption": {
        "id": ("A stable id, unique in the scenario.", "no-insight"),
        "text": ("One possible answer (required).", "The reps sell on price because they bring buyers no new insight."),
        "points": ("What picking it shows: a map competency → points.", {"insight": 3}),
        "note": ("Coach's note, shown in the debrief.", "Commoditisation is a symptom of selling without insight."),
    },
    "Diagnose": {
        "prompt": ("The private question to the rep (required).", "What is really behind the missed quarter?"),
        "options": ("The possible answers (at least one).", [{"text": "The reps need better product knowledge.", "points": {"insight": 0}}]),
    },
    "NodeModel": {
        "who": ("The id of the person speaking (one of `people`); omitted means narration.", "dana"),
        "text": ("What is said (Markdown), or in format 2 a list of variants [{if, text, mood}].", "Mostly price."),
        "mood": ("neutral, interested, skeptical, impatient, pleased or annoyed.", "skeptical"),
        "lines": ("Several speakers instead of who/text/mood: a list of {who, text, mood, if}.",
                  [{"who": "dana", "text": "Mostly price."}]),
        "effects": ("State changes on entering the node (before its lines are shown).", {"trust": 5}),
        "choices": ("The rep picks one of these options; a node has exactly one of choices, next or diagnose.",
                    [{"id": "ask", "text": "What happened?", "goto": "lost-deals"}]),
        "next": ("Routes: the buyer's reaction. The first route that applies is taken; end with one that has only goto.",
                 [{"if": "trust >= 45", "goto": "reflect"}, {"goto": "quote-sent"}]),
        "diagnose": ("A private question to the rep about what is going on: {prompt, options}; goes with `goto`.",
                     {"prompt": "What is really going on?", "options": [{"text": "Price."}]}),
        "goto": ("Where a diagnose node goes next (choices and routes carry their own goto).", "close"),
        "order": ("Format 2: `authored` keeps the written order of the options; default `shuffled` per attempt.", "authored"),
    },
    "Ending": {
        "title": ("The ending's title (required).", "Coaching pilot agreed"),
        "text": ("What happened (Markdown), or in format 2 a list of variants.", "Dana books a 90-day pilot."),
        "outcome": ("won, advanced, stalled or lost (required).", "won"),
        "value": ("The outcome score 0..100 (defaults: won 100, advanced 60, stalled 30, lost 0).", 100),
    },
    "Situation": {
        "id": ("The situation's id (lowercase letters, digits, '-'), unique among situations.", "budget-frozen"),
        "title": ("What is going on, shown in the debrief only.", "The CFO froze discretionary spend last week"),
        "weight": ("How often it is drawn: probability weight / sum of weights (default 1).", 2),
        "set": ("Start values for this situation: a map variable → value.", {"budget": "frozen", "urgency": 30}),
    },
    "Competency": {
        "label": ("The competency's shown name (required).", "Negotiation"),
        "description": ("What it measures.", "Trades concessions for commitments."),
    },
    "Scoring": {
        "weights": ("How the total is weighted: a map component → weight; 0 leaves one out. Default insight 2, "
                    "discovery 1, tailoring 1, control 1, judgment 2, outcome 1.", {"insight": 2, "judgment": 2}),
        "ask_confidence": ("true: after each choice the rep says how sure they are (calibration).", False),
        "pass": ("The total (0..100) at or above which an attempt passes (default 70).", 70),
    },
    "SetNumber": {
        "set": ("Set a number to this value instead of adding to it.", 50),
    },
}

DRAFTS = ("07", "2020-12")
_DRAFT_URI = {"07": "http://json-schema.org/draft-07/schema#", "2020-12": "https://json-schema.org/draft/2020-12/schema"}


def annotate(schema: dict, draft: str = "07") -> dict:
    """A copy of a pydantic-generated schema with every key's description and example, in ``draft``."""
    if draft not in DRAFTS:
        raise ValueError(f"unknown JSON Schema draft {draft!r}; use 07 or 2020-12")
    out = copy.deepcopy(schema)
    defs = out.get("$defs", {})
    for name, props_doc in KEY_DOCS.items():
        target = out if name == "ScenarioModel" else defs.get(name)
        if target is None:
            continue
        for key, prop in target.get("properties", {}).items():
            prop.pop("title", None)  # "Goto", "If": noise beside the description
            doc = props_doc.get(key)
            if doc is not None:
                prop["description"] = doc[0]
                prop["examples"] = [doc[1]]
    if draft == "07":
        out["$schema"] = _DRAFT_URI["07"]
        if "$defs" in out:
            out["definitions"] = out.pop("$defs")
        out = _rewrite_refs(out, "#/$defs/", "#/definitions/")
        out = _lone_refs(out)
    else:
        out["$schema"] = _DRAFT_URI["2020-12"]
    return out


def _rewrite_refs(value: Any, old: str, new: str) -> Any:
    if isinstance(value, dict):
        return {k: (v.replace(old, new, 1) if k == "$ref" and isinstance(v, str) else _rewrite_refs(v, old, new)) for k, v in value.items()}
    if isinstance(value, list):
        return [_rewrite_refs(v, old, new) for v in value]
    return value


def _lone_refs(value: Any) -> Any:
    """Draft-07 ignores every keyword beside a ``$ref``: move the ref into an ``allOf`` so the description,
    example and default next to it count."""
    if isinstance(value, dict):
        out = {k: _lone_refs(v) for k, v in value.items()}
        if "$ref" in out and len(out) > 1:
            out["allOf"] = [{"$ref": out.pop("$ref")}]
        return out
    if isinstance(value, list):
        return [_lone_refs(v) for v in value]
    return value


def key_doc(model: str, key: str) -> tuple[str, Any] | None:
    """(description, example) of ``key`` in ``model``, or None."""
    return KEY_DOCS.get(model, {}).get(key)
