"""The language server's answers, as LSP types: diagnostics (exactly what ``simulator validate`` prints),
completion, hover, definition, outline and rename. Each function takes the text (or its ``Index``) and a
position; nothing here talks to a client, so the server module only wires them up.
"""

from __future__ import annotations

import re
from pathlib import Path

from lsprotocol import types as t

from simulator.errors import Diagnostic
from simulator.lsp.context import Context, context_at
from simulator.lsp.index import ID_TOKEN, NAME_TOKEN, Index, Span, first_line, occurrences, speaker
from simulator.model import MOODS, OUTCOME_VALUES, STANDARD_COMPETENCIES
from simulator.schema_docs import KEY_DOCS

SOURCE = "simulator"
ID_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*$")
ENUMS = {
    "mood": MOODS,
    "outcome": tuple(OUTCOME_VALUES),
    "difficulty": ("intro", "intermediate", "advanced"),
    "order": ("shuffled", "authored"),
    "format": ("1", "2"),
    "show": ("true", "false"),
    "ask_confidence": ("true", "false"),
}
KEYWORDS = ("and", "or", "not", "true", "false")


# --- diagnostics -----------------------------------------------------------------------


_SCENARIO_KEY = re.compile(r"^(format|nodes)\s*:", re.MULTILINE)


def looks_like_scenario(text: str) -> bool:
    """A top-level ``format:`` or ``nodes:``: editors hand the server every YAML file, and other YAML
    (a CI file, a compose file) must not be flooded with scenario errors."""
    return _SCENARIO_KEY.search(text) is not None


def check(text: str, path: Path) -> list[Diagnostic]:
    """What ``simulator validate FILE`` reports for this text as the file ``path`` (errors, then the lints);
    nothing for YAML that is not a scenario (``looks_like_scenario``)."""
    if not looks_like_scenario(text):
        return []
    from simulator.lint import lint
    from simulator.lint_text import text_warnings
    from simulator.loader import load_text

    display = str(path)
    scenario, diags = load_text(text, path=path, library_root=path.parent, display=display)
    diags = list(diags)
    if scenario is not None:
        try:
            diags.extend(lint(scenario, with_search=True))
        except Exception as exc:  # noqa: BLE001 - as validate: the failure is the file's diagnostic
            diags.append(Diagnostic(display, 1, 1, "error", f"this file could not be checked ({type(exc).__name__}: "
                                    f"{str(exc)[:160]}); please report it with the file", "internal"))
    elif any(d.is_error for d in diags):
        diags.extend(text_warnings(text, display))
    return sorted(diags, key=lambda d: (d.line, d.column, d.severity, d.code))


def to_lsp(d: Diagnostic, lines: list[str]) -> t.Diagnostic:
    line, col = max(d.line - 1, 0), max(d.column - 1, 0)
    text = lines[line] if line < len(lines) else ""
    m = ID_TOKEN.match(text, col) if col < len(text) else None
    end = m.end() if m else min(col + 1, max(len(text), col))
    if end <= col:
        end = col + 1 if col < len(text) else col
    return t.Diagnostic(
        range=t.Range(t.Position(line, col), t.Position(line, end)),
        message=d.message,
        severity=t.DiagnosticSeverity.Error if d.is_error else t.DiagnosticSeverity.Warning,
        code=d.code,
        source=SOURCE,
    )


# --- completion ------------------------------------------------------------------------


def _item(label: str, kind: t.CompletionItemKind, detail: str = "", doc: str = "", insert: str | None = None,
          span: tuple[int, int, int] | None = None, sort: str | None = None) -> t.CompletionItem:
    edit = None
    if span is not None:
        line, start, end = span
        edit = t.TextEdit(range=t.Range(t.Position(line, start), t.Position(line, end)), new_text=insert or label)
    return t.CompletionItem(
        label=label, kind=kind, detail=detail or None,
        documentation=t.MarkupContent(kind=t.MarkupKind.Markdown, value=doc) if doc else None,
        text_edit=edit, insert_text=None if edit else insert, sort_text=sort, filter_text=label,
    )


def _targets(idx: Index, span, nodes_only: bool = False) -> list[t.CompletionItem]:
    out = []
    for nid in idx.ids("node"):
        d = idx.get("node", nid)
        said = first_line(d.data)
        who = speaker(idx, d.data)
        out.append(_item(nid, t.CompletionItemKind.Function, f"node · line {d.span.line + 1}",
                         f"{who + ': ' if who else ''}{said}" if said else "", span=span, sort="0" + nid))
    if not nodes_only:
        for eid in idx.ids("ending"):
            d = idx.get("ending", eid)
            title = d.data.get("title", "") if isinstance(d.data, dict) else ""
            outcome = d.data.get("outcome", "") if isinstance(d.data, dict) else ""
            out.append(_item(eid, t.CompletionItemKind.Event, f"ending · {outcome}", f"**{title}**" if title else "",
                             span=span, sort="1" + eid))
    return out


