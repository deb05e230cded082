"""What the language server knows about one scenario text: where every node, ending, person, variable and
competency is defined, every place an id is referred to, and what the cursor is on. Pure: text in, data out
(0-based lines and columns, as LSP counts them; ``simulator.yamlread`` marks are 1-based).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from simulator.yamlread import Document, YamlLimit, read

ID_TOKEN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")
VISITED = re.compile(r"visited\(\s*([A-Za-z0-9_][A-Za-z0-9_-]*)\s*\)")
NAME_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
REF_KEYS = ("goto", "start")


@dataclass(frozen=True)
class Span:
    line: int  # 0-based
    start: int  # 0-based column
    end: int

    def holds(self, line: int, col: int) -> bool:
        return self.line == line and self.start <= col <= self.end


@dataclass
class Definition:
    kind: str  # node | ending | person | variable | competency
    id: str
    span: Span  # the key's span
    end_line: int  # last line of its block (for the outline)
    data: Any


@dataclass
class Reference:
    kind: str  # goto | start | visited | who
    target: str
    span: Span


@dataclass
class Index:
    text: str
    lines: list[str]
    doc: Document | None
    defs: dict[tuple[str, str], Definition] = field(default_factory=dict)
    refs: list[Reference] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.doc is not None

    def ids(self, kind: str) -> list[str]:
        return [i for (k, i) in self.defs if k == kind]

    def get(self, kind: str, ident: str) -> Definition | None:
        return self.defs.get((kind, ident))

    def target(self, ident: str) -> Definition | None:
        """The node or ending ``ident`` (goto targets share one namespace)."""
        return self.defs.get(("node", ident)) or self.defs.get(("ending", ident))

    def reference_at(self, line: int, col: int) -> Reference | None:
        return next((r for r in self.refs if r.span.holds(line, col)), None)

    def definition_at(self, line: int, col: int) -> Definition | None:
        return next((d for d in self.defs.values() if d.span.holds(line, col)), None)

    def word_at(self, line: int, col: int, pattern: re.Pattern = ID_TOKEN) -> tuple[str, Span] | None:
        if not 0 <= line < len(self.lines):
            return None
        for m in pattern.finditer(self.lines[line]):
            if m.start() <= col <= m.end():
                return m.group(), Span(line, m.start(), m.end())
        return None


def build(text: str) -> Index:
    """The index of ``text``; when the YAML does not read, an index with no definitions (``ok`` is False)."""
    lines = text.split("\n")
    try:
        doc = read(text)
    except YamlLimit:
        return Index(text, lines, None)
    if not isinstance(doc.data, dict):
        return Index(text, lines, None)
    idx = Index(text, lines, doc)
    data = doc.data
    sections = {"nodes": "node", "endings": "ending", "people": "person", "state": "variable", "competencies": "competency"}
    for section, kind in sections.items():
        block = data.get(section)
        if not isinstance(block, dict):
            continue
        keys = list(block)
        section_end = _block_end(idx, (section,))
        for k, key in enumerate(keys):
            span = _key_span(idx, (section, key), key)
            if span is None:
                continue
            nxt = _key_span(idx, (section, keys[k + 1]), keys[k + 1]) if k + 1 < len(keys) else None
            end = (nxt.line - 1) if nxt is not None else section_end
            idx.defs[(kind, key)] = Definition(kind, key, span, max(end, span.line), block[key])
    _collect_refs(idx, data, ())
    return idx


def _block_end(idx: Index, path: tuple) -> int:
    """The last non-blank line before the next top-level key after ``path``'s key (or the end of the file)."""
    doc = idx.doc
    start = doc.key_at(path).line - 1
    tops = sorted(doc.positions[(k,)][0].line - 1 for k in doc.data if (k,) in doc.positions and doc.positions[(k,)][0])
    later = [t for t in tops if t > start]
    end = (later[0] - 1) if later else len(idx.lines) - 1
    while end > start and not idx.lines[end].strip():
        end -= 1
    return end


