"""The scenario map: a pure graph model, its layout (``simulator.graph_layout``) and exports.

``scenario_graph(scenario)`` builds a ``ScenarioGraph``: one ``GraphNode`` per
node and ending, one ``GraphEdge`` per distinct (source, target, label), a
layout in which no edge passes behind a box, and marks: from the linter's view
of the graph (unreachable nodes, dead ends), from the search (traps, the best
path), from the design report (each choice's regret: what it costs in expected
outcome against the best move, on what the rep can know) and, when given, the
node ids of an attempt's path. ``to_dot``, ``to_mermaid`` and ``to_svg``
(``simulator.graph_svg``) export it; ``export`` wraps the layout into bands no
wider than 3:1 first.

No Qt here: the studio draws the same ``ScenarioGraph`` with QGraphicsItems.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from xml.sax.saxutils import escape as _xml_escape

from simulator.loader import Scenario

from simulator.graph_layout import LAYER_GAP, NODE_H, NODE_W, PORT_GAP, SWEEPS  # noqa: E402,F401 - re-exported

EXPORT_ASPECT = 3.0  # exported maps (SVG, PNG) wrap into bands no wider than this : 1
# edges by regret (expected outcome lost against the best move): none, small, costly, very costly
REGRET_BINS = ((0.5, "best", "#3f78c2", "Best move (no regret)"), (5.0, "small", "#b8a03a", "Small regret (< 5)"),
               (15.0, "costly", "#e07b1a", "Costly (5–15)"), (float("inf"), "severe", "#c62828", "Very costly (≥ 15)"))

OUTCOME_COLOURS = {  # fill, border: readable on white, also used by the studio
    "won": ("#dff3e0", "#2e7d32"),
    "advanced": ("#ddebfa", "#1565c0"),
    "stalled": ("#fbf0d3", "#b7860b"),
    "lost": ("#f9dcdc", "#c62828"),
}
KIND_COLOURS = {
    "choices": ("#ffffff", "#5f6b7a"),
    "routes": ("#f1f1f4", "#8a8f98"),
    "diagnose": ("#f3ecfb", "#7b52ab"),
}
UNREACHABLE_COLOURS = ("#eeeeee", "#9e9e9e")
TRAP_COLOUR = "#d32f2f"
BEST_COLOUR = "#2e7d32"
ATTEMPT_COLOUR = "#e65100"
EDGE_COLOUR = "#9aa3ad"


@dataclass
class GraphNode:
    id: str
    kind: str  # choices | routes | diagnose | ending
    label: str  # one-line summary: the first words said, the ending title, the diagnose prompt
    outcome: str | None = None  # endings only
    value: float | None = None  # endings only
    line: int = 1  # where it is written
    column: int = 1
    layer: int = 0
    order: int = 0
    x: float = 0.0
    y: float = 0.0
    w: float = NODE_W
    h: float = NODE_H
    reachable: bool = True  # some path of gotos leads here from the start
    dead_end: bool = False  # no path of gotos leads from here to an ending
    trap: bool = False  # a reachable state here cannot reach an ending (the search says)
    on_best: bool = False
    on_attempt: bool = False

    @property
    def is_ending(self) -> bool:
        return self.kind == "ending"

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)


@dataclass
class GraphEdge:
    source: str
    target: str
    label: str  # option id, route condition/chance, "" for a diagnose goto
    kind: str  # choice | route | goto
    cond: str | None = None  # the option's or route's `if`, as written
    back: bool = False  # goes to an earlier (or the same) layer: a loop
    on_best: bool = False
    on_attempt: bool = False
    route: list = field(default_factory=list)  # path segments: ("L", p0, p1) | ("C", p0, c1, c2, p1)
    regret: float | None = None  # mean regret of the choice over the beliefs it is offered in (None: not a choice)
    regret_range: tuple[float, float] | None = None

    @property
    def regret_bin(self) -> str | None:
        """"best" | "small" | "costly" | "severe", or None when there is no regret to show."""
        if self.regret is None:
            return None
        return next(name for limit, name, _, _ in REGRET_BINS if self.regret < limit)


@dataclass
class ScenarioGraph:
    scenario_id: str
    title: str
    start: str
    nodes: dict[str, GraphNode]
    edges: list[GraphEdge]
    layers: list[list[str]] = field(default_factory=list)
    best_path: list[str] = field(default_factory=list)  # node ids, start to ending
    attempt_path: list[str] = field(default_factory=list)
    search_note: str = ""  # why traps / the best path are missing, if they are
    bands: list = field(default_factory=list)  # (top, bottom, first layer, last layer) per band

    @property
    def width(self) -> float:
        xs = [n.x + n.w for n in self.nodes.values()] + [p[0] for e in self.edges for seg in e.route for p in seg[1:]]
        return max(xs, default=0.0)

    @property
    def height(self) -> float:
        ys = [n.y + n.h for n in self.nodes.values()] + [p[1] for e in self.edges for seg in e.route for p in seg[1:]]
        return max(ys, default=0.0)

    def mark_attempt(self, path: list[str] | None) -> None:
        """Overlay an attempt's path (node and ending ids in the order entered; unknown ids are skipped)."""
        path = [p for p in (path or []) if p in self.nodes]
        self.attempt_path = path
        for n in self.nodes.values():
            n.on_attempt = False
        for e in self.edges:
            e.on_attempt = False
        for p in path:
            self.nodes[p].on_attempt = True
        pairs = set(zip(path, path[1:]))
        for e in self.edges:
            if (e.source, e.target) in pairs:
                e.on_attempt = True


