"""The team insight as one self-contained HTML page: inline CSS and SVG charts, no scripts, no external
assets, every text through ``html.escape`` (names, titles and option texts come from untrusted files)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

from simulator import __version__
from simulator.coaching.insight import Insight, Item, RepInsight
from simulator.leaderboard.render_html import _CSS as _BOARD_CSS
from simulator.leaderboard.render_html import _e, page_start


def _f(x: Optional[float], digits: int = 0) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


_CSS = _BOARD_CSS + """
body{max-width:1200px}
table.heat td.h{text-align:center;font-variant-numeric:tabular-nums;min-width:64px}
table.heat td.h small{display:block;color:#333;font-size:.8em}
td.bar{width:160px}
.legend{font-size:.85em;color:#555}
p.lead{font-size:1.02em}
"""


def heat_colour(v: Optional[float]) -> str:
    """A cell's background: red (0) through amber (50) to green (100); grey for n/a. Text stays dark on all."""
    if v is None:
        return "#eeeeee"
    v = max(0.0, min(100.0, v)) / 100.0
    stops = [(0.0, (244, 199, 195)), (0.5, (255, 236, 179)), (1.0, (200, 230, 201))]
    for (a, ca), (b, cb) in zip(stops, stops[1:]):
        if v <= b:
            t = (v - a) / (b - a)
            r, g, bl = (round(x + (y - x) * t) for x, y in zip(ca, cb))
            return f"#{r:02x}{g:02x}{bl:02x}"
    return "#c8e6c9"


def _label(c: str) -> str:
    return "Total" if c == "total" else c.replace("_", " ").replace("-", " ").capitalize()


def _spark(r: RepInsight, width: int = 160, height: int = 28) -> str:
    pts = [t for _, t in r.totals]
    if not pts:
        return ""
    n = len(pts)
    xs = [4 + (width - 8) * (i / (n - 1) if n > 1 else 0.5) for i in range(n)]
    ys = [height - 3 - (height - 6) * max(0.0, min(100.0, v)) / 100 for v in pts]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            f"<title>{_e(r.name)}: {n} attempt totals in time order, from {pts[0]:.0f} to {pts[-1]:.0f}</title>"
            f'<line x1="0" y1="{height - 3}" x2="{width}" y2="{height - 3}" stroke="#ccc"/>'
            f'<polyline points="{line}" fill="none" stroke="#3b6ea8" stroke-width="2"/>'
            f'<circle cx="{xs[-1]:.1f}" cy="{ys[-1]:.1f}" r="3" fill="#3b6ea8"/></svg>')


def _share_bars(it: Item, width: int = 360) -> str:
    bar_h, gap, label_w = 16, 4, 190
    rows = it.options
    height = len(rows) * (bar_h + gap) + 4
    plot = width - label_w - 44
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             f"<title>Share of the team choosing each option at {_e(it.node)}</title>"]
    for i, o in enumerate(rows):
        y = i * (bar_h + gap) + 2
        w = max(1.0, plot * o.share)
        label = o.text if len(o.text) <= 24 else o.text[:23] + "\u2026"
        parts.append(f'<text x="{label_w - 4}" y="{y + bar_h - 4}" text-anchor="end">{_e(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{"#4c8c4a" if o.best else "#c0504d"}"/>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 4}">{o.share * 100:.0f}%</text>')
    parts.append("</svg>")
    return "".join(parts)


def _heatmap(ins: Insight) -> Iterable[str]:
    cols = [*ins.components, "total"]
    yield ('<table class="heat"><caption>Each rep\'s mean score per component: first attempts (large) and latest '
           'attempts (small), over the scenarios they played</caption><thead><tr><th>Rep</th><th>Team</th>')
    for c in cols:
        yield f"<th>{_e(_label(c))}</th>"
    yield "</tr></thead><tbody>"
    for r in ins.reps:
        yield f"<tr><td>{_e(r.name)}</td><td>{_e(r.team)}</td>"
        for c in cols:
            cell = r.cells.get(c)
            first, latest = (cell.first, cell.latest) if cell else (None, None)
            yield (f'<td class="h" style="background:{heat_colour(first)}">{_e(_f(first))}'
                   f"<small>latest {_e(_f(latest))}</small></td>")
        yield "</tr>"
    yield "</tbody></table>"
    yield '<p class="legend">Colour: the first-attempt score, red 0 — amber 50 — green 100; grey: n/a (no chance to earn points).</p>'


