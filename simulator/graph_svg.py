"""The map as a self-contained SVG (``simulator map --format svg``): no scripts, no external references,
every text XML-escaped.

Edges follow the layout's routes (never behind a box), carry their choice id beside the box they leave, and
are coloured by regret; the best path and an attempt's path are drawn last, on top. Text uses a font list
that every rasteriser resolves (DejaVu Sans and Liberation Sans on Linux, Helvetica/Arial elsewhere, then
the generic sans-serif), set on every text element, since some renderers (QtSvg) ignore an inherited one;
label widths are estimated generously so text stays inside its box whatever font is substituted.
"""

from __future__ import annotations

from simulator.graph import (
    ATTEMPT_COLOUR, BEST_COLOUR, EDGE_COLOUR, KIND_COLOURS, OUTCOME_COLOURS, REGRET_BINS, TRAP_COLOUR,
    UNREACHABLE_COLOURS, LEGEND, ScenarioGraph, _clip, _esc, node_colours, node_tag,
)
from simulator.graph_layout import arrow_direction, path_d

FONT = "DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif"
CHAR_W = 0.62  # of the font size: a generous average advance, so estimated widths hold for any sans font
LEGEND_H = 76.0
REGRET_COLOURS = {name: colour for _, name, colour, _ in REGRET_BINS}

def _text(x: float, y: float, size: float, text: str, fill: str = "#1f2329", extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size:g}" fill="{fill}"{extra}>{text}</text>'


def _fits(text: str, size: float, width: float) -> str:
    """``text`` clipped (with …) to what fits ``width`` at ``size``."""
    return _clip(text, max(4, int(width / (size * CHAR_W))))


def _edge_style(e) -> tuple[str, float, str]:
    if e.on_attempt:
        return ATTEMPT_COLOUR, 3.0, "arrow-attempt"
    if e.on_best:
        return BEST_COLOUR, 3.2, "arrow-best"
    if e.regret_bin is not None:
        return REGRET_COLOURS[e.regret_bin], 1.6, f"arrow-{e.regret_bin}"
    return EDGE_COLOUR, 1.2, "arrow"


def _arrow(tip, direction, colour: str) -> str:
    (x, y), (ux, uy) = tip, direction
    bx, by = x - ux * 9, y - uy * 9
    lx, ly, rx, ry = bx - uy * 4.5, by + ux * 4.5, bx + uy * 4.5, by - ux * 4.5
    return f'<path d="M{x:.1f},{y:.1f} L{lx:.1f},{ly:.1f} L{rx:.1f},{ry:.1f} Z" fill="{colour}" stroke="none"/>'


def _legend(graph: ScenarioGraph, w: float, margin: float) -> list[str]:
    bold = ' font-weight="bold"'
    out = ['<g class="legend">' + _text(margin, margin + 6, 15, _esc(graph.title), extra=bold)]
    lx, ly = margin, margin + 22
    for key, text in LEGEND:
        advance = 24 + CHAR_W * 11 * len(text) + 10
        if lx + advance > w - margin:
            lx, ly = margin, ly + 17
        if key in OUTCOME_COLOURS or key in KIND_COLOURS:
            fill, border = OUTCOME_COLOURS.get(key) or KIND_COLOURS[key]
            out.append(f'<rect x="{lx}" y="{ly}" width="14" height="10" rx="2" fill="{fill}" stroke="{border}"/>')
        elif key == "unreachable":
            out.append(f'<rect x="{lx}" y="{ly}" width="14" height="10" rx="2" fill="{UNREACHABLE_COLOURS[0]}" '
                       f'stroke="{UNREACHABLE_COLOURS[1]}" stroke-dasharray="3 2"/>')
        elif key == "trap":
            out.append(f'<rect x="{lx}" y="{ly}" width="14" height="10" rx="2" fill="#ffffff" stroke="{TRAP_COLOUR}" stroke-width="2.5"/>')
        else:
            colour = {"best": BEST_COLOUR, "attempt": ATTEMPT_COLOUR}.get(key) or REGRET_COLOURS[key.removeprefix("regret-")]
            width = 3 if key in ("best", "attempt") else 2
            out.append(f'<line x1="{lx}" y1="{ly + 5}" x2="{lx + 14}" y2="{ly + 5}" stroke="{colour}" stroke-width="{width}"/>')
        out.append(_text(lx + 19, ly + 9, 11, _esc(text)))
        lx += advance
    out.append("</g>")
    return out


def _label_position(e) -> tuple[float, float, str]:
    """Where an edge's choice id goes: just outside the box it leaves, above the line."""
    seg = e.route[0]
    (x0, y0), (x1, _) = seg[1], seg[2]
    leftwards = x1 < x0
    return (x0 - 6, y0 - 4, "end") if leftwards else (x0 + 6, y0 - 4, "start")


