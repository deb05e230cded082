"""The scenario map: a pure graph model, a layered left-to-right layout, and exports.

``scenario_graph(scenario)`` builds a ``ScenarioGraph``: one ``GraphNode`` per
node and ending, one ``GraphEdge`` per distinct (source, target, label), a
layout, and marks from the linter's view of the graph (unreachable nodes,
dead ends), from the search (traps, the best path) and, when given, the node
ids of an attempt's path. ``to_dot``, ``to_mermaid`` and ``to_svg`` export it.

The layout is a Sugiyama-style layered layout kept deliberately small:

1. layering: back edges found by a depth-first search from the start are set
   aside, then each node's layer is the longest path to it from a source
   (the start first); endings all go to one last layer;
2. ordering: a few barycentre sweeps (down, then up) order each layer by the
   mean position of its neighbours in the adjacent layer;
3. placing: each node gets a fixed-size box; layers go left to right, nodes
   top to bottom, so boxes can never overlap.

No Qt here: the studio draws the same ``ScenarioGraph`` with QGraphicsItems.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from xml.sax.saxutils import escape as _xml_escape

from simulator.loader import Scenario

NODE_W = 200.0
NODE_H = 58.0
LAYER_GAP = 90.0  # horizontal space between layers
ROW_GAP = 22.0  # vertical space between boxes of one layer
SWEEPS = 4

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

    @property
    def width(self) -> float:
        return max((n.x + n.w for n in self.nodes.values()), default=0.0)

    @property
    def height(self) -> float:
        return max((n.y + n.h for n in self.nodes.values()), default=0.0)

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


def scenario_graph(scenario: Scenario, attempt: list[str] | None = None, with_search: bool = True) -> ScenarioGraph:
    """The map of ``scenario``: nodes, edges, layout and marks (``with_search=False`` skips traps/best path)."""
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

    graph = ScenarioGraph(scenario.id, scenario.title, scenario.start, nodes, edges)
    layout(graph)
    if with_search:
        _mark_search(graph, scenario)
    graph.mark_attempt(attempt)
    return graph


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


# --- layout -----------------------------------------------------------------------


def layout(graph: ScenarioGraph, sweeps: int = SWEEPS) -> None:
    """Assign ``layer``, ``order``, ``x`` and ``y`` to every node (see the module docstring)."""
    nodes = graph.nodes
    ids = list(nodes)
    succ: dict[str, list[str]] = {i: [] for i in ids}
    for e in graph.edges:
        succ[e.source].append(e.target)

    # 1. back edges by iterative DFS, the start first, then any node not yet seen (unreachable parts)
    state: dict[str, int] = {}  # 1 on stack, 2 done
    back: set[tuple[str, str]] = set()
    roots = [graph.start] + [i for i in ids if i != graph.start]
    for root in roots:
        if root in state or root not in nodes:
            continue
        state[root] = 1
        stack = [(root, iter(succ[root]))]
        while stack:
            v, it = stack[-1]
            for w in it:
                st = state.get(w)
                if st is None:
                    state[w] = 1
                    stack.append((w, iter(succ[w])))
                    break
                if st == 1:
                    back.add((v, w))
            else:
                state[v] = 2
                stack.pop()

    # longest path layering over the DAG that is left (Kahn's order)
    fwd: dict[str, list[str]] = {i: [] for i in ids}
    indeg = {i: 0 for i in ids}
    for e in graph.edges:
        if (e.source, e.target) in back or e.source == e.target:
            continue
        fwd[e.source].append(e.target)
        indeg[e.target] += 1
    layer = {i: 0 for i in ids}
    queue = deque(i for i in ids if indeg[i] == 0)
    while queue:
        v = queue.popleft()
        for w in fwd[v]:
            if layer[v] + 1 > layer[w]:
                layer[w] = layer[v] + 1
            indeg[w] -= 1
            if indeg[w] == 0:
                queue.append(w)
    endings = [i for i in ids if nodes[i].is_ending]
    inner = [i for i in ids if not nodes[i].is_ending]
    last = max((layer[i] for i in inner), default=-1) + 1
    for i in endings:
        layer[i] = last
    # a node layered 0 that is not the start sits beside the start: fine (an unreachable root)
    nlayers = max(layer.values(), default=-1) + 1
    layers: list[list[str]] = [[] for _ in range(nlayers)]
    for i in ids:  # source order within a layer to start with
        layers[layer[i]].append(i)
    if graph.start in nodes and graph.start in layers[0]:
        layers[0].remove(graph.start)
        layers[0].insert(0, graph.start)

    # 2. barycentre sweeps; neighbours over every edge (back edges included, they keep loops close)
    up: dict[str, list[str]] = {i: [] for i in ids}
    down: dict[str, list[str]] = {i: [] for i in ids}
    for e in graph.edges:
        if e.source == e.target:
            continue
        a, b = (e.source, e.target) if layer[e.source] < layer[e.target] else (e.target, e.source)
        if layer[a] == layer[b]:
            continue
        down[a].append(b)
        up[b].append(a)
    pos = {}
    for lst in layers:
        for k, i in enumerate(lst):
            pos[i] = k

    def reorder(lst: list[str], nbrs: dict[str, list[str]]) -> None:
        keyed = []
        for k, i in enumerate(lst):
            ns = nbrs[i]
            bc = sum(pos[n] for n in ns) / len(ns) if ns else pos[i]
            keyed.append((bc, k, i))
        keyed.sort()
        lst[:] = [i for _, _, i in keyed]
        for k, i in enumerate(lst):
            pos[i] = k

    for sweep in range(sweeps):
        if sweep % 2 == 0:
            for lst in layers[1:]:
                reorder(lst, up)
        else:
            for lst in reversed(layers[:-1]):
                reorder(lst, down)

    # 3. placing: columns left to right, each layer centred vertically on the tallest
    tallest = max((len(lst) for lst in layers), default=0)
    full = tallest * (NODE_H + ROW_GAP)
    for li, lst in enumerate(layers):
        top = (full - len(lst) * (NODE_H + ROW_GAP)) / 2
        for k, i in enumerate(lst):
            n = nodes[i]
            n.layer, n.order = li, k
            n.x = li * (NODE_W + LAYER_GAP)
            n.y = top + k * (NODE_H + ROW_GAP)
    for e in graph.edges:
        e.back = layer[e.target] <= layer[e.source]
    graph.layers = layers


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


def edge_points(graph: ScenarioGraph, e: GraphEdge) -> list[tuple[float, float]]:
    """Control points of an edge: a cubic from the right side of the source to the left side of the target.

    Back edges (loops) leave from the bottom and arrive at the bottom, arching below.
    """
    a, b = graph.nodes[e.source], graph.nodes[e.target]
    if e.back:
        x1, y1 = a.x + a.w / 2, a.y + a.h
        x2, y2 = b.x + b.w / 2, b.y + b.h
        dip = 40 + abs(x1 - x2) * 0.12
        return [(x1, y1), (x1, y1 + dip), (x2, y2 + dip), (x2, y2)]
    x1, y1 = a.x + a.w, a.y + a.h / 2
    x2, y2 = b.x, b.y + b.h / 2
    dx = max(30.0, (x2 - x1) / 2)
    return [(x1, y1), (x1 + dx, y1), (x2 - dx, y2), (x2, y2)]


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
]


def to_svg(graph: ScenarioGraph, margin: float = 24.0) -> str:
    """A self-contained SVG of the map (no scripts, no external references), every text XML-escaped."""
    legend_h = 56.0
    w = max(graph.width, 760.0) + 2 * margin
    h = graph.height + 2 * margin + legend_h
    ox, oy = margin, margin + legend_h
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0f}" height="{h:.0f}" viewBox="0 0 {w:.0f} {h:.0f}" '
        'font-family="Helvetica, Arial, sans-serif">',
        f"<title>{_esc(graph.title)} — scenario map</title>",
        "<defs>",
        f'<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{EDGE_COLOUR}"/></marker>',
        f'<marker id="arrow-best" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{BEST_COLOUR}"/></marker>',
        f'<marker id="arrow-attempt" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{ATTEMPT_COLOUR}"/></marker>',
        "</defs>",
        f'<rect x="0" y="0" width="{w:.0f}" height="{h:.0f}" fill="#ffffff"/>',
    ]
    # legend
    out.append(f'<g class="legend" font-size="11"><text x="{margin}" y="{margin + 4}" font-size="14" font-weight="bold">{_esc(graph.title)}</text>')
    lx, ly = margin, margin + 22
    for key, text in LEGEND:
        if key in OUTCOME_COLOURS or key in KIND_COLOURS:
            fill, border = OUTCOME_COLOURS.get(key) or KIND_COLOURS[key]
            sw = "<rect x='{x}' y='{y}' width='14' height='10' rx='2' fill='{f}' stroke='{b}'/>"
            out.append(sw.format(x=lx, y=ly, f=fill, b=border))
        elif key == "unreachable":
            out.append(f"<rect x='{lx}' y='{ly}' width='14' height='10' rx='2' fill='{UNREACHABLE_COLOURS[0]}' stroke='{UNREACHABLE_COLOURS[1]}' stroke-dasharray='3 2'/>")
        elif key == "trap":
            out.append(f"<rect x='{lx}' y='{ly}' width='14' height='10' rx='2' fill='#ffffff' stroke='{TRAP_COLOUR}' stroke-width='2.5'/>")
        else:
            colour = BEST_COLOUR if key == "best" else ATTEMPT_COLOUR
            out.append(f"<line x1='{lx}' y1='{ly + 5}' x2='{lx + 14}' y2='{ly + 5}' stroke='{colour}' stroke-width='3'/>")
        out.append(f'<text x="{lx + 19}" y="{ly + 9}">{_esc(text)}</text>')
        lx += 24 + 6.2 * len(text)
        if lx > w - 160:
            lx, ly = margin, ly + 16
    out.append("</g>")
    # edges below nodes; highlighted ones last so they sit on top
    out.append(f'<g class="edges" fill="none" transform="translate({ox:.0f},{oy:.0f})">')
    for e in sorted(graph.edges, key=lambda e: (e.on_best, e.on_attempt)):
        (x1, y1), (c1x, c1y), (c2x, c2y), (x2, y2) = edge_points(graph, e)
        colour, width, marker = EDGE_COLOUR, 1.2, "arrow"
        if e.on_attempt:
            colour, width, marker = ATTEMPT_COLOUR, 3.0, "arrow-attempt"
        elif e.on_best:
            colour, width, marker = BEST_COLOUR, 3.0, "arrow-best"
        dash = ' stroke-dasharray="5 3"' if e.kind == "route" else ""
        tip = f"<title>{_esc(e.source)} → {_esc(e.target)}{(': ' + _esc(e.label)) if e.label else ''}</title>"
        out.append(
            f'<path d="M{x1:.1f},{y1:.1f} C{c1x:.1f},{c1y:.1f} {c2x:.1f},{c2y:.1f} {x2:.1f},{y2:.1f}" '
            f'stroke="{colour}" stroke-width="{width}"{dash} marker-end="url(#{marker})" '
            f'data-source="{_esc(e.source)}" data-target="{_esc(e.target)}">{tip}</path>'
        )
    out.append("</g>")
    out.append(f'<g class="nodes" transform="translate({ox:.0f},{oy:.0f})">')
    for n in graph.nodes.values():
        fill, border = _node_colours(n)
        sw = 1.2
        extra = ""
        if n.on_attempt:
            border, sw = ATTEMPT_COLOUR, 3.0
        elif n.on_best:
            border, sw = BEST_COLOUR, 3.0
        if n.trap:
            border, sw = TRAP_COLOUR, 3.0
        if not n.reachable:
            extra = ' stroke-dasharray="5 3"'
        rx = 14 if n.is_ending else 6
        out.append(f'<g class="node {_esc(n.kind)}" data-id="{_esc(n.id)}">')
        out.append(f"<title>{_esc(n.id)}: {_esc(n.label)}</title>")
        out.append(
            f'<rect x="{n.x:.1f}" y="{n.y:.1f}" width="{n.w:.0f}" height="{n.h:.0f}" rx="{rx}" '
            f'fill="{fill}" stroke="{border}" stroke-width="{sw}"{extra}/>'
        )
        tag = node_tag(n)
        out.append(f'<text x="{n.x + 8:.1f}" y="{n.y + 17:.1f}" font-size="12" font-weight="bold" fill="#1f2329">{_esc(_clip(n.id, 24))}<tspan font-weight="normal" fill="#555">{_esc(tag)}</tspan></text>')
        label = n.label
        first, second = _clip(label, 32), ""
        if len(label) > 31:
            cut = label.rfind(" ", 0, 31)
            cut = cut if cut > 10 else 31
            first, second = label[:cut], _clip(label[cut:].strip(), 32)
        out.append(f'<text x="{n.x + 8:.1f}" y="{n.y + 34:.1f}" font-size="11" fill="#333">{_esc(first)}</text>')
        if second:
            out.append(f'<text x="{n.x + 8:.1f}" y="{n.y + 48:.1f}" font-size="11" fill="#333">{_esc(second)}</text>')
        out.append("</g>")
    out.append("</g>")
    if graph.search_note:
        out.append(f'<text x="{margin}" y="{h - 6:.0f}" font-size="11" fill="#777">{_esc(graph.search_note)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def export(scenario: Scenario, fmt: str, attempt: list[str] | None = None) -> str:
    """``dot`` | ``mermaid`` | ``svg`` text of the scenario's map."""
    graph = scenario_graph(scenario, attempt=attempt)
    if fmt == "dot":
        return to_dot(graph)
    if fmt == "mermaid":
        return to_mermaid(graph)
    if fmt == "svg":
        return to_svg(graph)
    raise ValueError(f"unknown map format {fmt!r}; use dot, mermaid or svg")