# --- building ---------------------------------------------------------------------


def _first_words(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def node_label(scenario: Scenario, node_id: str) -> str:
    if node_id in scenario.endings:
        return scenario.endings[node_id].title
    node = scenario.nodes[node_id]
    if node.kind == "diagnose" and node.prompt:
        return _first_words(node.prompt)
    for ln in node.lines:
        text = ln.text or (ln.variants[-1].text if getattr(ln, "variants", ()) else "")  # format 2: the default variant
        if text.strip():
            return _first_words(text)
    if node.kind == "routes":
        return "(silent: routes only)"
    return ""


def _edges(scenario: Scenario) -> list[GraphEdge]:
    out: list[GraphEdge] = []
    seen: set = set()

    def add(edge: GraphEdge) -> None:
        key = (edge.source, edge.target, edge.label)
        if key not in seen:
            seen.add(key)
            out.append(edge)

    for nid, node in scenario.nodes.items():
        if node.kind == "choices":
            for o in node.options:
                add(GraphEdge(nid, o.goto, o.id, "choice", o.cond.source if o.cond is not None else None))
        elif node.kind == "diagnose":
            for o in node.options:  # every diagnose option goes to the node's goto
                add(GraphEdge(nid, o.goto, "", "goto"))
        else:
            for r in node.routes:
                parts = []
                if r.cond is not None:
                    parts.append(f"if {r.cond.source}")
                if r.chance is not None:
                    parts.append(f"{r.chance:.0%}")
                add(GraphEdge(nid, r.goto, " · ".join(parts), "route", r.cond.source if r.cond is not None else None))
    return [e for e in out if e.target in scenario.nodes or e.target in scenario.endings]


def _reachable_from(start: str, succ: dict[str, list[str]]) -> set[str]:
    seen = {start}
    todo = deque([start])
    while todo:
        for t in succ.get(todo.popleft(), ()):
            if t not in seen:
                seen.add(t)
                todo.append(t)
    return seen


def scenario_graph(scenario: Scenario, attempt: list[str] | None = None, with_search: bool = True,
                   max_aspect: float | None = None) -> ScenarioGraph:
    """The map of ``scenario``: nodes, edges, layout and marks (``with_search=False`` skips traps, the best
    path and regret). ``max_aspect``: wrap the layout into bands no wider than this : 1 (exports)."""
    nodes: dict[str, GraphNode] = {}
    for nid, node in scenario.nodes.items():
        line, col = scenario.position("nodes", nid)
        nodes[nid] = GraphNode(nid, node.kind, node_label(scenario, nid), line=line, column=col)
    for eid, end in scenario.endings.items():
        line, col = scenario.position("endings", eid)
        nodes[eid] = GraphNode(eid, "ending", end.title, outcome=end.outcome, value=end.value, line=line, column=col)
    edges = _edges(scenario)
    succ: dict[str, list[str]] = {}
    pred: dict[str, list[str]] = {}
    for e in edges:
        succ.setdefault(e.source, []).append(e.target)
        pred.setdefault(e.target, []).append(e.source)

    reach = _reachable_from(scenario.start, succ)
    finishing = set(scenario.endings)
    todo = deque(scenario.endings)
    while todo:
        for s in pred.get(todo.popleft(), ()):
            if s not in finishing:
                finishing.add(s)
                todo.append(s)
    for n in nodes.values():
        n.reachable = n.id in reach
        n.dead_end = not n.is_ending and n.id not in finishing

    outs: dict[str, int] = {}
    ins: dict[str, int] = {}
    for e in edges:  # room for every edge's own port on the box's sides, and for the choice ids beside them
        outs[e.source] = outs.get(e.source, 0) + (PORT_GAP if e.kind == "choice" else 7.0)
        ins[e.target] = ins.get(e.target, 0) + 7.0
    for n in nodes.values():
        n.h = max(NODE_H, outs.get(n.id, 0) + 16, ins.get(n.id, 0) + 16)

    graph = ScenarioGraph(scenario.id, scenario.title, scenario.start, nodes, edges)
    layout(graph, max_aspect=max_aspect)
    if with_search:
        _mark_search(graph, scenario)
        _mark_regret(graph, scenario)
    graph.mark_attempt(attempt)
    return graph


def _mark_regret(graph: ScenarioGraph, scenario: Scenario) -> None:
    """Each choice edge's regret from the design report (``simulator.design``): V - Q of the option at every
    belief its node is met in; the mean colours the edge, the range goes in its tooltip."""
    from simulator.beliefs import BeliefBoundError, beliefs
    from simulator.design import design_rows
    from simulator.search import StateBoundError

    try:
        rows = design_rows(beliefs(scenario))
    except (BeliefBoundError, StateBoundError) as exc:
        graph.search_note = graph.search_note or f"regret colours are not shown: {exc}"
        return
    seen: dict[tuple[str, str], list[float]] = {}
    for row in rows:
        if row["kind"] != "choices":
            continue
        for o in row["options"]:
            seen.setdefault((row["node"], o["id"]), []).append(o["regret"])
    for e in graph.edges:
        values = seen.get((e.source, e.label)) if e.kind == "choice" else None
        if values:
            e.regret = sum(values) / len(values)
            e.regret_range = (min(values), max(values))


def _mark_search(graph: ScenarioGraph, scenario: Scenario) -> None:
    from simulator.search import StateBoundError, analyse

    try:
        r = analyse(scenario)
    except StateBoundError as exc:
        graph.search_note = f"traps and the best path are not shown: {exc}"
        return
    for s, ok in enumerate(r.can_end):
        if not ok and r.kind[s] != "ending":
            nid = r.keys[s][0]
            if nid in graph.nodes:
                graph.nodes[nid].trap = True
    path, taken = best_node_path(r, scenario)
    graph.best_path = path
    for nid in path:
        if nid in graph.nodes:
            graph.nodes[nid].on_best = True
    for e in graph.edges:
        if (e.source, e.target, e.label) in taken:
            e.on_best = True


def best_node_path(r, scenario: Scenario) -> tuple[list[str], set[tuple[str, str, str]]]:
    """Node ids along ``analysis.best_path`` (best moves, the likeliest branch at chance routes),
    and the edges taken as (source, target, edge label)."""
    from simulator.engine import enter, env_of, route_distribution

    out: list[str] = []
    taken: set[tuple[str, str, str]] = set()
    s = 0
    seen: set[int] = set()
    while 0 <= s and s not in seen and len(out) < 1000:
        seen.add(s)
        nid = r.keys[s][0]
        out.append(nid)
        k = r.kind[s]
        if k == "decision":
            info = r.decisions[s]
            best = r.best_options(s)
            q = r.q_values(s)
            a = max((i for i, o in enumerate(info.options) if o in best), key=lambda i: (q[i], sum(info.evidence[i].values())))
            s = info.succ[a]
            target = r.keys[s][0]
            taken.add((nid, target, info.options[a] if info.kind == "choices" else ""))
        elif k == "routes":
            p, t = max(r.routes[s], key=lambda pt: pt[0])
            if t < 0:
                break
            # which route: the first applicable one leading there (same rule as the engine)
            node = scenario.nodes[nid]
            vals, vis = enter(scenario, nid, r.keys[s][1], r.keys[s][2])
            dist, _ = route_distribution(node, env_of(scenario, vals), vis)
            for prob, goto, i in dist:
                if goto == r.keys[t][0]:
                    route = node.routes[i]
                    parts = []
                    if route.cond is not None:
                        parts.append(f"if {route.cond.source}")
                    if route.chance is not None:
                        parts.append(f"{route.chance:.0%}")
                    taken.add((nid, goto, " · ".join(parts)))
                    break
            s = t
        else:
            break
    return out, taken


# --- layout: simulator.graph_layout ---------------------------------------------------


def layout(graph: ScenarioGraph, sweeps: int = SWEEPS, max_aspect: float | None = None) -> None:
    """Lay the map out (see ``simulator.graph_layout``); ``max_aspect`` wraps it into bands."""
    from simulator.graph_layout import layout as _layout

    _layout(graph, sweeps, max_aspect)


# --- exports ----------------------------------------------------------------------


def _dot_quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(graph: ScenarioGraph) -> str:
    """Graphviz DOT, left to right, with the same colours and marks as the map."""
    out = [
        f"// {graph.title} ({graph.scenario_id})",
        "digraph scenario {",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9, color="#9aa3ad"];',
    ]
    for n in graph.nodes.values():
        fill, border = _node_colours(n)
        attrs = {
            "label": f"{n.id}\n{n.label}",
            "fillcolor": fill,
            "color": TRAP_COLOUR if n.trap else border,
        }
        style = ["rounded", "filled"]
        if not n.reachable:
            style.append("dashed")
        if n.trap or n.on_best or n.on_attempt:
            attrs["penwidth"] = "2.5"
        attrs["style"] = ",".join(style)
        if n.is_ending:
            attrs["shape"] = "box"
            attrs["peripheries"] = "2"
        text = ", ".join(f"{k}={_dot_quote(v)}" for k, v in attrs.items())
        out.append(f"  {_dot_quote(n.id)} [{text}];")
    for e in graph.edges:
        attrs = {}
        if e.label:
            attrs["label"] = e.label
        if e.on_attempt:
            attrs.update(color=ATTEMPT_COLOUR, penwidth="2.5")
        elif e.on_best:
            attrs.update(color=BEST_COLOUR, penwidth="2.5")
        elif e.regret_bin is not None:  # coloured by regret, as on the map
            attrs["color"] = next(c for _, name, c, _ in REGRET_BINS if name == e.regret_bin)
        if e.kind == "route":
            attrs["style"] = "dashed"
        text = (" [" + ", ".join(f"{k}={_dot_quote(v)}" for k, v in attrs.items()) + "]") if attrs else ""
        out.append(f"  {_dot_quote(e.source)} -> {_dot_quote(e.target)}{text};")
    out.append("}")
    return "\n".join(out) + "\n"


