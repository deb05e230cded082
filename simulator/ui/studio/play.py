"""Play from here: a test run from any node with state values set in a form built from ``state``.

Runs are ``simulator.testrun`` sessions: never stored, never attempts.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDoubleSpinBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
    QPushButton, QSpinBox, QTextBrowser, QVBoxLayout, QWidget,
)

from simulator.engine import Session, Step
from simulator.errors import SimulatorError
from simulator.loader import Scenario, Variable
from simulator.testrun import start_at


def _e(x) -> str:
    return html.escape(str(x), quote=True)


def _fmt(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


class PlayPanel(QWidget):
    path_changed = Signal(list)  # node ids of the current test run
    node_requested = Signal(str)  # show this node on the map

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("playPanel")
        self.scenario: Scenario | None = None
        self.session: Session | None = None
        self.editors: dict[str, QWidget] = {}
        self.played_situation: str | None = None  # the situation of the current test run (format 2)

        self.node_combo = QComboBox()
        self.node_combo.setObjectName("startNode")
        self.node_combo.setAccessibleName("Start at node")
        self.node_combo.setMinimumContentsLength(12)
        self.node_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.situation_combo = QComboBox()
        self.situation_combo.setObjectName("situation")
        self.situation_combo.setAccessibleName("Situation")
        self.situation_combo.setToolTip("Format 2: play as one hidden situation (its start values replace the form's)")
        self.situation_combo.setMinimumContentsLength(10)
        self.situation_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.situation_label = QLabel("Situation")
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setValue(1)
        self.seed.setToolTip("Chance routes follow this seed, so a run can be repeated exactly")
        self.start_button = QPushButton("▶ Start test run")
        self.start_button.setObjectName("primary")
        self.reset_button = QPushButton("Reset values")
        self.reset_button.setToolTip("Set every variable back to its declared start value")
        self.start_button.clicked.connect(self.start)
        self.reset_button.clicked.connect(self.reset_values)
        # two short rows: nothing here may make the studio window wider than the rep made it
        top = QVBoxLayout()
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        row1.addWidget(QLabel("Start at"))
        row1.addWidget(self.node_combo, 1)
        row1.addWidget(self.situation_label)
        row1.addWidget(self.situation_combo, 1)
        row2.addWidget(QLabel("Seed"))
        row2.addWidget(self.seed)
        row2.addWidget(self.start_button)
        row2.addWidget(self.reset_button)
        row2.addStretch(1)
        top.addLayout(row1)
        top.addLayout(row2)

        self.state_box = QGroupBox("State at the start of the test run")
        self.state_form = QGridLayout(self.state_box)
        self.state_form.setHorizontalSpacing(14)

        self.banner = QLabel("Test run — never recorded as an attempt. Hidden variables are shown.")
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("QLabel#banner { background: #fff4d6; border: 1px solid #e0b84c; border-radius: 6px; padding: 4px 8px; }")

        self.transcript = QTextBrowser()
        self.transcript.setObjectName("testTranscript")
        self.transcript.setOpenLinks(False)
        self.transcript.setAccessibleName("Test run transcript")
        self.options_box = QWidget()
        self.options_layout = QVBoxLayout(self.options_box)
        self.options_layout.setContentsMargins(0, 0, 0, 0)
        self.state_now = QLabel("")
        self.state_now.setObjectName("stateNow")
        self.state_now.setTextFormat(Qt.TextFormat.PlainText)
        self.state_now.setWordWrap(True)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.state_box)
        lay.addWidget(self.banner)
        lay.addWidget(self.transcript, 1)
        lay.addWidget(self.options_box)
        lay.addWidget(self.state_now)
        self._html: list[str] = []
        self.set_scenario(None)

    # -- scenario and form ------------------------------------------------------

    def set_scenario(self, sc: Scenario | None, keep: bool = False) -> None:
        previous_node = self.node_combo.currentData()
        previous_values = self.values() if keep and self.scenario is not None else {}
        self.scenario = sc
        self.node_combo.clear()
        while self.state_form.count():
            w = self.state_form.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.editors = {}
        enabled = sc is not None
        for w in (self.node_combo, self.start_button, self.reset_button, self.seed):
            w.setEnabled(enabled)
        previous_situation = self.situation_combo.currentData()
        self.situation_combo.clear()
        situations = tuple(getattr(sc, "situations", ()) or ()) if sc is not None else ()
        self.situation_combo.addItem("None: the values below", None)
        for sit in situations:
            self.situation_combo.addItem(" ".join(sit.title.split()), sit.id)
        for w in (self.situation_combo, self.situation_label):
            w.setVisible(bool(situations))
        if keep and previous_situation is not None:
            self.set_situation(previous_situation)
        if sc is None:
            self._clear_run("Open a scenario that loads without errors to test it.")
            return
        for nid, node in sc.nodes.items():
            self.node_combo.addItem(f"{nid}" + ("   (start)" if nid == sc.start else ""), nid)
        cols = 2
        for i, var in enumerate(sc.variables.values()):
            label = QLabel(self._label(var))
            label.setToolTip(self._hint(var))
            editor = self._editor(var)
            editor.setToolTip(self._hint(var))
            editor.setAccessibleName(var.label or var.name)
            editor.setObjectName(f"var-{var.name}")
            r, c = divmod(i, cols)
            self.state_form.addWidget(label, r, 2 * c)
            self.state_form.addWidget(editor, r, 2 * c + 1)
            self.editors[var.name] = editor
        if not sc.variables:
            self.state_form.addWidget(QLabel("This scenario declares no state."), 0, 0)
        if keep and previous_node in sc.nodes:
            self.set_node(previous_node)
        for name, value in previous_values.items():
            if name in self.editors:
                self.set_value(name, value)
        if not keep or self.session is None:
            self._clear_run("Pick a node and the state, then start a test run. Nothing you do here is recorded.")

    @staticmethod
    def _label(var: Variable) -> str:
        name = var.label if var.label and var.label != var.name else var.name
        return f"{name}{'' if var.show else ' (hidden)'}"

    @staticmethod
    def _hint(var: Variable) -> str:
        if var.kind == "number":
            return f"'{var.name}': a number from {var.min:g} to {var.max:g}; starts at {_fmt(var.start)}"
        if var.kind == "flag":
            return f"'{var.name}': a flag; starts {_fmt(var.start)}"
        return f"'{var.name}': one of {', '.join(var.values)}; starts at {var.start}"

    def _editor(self, var: Variable) -> QWidget:
        if var.kind == "number":
            whole = all(float(x).is_integer() for x in (var.min, var.max, var.start))
            box = QSpinBox() if whole else QDoubleSpinBox()
            box.setRange(int(var.min) if whole else var.min, int(var.max) if whole else var.max)
            box.setValue(int(var.start) if whole else float(var.start))
            return box
        if var.kind == "flag":
            box = QCheckBox()
            box.setChecked(bool(var.start))
            return box
        box = QComboBox()
        box.addItems(list(var.values))
        box.setCurrentText(str(var.start))
        return box

    def reset_values(self) -> None:
        if self.scenario is None:
            return
        for name, var in self.scenario.variables.items():
            self.set_value(name, var.start)

    def set_situation(self, situation: str | None) -> None:
        i = self.situation_combo.findData(situation)
        self.situation_combo.setCurrentIndex(max(0, i))

    def set_node(self, node_id: str) -> None:
        i = self.node_combo.findData(node_id)
        if i >= 0:
            self.node_combo.setCurrentIndex(i)

    def set_value(self, name: str, value) -> None:
        w = self.editors[name]
        if isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QComboBox):
            w.setCurrentText(str(value))
        else:
            w.setValue(value)

    def values(self) -> dict:
        out = {}
        for name, w in self.editors.items():
            if isinstance(w, QCheckBox):
                out[name] = w.isChecked()
            elif isinstance(w, QComboBox):
                out[name] = w.currentText()
            else:
                out[name] = w.value()
        return out

    # -- running -----------------------------------------------------------------

    def start(self) -> None:
        if self.scenario is None:
            return
        node = self.node_combo.currentData() or self.scenario.start
        situation = self.situation_combo.currentData() if self.situation_combo.isVisible() or \
            getattr(self.scenario, "situations", ()) else None
        values = self.values()
        sit_obj = next((x for x in getattr(self.scenario, "situations", ()) or () if x.id == situation), None)
        if sit_obj is not None:  # the situation's start values win over the form's
            for eff in sit_obj.sets:
                values[eff.var] = eff.value
                if eff.var in self.editors:
                    self.set_value(eff.var, eff.value)
        try:
            self.session = start_at(self.scenario, node, values, seed=self.seed.value())
        except SimulatorError as exc:
            self._clear_run(str(exc))
            return
        self.played_situation = situation
        vals = ", ".join(f"{k} = {_fmt(v)}" for k, v in values.items())
        sit = f"; situation <b>{_e(' '.join(sit_obj.title.split()))}</b>" if sit_obj is not None else ""
        self._html = [f"<p style='color:#555'>Test run from <b>{_e(node)}</b> with {_e(vals) or 'no state'}, seed "
                      f"{self.seed.value()}{sit}.</p>"]
        self._show(self.session.current)

    def replay(self, seed: int, choices: list[int], node: str | None = None, values: dict | None = None) -> None:
        """Start at ``node`` (default: the scenario's start, start values) and pick ``choices`` (1-based)."""
        if self.scenario is None:
            return
        self.set_node(node or self.scenario.start)
        if values is None:
            self.reset_values()
        else:
            for k, v in values.items():
                self.set_value(k, v)
        self.seed.setValue(seed)
        self.start()
        for c in choices:  # ``choices`` count in written order, as Session.choose(int) does
            if self.session is None or self.session.finished:
                break
            shown = next((o.number for o in self.session.current.options if getattr(o, "index", 0) == c), c)
            self.choose(shown)

    def choose(self, number: int) -> None:
        if self.session is None or self.session.finished:
            return
        step = self.session.current
        picked = next((o for o in step.options if o.number == number), None)
        if picked is None:
            return
        who = "You (diagnosis)" if step.kind == "diagnose" else "You"
        self._html.append(f"<p style='margin:4px 0 4px 40px;color:#0b57d0'><b>{who}</b> [{_e(picked.id)}]: {_e(picked.text)}</p>")
        self._show(self.session.choose(picked.id))

    def _show(self, step: Step) -> None:
        for ln in step.lines:
            who = ln.speaker or "Narration"
            self._html.append(f"<p style='margin:4px 0'><span style='color:#777'>[{_e(ln.node)}]</span> <b>{_e(who)}</b>: {_e(ln.text.strip())}</p>")
        if step.kind == "diagnose" and step.prompt:
            self._html.append(f"<p style='margin:4px 0;color:#7b52ab'><i>Diagnose: {_e(step.prompt)}</i></p>")
        self._clear_buttons()
        if step.kind == "ending":
            e = step.ending
            score = ""
            try:
                from simulator.scoring import score_session

                card = score_session(self.session)
                if card.total is not None:
                    score = f" — total {card.total:.0f} ({'passed' if card.passed else 'not passed'})"
            except Exception:
                pass
            self._html.append(f"<p style='margin-top:10px'><b>Ending: {_e(e.title)}</b> ({_e(e.outcome)}, value {e.value:g}){_e(score)}</p>")
        elif step.kind == "stuck":
            self._html.append(f"<p style='color:#c62828'><b>Stuck at '{_e(step.node)}':</b> {_e(step.reason)}</p>")
        else:
            from simulator.ui.widgets.conversation import ChoiceButton

            for o in step.options:  # word-wrapped: a long option never widens the window
                b = ChoiceButton(o.number, o.text)
                b.setToolTip(f"option id: {o.id} (press {o.number})")
                b.clicked.connect(lambda _=False, n=o.number: self.choose(n))
                self.options_layout.addWidget(b)
        if step.finished:
            again = QPushButton("↺ Run again from the same node and state")
            again.clicked.connect(self.start)
            self.options_layout.addWidget(again)
        self.transcript.setHtml("".join(self._html))
        sb = self.transcript.verticalScrollBar()
        sb.setValue(sb.maximum())
        sc = self.session.scenario
        vals = ", ".join(f"{k} = {_fmt(v)}" for k, v in zip(sc.variables, self.session.values))
        self.state_now.setText(f"State now: {vals}" if vals else "")
        self.path_changed.emit(list(self.session.path))

    def _clear_buttons(self) -> None:
        while self.options_layout.count():
            w = self.options_layout.takeAt(0).widget()
            if w is not None:
                w.deleteLater()

    def _clear_run(self, message: str) -> None:
        self.session = None
        self._clear_buttons()
        self._html = []
        self.transcript.setHtml(f"<p style='color:#666'>{_e(message)}</p>")
        self.state_now.setText("")

    @property
    def option_buttons(self) -> list[QPushButton]:
        return [self.options_layout.itemAt(i).widget() for i in range(self.options_layout.count())
                if isinstance(self.options_layout.itemAt(i).widget(), QPushButton)]