def _variable_doc(idx: Index, name: str) -> str:
    d = idx.get("variable", name)
    if d is None:
        return ""
    v = d.data
    if isinstance(v, dict):
        start = v.get("start")
    else:
        start, v = v, {}
    if isinstance(start, bool):
        what = f"flag, starts {'true' if start else 'false'}"
    elif isinstance(start, (int, float)):
        lo, hi = v.get("min", 0), v.get("max", 100)
        what = f"number {lo:g}..{hi:g}, starts {start:g}" if isinstance(lo, (int, float)) and isinstance(hi, (int, float)) else f"number, starts {start}"
    else:
        values = v.get("values") or []
        what = f"text, one of {', '.join(map(str, values))}; starts {start}"
    extra = []
    if v.get("label"):
        extra.append(f"label: {v['label']}")
    extra.append("shown to the rep" if v.get("show") else "hidden until the debrief")
    return f"**state variable `{name}`**: {what} ({'; '.join(extra)}) — defined at line {d.span.line + 1}"


def _variable_kind(idx: Index, name: str) -> tuple[str, tuple[str, ...]]:
    d = idx.get("variable", name)
    if d is None:
        return "", ()
    v = d.data
    start = v.get("start") if isinstance(v, dict) else v
    if isinstance(start, bool):
        return "flag", ("true", "false")
    if isinstance(start, (int, float)):
        return "number", ()
    values = v.get("values") if isinstance(v, dict) else None
    return "text", tuple(str(x) for x in values or ())


def _competencies(idx: Index, span, computed: bool = False) -> list[t.CompletionItem]:
    names = list(STANDARD_COMPETENCIES) + [c for c in idx.ids("competency") if c not in STANDARD_COMPETENCIES]
    if computed:
        names += ["judgment", "outcome", "calibration"]
    out = []
    for c in names:
        d = idx.get("competency", c)
        label = d.data.get("label", "") if d is not None and isinstance(d.data, dict) else ""
        out.append(_item(c, t.CompletionItemKind.Property, "custom competency" if d else "competency", label,
                         insert=f"{c}: ", span=span))
    return out


def _expression(idx: Index, before: str, span) -> list[t.CompletionItem]:
    if re.search(r"visited\(\s*[A-Za-z0-9_-]*$", before):
        return _targets(idx, span, nodes_only=True)
    m = re.search(r"([A-Za-z_][A-Za-z0-9_]*)\s*(==|!=)\s*([\"']?)[A-Za-z0-9_-]*$", before)
    if m:
        kind, values = _variable_kind(idx, m.group(1))
        if kind == "text":
            quote = m.group(3)
            qspan = (span[0], span[1] - len(quote), span[2]) if span else None
            return [_item(f'"{v}"', t.CompletionItemKind.EnumMember, f"a value of {m.group(1)}", insert=f'"{v}"',
                          span=qspan) for v in values]
        if kind == "flag":
            return [_item(v, t.CompletionItemKind.Keyword, span=span) for v in values]
    out = [_item(name, t.CompletionItemKind.Variable, _variable_kind(idx, name)[0], _variable_doc(idx, name), span=span)
           for name in idx.ids("variable")]
    out += [_item(k, t.CompletionItemKind.Keyword, span=span, sort="~" + k) for k in KEYWORDS]
    out.append(_item("visited()", t.CompletionItemKind.Function, "true once the node has been entered", insert="visited(",
                     span=span, sort="~visited"))
    return out