def _mermaid_id(i: str, table: dict[str, str]) -> str:
    if i not in table:
        table[i] = f"n{len(table)}"
    return table[i]


def _mermaid_text(s: str) -> str:
    # inside "...": quotes and markup characters as entity codes, as Mermaid documents
    out = []
    for ch in s:
        if ch in '"#<>&|{}[]()`;':
            out.append(f"#{ord(ch)};")
        else:
            out.append(ch)
    return "".join(out)


def to_mermaid(graph: ScenarioGraph) -> str:
    """Mermaid flowchart (LR). Ids are mapped to n0, n1, ... so any node id is safe; labels keep the real id."""
    table: dict[str, str] = {}
    out = ["flowchart LR"]
    for n in graph.nodes.values():
        mid = _mermaid_id(n.id, table)
        text = _mermaid_text(f"{n.id}: {n.label}" if n.label else n.id)
        if n.is_ending:
            out.append(f'  {mid}(["{text}"])')
        elif n.kind == "routes":
            out.append(f'  {mid}{{{{"{text}"}}}}')
        else:
            out.append(f'  {mid}["{text}"]')
    for k, e in enumerate(graph.edges):
        s, t = _mermaid_id(e.source, table), _mermaid_id(e.target, table)
        arrow = "-.->" if e.kind == "route" else "-->"
        if e.label:
            out.append(f'  {s} {arrow}|"{_mermaid_text(e.label)}"| {t}')
        else:
            out.append(f"  {s} {arrow} {t}")
    for name, (fill, border) in {**OUTCOME_COLOURS, **KIND_COLOURS}.items():
        out.append(f"  classDef {name} fill:{fill},stroke:{border}")
    out.append(f"  classDef unreachable fill:{UNREACHABLE_COLOURS[0]},stroke:{UNREACHABLE_COLOURS[1]},stroke-dasharray:4 3")
    out.append(f"  classDef trap stroke:{TRAP_COLOUR},stroke-width:3px")
    for n in graph.nodes.values():
        cls = n.outcome if n.is_ending else n.kind
        if not n.reachable:
            cls = "unreachable"
        if n.trap:
            cls = "trap"
        out.append(f"  class {table[n.id]} {cls}")
    best = [k for k, e in enumerate(graph.edges) if e.on_best]
    att = [k for k, e in enumerate(graph.edges) if e.on_attempt]
    if best:
        out.append(f"  linkStyle {','.join(map(str, best))} stroke:{BEST_COLOUR},stroke-width:3px")
    if att:
        out.append(f"  linkStyle {','.join(map(str, att))} stroke:{ATTEMPT_COLOUR},stroke-width:3px")
    return "\n".join(out) + "\n"