def to_svg(graph: ScenarioGraph, margin: float = 24.0) -> str:
    w = max(graph.width, 760.0) + 2 * margin
    h = graph.height + 2 * margin + LEGEND_H
    ox, oy = margin, margin + LEGEND_H
    colours = {EDGE_COLOUR: "arrow", BEST_COLOUR: "arrow-best", ATTEMPT_COLOUR: "arrow-attempt",
               **{c: f"arrow-{n}" for n, c in REGRET_COLOURS.items()}}
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0f}" height="{h:.0f}" viewBox="0 0 {w:.0f} {h:.0f}" '
        f'font-family="{FONT}">',
        f"<title>{_esc(graph.title)} — scenario map</title>",
        f'<rect x="0" y="0" width="{w:.0f}" height="{h:.0f}" fill="#ffffff"/>',
    ]
    out += _legend(graph, w, margin)
    # edges under the boxes; plain ones first, then by regret, then the best path, then the attempt: on top
    rank = {None: 0, "best": 1, "small": 2, "costly": 3, "severe": 4}
    ordered = sorted(graph.edges, key=lambda e: (e.on_attempt, e.on_best, rank[e.regret_bin]))
    out.append(f'<g class="edges" fill="none" transform="translate({ox:.0f},{oy:.0f})">')
    for e in ordered:
        if not e.route:
            continue
        colour, width, _ = _edge_style(e)
        dash = ' stroke-dasharray="5 3"' if e.kind == "route" else ""
        tip = f"{_esc(e.source)} → {_esc(e.target)}{(': ' + _esc(e.label)) if e.label else ''}"
        if e.regret_range is not None:
            lo, hi = e.regret_range
            span = f"{lo:.1f}" if abs(hi - lo) < 0.05 else f"{lo:.1f}–{hi:.1f}"
            tip += f" (regret {span}, mean {e.regret:.1f})"
        arrow_tip, direction = arrow_direction(e.route)
        cls = "edge best" if e.on_best else "edge"
        regret = f' data-regret="{e.regret:.2f}"' if e.regret is not None else ""
        out.append(f'<g class="{cls}" data-source="{_esc(e.source)}" data-target="{_esc(e.target)}"{regret}><title>{tip}</title>')
        out.append(f'<path d="{path_d(e.route)}" stroke="{colour}" stroke-width="{width}"{dash} '
                   f'data-source="{_esc(e.source)}" data-target="{_esc(e.target)}"/>')
        out.append(_arrow(arrow_tip, direction, colour))
        if e.label and e.kind == "choice":
            x, y, anchor = _label_position(e)
            text = _esc(_fits(e.label, 10, 136))
            # the halo is its own text underneath (paint-order is ignored by some rasterisers, e.g. QtSvg)
            out.append(_text(x, y, 10, text, "#ffffff",
                             f' stroke="#ffffff" stroke-width="3" stroke-linejoin="round" text-anchor="{anchor}"'))
            out.append(_text(x, y, 10, text, colour if colour != EDGE_COLOUR else "#4a525c", f' text-anchor="{anchor}"'))
        out.append("</g>")
    out.append("</g>")
    out.append(f'<g class="nodes" transform="translate({ox:.0f},{oy:.0f})">')
    for n in graph.nodes.values():
        fill, border = node_colours(n)
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
        out.append(f'<rect x="{n.x:.1f}" y="{n.y:.1f}" width="{n.w:.0f}" height="{n.h:.0f}" rx="{rx}" '
                   f'fill="{fill}" stroke="{border}" stroke-width="{sw}"{extra}/>')
        inner = n.w - 16
        tag = node_tag(n)
        title = _fits(n.id, 12, inner - (12 * CHAR_W * len(tag) if len(n.id) + len(tag) > inner / (12 * CHAR_W) else 0))
        out.append(_text(n.x + 8, n.y + 17, 12, f'{_esc(title)}<tspan font-weight="normal" fill="#555">{_esc(tag)}</tspan>',
                         extra=' font-weight="bold"'))
        per_line = max(8, int(inner / (11 * CHAR_W)))
        words, lines = n.label.split(), []
        while words and len(lines) < max(2, int((n.h - 24) // 14)):
            line = ""
            while words and len((line + " " + words[0]).strip()) <= per_line:
                line = (line + " " + words.pop(0)).strip()
            if not line:  # one word longer than the line
                line = _clip(words.pop(0), per_line)
            lines.append(line)
        if words and lines:
            lines[-1] = _clip(lines[-1] + " " + " ".join(words), per_line)
        for k, line in enumerate(lines):
            out.append(_text(n.x + 8, n.y + 34 + 14 * k, 11, _esc(line), "#333"))
        out.append("</g>")
    out.append("</g>")
    if graph.search_note:
        out.append(_text(margin, h - 6, 11, _esc(graph.search_note), "#777"))
    out.append("</svg>")
    return "\n".join(out) + "\n"