def completion(idx: Index, line: int, col: int) -> list[t.CompletionItem]:
    ctx: Context = context_at(idx.lines, line, col)
    span = (line, col - len(ctx.prefix), col)
    shape, what = ctx.where
    if ctx.mode == "text":
        return []
    if ctx.mode == "value":
        if shape == "vars":
            kind, values = _variable_kind(idx, ctx.key or "")
            return [_item(v, t.CompletionItemKind.EnumMember, f"a value of {ctx.key}", span=span) for v in values]
        if shape != "model":
            return []
        key = ctx.key
        if key == "goto":
            return _targets(idx, span)
        if key == "start" and what == "ScenarioModel":
            return _targets(idx, span, nodes_only=True)
        if key == "who":
            out = []
            for pid in idx.ids("person"):
                d = idx.get("person", pid)
                name = d.data.get("name", "") if isinstance(d.data, dict) else ""
                out.append(_item(pid, t.CompletionItemKind.Reference, name, span=span))
            return out
        if key == "if":
            return _expression(idx, ctx.before, span)
        if key in ENUMS:
            return [_item(v, t.CompletionItemKind.EnumMember, span=span) for v in ENUMS[key]]
        return []
    if ctx.mode == "item":
        return []
    # a key
    if shape == "model" and what in KEY_DOCS:
        present = _present_keys(idx.lines, line, col, ctx)
        out = []
        for key, (doc, example) in KEY_DOCS[what].items():
            if key in present:
                continue
            out.append(_item(key, t.CompletionItemKind.Property, _short(doc), f"{doc}\n\nExample: `{key}: {_example(example)}`",
                             insert=f"{key}: ", span=span))
        return out
    if shape in ("evidence", "comps"):
        return _competencies(idx, span)
    if shape == "weights":
        return _competencies(idx, span, computed=True)
    if shape == "vars":
        return [_item(n, t.CompletionItemKind.Variable, _variable_kind(idx, n)[0], _variable_doc(idx, n), insert=f"{n}: ",
                      span=span) for n in idx.ids("variable")]
    return []


def _short(doc: str) -> str:
    first = doc.split(". ")[0].rstrip(".")
    return first if len(first) <= 70 else first[:69] + "…"


def _example(value) -> str:
    import json

    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False).replace('"', "")


def _present_keys(lines: list[str], line: int, col: int, ctx: Context) -> set[str]:
    """Keys already written in the block mapping the cursor is in (siblings at the same indentation)."""
    cur = lines[line][:col]
    indent = len(cur) - len(cur.lstrip(" -"))
    if ctx.before and "{" in lines[line][:col]:
        return set()
    found: set[str] = set()
    key_re = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*:")
    for step in (-1, 1):
        k = line + step
        while 0 <= k < len(lines):
            text = lines[k]
            if not text.strip() or text.lstrip().startswith("#"):
                k += step
                continue
            ind = len(text) - len(text.lstrip(" -"))
            is_item = text.lstrip().startswith("-")
            if ind < indent or (is_item and step == 1 and ind <= indent):
                break
            if ind == indent:
                m = key_re.match(text)
                if m:
                    found.add(m.group(1))
                if is_item:
                    break
            k += step
    return found


# --- hover, definition -------------------------------------------------------------------


def hover(idx: Index, line: int, col: int) -> t.Hover | None:
    ref = idx.reference_at(line, col)
    if ref is not None and ref.kind in ("goto", "start", "visited"):
        d = idx.target(ref.target)
        if d is None:
            return _hover(f"`{ref.target}` is not a node or ending of this file", ref.span)
        return _hover(_target_doc(idx, d.id), ref.span)
    if ref is not None and ref.kind == "who":
        d = idx.get("person", ref.target)
        if d is not None and isinstance(d.data, dict):
            bits = [str(d.data.get(k)) for k in ("role", "company") if d.data.get(k)]
            return _hover(f"**{d.data.get('name', ref.target)}**{' — ' + ', '.join(bits) if bits else ''}", ref.span)
    d = idx.definition_at(line, col)
    if d is not None and d.kind in ("node", "ending"):
        return _hover(_target_doc(idx, d.id), d.span)
    word = idx.word_at(line, col, NAME_TOKEN)
    if word is not None and idx.get("variable", word[0]) is not None and _is_variable_use(idx, line, word[1]):
        return _hover(_variable_doc(idx, word[0]), word[1])
    ctx_key = _key_under_cursor(idx, line, col)
    if ctx_key is not None:
        key, span, model = ctx_key
        doc = KEY_DOCS.get(model, {}).get(key)
        if doc:
            return _hover(f"**{key}** — {doc[0]}\n\nExample: `{key}: {_example(doc[1])}`", span)
    return None


def _is_variable_use(idx: Index, line: int, span: Span) -> bool:
    """The word at ``span`` stands for a state variable: in an expression, as an effect's key, or where it is defined."""
    if re.search(r"(^|[\s{,-])if\s*:", idx.lines[line][: span.start]):
        return True
    ctx = context_at(idx.lines, line, span.start)
    return ctx.mode == "key" and (ctx.where[0] == "vars" or ctx.path == ("state",))


def _key_under_cursor(idx: Index, line: int, col: int):
    text = idx.lines[line] if 0 <= line < len(idx.lines) else ""
    for m in re.finditer(r"([A-Za-z_][A-Za-z0-9_]*)\s*:", text):
        if m.start(1) <= col <= m.end(1):
            ctx = context_at(idx.lines, line, m.start(1))
            shape, model = ctx.where
            if shape == "model":
                return m.group(1), Span(line, m.start(1), m.end(1)), model
    return None