def _items(ins: Insight) -> Iterable[str]:
    current = None
    for it in ins.items:
        scen = (it.scenario_hash, it.title)
        if scen != current:
            if current is not None:
                yield "</tbody></table>"
            current = scen
            yield (f"<h3>{_e(it.title)} <small>({_e(it.scenario_id)} v{it.scenario_version})</small></h3>"
                   "<table><thead><tr><th>Decision</th><th>Reps</th><th>Share choosing each option</th><th>Mean regret</th>"
                   "<th>Costliest common mistake</th><th>Separates stronger reps (r<sub>pb</sub>)</th></tr></thead><tbody>")
        cost = ("—" if it.costliest is None else
                f"{_e(it.costliest.text)} <small>({_e(it.costliest.option)}: {it.costliest.count} rep(s), "
                f"{it.costliest_total:.1f} regret in total)</small>")
        yield (f"<tr><td><b>{_e(it.node)}</b><br><small>{_e(it.prompt)}</small></td><td class=\"num\">{it.reps}</td>"
               f"<td>{_share_bars(it)}</td><td class=\"num\">{it.mean_regret:.1f}</td><td>{cost}</td>"
               f"<td class=\"num\">{_e(_f(it.r_pb, 2))}</td></tr>")
    if current is not None:
        yield "</tbody></table>"


def iter_html(ins: Insight, title: str = "Team insight", files: int = 0, problems: int = 0):
    yield page_start(title, _CSS)
    yield (f'<p class="meta">{len(ins.reps)} rep(s) from {files} file(s)'
           + (f", {problems} file(s) rejected" if problems else "")
           + f"; item analysis over {ins.analysed} first attempt(s) replayed here"
           + (f" ({ins.not_analysed} could not be replayed: scenario version not available)" if ins.not_analysed else "")
           + f". Made with sales simulator {_e(__version__)}. First attempts count; retries are practice.</p>")
    yield '<h2 id="losses">Where my team loses deals</h2>'
    if ins.losses:
        yield ('<p class="explain">The decisions with the highest total regret across the team: outcome value given away '
               "by moves that were not the best available on what the rep could see.</p><table><thead><tr><th>#</th>"
               "<th>Scenario</th><th>Decision</th><th>Total regret</th><th>Mean regret</th><th>Costliest common mistake</th>"
               "</tr></thead><tbody>")
        for i, it in enumerate(ins.losses, 1):
            yield (f"<tr><td class=\"num\">{i}</td><td>{_e(it.title)}</td><td>{_e(it.node)}<br><small>{_e(it.prompt)}</small>"
                   f"</td><td class=\"num\">{it.total_regret:.1f}</td><td class=\"num\">{it.mean_regret:.1f}</td>"
                   f"<td>{_e(it.costliest.text if it.costliest else '—')}</td></tr>")
        yield "</tbody></table>"
    else:
        yield "<p>No decision cost the team anything in the attempts replayed here.</p>"
    yield '<h2 id="heatmap">Heatmap: reps × components</h2>'
    yield "".join(_heatmap(ins)) if ins.reps else "<p>No reps yet.</p>"
    yield ('<h2 id="trends">Each rep\'s trend</h2><table><thead><tr><th>Rep</th><th>Team</th><th>Index</th><th>Attempts</th>'
           "<th>Totals over time</th><th>Change (latest − first)</th><th>Last activity</th></tr></thead><tbody>")
    for r in ins.reps:
        ch = "n/a" if r.change is None else f"{r.change:+.1f}"
        yield (f"<tr><td>{_e(r.name)}</td><td>{_e(r.team)}</td><td class=\"num\">{_e(_f(r.index, 1))}</td>"
               f"<td class=\"num\">{r.attempts}</td><td class=\"bar\">{_spark(r)}</td><td class=\"num\">{_e(ch)}</td>"
               f"<td>{_e(r.latest[:10])}</td></tr>")
    yield "</tbody></table>"
    yield ('<h2 id="items">Item analysis per scenario decision</h2><p class="explain">Over each rep\'s first attempt: the share '
           "choosing each option (green: a best move, red: not), mean regret, the mistake that cost the most in total, and "
           "the point-biserial correlation between making a best move there and the rep's index (near 1: stronger reps "
           "get it right; near 0 or negative: it does not separate them; n/a: everyone or no one got it right).</p>")
    yield "".join(_items(ins)) or "<p>No first attempt could be replayed here.</p>"
    yield "</body></html>\n"


def to_html(ins: Insight, title: str = "Team insight", files: int = 0, problems: int = 0) -> str:
    return "".join(iter_html(ins, title, files, problems))


def write_report(ins: Insight, path: str | Path, *, protected: Iterable[str | Path] = (), files: int = 0,
                 problems: int = 0) -> str:
    """Write the report as HTML or CSV (by the suffix) atomically, never over ``protected`` files."""
    from simulator.coaching.file_format import CoachingError
    from simulator.coaching.report_csv import to_csv
    from simulator.safe_write import write_output

    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind == "csv":
        write_output(path, lambda fh: to_csv(ins, fh), protected=protected, encoding="utf-8-sig", newline="")
    elif kind in ("html", "htm"):
        write_output(path, lambda fh: fh.writelines(iter_html(ins, files=files, problems=problems)), protected=protected)
    else:
        raise CoachingError(f"{path}: cannot tell the format from the name; use .html or .csv")
    return "html" if kind == "htm" else kind
