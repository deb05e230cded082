"""The node panel: what a node says, its choices with conditions, effects and evidence, and where it leads."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from simulator.graph import OUTCOME_COLOURS, GraphNode
from simulator.loader import Effect, Option, Scenario


def _e(x) -> str:
    return html.escape(str(x), quote=True)


def effects_text(effects: tuple[Effect, ...]) -> str:
    out = []
    for f in effects:
        if f.op == "add":
            v = f.value
            out.append(f"{f.var} {'+' if v >= 0 else '−'}{abs(v):g}")
        else:
            out.append(f"{f.var} = {str(f.value).lower() if isinstance(f.value, bool) else f.value}")
    return ", ".join(out)


def points_text(points: dict) -> str:
    return ", ".join(f"{k} {v:+g}" for k, v in points.items()) or "no points"


def evidence_html(option: Option) -> str:
    rules = option.evidence
    if not rules:
        return "<i>none</i>"
    if len(rules) == 1 and rules[0].cond is None:
        return _e(points_text(rules[0].points))
    items = []
    for r in rules:
        cond = f"if <code>{_e(r.cond.source)}</code>: " if r.cond is not None else "otherwise: "
        note = f" <span style='color:#555'>— {_e(r.note)}</span>" if r.note else ""
        items.append(f"<li>{cond}{_e(points_text(r.points))}{note}</li>")
    return f"<ul style='margin:0'>{''.join(items)}</ul>"


def node_html(sc: Scenario, node_id: str, gnode: GraphNode | None = None) -> str:
    """The panel's text for a node or an ending; every author string is escaped."""
    parts = []
    line, col = sc.position("endings" if node_id in sc.endings else "nodes", node_id)
    where = f"<span style='color:#666'>{_e(sc.path.name)}:{line}:{col}</span>"
    if node_id in sc.endings:
        e = sc.endings[node_id]
        fill, border = OUTCOME_COLOURS.get(e.outcome, ("#fff", "#666"))
        parts.append(f"<h3 style='margin-bottom:2px'>{_e(node_id)} <span style='background:{fill};color:{border}'>&nbsp;ending · {_e(e.outcome)}&nbsp;</span></h3>{where}")
        parts.append(f"<p><b>{_e(e.title)}</b> — outcome value {e.value:g}</p>")
        if e.text:
            parts.append(f"<p>{_e(e.text)}</p>")
    else:
        n = sc.nodes[node_id]
        kind = {"choices": "choices", "routes": "buyer reaction (routes)", "diagnose": "diagnose question"}[n.kind]
        parts.append(f"<h3 style='margin-bottom:2px'>{_e(node_id)} <span style='color:#666;font-weight:normal'>· {kind}</span></h3>{where}")
    if gnode is not None:
        marks = []
        if not gnode.reachable:
            marks.append("<span style='color:#757575'><b>Unreachable:</b> no goto leads here from the start.</span>")
        if gnode.trap:
            marks.append("<span style='color:#c62828'><b>Trap:</b> a run can arrive here in a state from which no ending can be reached.</span>")
        if gnode.dead_end:
            marks.append("<span style='color:#c62828'><b>Dead end:</b> no path of gotos leads from here to an ending.</span>")
        if gnode.on_best:
            marks.append("<span style='color:#2e7d32'>On the best path.</span>")
        if gnode.on_attempt:
            marks.append("<span style='color:#e65100'>On the shown attempt's path.</span>")
        if marks:
            parts.append("<p>" + "<br>".join(marks) + "</p>")
    if node_id in sc.endings:
        parts.append(_incoming(sc, node_id))
        return "".join(parts)
    n = sc.nodes[node_id]
    if n.effects:
        parts.append(f"<p><b>On entry:</b> {_e(effects_text(n.effects))}</p>")
    if n.lines:
        said = []
        for ln in n.lines:
            who = sc.people[ln.who].name if ln.who and ln.who in sc.people else "Narration"
            mood = f" <i>({_e(ln.mood)})</i>" if ln.mood else ""
            cond = getattr(ln, "cond", None)
            when = f" <span style='color:#666'>[only if {_e(cond.source)}]</span>" if cond is not None else ""
            variants = getattr(ln, "variants", ()) or ()
            if variants:  # format 2: the first variant whose if holds is said
                rows = []
                for v in variants:
                    vif = f"if {_e(v.cond.source)}" if v.cond is not None else "otherwise"
                    vmood = f" <i>({_e(v.mood)})</i>" if v.mood else ""
                    rows.append(f"<br>&nbsp;&nbsp;<span style='color:#666'>{vif}:</span>{vmood} {_e(v.text.strip())}")
                said.append(f"<p style='margin:2px 0'><b>{_e(who)}</b>{mood}{when}:{''.join(rows)}</p>")
            else:
                said.append(f"<p style='margin:2px 0'><b>{_e(who)}</b>{mood}{when}: {_e(ln.text.strip())}</p>")
        parts.append("<h4>Says</h4>" + "".join(said))
    elif n.kind != "diagnose":
        parts.append("<p><i>Silent: nothing is said here.</i></p>")
    if n.kind == "choices":
        parts.append(f"<h4>Choices ({len(n.options)})</h4>")
        for i, o in enumerate(n.options, 1):
            rows = [f"<b>{i}. {_e(o.id)}</b> → <b>{_e(o.goto)}</b><br>“{_e(o.text.strip())}”"]
            if o.cond is not None:
                rows.append(f"<span style='color:#7b52ab'>Offered only if <code>{_e(o.cond.source)}</code></span>")
            if o.effects:
                rows.append(f"Effects: {_e(effects_text(o.effects))}")
            rows.append(f"Evidence: {evidence_html(o)}")
            if o.note:
                rows.append(f"<span style='color:#555'>Coach's note: {_e(o.note)}</span>")
            parts.append("<p style='margin:4px 0 8px 0'>" + "<br>".join(rows) + "</p>")
    elif n.kind == "diagnose":
        parts.append(f"<h4>Diagnose</h4><p><i>{_e(n.prompt or '')}</i></p>")
        for i, o in enumerate(n.options, 1):
            note = f"<br><span style='color:#555'>Coach's note: {_e(o.note)}</span>" if o.note else ""
            parts.append(f"<p style='margin:4px 0'><b>{i}. {_e(o.id)}</b>: {_e(o.text)}<br>Evidence: {evidence_html(o)}{note}</p>")
        if n.options:
            parts.append(f"<p>Then → <b>{_e(n.options[0].goto)}</b></p>")
    else:
        parts.append("<h4>Buyer's reaction (first route that applies)</h4><ol style='margin-top:0'>")
        for r in n.routes:
            bits = []
            if r.cond is not None:
                bits.append(f"if <code>{_e(r.cond.source)}</code>")
            if r.chance is not None:
                bits.append(f"with chance {r.chance:.0%}")
            if not bits:
                bits.append("otherwise")
            parts.append(f"<li>{', '.join(bits)} → <b>{_e(r.goto)}</b></li>")
        parts.append("</ol>")
        last = n.routes[-1] if n.routes else None
        if last is not None and (last.cond is not None or last.chance is not None):
            parts.append("<p style='color:#c62828'>No fallback route: a run can get stuck here.</p>")
    parts.append(_incoming(sc, node_id))
    return "".join(parts)


