"""The loader's format 2 checks: situations, text variants, line conditions,
``{name}`` insertion and option order (scenario-format.md, "Format 2").

``loader._compile`` calls these with its report and its expression builder, so
every problem is located and reported in the same single pass as the rest.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from simulator.compiled import Effect, Line, Situation, TextVariant, Variable
from simulator.loader_diagnostics import _type_word, data_at, suggest
from simulator.yamlread import Document, Mark

# {{ and }} are literal braces; {name} inserts a state variable; a lone brace is an error
PLACEHOLDER_RE = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}|[{}]")

_NODE_FORMAT2_KEYS = ("order",)


def format2_uses(data: dict) -> list[tuple[tuple, str, bool]]:
    """Where a file uses format 2 keys: [(path of the key, what it is, plural)], in no particular order."""
    found: list[tuple[tuple, str, bool]] = []
    if "situations" in data:
        found.append((("situations",), "'situations'", False))
    nodes = data.get("nodes")
    if isinstance(nodes, dict):
        for nid, n in nodes.items():
            if not isinstance(n, dict):
                continue
            for key in _NODE_FORMAT2_KEYS:
                if key in n:
                    found.append((("nodes", nid, key), f"'{key}' on a node", False))
            if isinstance(n.get("text"), list):
                found.append((("nodes", nid, "text"), "text variants", True))
            lines = n.get("lines")
            if isinstance(lines, list):
                for i, ln in enumerate(lines):
                    if isinstance(ln, dict):
                        if "if" in ln:
                            found.append((("nodes", nid, "lines", i, "if"), "'if' on a line", False))
                        if isinstance(ln.get("text"), list):
                            found.append((("nodes", nid, "lines", i, "text"), "text variants", True))
    endings = data.get("endings")
    if isinstance(endings, dict):
        for eid, e in endings.items():
            if isinstance(e, dict) and isinstance(e.get("text"), list):
                found.append((("endings", eid, "text"), "text variants", True))
    return found


def report_format1_uses(rep, data: dict) -> None:
    """One located error for a version 1 file that uses format 2 keys (at the first one in the file)."""
    uses = format2_uses(data)
    if not uses:
        return
    marks = sorted(((rep.doc.key_at(p), what, plural) for p, what, plural in uses), key=lambda m: (m[0].line, m[0].column))
    mark, what, plural = marks[0]
    more = f" (this file uses format 2 in {len(marks)} places)" if len(marks) > 1 else ""
    rep.at(mark, f"{what} {'need' if plural else 'needs'} format 2{more}; write 'format: 2' at the top of the file", "format")


# --- text: variants and {name} insertion --------------------------------------------


def text_mark(doc: Document, lines: list[str], path: tuple, value: str, offset: int) -> Mark:
    """The source position of character ``offset`` of the text scalar at ``path`` (best effort)."""
    mark = doc.where(path)
    if not 0 < mark.line <= len(lines):
        return mark
    src = lines[mark.line - 1]
    ch = src[mark.column - 1 : mark.column]
    before = value[:offset]
    if ch == "|":
        k = before.count("\n")
        first = mark.line  # the content starts on the next source line
        indent = None
        for ln in lines[first:]:
            if ln.strip():
                indent = len(ln) - len(ln.lstrip(" "))
                break
        if indent is None or first + k >= len(lines) + 1:
            return mark
        return Mark(first + 1 + k, indent + offset - (before.rfind("\n") + 1) + 1)
    if "\n" in before or ch == ">":
        return mark
    if ch in ('"', "'"):
        return Mark(mark.line, mark.column + 1 + offset)
    return Mark(mark.line, mark.column + offset)


def check_placeholders(rep, lines: list[str], path: tuple, value: str, variables: dict[str, Variable], suggest: Callable) -> None:
    """Report unknown ``{name}``s and lone braces in one text."""
    if "{" not in value and "}" not in value:
        return
    for m in PLACEHOLDER_RE.finditer(value):
        tok = m.group(0)
        if tok in ("{{", "}}"):
            continue
        name = m.group(1)
        if name is not None:
            if not name.strip():
                rep.at(
                    text_mark(rep.doc, lines, path, value, m.start()),
                    f"'{tok}' in the text names no state variable: write {{name}}, or '{{{{' and '}}}}' for literal braces",
                    "bad-text",
                )
            elif name not in variables:
                rep.at(
                    text_mark(rep.doc, lines, path, value, m.start() + 1),
                    f"unknown state variable '{name}' in {{{name}}}{suggest(name, variables)} (write '{{{{' and '}}}}' for literal braces)",
                    "unknown-name",
                )
            continue
        rep.at(
            text_mark(rep.doc, lines, path, value, m.start()),
            f"a lone '{tok}' in the text: write {{name}} to insert a state variable, or '{tok}{tok}' for a literal brace",
            "bad-text",
        )


class TextCompiler:
    """Compiles node, line and ending texts of one scenario (format 2 rules only when ``format == 2``)."""

    def __init__(self, rep, source_text: str, fmt: int, variables: dict[str, Variable], expr: Callable, suggest: Callable):
        self.rep = rep
        self.lines = source_text.split("\n")
        self.fmt = fmt
        self.variables = variables
        self.expr = expr
        self.suggest = suggest

    def _plain(self, value: str, path: tuple) -> str:
        if self.fmt >= 2:
            check_placeholders(self.rep, self.lines, path, value, self.variables, self.suggest)
        return value

    def text(self, value: Any, path: tuple) -> tuple[str, tuple[TextVariant, ...]]:
        """(plain text, ()) or ("", variants)."""
        if value is None:
            return "", ()
        if isinstance(value, str):
            return self._plain(value, path), ()
        variants: list[TextVariant] = []
        for i, v in enumerate(value):
            vp = path + (i,)
            cond = self.expr(v.if_, vp + ("if",))
            variants.append(TextVariant(cond, self._plain(v.text, vp + ("text",)), v.mood))
        if value and value[-1].if_ is not None:
            last = len(value) - 1
            self.rep.key(
                path + (last, "if"),
                f"the last text variant has an 'if'; end the list with a variant without 'if' so that every state shows something",
                "no-fallback",
            )
        return "", tuple(variants)

    def option_text(self, value: str | None, path: tuple) -> None:
        """Choice and diagnose texts take ``{name}`` too (no variants)."""
        if value is not None:
            self._plain(value, path)

    def line(self, who: str | None, text: Any, mood: str | None, cond_src: str | None, path: tuple) -> Line:
        plain, variants = self.text(text, path + ("text",))
        return Line(who, plain, mood, self.expr(cond_src, path + ("if",)), variants)


# --- situations ------------------------------------------------------------------------


def compile_situations(rep, model, data: dict, variables: dict[str, Variable], num: Callable) -> tuple[Situation, ...]:
    out: list[Situation] = []
    seen: dict[str, tuple] = {}
    for i, s in enumerate(model.situations):
        sp = ("situations", i)
        if s.id in seen:
            first = rep.doc.where(seen[s.id] + ("id",))
            rep.value(sp + ("id",), f"situation id '{s.id}' is already used (line {first.line}); situation ids must be unique", "duplicate-id")
        else:
            seen[s.id] = sp
        sets: list[Effect] = []
        for name, val in s.set.items():
            ep = sp + ("set", name)
            var = state_variable(rep, ep, name, variables, model, f"situation '{s.id}' sets")
            if var is None:
                continue
            raw = data_at(data, ep)
            if var.kind == "number":
                if isinstance(raw, dict) and hasattr(val, "set"):
                    val = val.set
                if isinstance(val, bool) or not isinstance(val, (int, float)):
                    rep.value(ep, f"'{name}' is a number: give its start value in this situation, not {_type_word(raw)}", "type-mismatch")
                    continue
                if not var.min <= val <= var.max:
                    rep.value(ep, f"situation '{s.id}' sets '{name}' to {val:g}, outside {var.min:g}..{var.max:g}", "out-of-range")
                    continue
                sets.append(Effect(name, "set", num(val)))
            else:
                effect = set_effect(rep, ep, var, val, raw)
                if effect is not None:
                    sets.append(effect)
        out.append(Situation(s.id, s.title, float(s.weight), tuple(sets)))
    return tuple(out)


def state_variable(rep, ep: tuple, name: str, variables: dict[str, Variable], model, what: str) -> Variable | None:
    """The state variable an effect or a situation names, or None: reported at ``ep`` as unknown (the message
    starts with ``what``) unless it is declared and its own declaration was already reported."""
    var = variables.get(name)
    if var is None and name not in model.state:
        rep.key(ep, f"{what} unknown state variable '{name}'{suggest(name, variables)}", "unknown-name")
    return var


def set_effect(rep, ep: tuple, var: Variable, val: Any, raw: Any) -> Effect | None:
    """The effect that sets a flag or a text variable ``var`` to ``val`` (in an effect or a situation), or None
    when ``val`` does not fit (reported at ``ep``; ``raw`` is the value as written)."""
    name = var.name
    if var.kind == "flag":
        if not isinstance(val, bool):
            rep.value(ep, f"'{name}' is a flag: set it to true or false, not {_type_word(raw)}", "type-mismatch")
            return None
        return Effect(name, "set", val)
    if not isinstance(val, str):
        rep.value(ep, f"'{name}' is a text: set it to one of {', '.join(var.values)}, not {_type_word(raw)}", "type-mismatch")
    elif val not in var.values:
        rep.value(ep, f"'{val}' is not one of the values of '{name}' ({', '.join(var.values)}){suggest(val, var.values)}", "bad-value")
    else:
        return Effect(name, "set", val)
    return None
