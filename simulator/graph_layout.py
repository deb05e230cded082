"""The map's layered layout, with dummy nodes so that no edge ever passes behind a box, and an optional
wrap into bands so an exported map is never wider than ``max_aspect`` : 1.

A home-made Sugiyama layout rather than a library: the maintained Python options either need a native
Graphviz install that an offline desktop app cannot assume (pygraphviz, graphviz), or are unmaintained
(grandalf), and none wraps a long left-to-right graph into bands. The steps:

1. layering: back edges found by a depth-first search from the start are reversed; each node's layer is
   its longest path from a source; endings all go to one last layer;
2. dummy nodes: an edge that spans several layers becomes a chain through one small dummy slot per layer
   it crosses, so every drawn segment runs between two adjacent layers (in the gap between columns) or
   straight through a column at a dummy's height, where no box is;
3. ordering: barycentre sweeps over the expanded graph;
4. placing: within a layer, slots keep their order and a minimum gap; each sweep moves them as close as
   the gaps allow to the mean height of their neighbours (an exact least-squares step, by merging blocks),
   which straightens long chains;
5. wrapping (exports): consecutive layers are cut into bands stacked top to bottom; an edge from the last
   column of a band to the first of the next leaves to the right, runs left in its own lane under the band
   and enters from the left margin, so it too passes no box.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

NODE_W = 210.0
NODE_H = 58.0
PORT_GAP = 15.0  # vertical space per outgoing edge on a box's side (boxes with many choices grow)
LAYER_GAP = 150.0  # horizontal gap between columns: room for the choice ids on the edges
SLOT_GAP = 16.0  # vertical gap between slots of one column
DUMMY_H = 10.0
LANE = 7.0  # spacing of the lanes that carry edges from one band to the next
BAND_PAD = 24.0  # space around a band's lanes
SWEEPS = 6
DUMMY_BUDGET = 3000  # dummy slots at most; longer edges than the budget covers run over the top of their band
# what an export adds around the graph (margins, legend), so the wrap can aim at the exported aspect ratio
EXPORT_PAD_W = 48.0
EXPORT_PAD_H = 48.0 + 76.0


@dataclass
class Slot:
    key: str  # node id, or "\0" + edge index + "." + layer for a dummy
    layer: int
    h: float
    dummy: bool
    order: int = 0
    y: float = 0.0  # top, within its band
    x: float = 0.0


def _back_edges(ids: list[str], start: str, succ: dict[str, list[str]]) -> set[tuple[str, str]]:
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    back: set[tuple[str, str]] = set()
    for root in [start] + ids:
        if root in state or root not in succ:
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
    return back


def _layers(graph, back: set) -> dict[str, int]:
    nodes = graph.nodes
    ids = list(nodes)
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
            layer[w] = max(layer[w], layer[v] + 1)
            indeg[w] -= 1
            if indeg[w] == 0:
                queue.append(w)
    last = max((layer[i] for i in ids if not nodes[i].is_ending), default=-1) + 1
    for i in ids:
        if nodes[i].is_ending:
            layer[i] = last
    return layer


def _place(column: list[Slot], desired: dict[str, float]) -> None:
    """Tops for the slots of one column, in order, at least SLOT_GAP apart, as close as possible (least
    squares) to each slot's desired centre: pool adjacent blocks that would overlap."""
    blocks: list[list] = []  # [first index, last index, sum of (desired top - offset), count, height]
    for i, s in enumerate(column):
        want = desired.get(s.key, s.y + s.h / 2) - s.h / 2
        blocks.append([i, i, want, 1, s.h])
        while len(blocks) > 1:
            a, b = blocks[-2], blocks[-1]
            a_top = a[2] / a[3]
            b_top = b[2] / b[3]
            if a_top + a[4] + SLOT_GAP <= b_top:
                break
            shift = a[4] + SLOT_GAP  # b's slots sit this much below a's top
            blocks[-2] = [a[0], b[1], a[2] + b[2] - shift * b[3], a[3] + b[3], a[4] + SLOT_GAP + b[4]]
            blocks.pop()
    for first, last, total, count, _ in blocks:
        y = total / count
        for i in range(first, last + 1):
            column[i].y = y
            y += column[i].h + SLOT_GAP


