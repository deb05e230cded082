"""The rep's side of coaching in the app: the reflection box under a debrief, the coach's comments at
their decision, the assignments at the top of the library, and the coaching card in Progress.

Every database read and write goes through ``run_op`` (the writer thread); widgets get plain data back.
The screens themselves only call ``attach_to_debrief`` / add an ``AssignmentsPanel`` / a ``CoachingCard``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFrame, QHBoxLayout, QPlainTextEdit, QVBoxLayout, QWidget

from simulator.ui.ops import run_op
from simulator.ui.theme import SPACE, TYPE
from simulator.ui.widgets.layout import button, card
from simulator.ui.widgets.text import plain_label

QUESTIONS = ("What would you do differently?", "What did the buyer really need?")


class ReflectionBox(QFrame):
    """Two optional answers saved with the attempt (``coaching.store.save_reflection``)."""

    saved = Signal(str)  # attempt uuid

    def __init__(self, attempt: str, parent=None):
        super().__init__(parent)
        self.attempt = attempt
        self.setObjectName("card")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(SPACE["l"], SPACE["m"], SPACE["l"], SPACE["m"])
        lay.setSpacing(SPACE["xs"] + 2)
        lay.addWidget(plain_label("Your reflection (optional)", bold=True, scale=TYPE["subtitle"]))
        lay.addWidget(plain_label("Saved with this attempt; your coach sees it when you share.", role="muted",
                                  scale=TYPE["caption"]))
        self.edits: list[QPlainTextEdit] = []
        for q in QUESTIONS:
            lay.addWidget(plain_label(q, bold=True))
            e = QPlainTextEdit()
            e.setAccessibleName(q)
            e.setPlaceholderText("A sentence or two…")
            e.setTabChangesFocus(True)
            e.setFixedHeight(68)
            e.textChanged.connect(self._dirty)
            lay.addWidget(e)
            self.edits.append(e)
        row = QHBoxLayout()
        self.status = plain_label("", role="muted", wrap=False)
        row.addWidget(self.status, 1)
        self.save_button = button("&Save reflection", "Save your reflection with this attempt")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        lay.addLayout(row)
        self._loading = True
        run_op(self, lambda store: _reflection(store, attempt), self._loaded, lambda exc: self.status.setText(str(exc)))

    def _loaded(self, r) -> None:
        if r is not None:
            self.edits[0].setPlainText(r.differently)
            self.edits[1].setPlainText(r.buyer_needed)
            self.status.setText("Saved.")
        self._loading = False

    def _dirty(self) -> None:
        if not self._loading:
            self.status.setText("Not saved yet.")

    @property
    def texts(self) -> tuple[str, str]:
        return self.edits[0].toPlainText(), self.edits[1].toPlainText()

    def save(self) -> None:
        attempt, (a, b) = self.attempt, self.texts

        def work(store):
            from simulator.coaching.store import save_reflection

            return save_reflection(store, attempt, a, b)

        def done(_r) -> None:
            self.status.setText("Saved.")
            self.saved.emit(attempt)

        run_op(self, work, done, lambda exc: self.status.setText(f"Not saved: {exc}"))


def _reflection(store, attempt):
    from simulator.coaching.store import reflection

    return reflection(store, attempt)


def comment_frame(coach: str, text: str, overall: bool = False) -> QFrame:
    """A coach's comment, set apart from the debrief's own words."""
    frame = QFrame()
    frame.setObjectName("banner")
    lay = QVBoxLayout(frame)
    lay.setContentsMargins(SPACE["m"], SPACE["s"], SPACE["m"], SPACE["s"])
    lay.setSpacing(SPACE["xxs"])
    lay.addWidget(plain_label(f"{coach}'s note on this attempt" if overall else f"{coach}, your coach, says",
                              role="speaker", bold=True, scale=TYPE["caption"]))
    lay.addWidget(plain_label(text, keep_lines=True, selectable=True))
    frame.setAccessibleName(f"Comment from {coach}: {text}")
    return frame


def attach_to_debrief(screen, attempt: str | None, profile) -> None:
    """Add the coaching parts to a debrief just shown: the coach's comments at their decisions (and the
    overall note at the top), and the reflection box at the end. Nothing when the attempt is unknown."""
    body = getattr(screen, "_body", None)
    screen.reflection_box = None
    screen.coach_comments = []
    if body is None or not attempt or profile is None:
        return
    lay = body.layout()
    box = ReflectionBox(attempt, body)
    lay.addWidget(box)
    screen.reflection_box = box

    def work(store):
        from simulator.coaching.store import comments

        return comments(store, profile, attempt)

    def show(found) -> None:
        if getattr(screen, "_body", None) is not body:
            return  # another debrief is shown now
        for c in found:
            frame = comment_frame(c.coach, c.text, overall=c.decision is None)
            if c.decision is None:
                lay.insertWidget(1, frame)
            elif c.decision < len(screen.review_cards):
                screen.review_cards[c.decision].layout().addWidget(frame)
            else:
                continue
            screen.coach_comments.append(frame)

    run_op(body, work, show)


class AssignmentsPanel(QFrame):
    """The coach's assignments at the top of the library: "From Dana, due Friday: <title> — focus: tailoring"."""

    open_scenario = Signal(str)  # scenario id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("suggestion")
        self.lay = QVBoxLayout(self)
        self.lay.setContentsMargins(SPACE["l"], SPACE["m"], SPACE["l"], SPACE["m"])
        self.lay.setSpacing(SPACE["xs"])
        self.lay.addWidget(plain_label("Assigned by your coach", role="speaker", bold=True, scale=0.9))
        self.rows: list[QWidget] = []
        self.lines: list[str] = []
        self.hide()

    def load(self, profile) -> None:
        if profile is None:
            self.hide()
            return

        def work(store):
            from simulator.coaching.store import assignments

            return assignments(store, profile)

        run_op(self, work, self.show_assignments, lambda exc: self.hide())

    def show_assignments(self, items) -> None:
        from simulator.coaching.store import assignment_line

        for w in self.rows:
            self.lay.removeWidget(w)
            w.deleteLater()
        self.rows, self.lines = [], []
        open_items = [a for a in items if a.done is None]
        done = [a for a in items if a.done is not None][:3]
        for a in [*open_items, *done]:
            row = QWidget()
            rl = QHBoxLayout(row)
            rl.setContentsMargins(0, 0, 0, 0)
            line = assignment_line(a)
            text = plain_label(("✓ " + line + " — done") if a.done else line, role="muted" if a.done else None,
                               bold=not a.done)
            col = QVBoxLayout()
            col.setSpacing(0)
            col.addWidget(text)
            if a.note and not a.done:
                col.addWidget(plain_label(a.note, role="muted", keep_lines=True))
            rl.addLayout(col, 1)
            if not a.done:
                b = button("Start", f"Start {a.title}")
                b.clicked.connect(lambda _=False, sid=a.scenario_id: self.open_scenario.emit(sid))
                rl.addWidget(b, 0, Qt.AlignmentFlag.AlignVCenter)
            self.lay.addWidget(row)
            self.rows.append(row)
            self.lines.append(text.text())
        self.setVisible(bool(self.rows))


