"""Where the cursor is in a scenario being typed: which mapping it is in and whether a key or a value is
being written. Read from indentation and flow brackets only, so it works while the YAML is half-written
(when the parser would give up).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY_LINE = re.compile(r"^(-\s+)*([A-Za-z0-9_][A-Za-z0-9_-]*|\"[^\"]*\"|'[^']*')\s*:(\s+(.*))?$")
_BLOCK = re.compile(r"^[|>][-+0-9]*\s*(#.*)?$")
_KEY_BEFORE = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_-]*)\s*:\s*$")
PREFIX = re.compile(r"[A-Za-z0-9_-]*$")

# model -> key -> (shape, what): how the format nests (the pydantic models in simulator.model)
FIELDS: dict[str, dict[str, tuple[str, str | None]]] = {
    "ScenarioModel": {"people": ("ids", "Person"), "state": ("ids", "StateVar"), "nodes": ("ids", "NodeModel"),
                      "endings": ("ids", "Ending"), "competencies": ("ids", "Competency"),
                      "scoring": ("model", "Scoring"), "situations": ("list", "Situation"), "tags": ("list", None)},
    "NodeModel": {"lines": ("list", "Line"), "choices": ("list", "Choice"), "next": ("list", "Route"),
                  "diagnose": ("model", "Diagnose"), "text": ("list", "TextVariant"), "effects": ("vars", None)},
    "Line": {"text": ("list", "TextVariant")},
    "Ending": {"text": ("list", "TextVariant")},
    "Choice": {"effects": ("vars", None), "evidence": ("evidence", None)},
    "EvidenceRule": {"points": ("comps", None)},
    "Diagnose": {"options": ("list", "DiagnoseOption")},
    "DiagnoseOption": {"points": ("comps", None)},
    "Scoring": {"weights": ("weights", None)},
    "Situation": {"set": ("vars", None)},
    "StateVar": {"values": ("list", None)},
}


@dataclass(frozen=True)
class Context:
    path: tuple[str, ...]  # keys from the top; "[]" for a list item
    mode: str  # "key": a key is being written; "value": the value of ``key``; "text": inside a block text
    key: str | None  # the key whose value is being written
    prefix: str  # the word before the cursor
    before: str  # the value written so far (for expressions)
    where: tuple[str, str | None]  # the mapping the cursor is in: (shape, model), see ``shape_at``


def shape_at(path: tuple[str, ...]) -> tuple[str, str | None]:
    """What the mapping at ``path`` holds: ("model", name) | ("ids", name) | ("list", name) | ("vars"|"comps"|
    "weights"|"evidence", None) | ("var", name) | ("free", None)."""
    state: tuple[str, str | None] = ("model", "ScenarioModel")
    for elem in path:
        shape, what = state
        if shape == "model":
            state = FIELDS.get(what or "", {}).get(elem, ("free", None))
        elif shape == "ids":
            state = ("model", what)
        elif shape == "list":
            state = ("model", what) if elem == "[]" and what else ("free", None)
        elif shape == "evidence":
            state = ("model", "EvidenceRule") if elem == "[]" else ("free", None)
        elif shape == "vars":
            state = ("var", elem)
        elif shape == "var":
            state = ("model", "SetNumber") if elem != "[]" else ("free", None)
        else:
            state = ("free", None)
    return state


def _indent(s: str) -> int:
    return len(s) - len(s.lstrip(" "))


def _strip_comment(s: str) -> str:
    # a '#' after a space starts a comment (outside quotes; good enough for keys)
    m = re.search(r"(^|\s)#", s)
    return s[: m.start()].rstrip() if m else s.rstrip()


def context_at(lines: list[str], line: int, col: int) -> Context:
    cur = lines[line][:col] if 0 <= line < len(lines) else ""
    prefix = PREFIX.search(cur).group()
    stripped = cur.lstrip(" ")
    indent = len(cur) - len(stripped)
    line_indent = indent
    own: list[str] = []
    while stripped.startswith("- ") or stripped == "-":
        own.append("[]")
        indent += 2
        stripped = stripped[2:].lstrip(" ") if len(stripped) > 1 else ""
        indent = len(cur) - len(stripped)
    # parents: lines above with less indentation
    parents: list[str] = []
    limit = line_indent if own else indent
    for k in range(line - 1, -1, -1):
        text = _strip_comment(lines[k])
        if not text.strip():
            continue
        ind = _indent(text)
        body = text.strip()
        if ind >= limit:
            continue
        if body.startswith("-"):
            # a list item that holds the cursor's line; a key on the dash line is a sibling, not a parent
            dashes = 0
            rest = body
            while rest.startswith("- ") or rest == "-":
                dashes += 1
                rest = rest[2:].lstrip(" ") if len(rest) > 1 else ""
            item_key_col = len(text) - len(rest)
            m = _KEY_LINE.match(rest)
            if m and item_key_col < limit:  # the cursor is below the key written on the dash line
                value = (m.group(4) or "").strip()
                if value and _BLOCK.match(value):
                    return Context(tuple(), "text", None, prefix, "", ("free", None))
                if not value:
                    parents.append(_unquote(m.group(2)))
            parents.extend(["[]"] * dashes)
            limit = ind
            if ind == 0:
                break
            continue
        m = _KEY_LINE.match(body)
        if m is None:
            limit = ind
            continue
        value = (m.group(4) or "").strip()
        if value and _BLOCK.match(value):
            return Context(tuple(), "text", None, prefix, "", ("free", None))
        if value and not value.startswith(("&", "!")):
            limit = ind  # a scalar key above: a continuation line of its value
            continue
        parents.append(_unquote(m.group(2)))
        limit = ind
        if ind == 0:
            break
    path = tuple(reversed(parents)) + tuple(own)
    # flow brackets on the cursor's line: {key: {key: ...}} and [a, b]
    flow: list[str] = []
    seg_start = 0
    depth_stack: list[tuple[str, int]] = []
    body = stripped
    for i, ch in enumerate(body):
        if ch in "{[":
            m = _KEY_BEFORE.search(body[seg_start:i])
            depth_stack.append((ch, len(flow)))
            if m:
                flow.append(m.group(1))
            if ch == "[":
                flow.append("[]")
            seg_start = i + 1
        elif ch in "}]" and depth_stack:
            _, n = depth_stack.pop()
            del flow[n:]
            seg_start = i + 1
        elif ch == "," and depth_stack:
            seg_start = i + 1
    segment = body[seg_start:]
    if not depth_stack:
        segment = body
    path = path + tuple(flow)
    m = re.match(r"^\s*([A-Za-z0-9_][A-Za-z0-9_-]*|\"[^\"]*\"|'[^']*')\s*:\s*(.*)$", segment)
    if m:
        key = _unquote(m.group(1))
        return Context(path, "value", key, prefix, m.group(2), shape_at(path))
    if depth_stack and depth_stack[-1][0] == "[":
        return Context(path, "item", None, prefix, segment.strip(), shape_at(path))
    return Context(path, "key", None, prefix, segment.strip(), shape_at(path))


def _unquote(s: str) -> str:
    return s[1:-1] if len(s) >= 2 and s[0] == s[-1] and s[0] in "'\"" else s