def layout(graph, sweeps: int = SWEEPS, max_aspect: float | None = None) -> None:
    """Lay ``graph`` out in place: every node's layer, order, x, y; every edge's ``route`` (path segments)
    and ``back``; ``graph.layers``, ``graph.bands``. ``max_aspect``: wrap into bands (exports)."""
    nodes = graph.nodes
    ids = list(nodes)
    succ: dict[str, list[str]] = {i: [] for i in ids}
    for e in graph.edges:
        succ[e.source].append(e.target)
    back = _back_edges(ids, graph.start, succ)
    layer = _layers(graph, back)
    nlayers = max(layer.values(), default=-1) + 1

    # slots: real nodes, then a dummy per crossed layer for each long edge (in layout direction lo -> hi)
    slots: dict[str, Slot] = {i: Slot(i, layer[i], nodes[i].h, False) for i in ids}
    chains: list[list[str]] = []
    # the shortest edges get dummy chains while the budget lasts; the rest run over the top (``over``)
    spans = sorted((abs(layer[e.target] - layer[e.source]) - 1, k) for k, e in enumerate(graph.edges) if e.source != e.target)
    budget, dummied = DUMMY_BUDGET, set()
    for span, k in spans:
        if span <= budget:
            dummied.add(k)
            budget -= max(span, 0)
    over: set[int] = set()
    for k, e in enumerate(graph.edges):
        e.back = layer[e.target] <= layer[e.source]
        if e.source == e.target:
            chains.append([])
            continue
        lo, hi = (e.target, e.source) if e.back else (e.source, e.target)
        chain = [lo]
        if k in dummied:
            for li in range(layer[lo] + 1, layer[hi]):
                key = f"\0{k}.{li}"
                slots[key] = Slot(key, li, DUMMY_H, True)
                chain.append(key)
        else:
            over.add(k)
        chain.append(hi)
        chains.append(chain)
    up: dict[str, list[str]] = {k: [] for k in slots}
    down: dict[str, list[str]] = {k: [] for k in slots}
    for k, chain in enumerate(chains):
        if k in over:
            continue
        for a, b in zip(chain, chain[1:]):
            down[a].append(b)
            up[b].append(a)

    columns: list[list[Slot]] = [[] for _ in range(nlayers)]
    for s in slots.values():  # source order first (dummies after the nodes)
        columns[s.layer].append(s)
    if graph.start in slots and slots[graph.start].layer == 0:
        columns[0].remove(slots[graph.start])
        columns[0].insert(0, slots[graph.start])
    for col in columns:
        for k, s in enumerate(col):
            s.order = k

    def reorder(col: list[Slot], nbrs: dict[str, list[str]]) -> None:
        keyed = []
        for s in col:
            ns = nbrs[s.key]
            bc = sum(slots[n].order for n in ns) / len(ns) if ns else s.order
            keyed.append((bc, s.order, s))
        keyed.sort(key=lambda t: (t[0], t[1]))
        col[:] = [t[2] for t in keyed]
        for k, s in enumerate(col):
            s.order = k

    for sweep in range(max(sweeps, 2)):
        if sweep % 2 == 0:
            for col in columns[1:]:
                reorder(col, up)
        else:
            for col in reversed(columns[:-1]):
                reorder(col, down)

    # placing: stack, then pull each slot towards its neighbours' mean height
    for col in columns:
        y = 0.0
        for s in col:
            s.y = y
            y += s.h + SLOT_GAP
    for sweep in range(sweeps):
        order = range(1, nlayers) if sweep % 2 == 0 else range(nlayers - 2, -1, -1)
        nbrs = up if sweep % 2 == 0 else down
        for li in order:
            desired = {}
            for s in columns[li]:
                ns = nbrs[s.key]
                if ns:
                    desired[s.key] = sum(slots[n].y + slots[n].h / 2 for n in ns) / len(ns)
            _place(columns[li], desired)
    top = min((s.y for s in slots.values()), default=0.0)
    for s in slots.values():
        s.y -= top

    crossing = [0] * max(nlayers, 1)  # chain segments between column c and c + 1
    for k, chain in enumerate(chains):
        if k not in over:
            for a in chain[:-1]:
                crossing[slots[a].layer] += 1
    bands = _bands(columns, max_aspect, crossing)
    band_of = {c: bi for bi, cols in enumerate(bands) for c in cols}
    top_lanes = _top_lanes(graph, chains, over, slots, bands, band_of)
    _position(graph, columns, bands, slots, crossing, top_lanes)
    graph.layers = [[s.key for s in col if not s.dummy] for col in columns]
    _routes(graph, chains, slots, bands, band_of, over, top_lanes)