class ReflectionDialog(QDialog):
    def __init__(self, attempt: str, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Reflection — {title}")
        lay = QVBoxLayout(self)
        self.box = ReflectionBox(attempt, self)
        lay.addWidget(self.box)
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        bb.rejected.connect(self.reject)
        lay.addWidget(bb)
        self.resize(560, 380)


class FocusSpark(QWidget):
    """The focus competency's scores, attempt by attempt, as a small line in the competency's colour."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.values: list[float] = []
        self.colour = "#3b6ea8"
        self.setFixedSize(220, 40)
        self.setAccessibleName("Focus competency trend")

    def set_values(self, values: list[float], colour: str) -> None:
        self.values, self.colour = list(values), colour
        self.setAccessibleName("Focus competency trend: " + ", ".join(f"{v:.0f}" for v in values))
        self.update()

    def paintEvent(self, event):  # noqa: N802
        from PySide6.QtCore import QRectF
        from PySide6.QtGui import QColor, QPainter

        from simulator.ui.theme import colours
        from simulator.ui.widgets.charts import paint_sparkline

        p = QPainter(self)
        paint_sparkline(p, QRectF(self.rect()), self.values, QColor(self.colour), QColor(colours(self.palette())["muted"]))
        p.end()


class CoachingCard(QFrame):
    """Progress: the coach's focus competency with its trend, and the reflections (each editable)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.frame, self.lay = card(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.frame)
        self.lay.addWidget(plain_label("Coaching", bold=True, scale=TYPE["subtitle"]))
        self.focus_label = plain_label("", bold=True)
        self.trend_label = plain_label("", role="muted")
        self.lay.addWidget(self.focus_label)
        trend_row = QHBoxLayout()
        self.spark = FocusSpark()
        trend_row.addWidget(self.spark)
        trend_row.addWidget(self.trend_label, 1)
        self.lay.addLayout(trend_row)
        self.reflections_host = QWidget()
        self.reflections = QVBoxLayout(self.reflections_host)
        self.reflections.setContentsMargins(0, SPACE["xs"], 0, 0)
        self.lay.addWidget(self.reflections_host)
        self.profile = None
        self.hide()

    def load(self, profile, titles: dict[str, str] | None = None) -> None:
        self.profile = profile
        titles = titles or {}

        def work(store):
            from simulator.coaching import store as cs

            f = cs.focus(store, profile)
            trend = store.competency_trend(profile).get(f.competency, []) if f else []
            refl = cs.reflections(store, profile)
            rows = {r.uuid: r for r in store.history(profile)}
            return f, trend, [(rows[u], r) for u, r in refl.items() if u in rows]

        run_op(self, work, lambda res: self._show(*res, titles))

    def _show(self, focus, trend, reflections, titles) -> None:
        while self.reflections.count():
            w = self.reflections.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        if focus is not None:
            name = focus.competency.replace("_", " ").capitalize()
            self.focus_label.setText(f"Focus set by {focus.coach}: {name}")
            if trend:
                pts = [f"{v:.0f}" for _t, v in trend[-8:]]
                change = trend[-1][1] - trend[0][1]
                self.trend_label.setText(f"{name}, attempt by attempt: {' → '.join(pts)}"
                                         + (f"  ({change:+.0f} since your first)" if len(trend) > 1 else ""))
            else:
                self.trend_label.setText(f"No attempt has scored {name} yet; play an assigned scenario.")
        self.focus_label.setVisible(focus is not None)
        self.trend_label.setVisible(focus is not None)
        if focus is not None:
            from simulator.ui.theme import competency_colour, is_dark

            self.spark.set_values([v for _t, v in trend], competency_colour(focus.competency, is_dark(self.palette())))
        self.spark.setVisible(focus is not None and bool(trend))
        reflections.sort(key=lambda x: x[0].finished or "", reverse=True)
        if reflections:
            self.reflections.addWidget(plain_label("Your reflections", bold=True))
        for row, r in reflections[:10]:
            line = QWidget()
            ll = QHBoxLayout(line)
            ll.setContentsMargins(0, 0, 0, 0)
            title = titles.get(row.scenario_id, row.title)
            text = r.differently or r.buyer_needed
            ll.addWidget(plain_label(f"{title} ({(row.finished or '')[:10]}): {text}", wrap=True), 1)
            b = button("Edit…", f"Edit your reflection on {title}")
            b.clicked.connect(lambda _=False, u=row.uuid, t=title: self._edit(u, t))
            ll.addWidget(b)
            self.reflections.addWidget(line)
        self.setVisible(focus is not None or bool(reflections))

    def _edit(self, attempt: str, title: str) -> None:
        dlg = ReflectionDialog(attempt, title, self)
        dlg.box.saved.connect(lambda _u: self.profile is not None and self.load(self.profile))
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self.dialog = dlg