def _node_colours(n: GraphNode) -> tuple[str, str]:
    if n.is_ending:
        return OUTCOME_COLOURS.get(n.outcome or "", KIND_COLOURS["choices"])
    if not n.reachable:
        return UNREACHABLE_COLOURS
    return KIND_COLOURS.get(n.kind, KIND_COLOURS["choices"])


def node_colours(n: GraphNode) -> tuple[str, str]:
    """(fill, border) of a node on the map, as hex colours."""
    return _node_colours(n)


def node_tag(n) -> str:
    """The short status shown after a node's id on the map (SVG export and the studio alike)."""
    if n.is_ending:
        return f" · {n.outcome}"
    if n.trap:
        return " · trap"
    if not n.reachable:
        return " · unreachable"
    if n.kind == "diagnose":
        return " · diagnose"
    return ""


def _esc(s: str) -> str:
    return _xml_escape(s, {'"': "&quot;", "'": "&apos;"})


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


LEGEND = [
    ("won", "Ending: won"),
    ("advanced", "Ending: advanced"),
    ("stalled", "Ending: stalled"),
    ("lost", "Ending: lost"),
    ("choices", "Choice"),
    ("routes", "Buyer reaction (routes)"),
    ("diagnose", "Diagnose question"),
    ("unreachable", "Unreachable"),
    ("trap", "Trap: can get stuck"),
    ("best", "Best path"),
    ("attempt", "Attempt's path"),
] + [(f"regret-{name}", text) for _, name, _, text in REGRET_BINS]


def to_svg(graph: ScenarioGraph, margin: float = 24.0, max_aspect: float | None = EXPORT_ASPECT) -> str:
    """A self-contained SVG of the map (see ``simulator.graph_svg``). A map laid out in one band is laid
    out again, on a copy, wrapped into bands no wider than ``max_aspect`` : 1."""
    from simulator.graph_svg import to_svg as _to_svg

    if max_aspect and graph.nodes and len(graph.bands) <= 1:
        import copy

        wrapped = copy.deepcopy(graph)
        layout(wrapped, max_aspect=max_aspect)
        graph = wrapped
    return _to_svg(graph, margin)


def export(scenario: Scenario, fmt: str, attempt: list[str] | None = None) -> str:
    """``dot`` | ``mermaid`` | ``svg`` text of the scenario's map."""
    graph = scenario_graph(scenario, attempt=attempt, max_aspect=EXPORT_ASPECT if fmt == "svg" else None)
    if fmt == "dot":
        return to_dot(graph)
    if fmt == "mermaid":
        return to_mermaid(graph)
    if fmt == "svg":
        return to_svg(graph)
    raise ValueError(f"unknown map format {fmt!r}; use dot, mermaid or svg")
