"""YAML text -> plain Python data plus a position for every key and value.

Built from the C parser's event stream (``yaml.CSafeLoader``) rather than
``yaml.load``, so that

* duplicate keys are reported (plain loaders keep the last one silently),
* every key and value keeps its line and column,
* depth and alias expansion are bounded *while parsing*: an alias bomb is
  refused after counting, never expanded, and deep nesting never recurses.

Keys are always text (their source spelling), so ``yes:`` or ``1:`` as an id
stays an id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

MAX_DEPTH = 64
ALIAS_BUDGET = 100_000  # YAML nodes that aliases may add in total
MAX_NUMBER_CHARS = 100  # a longer whole number is refused before int() (Python refuses over 4,300 digits)


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class YamlProblem:
    mark: Mark
    message: str
    code: str
    fatal: bool = False


class YamlLimit(Exception):
    def __init__(self, problem: YamlProblem):
        super().__init__(problem.message)
        self.problem = problem


# ``key: {name} more text`` on one line: YAML reads a flow mapping, then fails on the rest
_UNQUOTED_BRACE = re.compile(r"^\s*(?:-\s+)?[^\s:#{}\[\]\"'][^:#]*:\s+\{[^{}]*\}")
# C0/C1 control characters other than tab and line feed: they could drive a terminal (escape sequences)
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_INT_RE = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_FLOAT_RE = re.compile(r"^[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?$|^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$")
_TRUE = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"}
_FALSE = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"}
_NULL = {"", "~", "null", "Null", "NULL"}
_SPECIAL_FLOAT = {".inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan"), "+.inf": float("inf")}


def _scalar(ev: ScalarEvent):
    value = ev.value
    tag = ev.tag
    if tag in (None, "!") and ev.implicit[0]:  # plain scalar: resolve like YAML 1.1 core
        if value in _NULL:
            return None
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        c = value[:1]
        if c.isdigit() or c in "+-.":
            if _INT_RE.match(value):
                return int(value.replace("_", ""))
            if _FLOAT_RE.match(value) and value not in (".", "+.", "-."):
                return float(value.replace("_", ""))
            low = value.lower()
            if low in _SPECIAL_FLOAT:
                return _SPECIAL_FLOAT[low]
        return value
    if tag == "tag:yaml.org,2002:int":
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if tag == "tag:yaml.org,2002:float":
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    if tag == "tag:yaml.org,2002:bool":
        return value in _TRUE
    if tag == "tag:yaml.org,2002:null":
        return None
    return value


def _mark(m) -> Mark:
    return Mark(m.line + 1, m.column + 1)


class _Frame:
    __slots__ = ("container", "path", "is_map", "key", "key_mark", "size", "anchor", "seen", "bad", "merges", "start")

    def __init__(self, container, path, is_map, anchor, start, bad=False):
        self.start = start
        self.container = container
        self.path = path
        self.is_map = is_map
        self.key = None  # pending key (maps)
        self.key_mark = None
        self.size = 1
        self.anchor = anchor
        self.seen = {} if is_map else None
        self.bad = bad
        self.merges = None


@dataclass
class Document:
    data: object
    positions: dict  # path tuple -> (key Mark | None, value Mark)
    problems: list[YamlProblem]

    def where(self, path: tuple, prefer_key: bool = False) -> Mark:
        """The position of ``path`` or of its nearest located ancestor."""
        p = tuple(path)
        while p:
            hit = self.positions.get(p)
            if hit is not None:
                key, value = hit
                return key if (prefer_key and key is not None) else value
            p = p[:-1]
        return self.positions.get((), (None, Mark(1, 1)))[1]

    def key_at(self, path: tuple) -> Mark:
        return self.where(path, prefer_key=True)


def read(text: str) -> Document:
    """Parse one YAML document; raise YamlLimit for fatal problems (syntax, limits)."""
    positions: dict = {}
    problems: list[YamlProblem] = []
    anchors: dict[str, tuple[object, int]] = {}
    stack: list[_Frame] = []
    root = None
    have_root = False
    alias_total = 0
    documents = 0

    def place(value, mark: Mark, size: int, anchor) -> None:
        nonlocal root, have_root
        if anchor is not None:
            anchors[anchor] = (value, size)
        if not stack:
            if have_root:
                return
            root, have_root = value, True
            positions[()] = (None, mark)
            return
        top = stack[-1]
        top.size += size
        if top.is_map:
            if top.key is None:  # this value is a key
                if not isinstance(value, (str, int, float, bool)) and value is not None:
                    problems.append(YamlProblem(mark, "a mapping key must be plain text", "bad-key"))
                    top.key = ("\0bad",)
                    return
                top.key = value if isinstance(value, str) else _key_text(value, mark)
                top.key_mark = mark
                return
            key, key_mark = top.key, top.key_mark
            top.key = None
            if isinstance(key, tuple) or top.bad:
                return
            if key == "<<" and key_mark is not None:
                top.merges = (top.merges or []) + ([value] if isinstance(value, dict) else list(value) if isinstance(value, list) else [])
                return
            if key in top.seen:
                first = top.seen[key]
                problems.append(
                    YamlProblem(
                        key_mark,
                        f"duplicate key '{key}' (first given at line {first.line}); remove one of them",
                        "duplicate-key",
                    )
                )
                return
            top.seen[key] = key_mark
            top.container[key] = value
            positions[top.path + (key,)] = (key_mark, mark)
        else:
            if top.bad:
                return
            idx = len(top.container)
            top.container.append(value)
            positions[top.path + (idx,)] = (mark, mark)

    def child_path() -> tuple:
        top = stack[-1]
        if top.is_map:
            if top.key is None:
                return top.path + ("\0key",)
            return top.path + (top.key,) if isinstance(top.key, str) else top.path + ("\0bad",)
        return top.path + (len(top.container),)

    try:
        for ev in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(ev, ScalarEvent):
                as_key = bool(stack) and stack[-1].is_map and stack[-1].key is None
                if not as_key and len(ev.value) > MAX_NUMBER_CHARS and _INT_RE.match(ev.value) and ev.implicit[0]:
                    raise YamlLimit(YamlProblem(
                        _mark(ev.start_mark),
                        f"a number with {len(ev.value):,} digits; numbers in a scenario are at most {MAX_NUMBER_CHARS} digits long"
                        " (put text in quotes)", "limit", True))
                bad_char = _CONTROL_RE.search(ev.value)
                if bad_char:
                    problems.append(YamlProblem(
                        _mark(ev.start_mark),
                        f"the {'key' if as_key else 'text'} contains the control character U+{ord(bad_char.group()):04X}; "
                        "remove it (only line breaks and tabs are allowed)", "control-character"))
                place(ev.value if as_key else _scalar(ev), _mark(ev.start_mark), 1, ev.anchor)
            elif isinstance(ev, (MappingStartEvent, SequenceStartEvent)):
                mark = _mark(ev.start_mark)
                if len(stack) >= MAX_DEPTH:
                    raise YamlLimit(
                        YamlProblem(mark, f"the file is nested deeper than {MAX_DEPTH} levels; flatten it", "limit", True)
                    )
                path = child_path() if stack else ()
                is_key = bool(stack) and stack[-1].is_map and stack[-1].key is None
                bad = is_key or (bool(stack) and stack[-1].bad)
                is_map = isinstance(ev, MappingStartEvent)
                stack.append(_Frame({} if is_map else [], path, is_map, ev.anchor, mark, bad))
            elif isinstance(ev, (MappingEndEvent, SequenceEndEvent)):
                frame = stack.pop()
                start = frame.start
                if frame.merges:
                    for merged in frame.merges:
                        if isinstance(merged, dict):
                            for k, v in merged.items():
                                if k not in frame.container:
                                    frame.container[k] = v
                if frame.bad and stack and stack[-1].is_map and stack[-1].key is None:
                    problems.append(YamlProblem(start, "a mapping key must be plain text", "bad-key"))
                    stack[-1].size += frame.size
                    stack[-1].key = ("\0bad",)
                    if frame.anchor is not None:
                        anchors[frame.anchor] = (frame.container, frame.size)
                    continue
                place(frame.container, start, frame.size, frame.anchor)
            elif isinstance(ev, AliasEvent):
                mark = _mark(ev.start_mark)
                if ev.anchor not in anchors:
                    raise YamlLimit(YamlProblem(mark, f"alias *{ev.anchor} refers to an anchor that is not defined (before it)", "yaml-syntax", True))
                value, size = anchors[ev.anchor]
                alias_total += size
                if alias_total > ALIAS_BUDGET:
                    raise YamlLimit(
                        YamlProblem(
                            mark,
                            f"YAML aliases expand to more than {ALIAS_BUDGET:,} values; write the content out or use fewer aliases",
                            "limit",
                            True,
                        )
                    )
                place(value, mark, size, None)
            elif isinstance(ev, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlLimit(
                        YamlProblem(_mark(ev.start_mark), "a scenario file holds one YAML document; remove the extra '---'", "yaml-syntax", True)
                    )
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark or exc.context_mark
        mark = Mark(m.line + 1, m.column + 1) if m else Mark(1, 1)
        what = plain_words(exc.problem or "", exc.context or "", text, m)
        if m is not None and _UNQUOTED_BRACE.match(text.split("\n")[m.line][: m.column] if m.line < text.count("\n") + 1 else ""):
            what = "a text that starts with '{' is read as a mapping: put the whole text in quotes (\"{name} ...\")"
        raise YamlLimit(YamlProblem(mark, what, "yaml-syntax", True)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (control characters, ...)
        before = text[: exc.position]
        mark = Mark(before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1)
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise YamlLimit(
            YamlProblem(mark, f"YAML syntax: the character U+{ord(char):04X} is not allowed in YAML; delete it", "yaml-syntax", True)
        ) from None
    except yaml.YAMLError as exc:
        what = " ".join(str(exc).split())
        raise YamlLimit(YamlProblem(Mark(1, 1), f"YAML syntax: {what}", "yaml-syntax", True)) from None
    except RecursionError:
        raise YamlLimit(YamlProblem(Mark(1, 1), "the file is nested too deeply", "limit", True)) from None
    return Document(root, positions, problems)


def plain_words(problem: str, context: str, text: str, mark) -> str:
    """The parser's message in a trainer's words, with the fix (falls back to the parser's own words)."""
    problem, context = problem.strip(), context.strip()
    line = text.split("\n")[mark.line] if mark is not None and mark.line < text.count("\n") + 1 else ""
    if "\t" in line[: (mark.column + 1 if mark is not None else 0)] or "found a tab character" in problem:
        return "YAML does not allow tabs for indentation; use spaces"
    if problem.startswith("mapping values are not allowed"):
        return ("a ': ' here would start a key inside a value; if this line is a key, indent it like the keys "
                "around it; if it is text, put the whole text in quotes (\"...\") or use a block text ('|')")
    if problem.startswith("could not find expected ':'"):
        return "this line is neither a 'key: value' nor part of the text above it; add the missing ':' or indent it under its text"
    if problem.startswith("found unexpected end of stream") and "quoted scalar" in context:
        return "a quoted text is never closed; add the closing quote"
    if problem.startswith("did not find expected ',' or '}'"):
        return "a '{...}' mapping is not closed on this line; add the missing '}' (or ',' between its entries)"
    if problem.startswith("did not find expected ',' or ']'"):
        return "a '[...]' list is not closed; add the missing ']' (or ',' between its items)"
    if problem.startswith("did not find expected key") or problem.startswith("did not find expected '-' indicator"):
        return ("this line does not line up with the keys or list items above it; indent it exactly like its "
                "neighbours (keys under keys, '- ' items under items)")
    if problem.startswith("found character that cannot start any token"):
        return "this character cannot start a YAML value; put the text in quotes"
    if problem.startswith("expected <block end>"):
        return "this line is indented differently from the block it belongs to; line it up with its neighbours"
    what = problem or context or "invalid YAML"
    return f"YAML syntax: {what}"


def _key_text(value, mark) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