def _target_doc(idx: Index, ident: str) -> str:
    d = idx.target(ident)
    if d is None:
        return ""
    if d.kind == "ending":
        data = d.data if isinstance(d.data, dict) else {}
        value = data.get("value", OUTCOME_VALUES.get(data.get("outcome", ""), ""))
        text = first_line(data)
        return f"**ending `{ident}`**: {data.get('title', '')} ({data.get('outcome', '?')}, value {value})" + (f"\n\n{text}" if text else "")
    said = first_line(d.data)
    who = speaker(idx, d.data)
    kind = "diagnose" if isinstance(d.data, dict) and "diagnose" in d.data else "node"
    return f"**{kind} `{ident}`** (line {d.span.line + 1})\n\n" + (f"{who}: {said}" if who and said else said or "(says nothing)")


def _hover(markdown: str, span: Span) -> t.Hover:
    return t.Hover(contents=t.MarkupContent(kind=t.MarkupKind.Markdown, value=markdown), range=_range(span))


def _range(span: Span) -> t.Range:
    return t.Range(t.Position(span.line, span.start), t.Position(span.line, span.end))


def definition(idx: Index, uri: str, line: int, col: int) -> t.Location | None:
    ref = idx.reference_at(line, col)
    d = None
    if ref is not None:
        d = idx.get("person", ref.target) if ref.kind == "who" else idx.target(ref.target)
    else:
        word = idx.word_at(line, col, NAME_TOKEN)
        if word is not None and _is_variable_use(idx, line, word[1]):
            d = idx.get("variable", word[0])
        if d is None and word is not None:
            custom = idx.get("competency", word[0])
            ctx = context_at(idx.lines, line, word[1].start)
            if custom is not None and ctx.where[0] in ("comps", "evidence", "weights"):
                d = custom
    if d is None:
        return None
    return t.Location(uri=uri, range=_range(d.span))


# --- outline, rename --------------------------------------------------------------------


def outline(idx: Index) -> list[t.DocumentSymbol]:
    out = []
    for kind, symbol_kind, section in (("node", t.SymbolKind.Function, "nodes"), ("ending", t.SymbolKind.Event, "endings")):
        children = []
        for ident in idx.ids(kind):
            d = idx.get(kind, ident)
            end_text = idx.lines[d.end_line] if d.end_line < len(idx.lines) else ""
            full = t.Range(t.Position(d.span.line, 0), t.Position(d.end_line, len(end_text)))
            detail = first_line(d.data, 60) if kind == "node" else (d.data.get("title", "") if isinstance(d.data, dict) else "")
            children.append(t.DocumentSymbol(name=ident, kind=symbol_kind, range=full, selection_range=_range(d.span),
                                             detail=detail or None))
        if children:
            first, last = children[0].range.start, children[-1].range.end
            key_line = first.line - 1
            while key_line > 0 and not idx.lines[key_line].startswith(section):
                key_line -= 1
            start = t.Position(max(key_line, 0), 0)
            out.append(t.DocumentSymbol(name=section, kind=t.SymbolKind.Namespace, range=t.Range(start, last),
                                        selection_range=t.Range(start, t.Position(start.line, len(section))),
                                        children=children))
    return out


class RenameError(ValueError):
    """A rename that cannot be done as asked; the message says why and what to do."""


def rename_target(idx: Index, line: int, col: int) -> tuple[str, Span] | None:
    """The node or ending id under the cursor (its key or a reference to it) and its span."""
    ref = idx.reference_at(line, col)
    if ref is not None and ref.kind in ("goto", "start", "visited") and idx.target(ref.target) is not None:
        return ref.target, ref.span
    d = idx.definition_at(line, col)
    if d is not None and d.kind in ("node", "ending"):
        return d.id, d.span
    return None


def rename(idx: Index, uri: str, line: int, col: int, new_name: str) -> t.WorkspaceEdit:
    if not idx.ok:
        raise RenameError("the file is not valid YAML right now; fix the syntax error first, then rename")
    hit = rename_target(idx, line, col)
    if hit is None:
        raise RenameError("put the cursor on a node or ending id (its key, a goto, start or visited(...)) to rename it")
    old, _ = hit
    if not ID_RE.match(new_name):
        raise RenameError(f"'{new_name}' is not a valid id: use letters, digits, '-' and '_'")
    if new_name != old and idx.target(new_name) is not None:
        raise RenameError(f"'{new_name}' is already a node or ending id; pick another name")
    edits = [t.TextEdit(range=_range(s), new_text=new_name) for s in occurrences(idx, old)]
    return t.WorkspaceEdit(changes={uri: edits})
