"""Located diagnostics for the loader: the report it fills, "did you mean" hints, and the
translation of pydantic's validation errors into one-line messages at exact positions."""

from __future__ import annotations

import difflib
import re
from typing import Any, Iterable

from pydantic import ValidationError

from simulator.errors import Diagnostic
from simulator.yamlread import Document, Mark


class _Report:
    def __init__(self, display: str, doc: Document | None):
        self.display = display
        self.doc = doc
        self.items: list[Diagnostic] = []

    def at(self, mark: Mark, message: str, code: str, severity: str = "error") -> None:
        self.items.append(Diagnostic(self.display, mark.line, mark.column, severity, message, code))

    def key(self, path: tuple, message: str, code: str, severity: str = "error") -> None:
        self.at(self.doc.key_at(path), message, code, severity)

    def value(self, path: tuple, message: str, code: str, severity: str = "error") -> None:
        self.at(self.doc.where(path), message, code, severity)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)


def suggest(name: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(name), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _type_word(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a flag (true/false)"
    if isinstance(value, float) and value != value:
        return "NaN (not a number)"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "infinity"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


_TYPE_EXPECT = {
    "string_type": "text",
    "float_type": "a number",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "dict_type": "a mapping (key: value)",
    "list_type": "a list",
    "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
    "finite_number": "a finite number",
    "int_from_float": "a whole number",
}

_KEY_TAGS = {"number", "flag", "text", "set", "map", "rules", "variants"}


def _text_list_error(data: Any, path: tuple) -> tuple | None:
    """The path of a ``text:`` list whose item at ``path`` is not a variant mapping (else None)."""
    for k in range(len(path) - 1, -1, -1):
        if path[k] == "text" and isinstance(data_at(data, path[: k + 1]), list):
            if not data_at(data, path[: k + 1]):
                return None  # an empty list: "must not be empty"
            item = data_at(data, path[: k + 2]) if len(path) > k + 1 else None
            return path[: k + 1] if not isinstance(item, dict) else None
    return None


def _resolve_loc(data: Any, loc: tuple) -> tuple[tuple, tuple]:
    """Split a pydantic loc into (path that exists in the data, the rest), dropping union tags."""
    path: list = []
    cur = data
    rest = list(loc)
    while rest:
        part = rest[0]
        if isinstance(cur, dict) and isinstance(part, str) and part in cur:
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            cur = cur[part]
        elif isinstance(part, str) and (part in _KEY_TAGS or part.startswith("function-")):
            rest.pop(0)
            continue
        else:
            break
        path.append(part)
        rest.pop(0)
    return tuple(path), tuple(rest)


def _allowed_keys(model_cls, path_rest) -> list[str]:
    return [f.alias or name for name, f in model_cls.model_fields.items()]


def _model_at(path: tuple):
    """The pydantic model class that describes the mapping at ``path`` (for did-you-mean)."""
    from simulator import model as m

    p = [x for x in path if not isinstance(x, int)]
    if not p:
        return m.ScenarioModel
    table = {
        ("people", None): m.Person,
        ("state", None): m.StateVar,
        ("nodes", None): m.NodeModel,
        ("nodes", None, "lines"): m.Line,
        ("nodes", None, "choices"): m.Choice,
        ("nodes", None, "choices", "evidence"): m.EvidenceRule,
        ("nodes", None, "next"): m.Route,
        ("nodes", None, "diagnose"): m.Diagnose,
        ("nodes", None, "diagnose", "options"): m.DiagnoseOption,
        ("endings", None): m.Ending,
        ("endings", None, "text"): m.TextVariant,
        ("nodes", None, "text"): m.TextVariant,
        ("nodes", None, "lines", "text"): m.TextVariant,
        ("situations",): m.Situation,
        ("competencies", None): m.Competency,
        ("scoring",): m.Scoring,
    }
    shape = tuple(None if i == 1 and p[0] in ("people", "state", "nodes", "endings", "competencies") else x for i, x in enumerate(p))
    if shape in table:
        return table[shape]
    if len(shape) >= 5 and shape[2] == "choices" and shape[3] == "effects":
        return m.SetNumber
    if len(shape) >= 3 and shape[2] == "effects":
        return m.SetNumber
    return None


def _pydantic_diagnostics(rep: _Report, data: Any, exc: ValidationError) -> None:
    seen: set = set()
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path, rest = _resolve_loc(data, loc)
        etype = err["type"]
        value = err.get("input")
        where = ".".join(str(p) for p in path) or "the file"
        text_list = _text_list_error(data, path)
        if text_list is not None:
            where = ".".join(str(p) for p in text_list)
            msg, code, mark = f"{where} should be text, not a list", "wrong-type", rep.doc.where(text_list)
            if data.get("format") == 2:
                msg += " of texts (text variants are mappings: - {if: ..., text: ...})"
        elif etype == "extra_forbidden" and not rest:
            key = path[-1]
            cls = _model_at(path[:-1])
            allowed = _allowed_keys(cls, ()) if cls else []
            hint = suggest(key, allowed)
            if not hint and allowed:
                hint = f"; expected one of: {', '.join(allowed)}"
            parent = ".".join(str(p) for p in path[:-1]) or "the top level"
            msg, code, mark = f"unknown key '{key}' in {parent}{hint}", "unknown-key", rep.doc.key_at(path)
        elif etype == "missing":
            missing = loc[-1] if isinstance(loc[-1], str) else (rest[0] if rest else path[-1])  # never a union tag
            msg, code, mark = f"missing required key '{missing}' in {where}", "missing-key", rep.doc.key_at(path)
        elif etype in _TYPE_EXPECT:
            msg = f"{where} should be {_TYPE_EXPECT[etype]}, not {_type_word(value)}"
            if etype == "string_type" and isinstance(value, dict):
                msg += "; a text that starts with '{' is read as a mapping: put the whole text in quotes (\"{name} ...\")"
            code, mark = "wrong-type", rep.doc.where(path)
        elif etype == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            msg = f"{where}: '{value}' is not allowed; expected {expected}{suggest(value, re.findall(r'[A-Za-z0-9_-]+', expected)) if isinstance(value, str) else ''}"
            code, mark = "bad-value", rep.doc.where(path)
        elif etype == "string_pattern_mismatch":
            msg = f"{where}: '{value}' must use lowercase letters, digits and hyphens, starting with a letter or digit"
            if path and path[-1] == "language":
                msg = f"language: '{value}' is not a BCP 47 language tag such as 'en' or 'pt-BR'"
            code, mark = "bad-value", rep.doc.where(path)
        elif etype in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
            ctx = err.get("ctx", {})
            bound = next(iter(ctx.values())) if ctx else ""
            word = {"greater_than": "greater than", "greater_than_equal": "at least", "less_than": "less than", "less_than_equal": "at most"}[etype]
            msg, code, mark = f"{where} must be {word} {bound}, not {value}", "out-of-range", rep.doc.where(path)
        elif etype in ("too_short", "string_too_short"):
            msg, code, mark = f"{where} must not be empty", "empty", rep.doc.where(path)
        elif etype == "string_too_long":
            msg, code, mark = f"{where} is too long ({err['msg'].lower()})", "bad-value", rep.doc.where(path)
        else:
            msg, code, mark = f"{where}: {err['msg']}", "invalid", rep.doc.where(path)
        sig = (mark.line, mark.column, code)
        if sig in seen:
            continue
        seen.add(sig)
        rep.at(mark, msg, code)


def data_at(data: Any, path: tuple) -> Any:
    cur = data
    for part in path:
        try:
            cur = cur[part]
        except (KeyError, IndexError, TypeError):
            return None
    return cur