def _key_span(idx: Index, path: tuple, key: str) -> Span | None:
    hit = idx.doc.positions.get(path)
    if hit is None or hit[0] is None:
        return None
    mark = hit[0]
    return _scalar_span(idx, mark.line - 1, mark.column - 1, key)


def _scalar_span(idx: Index, line: int, col: int, value: str) -> Span | None:
    """The span of the scalar ``value`` written at (line, col), quoted or not; None if it is not there as written."""
    if not 0 <= line < len(idx.lines):
        return None
    text = idx.lines[line]
    if text[col : col + 1] in ("'", '"'):
        col += 1
    if text[col : col + len(value)] == value:
        return Span(line, col, col + len(value))
    return None


def _collect_refs(idx: Index, value: Any, path: tuple) -> None:
    positions = idx.doc.positions
    if isinstance(value, dict):
        for key, item in value.items():
            p = path + (key,)
            if isinstance(item, str) and ((key == "goto") or (key == "start" and path == ()) or key == "who"):
                hit = positions.get(p)
                if hit is not None:
                    span = _scalar_span(idx, hit[1].line - 1, hit[1].column - 1, item)
                    if span is not None:
                        kind = "who" if key == "who" else key
                        idx.refs.append(Reference(kind, item, span))
            elif isinstance(item, str) and key == "if":
                hit = positions.get(p)
                if hit is not None:
                    _visited_refs(idx, hit[1].line - 1, hit[1].column - 1)
            else:
                _collect_refs(idx, item, p)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _collect_refs(idx, item, path + (i,))


def _visited_refs(idx: Index, line: int, col: int) -> None:
    """``visited(id)`` in the expression written at (line, col), also over the lines of a block scalar."""
    text = idx.lines[line] if 0 <= line < len(idx.lines) else ""
    rows = [(line, col, text)]
    if text[col : col + 1] in ("|", ">"):
        base = len(text) - len(text.lstrip())
        rows = []
        for k in range(line + 1, len(idx.lines)):
            row = idx.lines[k]
            if row.strip() and len(row) - len(row.lstrip()) <= base:
                break
            rows.append((k, 0, row))
    for ln, start, row in rows:
        for m in VISITED.finditer(row, start):
            idx.refs.append(Reference("visited", m.group(1), Span(ln, m.start(1), m.end(1))))


def occurrences(idx: Index, ident: str) -> list[Span]:
    """Every place the node or ending ``ident`` is written: its key, gotos, start, visited(...)."""
    out = []
    d = idx.target(ident)
    if d is not None:
        out.append(d.span)
    out += [r.span for r in idx.refs if r.target == ident and r.kind in ("goto", "start", "visited")]
    return sorted(set(out), key=lambda s: (s.line, s.start))


def first_line(value: Any, limit: int = 160) -> str:
    """The first line of what a node says (its text, its first line, the diagnose prompt) or ''."""
    if not isinstance(value, dict):
        return ""
    text = value.get("text")
    if text is None and isinstance(value.get("lines"), list) and value["lines"]:
        first = value["lines"][0]
        text = first.get("text") if isinstance(first, dict) else None
    if isinstance(text, list):  # format 2 variants: the default (last) one
        last = text[-1] if text else None
        text = last.get("text") if isinstance(last, dict) else None
    if text is None and isinstance(value.get("diagnose"), dict):
        text = value["diagnose"].get("prompt")
    if not isinstance(text, str):
        return ""
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def speaker(idx: Index, value: Any) -> str:
    """Who says a node's first line: the person's name, or '' for narration."""
    if not isinstance(value, dict):
        return ""
    who = value.get("who")
    if who is None and isinstance(value.get("lines"), list) and value["lines"] and isinstance(value["lines"][0], dict):
        who = value["lines"][0].get("who")
    person = idx.get("person", who) if isinstance(who, str) else None
    if person is not None and isinstance(person.data, dict) and isinstance(person.data.get("name"), str):
        return person.data["name"]
    return who if isinstance(who, str) else ""