def _column_x(k: int) -> float:
    return k * (NODE_W + LAYER_GAP)


def _top_lanes(graph, chains, over, slots, bands, band_of) -> dict:
    """Lanes above each band for the edges that run over the top: {(edge, band): lane}, and per band
    the number of lanes under key band. Edges whose stretches do not overlap share a lane."""
    first = {bi: cols[0] for bi, cols in enumerate(bands)}
    stretches: dict[int, list] = {}
    for k in sorted(over):
        a, b = slots[chains[k][0]], slots[chains[k][-1]]
        ba, bb = band_of[a.layer], band_of[b.layer]
        start = _column_x(a.layer - first[ba]) + NODE_W
        end = _column_x(b.layer - first[bb]) if ba == bb else float("inf")
        stretches.setdefault(ba, []).append((start, end, k))
        if bb != ba:
            stretches.setdefault(bb, []).append((_column_x(b.layer - first[bb]) - LAYER_GAP, float("inf"), k))
    lanes: dict = {}
    for bi, items in stretches.items():
        ends: list[float] = []
        for start, end, k in sorted(items):
            j = next((i for i, e in enumerate(ends) if e < start), None)
            if j is None:
                j = len(ends)
                ends.append(end)
            else:
                ends[j] = end
            lanes[(k, bi)] = j
        lanes[bi] = len(ends)
    return lanes


