"""The board as one self-contained HTML page: no scripts, no external assets, every text escaped."""

from __future__ import annotations

import html
from typing import Any

from simulator import __version__
from simulator.leaderboard.ranking import Board, Table
from simulator.leaderboard.verify import CONFLICT, FAILED, UNVERIFIED, VERIFIED, _fmt


def _e(x: Any) -> str:
    """``x`` as HTML text (None as nothing): every text on a page goes through this."""
    return html.escape("" if x is None else str(x), quote=True)


def page_start(title: str, css: str) -> str:
    """A self-contained page's opening: the head with its inline style (no scripts, no external assets) and
    ``title`` as the heading."""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{_e(title)}</title><style>{css}</style></head><body><h1>{_e(title)}</h1>")


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:24px auto;max-width:1000px;color:#1b1b1b;background:#fff;line-height:1.4;padding:0 16px}
h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.2em;margin:28px 0 6px;border-bottom:2px solid #d0d7de;padding-bottom:3px}
p.meta,p.explain{color:#555;margin:2px 0 8px;font-size:.92em}
table{border-collapse:collapse;width:100%;margin:6px 0 14px;font-size:.93em}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f5f7}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.unranked td{color:#555;font-style:italic}
.badge{display:inline-block;border-radius:4px;padding:0 6px;font-size:.85em;border:1px solid}
.b-verified{color:#1b5e20;background:#e8f5e9;border-color:#66bb6a}
.b-unverified,.b-partly{color:#6d4c00;background:#fff8e1;border-color:#e0a800}
.b-failed,.b-conflict{color:#b71c1c;background:#ffebee;border-color:#e57373}
svg text{font-family:inherit;font-size:12px;fill:#1b1b1b}
@media print{body{margin:0;max-width:none;font-size:10pt;color:#000}
h2{break-after:avoid;page-break-after:avoid}table,figure{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}tr{break-inside:avoid}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}a{color:#000;text-decoration:none}}
"""

_BADGE_CLASS = {VERIFIED: "b-verified", UNVERIFIED: "b-unverified", "partly unverified": "b-partly", FAILED: "b-failed",
                CONFLICT: "b-conflict"}


def _badge(status: str) -> str:
    return f'<span class="badge {_BADGE_CLASS.get(status, "b-unverified")}">{_e(status)}</span>'


def _svg_chart(t: Table, limit: int = 25) -> str:
    rows = [r for r in t.rows if r.rank is not None and r.value is not None][:limit]
    if not rows:
        return ""
    bar_h, gap, label_w, width = 18, 6, 220, 760
    plot_w = width - label_w - 60
    height = len(rows) * (bar_h + gap) + 24
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" aria-labelledby="chart-title">',
             f'<title id="chart-title">{_e(t.title)}: bar chart of the ranked reps (0 to 100)</title>']
    for i, r in enumerate(rows):
        y = i * (bar_h + gap) + 4
        w = max(1.0, plot_w * max(0.0, min(100.0, r.value)) / 100.0)
        label = f"{r.rank}. {r.name}" + (f" ({r.team})" if r.team else "")
        if len(label) > 34:
            label = label[:33] + "\u2026"
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_h - 5}" text-anchor="end">{_e(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#3b6ea8"/>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 5}">{r.value:.1f}</text>')
    axis_y = len(rows) * (bar_h + gap) + 6
    parts.append(f'<line x1="{label_w}" y1="{axis_y}" x2="{label_w + plot_w}" y2="{axis_y}" stroke="#888"/>')
    for v in (0, 50, 100):
        x = label_w + plot_w * v / 100
        parts.append(f'<text x="{x:.0f}" y="{axis_y + 14}" text-anchor="middle">{v}</text>')
    parts.append("</svg>")
    return "<figure>" + "".join(parts) + "</figure>"


def _table_html(t: Table, value_label: str = "Score") -> str:
    out = [f'<h2 id="{_e(t.key)}">{_e(t.title)}</h2>', f'<p class="explain">{_e(t.explain)}</p>']
    if not t.rows:
        out.append("<p>No one has a rated attempt here yet.</p>")
        return "".join(out)
    out.append(f"<table><caption>{_e(t.title)}</caption><thead><tr><th>Rank</th><th>Name</th><th>Team</th>"
               f"<th>{_e(value_label)}</th><th>Scenarios</th><th>Verification</th><th>Note</th></tr></thead><tbody>")
    for r in t.rows:
        cls = ' class="unranked"' if r.rank is None else ""
        val = "" if r.value is None else (f"{r.value:+.1f}" if t.key == "improved" else f"{r.value:.1f}")
        out.append(f"<tr{cls}><td class=\"num\">{_e(r.rank if r.rank is not None else '-')}</td><td>{_e(r.name)}</td>"
                   f"<td>{_e(r.team)}</td><td class=\"num\">{_e(val)}</td><td class=\"num\">{r.scenarios}</td>"
                   f"<td>{_badge(r.badge)}</td><td>{_e(r.note)}</td></tr>")
    out.append("</tbody></table>")
    return "".join(out)


def iter_html(board: Board, title: str = "Team leaderboard"):
    """The HTML page in pieces (write them one by one to keep memory flat)."""
    counts = board.counts()
    filt = []
    if board.team is not None:
        filt.append(f"team {board.team or '(no team)'}")
    if board.scenario is not None:
        filt.append(f"scenario {board.scenario}")
    yield page_start(title, _CSS)
    yield (f'<p class="meta">{len(board.files)} file(s) merged; {sum(counts.values())} attempts: '
           f"{counts[VERIFIED]} verified, {counts[UNVERIFIED]} unverified, {counts[FAILED]} do not verify, "
           f"{counts[CONFLICT]} in conflict. {_e('Filtered to ' + ' and '.join(filt) + '. ' if filt else '')}"
           f"Made with sales simulator {_e(__version__)}. For coaching: first attempts count, retries are practice.</p>")
    idx = board.table("index")
    yield f"<h2>Chart: {_e(idx.title)}</h2>" + (_svg_chart(idx) or "<p>No one is ranked yet.</p>")
    for t in board.tables:
        yield _table_html(t)
    yield _table_html(board.improved, "Change")
    yield "<h2 id=\"reps\">Each rep's scenarios</h2><table><caption>First, best and latest total per scenario version</caption>"
    yield ("<thead><tr><th>Name</th><th>Team</th><th>Scenario</th><th>Version</th><th>Attempts</th><th>First (rated)</th>"
           "<th>Best</th><th>Latest</th><th>Verification</th></tr></thead><tbody>")
    for r in board.reps:
        for s in r.rows:
            yield (f"<tr><td>{_e(r.name)}</td><td>{_e(r.team)}</td><td>{_e(s.scenario_id)}</td><td class=\"num\">{s.scenario_version}</td>"
                   f"<td class=\"num\">{s.attempts}</td><td class=\"num\">{_e(_fmt(s.first))}</td><td class=\"num\">{_e(_fmt(s.best))}</td>"
                   f"<td class=\"num\">{_e(_fmt(s.latest))}</td><td>{_badge(s.first_status)}</td></tr>")
    yield "</tbody></table>"
    bad = [a for a in board.attempts if a.status in (FAILED, CONFLICT)]
    if bad:
        yield ("<h2 id=\"excluded\">Not ranked</h2><table><caption>Attempts kept off the ranking</caption><thead><tr><th>Name</th>"
               "<th>Team</th><th>Scenario</th><th>Attempt</th><th>Total</th><th>Verification</th><th>Reason</th><th>Files</th></tr></thead><tbody>")
        for a in bad:
            e = a.entry
            yield (f"<tr><td>{_e(e.rep)}</td><td>{_e(e.team)}</td><td>{_e(e.scenario_id)} v{e.scenario_version}</td><td>{_e(e.uuid)}</td>"
                   f"<td class=\"num\">{_e(_fmt(e.total))}</td><td>{_badge(a.status)}</td><td>{_e(a.reason)}</td>"
                   f"<td>{_e(', '.join(a.sources))}</td></tr>")
        yield "</tbody></table>"
    yield "</body></html>\n"


def to_html(board: Board, title: str = "Team leaderboard") -> str:
    """One self-contained HTML page: no scripts, no external assets, every text escaped."""
    return "".join(iter_html(board, title))
