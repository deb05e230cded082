"""Scenario files -> compiled ``Scenario`` objects plus located diagnostics.

Pipeline: bytes -> YAML with positions (``yamlread``) -> pydantic models
(``model``) -> semantic checks with exact positions -> a compiled, immutable
``Scenario`` that the engine and the search run on. Every error found is
reported in one pass.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import stat
import re
from pathlib import Path
from typing import Any, Iterable

from pydantic import ValidationError

from simulator import FORMAT_VERSIONS
from simulator.compiled import (  # noqa: F401  (re-exported: the engine and others import them from here)
    Effect,
    Ending,
    EvidenceRule,
    Line,
    Node,
    Option,
    Person,
    Route,
    Scenario,
    Situation,
    TextVariant,
    Variable,
)
from simulator.errors import Diagnostic, ScenarioError
from simulator.expressions import ExprError, Expression, VarType, build
from simulator.library_files import SCENARIO_SUFFIXES, scenario_files  # noqa: F401 (re-exported)
from simulator.loader_avatar import _check_avatar
from simulator.loader_diagnostics import _pydantic_diagnostics, _Report, _resolve_loc, _type_word, data_at, suggest  # noqa: F401
from simulator.loader_format2 import TextCompiler, compile_situations, report_format1_uses, set_effect, state_variable
from simulator.model import (
    COMPUTED_COMPONENTS,
    DEFAULT_WEIGHTS,
    OUTCOME_VALUES,
    STANDARD_COMPETENCIES,
    ScenarioModel,
)
from simulator.yamlread import Document, Mark, YamlLimit, read

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 20_000
NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
ID_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*$")

# --- loading -------------------------------------------------------------------


def content_hash(model: ScenarioModel) -> str:
    dumped = model.model_dump(mode="json", by_alias=True)
    # format 2 keys left out are left out of the hash, so version 1 hashes never change
    if not dumped.get("situations"):
        dumped.pop("situations", None)
    for node in dumped.get("nodes", {}).values():
        if node.get("order") is None:
            node.pop("order", None)
        for line in node.get("lines") or ():
            if line.get("if") is None:
                line.pop("if", None)
    canonical = json.dumps(dumped, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load(path: str | os.PathLike, *, library_root: str | os.PathLike | None = None, display: str | None = None) -> tuple[Scenario | None, list[Diagnostic]]:
    """Load one file. Returns (scenario or None when it has errors, every diagnostic)."""
    path = Path(path)
    display = display if display is not None else str(path)
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # a FIFO or device would block the read forever
            what = "a folder" if stat.S_ISDIR(st.st_mode) else "a named pipe" if stat.S_ISFIFO(st.st_mode) else "a device or socket"
            return None, [Diagnostic(display, 1, 1, "error", f"skipped: {what}, not a regular file; only regular files are read", "io")]
        size = st.st_size
        if size > MAX_FILE_BYTES:
            return None, [Diagnostic(display, 1, 1, "error", f"file is {size / 1048576:.1f} MiB; a scenario may be at most 2 MiB — split it into several scenarios", "limit")]
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [Diagnostic(display, 1, 1, "error", f"cannot read the file: {exc.strerror or exc}", "io")]
    return load_text(raw, path=path, library_root=library_root, display=display)


def _decode(raw: bytes, display: str) -> tuple[str | None, Diagnostic | None]:
    if len(raw) > MAX_FILE_BYTES:
        return None, Diagnostic(display, 1, 1, "error", "file is over 2 MiB; a scenario may be at most 2 MiB — split it into several scenarios", "limit")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, Diagnostic(display, line, col, "error", "the file is not UTF-8 text; save it as UTF-8", "encoding")
    return text, None


def load_text(raw: bytes | str, *, path: Path | None = None, library_root=None, display: str = "<scenario>") -> tuple[Scenario | None, list[Diagnostic]]:
    """Load scenario text (bytes are decoded as UTF-8). Returns (scenario or None, every diagnostic)."""
    # Loading builds many small objects and no reference cycles worth collecting;
    # pausing the cyclic collector makes big files markedly faster.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _load_text(raw, path=path, library_root=library_root, display=display)
    except Exception as exc:  # noqa: BLE001 - one bad file must never take the others down: it becomes its own diagnostic
        return None, [Diagnostic(display, 1, 1, "error", f"this file could not be loaded ({type(exc).__name__}: "
                                 f"{str(exc)[:160]}); please report it with the file", "internal")]
    finally:
        if paused:
            gc.enable()


def _load_text(raw: bytes | str, *, path: Path | None, library_root, display: str) -> tuple[Scenario | None, list[Diagnostic]]:
    if isinstance(raw, str):
        text = raw
        if len(text.encode("utf-8")) > MAX_FILE_BYTES:
            return None, [Diagnostic(display, 1, 1, "error", "file is over 2 MiB; a scenario may be at most 2 MiB — split it into several scenarios", "limit")]
    else:
        text, problem = _decode(raw, display)
        if problem:
            return None, [problem]
    path = Path(path) if path is not None else Path(display)
    try:
        doc = read(text)
    except YamlLimit as exc:
        p = exc.problem
        return None, [Diagnostic(display, p.mark.line, p.mark.column, "error", p.message, p.code)]
    rep = _Report(display, doc)
    for p in doc.problems:
        rep.at(p.mark, p.message, p.code)
    data = doc.data
    if not isinstance(data, dict):
        rep.at(doc.where(()), "a scenario file must be a YAML mapping of keys such as format, id, title, nodes", "wrong-type")
        return None, sorted(rep.items)
    fmt = data.get("format")
    if "format" in data and (type(fmt) is not int or fmt not in FORMAT_VERSIONS):
        supported = " or ".join(map(str, FORMAT_VERSIONS))
        if isinstance(fmt, bool):
            msg = f"format must be a whole number ({supported}), not a flag (true/false)"
        elif isinstance(fmt, float) and fmt in FORMAT_VERSIONS:
            msg = f"format must be a whole number ({supported}), not {fmt!r}; write 'format: {int(fmt)}'"
        else:
            msg = f"format {fmt!r} is not supported; this program reads format {supported}"
        rep.value(("format",), msg, "format")
        return None, sorted(rep.items)
    nodes = data.get("nodes")
    if isinstance(nodes, dict) and len(nodes) > MAX_NODES:
        rep.key(("nodes",), f"{len(nodes):,} nodes is over the limit of {MAX_NODES:,}; split the scenario", "limit")
        return None, sorted(rep.items)
    try:
        model = ScenarioModel.model_validate(data)
    except ValidationError as exc:
        _pydantic_diagnostics(rep, data, exc)
        # Unknown keys alone do not stop the semantic checks: drop them and go on,
        # so one pass reports a typo'd key and, say, a bad goto together.
        errors = exc.errors(include_url=False)
        if any(e["type"] != "extra_forbidden" for e in errors):
            return None, sorted(rep.items)
        data = _prune(data, [_resolve_loc(data, tuple(e["loc"]))[0] for e in errors])
        try:
            model = ScenarioModel.model_validate(data)
        except ValidationError:
            return None, sorted(rep.items)
    root = Path(library_root) if library_root is not None else path.parent
    scenario = _compile(model, data, doc, rep, path, root, text)
    rep.items.sort()
    if rep.has_errors or scenario is None:
        return None, rep.items
    scenario.source = text
    return scenario, rep.items


def load_library(paths: Iterable[str | os.PathLike]) -> tuple[list[Scenario], list[Diagnostic]]:
    """Load files and folders as one library.

    A folder is searched recursively (see ``scenario_files``) and is the library
    root of its files, so their avatars must stay inside it; a single file's root
    is its own folder. A scenario id used twice is an error on the later file,
    which is left out. Returns (the scenarios that loaded, every diagnostic).
    """
    scenarios: list[Scenario] = []
    diagnostics: list[Diagnostic] = []
    seen_files: set[Path] = set()
    owners: dict[str, Scenario] = {}
    for given in paths:
        given = Path(given)
        if given.is_dir():
            unreadable: list[OSError] = []
            entries = [(f, given, str(f)) for f in scenario_files(given, unreadable)]
            for exc in unreadable:
                diagnostics.append(Diagnostic(str(exc.filename or given), 1, 1, "error",
                                              f"cannot read the folder ({exc.strerror or exc}); its scenarios were not checked", "io"))
        elif given.exists():
            entries = [(given, given.parent, str(given))]
        else:
            diagnostics.append(Diagnostic(str(given), 1, 1, "error", "no such file or folder", "io"))
            continue
        for file, root, display in entries:
            key = file.resolve()
            if key in seen_files:
                continue
            seen_files.add(key)
            scenario, diags = load(file, library_root=root, display=display)
            diagnostics.extend(diags)
            if scenario is None:
                continue
            first = owners.get(scenario.id)
            if first is not None:
                line, column = scenario.doc.where(("id",)).line, scenario.doc.where(("id",)).column
                diagnostics.append(
                    Diagnostic(
                        display, line, column, "error",
                        f"scenario id '{scenario.id}' is already used by {first.display_path}; ids must be unique in a library",
                        "duplicate-id",
                    )
                )
                continue
            owners[scenario.id] = scenario
            scenarios.append(scenario)
    return scenarios, diagnostics


def _prune(data: Any, paths: list[tuple]) -> Any:
    """A copy of ``data`` without the entries at ``paths`` (only the containers on the way are copied)."""
    if not paths:
        return data
    if () in paths:
        return data
    heads: dict = {}
    for p in paths:
        heads.setdefault(p[0], []).append(p[1:])
    if isinstance(data, dict):
        out = dict(data)
        for k, rests in heads.items():
            if k in out:
                if () in rests:
                    del out[k]
                else:
                    out[k] = _prune(out[k], rests)
        return out
    if isinstance(data, list):
        out_list = list(data)
        for i, rests in heads.items():
            if isinstance(i, int) and 0 <= i < len(out_list) and () not in rests:
                out_list[i] = _prune(out_list[i], rests)
        return out_list
    return data


def load_or_raise(path, **kw) -> Scenario:
    scenario, diags = load(path, **kw)
    if scenario is None:
        raise ScenarioError(diags)
    return scenario


# --- semantic checks and compilation --------------------------------------------------


def _expr_mark(doc: Document, text: str, path: tuple, offset: int) -> Mark:
    mark = doc.where(path)
    lines = _lines(doc, text)
    if 0 < mark.line <= len(lines):
        line = lines[mark.line - 1]
        ch = line[mark.column - 1 : mark.column]
        if ch in ("|", ">"):
            return mark
        if ch in ('"', "'"):
            return Mark(mark.line, mark.column + 1 + offset)
        return Mark(mark.line, mark.column + offset)
    return mark


def _lines(doc: Document, text: str) -> list[str]:
    cached = getattr(doc, "_lines", None)
    if cached is None:
        cached = text.split("\n")
        doc._lines = cached  # type: ignore[attr-defined]
    return cached


def _compile(model: ScenarioModel, data: dict, doc: Document, rep: _Report, path: Path, root: Path, source_text: str) -> Scenario | None:

    # people
    people: dict[str, Person] = {}
    for pid, p in model.people.items():
        avatar = None
        if p.avatar is not None:
            avatar = _check_avatar(rep, ("people", pid, "avatar"), p.avatar, path, root)
        people[pid] = Person(pid, p.name, p.role, p.company, p.style, avatar, p.about)

    # state variables
    variables: dict[str, Variable] = {}
    types: dict[str, VarType] = {}
    for name, v in model.state.items():
        vp = ("state", name)
        if not NAME_RE.match(name) or name in ("and", "or", "not", "true", "false", "visited"):
            rep.key(vp, f"state variable name '{name}' must be a word of letters, digits and _ (so expressions can use it)", "bad-name")
        start = v.start
        if isinstance(start, bool):
            for extra in ("min", "max", "values"):
                if getattr(v, extra) is not None:
                    rep.key(vp + (extra,), f"'{extra}' does not apply to the flag '{name}'", "bad-value")
            var = Variable(name, "flag", start, label=v.label or name, show=v.show)
        elif isinstance(start, (int, float)):
            lo = v.min if v.min is not None else 0.0
            hi = v.max if v.max is not None else 100.0
            if v.values is not None:
                rep.key(vp + ("values",), f"'values' does not apply to the number '{name}'", "bad-value")
            if lo > hi:
                rep.value(vp + ("min",), f"min {lo:g} is above max {hi:g} for '{name}'", "out-of-range")
            elif not lo <= start <= hi:
                rep.value(vp + ("start",) if isinstance(data["state"][name], dict) else vp, f"start {start:g} of '{name}' is outside {lo:g}..{hi:g}", "out-of-range")
            var = Variable(name, "number", _num(start), _num(lo), _num(hi), label=v.label or name, show=v.show)
        else:
            if v.values is None:
                rep.key(vp, f"the text variable '{name}' needs 'values: [...]' listing what it can be", "missing-key")
                values: tuple[str, ...] = (start,)
            else:
                values = tuple(v.values)
                if not values:
                    rep.value(vp + ("values",), f"'values' of '{name}' must not be empty", "empty")
                dup = {x for x in values if values.count(x) > 1}
                if dup:
                    rep.value(vp + ("values",), f"'values' of '{name}' lists {sorted(dup)[0]!r} twice", "duplicate-id")
                if values and start not in values:
                    rep.value(vp + ("start",), f"start '{start}' of '{name}' is not one of its values ({', '.join(values)}){suggest(start, values)}", "bad-value")
            for extra in ("min", "max"):
                if getattr(v, extra) is not None:
                    rep.key(vp + (extra,), f"'{extra}' does not apply to the text '{name}'", "bad-value")
            var = Variable(name, "text", start, values=values, label=v.label or name, show=v.show)
        variables[name] = var
        types[name] = VarType(var.kind, var.values)

    # ids
    node_ids = set(model.nodes)
    ending_ids = set(model.endings)
    for eid in model.endings:
        if eid in node_ids:
            rep.key(("endings", eid), f"'{eid}' is both a node and an ending; node and ending ids must be unique", "duplicate-id")
    for section in ("nodes", "endings"):
        for nid in getattr(model, section):
            if not ID_RE.match(nid):
                rep.key((section, nid), f"id '{nid}' must use letters, digits, '-' and '_' only", "bad-name")
    targets = node_ids | ending_ids
    if model.start not in node_ids:
        hint = suggest(model.start, node_ids)
        extra = " (the start must be a node, not an ending)" if model.start in ending_ids else ""
        rep.value(("start",), f"start node '{model.start}' does not exist{extra}{hint}", "bad-reference")

    # competencies and weights
    custom = tuple(model.competencies)
    for cid in custom:
        if cid in STANDARD_COMPETENCIES or cid in COMPUTED_COMPONENTS:
            rep.key(("competencies", cid), f"'{cid}' is a built-in component; give the custom competency another id", "duplicate-id")
        elif not NAME_RE.match(cid):
            rep.key(("competencies", cid), f"competency id '{cid}' must be a word of letters, digits and _", "bad-name")
    competencies = STANDARD_COMPETENCIES + tuple(c for c in custom if c not in STANDARD_COMPETENCIES and c not in COMPUTED_COMPONENTS)
    labels = {c: c.capitalize() for c in STANDARD_COMPETENCIES}
    labels.update({c: model.competencies[c].label for c in custom})
    labels.update({"judgment": "Judgment", "outcome": "Outcome", "calibration": "Calibration"})
    components = set(competencies) | set(COMPUTED_COMPONENTS)
    weights = dict(DEFAULT_WEIGHTS)
    weights.update({c: 1.0 for c in competencies if c not in weights})
    if model.scoring.ask_confidence:
        weights["calibration"] = 1.0
    for comp, w in model.scoring.weights.items():
        if comp not in components:
            rep.key(("scoring", "weights", comp), f"weight for unknown component '{comp}'{suggest(comp, components)}", "unknown-name")
        weights[comp] = float(w)
    if not model.scoring.ask_confidence:
        weights.pop("calibration", None)

    # expressions and references
    used_visits: set[str] = set()

    built: dict[str, Expression | ExprError] = {}  # the same condition is often written many times

    def expr(src: str | None, p: tuple) -> Expression | None:
        if src is None:
            return None
        e = built.get(src)
        if e is None:
            try:
                e = build(src, types, targets)
            except ExprError as exc:
                e = exc
            built[src] = e
        if isinstance(e, ExprError):
            rep.at(_expr_mark(doc, source_text, p, e.offset), e.message, e.code)
            return None
        used_visits.update(e.visited_ids)
        return e

    def ref(target: str | None, p: tuple, what: str = "goto") -> None:
        if target is not None and target not in targets:
            rep.value(p, f"{what} '{target}' is not a node or ending{suggest(target, targets)}", "bad-reference")

    def who(pid: str | None, p: tuple) -> None:
        if pid is not None and pid not in model.people:
            rep.value(p, f"who '{pid}' is not one of the people{suggest(pid, model.people)}", "bad-reference")

    def points(pts: dict, p: tuple) -> dict[str, float]:
        for comp in pts:
            if comp in ("judgment", "outcome", "calibration"):
                rep.key(p + (comp,), f"'{comp}' is computed, not earned as points; use insight, discovery, tailoring, control or a custom competency", "unknown-name")
            elif comp not in competencies:
                rep.key(p + (comp,), f"points for undeclared competency '{comp}'{suggest(comp, competencies)} (declare custom ones under 'competencies:')", "unknown-name")
        return {c: float(x) for c, x in pts.items() if x != 0}

    def effects(effs: dict, p: tuple) -> tuple[Effect, ...]:
        out = []
        for name, val in effs.items():
            ep = p + (name,)
            var = state_variable(rep, ep, name, variables, model, "effect on")
            if var is None:
                continue
            raw = data_at(data, ep)
            if var.kind == "number":
                if isinstance(raw, dict):
                    out.append(Effect(name, "set", _num(val.set)))
                elif isinstance(val, bool) or not isinstance(val, (int, float)):
                    rep.value(ep, f"'{name}' is a number: give a number to add (negative subtracts) or {{set: N}}, not {_type_word(raw)}", "type-mismatch")
                else:
                    out.append(Effect(name, "add", _num(val)))
            else:
                effect = set_effect(rep, ep, var, val, raw)
                if effect is not None:
                    out.append(effect)
        return tuple(out)

    fmt = model.format
    if fmt == 1:
        report_format1_uses(rep, data)
    texts = TextCompiler(rep, source_text, fmt, variables, expr, suggest)
    situations = compile_situations(rep, model, data, variables, _num)

    option_ids: dict[str, tuple] = {}

    def option_id(given: str | None, auto: str, p: tuple) -> tuple[str, bool]:
        if given is None:
            return auto, False
        if given in option_ids:
            first = doc.where(option_ids[given] + ("id",))
            rep.value(p + ("id",), f"choice id '{given}' is already used (line {first.line}); ids must be unique in the scenario", "duplicate-id")
        else:
            option_ids[given] = p
        return given, True

    nodes: dict[str, Node] = {}
    for nid, n in model.nodes.items():
        np_ = ("nodes", nid)
        modes = [k for k in ("choices", "next", "diagnose") if getattr(n, k) is not None]
        if len(modes) != 1:
            if not modes:
                hint = " (to continue without a decision, use next: [{goto: ...}])" if n.goto else ""
                rep.key(np_, f"node '{nid}' must have exactly one of choices, next or diagnose{hint}", "node-shape")
            else:
                rep.key(np_ + (modes[1],), f"node '{nid}' has both {modes[0]} and {modes[1]}; a node does exactly one of them", "node-shape")
        if n.goto is not None and n.diagnose is None:
            if modes:
                rep.key(np_ + ("goto",), f"'goto' on a node goes with 'diagnose'; choices and routes carry their own goto", "node-shape")
        if n.diagnose is not None and n.goto is None:
            rep.key(np_ + ("diagnose",), f"node '{nid}' has diagnose but no 'goto' saying where to go next", "missing-key")
        if n.lines is not None and (n.text is not None or n.who is not None or n.mood is not None):
            rep.key(np_ + ("lines",), "use either who/text/mood or lines, not both", "node-shape")
        if n.lines is not None and not n.lines:
            rep.value(np_ + ("lines",), "lines must not be empty", "empty")
        who(n.who, np_ + ("who",))
        ref(n.goto, np_ + ("goto",))
        if n.mood is not None and n.who is None and n.lines is None:
            pass
        lines: list[Line] = []
        if n.lines is not None:
            for i, ln in enumerate(n.lines):
                who(ln.who, np_ + ("lines", i, "who"))
                lines.append(texts.line(ln.who, ln.text, ln.mood, ln.if_, np_ + ("lines", i)))
        elif n.text is not None:
            lines.append(texts.line(n.who, n.text, n.mood, None, np_))
        if n.order is not None and n.choices is None and n.diagnose is None:
            rep.key(np_ + ("order",), f"'order' applies to a node with choices or diagnose; node '{nid}' has none", "node-shape")
        entry = effects(n.effects, np_ + ("effects",))
        options: list[Option] = []
        routes: list[Route] = []
        kind = "routes"
        prompt = None
        if n.choices is not None:
            kind = "choices"
            if not n.choices:
                rep.value(np_ + ("choices",), f"node '{nid}' has an empty choices list", "empty")
            for i, c in enumerate(n.choices):
                cp = np_ + ("choices", i)
                cid, explicit = option_id(c.id, f"{nid}.{i + 1}", cp)
                ref(c.goto, cp + ("goto",))
                rules: list[EvidenceRule] = []
                if isinstance(c.evidence, dict):
                    rules.append(EvidenceRule(None, points(c.evidence, cp + ("evidence",)), None))
                elif isinstance(c.evidence, list):
                    for j, r in enumerate(c.evidence):
                        rp = cp + ("evidence", j)
                        rules.append(EvidenceRule(expr(r.if_, rp + ("if",)), points(r.points, rp + ("points",)), r.note))
                texts.option_text(c.text, cp + ("text",))
                options.append(Option(cid, c.text, expr(c.if_, cp + ("if",)), effects(c.effects, cp + ("effects",)), tuple(rules), c.note, c.goto, explicit))
        elif n.next is not None:
            if not n.next:
                rep.value(np_ + ("next",), f"node '{nid}' has an empty next list", "empty")
            for i, r in enumerate(n.next):
                rp = np_ + ("next", i)
                ref(r.goto, rp + ("goto",))
                routes.append(Route(expr(r.if_, rp + ("if",)), r.chance, r.goto))
        elif n.diagnose is not None:
            kind = "diagnose"
            prompt = n.diagnose.prompt
            texts.option_text(prompt, np_ + ("diagnose", "prompt"))
            for i, o in enumerate(n.diagnose.options):
                op = np_ + ("diagnose", "options", i)
                oid, explicit = option_id(o.id, f"{nid}.{i + 1}", op)
                texts.option_text(o.text, op + ("text",))
                pts = points(o.points, op + ("points",))
                options.append(Option(oid, o.text, None, (), (EvidenceRule(None, pts, None),), o.note, n.goto or "", explicit))
        nodes[nid] = Node(nid, kind, tuple(lines), entry, tuple(options), tuple(routes), prompt, n.order or "shuffled")

    # auto ids must not collide with explicit ones
    for node in nodes.values():
        for i, o in enumerate(node.options):
            if not o.explicit_id and o.id in option_ids:
                sub = "diagnose" if node.kind == "diagnose" else "choices"
                path_ = ("nodes", node.id, sub, i) if sub == "choices" else ("nodes", node.id, "diagnose", "options", i)
                rep.key(path_, f"the automatic id '{o.id}' clashes with an explicit id; give this option an id", "duplicate-id")

    endings = {}
    for eid, e in model.endings.items():
        text, variants = texts.text(e.text, ("endings", eid, "text"))
        endings[eid] = Ending(eid, e.title, text, e.outcome, float(e.value) if e.value is not None else OUTCOME_VALUES[e.outcome], variants)
    if rep.has_errors:
        return None
    return Scenario(
        model=model,
        path=path,
        display_path=rep.display,
        content_hash=content_hash(model),
        variables=variables,
        people=people,
        nodes=nodes,
        endings=endings,
        competencies=competencies,
        competency_labels=labels,
        weights=weights,
        tracked_visits=tuple(sorted(used_visits)),
        doc=doc,
        format=fmt,
        situations=situations,
    )


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)