def _incoming(sc: Scenario, node_id: str) -> str:
    srcs = sorted({nid for nid, n in sc.nodes.items() if any(o.goto == node_id for o in n.options) or any(r.goto == node_id for r in n.routes)})
    if node_id == sc.start:
        srcs.insert(0, "(start)")
    if not srcs:
        return "<p style='color:#757575'>Nothing leads here.</p>"
    return f"<p style='color:#555'>Reached from: {_e(', '.join(srcs))}</p>"


class NodeInspector(QWidget):
    play_requested = Signal(str)
    open_requested = Signal(str, int, int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("nodeInspector")
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.setAccessibleName("Node details")
        self.play_button = QPushButton("▶ Play from here")
        self.play_button.setObjectName("primary")
        self.open_button = QPushButton("Open in editor")
        self.play_button.clicked.connect(lambda: self.node_id and self.play_requested.emit(self.node_id))
        self.open_button.clicked.connect(self._open)
        buttons = QHBoxLayout()
        buttons.addWidget(self.play_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addLayout(buttons)
        lay.addWidget(self.browser)
        self.scenario: Scenario | None = None
        self.node_id: str | None = None
        self.show_node(None, None)

    def show_node(self, sc: Scenario | None, node_id: str | None, gnode: GraphNode | None = None) -> None:
        self.scenario, self.node_id = sc, node_id
        ok = sc is not None and node_id is not None and (node_id in sc.nodes or node_id in sc.endings)
        if not ok:
            self.node_id = None
            self.browser.setHtml("<p style='color:#666'>Click a node on the map to see what it says, its choices, "
                                 "their conditions, effects and evidence.</p>")
        else:
            self.browser.setHtml(node_html(sc, node_id, gnode))
        self.play_button.setEnabled(ok and node_id in sc.nodes)
        self.open_button.setEnabled(ok)

    def _open(self) -> None:
        if self.scenario is None or self.node_id is None:
            return
        part = "endings" if self.node_id in self.scenario.endings else "nodes"
        line, col = self.scenario.position(part, self.node_id)
        self.open_requested.emit(str(self.scenario.path.resolve()), line, col)