def _bands(columns: list[list[Slot]], max_aspect: float | None, crossing: list[int]) -> list[list[int]]:
    n = len(columns)
    if not n:
        return []
    one = [list(range(n))]
    if max_aspect is None:
        return one

    def extent(cols: list[int]) -> float:
        ys = [(s.y, s.y + s.h) for c in cols for s in columns[c]]
        return (max(b for _, b in ys) - min(a for a, _ in ys)) if ys else NODE_H

    for k in range(1, n + 1):
        per = -(-n // k)
        groups = [list(range(i, min(n, i + per))) for i in range(0, n, per)]
        width = per * NODE_W + (per - 1) * LAYER_GAP + 2 * BAND_PAD
        lanes = [crossing[g[-1]] for g in groups[:-1]]
        width += (2 * max(lanes) * LANE + BAND_PAD) if lanes else 0.0
        height = sum(extent(g) for g in groups) + sum(2 * BAND_PAD + n * LANE for n in lanes)
        if (width + EXPORT_PAD_W) / (height + EXPORT_PAD_H) <= max_aspect:
            return groups
    return [[i] for i in range(n)]


def _position(graph, columns, bands, slots, crossing, top_lanes) -> None:
    """x and y of every slot: bands stacked top to bottom, each band's columns left to right."""
    wrapped = len(bands) > 1
    left = BAND_PAD + max((crossing[b[-1]] for b in bands[:-1]), default=0) * LANE if wrapped else 0.0
    band_top = 0.0
    graph.bands = []
    for bi, cols in enumerate(bands):
        ys = [s.y for c in cols for s in columns[c]]
        channel = top_lanes.get(bi, 0)
        if channel:
            band_top += BAND_PAD + channel * LANE  # room above the band for the edges that run over the top
        shift = min(ys) if ys else 0.0
        bottom = 0.0
        for k, c in enumerate(cols):
            for s in columns[c]:
                s.x = left + _column_x(k)
                s.y = band_top + s.y - shift
                bottom = max(bottom, s.y + s.h)
        lanes = crossing[cols[-1]] if bi < len(bands) - 1 else 0
        graph.bands.append((band_top, bottom, cols[0], cols[-1]))
        band_top = bottom + 2 * BAND_PAD + lanes * LANE
    for col in columns:
        for k, s in enumerate(col):
            s.order = k
            if not s.dummy:
                n = graph.nodes[s.key]
                n.layer, n.order, n.x, n.y = s.layer, k, s.x, s.y


def _ports(items: list[tuple[float, str]], top: float, h: float) -> dict[str, float]:
    """Spread edge ends over a box side, in the order of where they go (so they do not cross at the box)."""
    items = sorted(items)
    n = len(items)
    return {key: top + h * (k + 1) / (n + 1) for k, (_, key) in enumerate(items)}


def _routes(graph, chains, slots, bands, band_of, over, top_lanes) -> None:
    band_right = {bi: max(slots[k].x for k in slots if band_of[slots[k].layer] == bi) + NODE_W for bi in range(len(bands))}
    band_bottom = {bi: graph.bands[bi][1] for bi in range(len(bands))}
    left_edge = min((s.x for s in slots.values()), default=0.0)
    # ports: where each chain leaves its first slot and enters its last one
    outs: dict[str, list] = {}
    ins: dict[str, list] = {}
    for k, chain in enumerate(chains):
        if not chain:
            continue
        a, b = chain[0], chain[-1]
        outs.setdefault(a, []).append((slots[chain[1]].y + slots[chain[1]].h / 2, k))
        ins.setdefault(b, []).append((slots[chain[-2]].y + slots[chain[-2]].h / 2, k))
    out_y: dict[int, float] = {}
    in_y: dict[int, float] = {}
    for key, items in outs.items():
        s = slots[key]
        for k, y in _ports([(y, k) for y, k in items], s.y, s.h).items():
            out_y[k] = y
    for key, items in ins.items():
        s = slots[key]
        for k, y in _ports([(y, k) for y, k in items], s.y, s.h).items():
            in_y[k] = y
    lanes: dict[int, int] = {}  # band -> lanes used so far
    for k, (e, chain) in enumerate(zip(graph.edges, chains)):
        if not chain:
            n = graph.nodes[e.source]
            r, t = n.x + n.w, n.y
            e.route = [("L", (r, t + 10), (r + 18, t + 10)), ("L", (r + 18, t + 10), (r + 18, t - 8)),
                       ("L", (r + 18, t - 8), (r - 24, t - 8)), ("L", (r - 24, t - 8), (r - 24, t))]
            continue
        segs: list = []
        prev = (slots[chain[0]].x + NODE_W, out_y[k])
        if k in over:
            segs = _over_the_top(k, prev, slots[chain[-1]], in_y[k], slots[chain[0]], graph, band_of, band_right, top_lanes)
            e.route = [_reverse(seg) for seg in reversed(segs)] if e.back else segs
            continue
        for i, key in enumerate(chain[1:], start=1):
            s = slots[key]
            last = i == len(chain) - 1
            y = in_y[k] if last else s.y + s.h / 2
            entry = (s.x, y)
            if band_of[s.layer] != band_of[slots[chain[i - 1]].layer]:
                bi = band_of[slots[chain[i - 1]].layer]
                j = lanes.get(bi, 0)
                lanes[bi] = j + 1
                xr = band_right[bi] + BAND_PAD / 2 + j * LANE
                yc = band_bottom[bi] + BAND_PAD + j * LANE
                xl = left_edge - BAND_PAD / 2 - j * LANE
                pts = [prev, (xr, prev[1]), (xr, yc), (xl, yc), (xl, y), entry]
                segs += [("L", p, q) for p, q in zip(pts, pts[1:])]
            else:
                dx = (entry[0] - prev[0]) / 2
                segs.append(("C", prev, (prev[0] + dx, prev[1]), (entry[0] - dx, entry[1]), entry))
            if not last:
                segs.append(("L", entry, (s.x + NODE_W, y)))
                prev = (s.x + NODE_W, y)
        if e.back:
            segs = [_reverse(seg) for seg in reversed(segs)]
        e.route = segs


def _over_the_top(k, start, target, target_y, source, graph, band_of, band_right, top_lanes) -> list:
    """An edge without dummies: up in the gap after its source's column, along its lane above the band,
    (down the right margin to the target's band and along a lane above that one,) down in the gap before
    the target's column. Every stretch is in a gap, a margin or a channel: never behind a box."""
    ba, bb = band_of[source.layer], band_of[target.layer]
    lane_y = lambda bi: graph.bands[bi][0] - BAND_PAD / 2 - top_lanes[(k, bi)] * LANE  # noqa: E731
    gap_out = source.x + NODE_W + LAYER_GAP / 2 + (top_lanes[(k, ba)] % 5) * 3
    gap_in = target.x - LAYER_GAP / 2 + 6 + (top_lanes[(k, bb)] % 5) * 3
    pts = [start, (gap_out, start[1]), (gap_out, lane_y(ba))]
    if ba != bb:
        right = max(band_right.values()) + BAND_PAD
        pts += [(right, lane_y(ba)), (right, lane_y(bb))]
    pts += [(gap_in, lane_y(bb)), (gap_in, target_y), (target.x, target_y)]
    return [("L", p, q) for p, q in zip(pts, pts[1:])]


def _reverse(seg):
    if seg[0] == "L":
        return ("L", seg[2], seg[1])
    return ("C", seg[4], seg[3], seg[2], seg[1])


def path_d(route) -> str:
    """An SVG path's ``d`` for a route."""
    if not route:
        return ""
    out = [f"M{route[0][1][0]:.1f},{route[0][1][1]:.1f}"]
    for seg in route:
        if seg[0] == "L":
            out.append(f"L{seg[2][0]:.1f},{seg[2][1]:.1f}")
        else:
            out.append("C" + " ".join(f"{x:.1f},{y:.1f}" for x, y in seg[2:]))
    return " ".join(out)


def sample(route, per_segment: int = 16) -> list[tuple[float, float]]:
    """Points along a route (for tests and hit checks)."""
    pts = []
    for seg in route:
        if seg[0] == "L":
            (x0, y0), (x1, y1) = seg[1], seg[2]
            pts += [(x0 + (x1 - x0) * t / per_segment, y0 + (y1 - y0) * t / per_segment) for t in range(per_segment + 1)]
        else:
            p0, p1, p2, p3 = seg[1:]
            for i in range(per_segment + 1):
                t = i / per_segment
                a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3
                pts.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return pts


def arrow_direction(route) -> tuple[tuple[float, float], tuple[float, float]]:
    """(tip, unit direction) of the arrow at a route's end."""
    seg = route[-1]
    tip = seg[-1]
    before = seg[1] if seg[0] == "L" else seg[3]
    if before == tip and seg[0] == "C":
        before = seg[2]
    dx, dy = tip[0] - before[0], tip[1] - before[1]
    length = max(1e-6, (dx * dx + dy * dy) ** 0.5)
    return tip, (dx / length, dy / length)
