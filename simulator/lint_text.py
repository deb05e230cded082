"""Text pitfalls: mistakes YAML accepts silently, found in the source text, each a located warning with a fix.

* ``text-looks-like-key``: a line inside a block text (``|`` or ``>``) that reads like one of the format's
  keys (``goto:``, ``effects:`` ...). Usually an indentation slip that turned a key into spoken words.
* ``broken-word``: a word hyphenated at the end of a folded line (``imple-`` / ``mentation``): folding
  turns the line break into a space, so the rep reads "imple- mentation".
* ``id-file-name``: the scenario's id differs from its file name.

These need only the source, so ``validate`` reports them even for a file that has errors.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from simulator.errors import Diagnostic

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader

FORMAT_KEYS = ("effects", "goto", "evidence", "choices", "next", "diagnose", "lines", "text", "who", "mood", "note",
               "points", "if", "chance", "options", "prompt", "id", "set", "title", "outcome", "value", "order")
_KEY_LINE = re.compile(r"^(\s*)(-\s+)?(" + "|".join(FORMAT_KEYS) + r"):(\s|$)")
_BROKEN = re.compile(r"([A-Za-z]{2,})-$")
_NEXT_WORD = re.compile(r"^\s*([a-z]{2,})")


def _warn(display: str, line: int, col: int, message: str, code: str) -> Diagnostic:
    return Diagnostic(display, line, col, "warning", message, code)


def text_warnings(source: str, display: str, *, path: Path | None = None, scenario_id: str | None = None) -> list[Diagnostic]:
    """Every text pitfall in ``source``. Never raises: a file YAML cannot read gives none."""
    out: list[Diagnostic] = []
    lines = source.split("\n")
    try:
        events = list(yaml.parse(source, Loader=_Loader))
    except (yaml.YAMLError, RecursionError, ValueError):
        events = []
    for ev in events:
        if not isinstance(ev, yaml.ScalarEvent):
            continue
        start, end = ev.start_mark, ev.end_mark
        # the value's last line: a block text's end mark sits where the next token starts
        ends_inside = end.line < len(lines) and lines[end.line][: end.column].strip() != ""
        last = end.line if ends_inside else end.line - 1
        if ev.style in ("|", ">"):
            # the block's own lines: after the indicator line, up to its last line
            for i in range(start.line + 1, min(last + 1, len(lines))):
                m = _KEY_LINE.match(lines[i])
                if m:
                    key = m.group(3)
                    out.append(_warn(display, i + 1, len(m.group(1)) + 1,
                                     f"this line inside a block text reads like the key '{key}:'; if it is meant as a key, "
                                     "indent it like the keys above the text (a block text runs until the indentation "
                                     "drops); if it is meant as words, reword it", "text-looks-like-key"))
        if ev.style in (">", None, "'", '"') and end.line > start.line:
            # folded: a line break inside the value becomes a space
            first = start.line + (1 if ev.style == ">" else 0)
            for i in range(first, min(last, len(lines) - 1)):
                here = lines[i].rstrip()
                m = _BROKEN.search(here)
                n = _NEXT_WORD.match(lines[i + 1])
                if m and n and ev.style != "|":
                    out.append(_warn(display, i + 1, len(here),
                                     f"'{m.group(1)}-' at the end of a folded line is joined to '{n.group(1)}' with a space "
                                     f"('{m.group(1)}- {n.group(1)}'); write the word whole on one line", "broken-word"))
    if path is not None and scenario_id and path.suffix in (".yaml", ".yml") and path.stem != scenario_id:
        line, col = _id_position(events)
        out.append(_warn(display, line, col, f"the id '{scenario_id}' differs from the file name '{path.name}'; "
                         f"rename the file to '{scenario_id}{path.suffix}' (or change the id) so both say the same",
                         "id-file-name"))
    return out


def _id_position(events) -> tuple[int, int]:
    """Where the top-level ``id`` value is (1, 1 when not found)."""
    depth = 0
    expect_key = False
    key_is_id = False
    for ev in events:
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if depth == 1 and key_is_id:
                return ev.start_mark.line + 1, ev.start_mark.column + 1
            depth += 1
            expect_key = isinstance(ev, yaml.MappingStartEvent) and depth == 1
            key_is_id = False
            continue
        if isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
            expect_key = depth == 1
            continue
        if isinstance(ev, yaml.ScalarEvent) and depth == 1:
            if expect_key:
                key_is_id = ev.value == "id"
                expect_key = False
            else:
                if key_is_id:
                    return ev.start_mark.line + 1, ev.start_mark.column + 1
                expect_key = True
                key_is_id = False
    return 1, 1
