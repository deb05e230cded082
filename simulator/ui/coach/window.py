"""Team › Coach…: the coach's window.

Open any number of coaching files (and leaderboard exports) — with the dialog or by dropping them on the
window. The Reps tab lists each rep with their latest activity; pick an attempt to read its debrief in
coach mode (the rep's reflection first, a comment box under every decision, an overall note), set a focus
competency, assign scenarios with a due date and a note, and write one reply file per rep. The Team
insight tab shows the heatmap, the item analysis and where the team loses deals, and saves the report.

Files are read, merged and verified by replay off the UI thread (``run_op(..., needs_store=False)``).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from simulator.ui.widgets.file_drop import FileDropMixin
from simulator.ui.coach.insight_view import InsightView
from simulator.ui.ops import run_op
from simulator.ui.theme import SPACE, TYPE
from simulator.ui.widgets.layout import button, card
from simulator.ui.widgets.text import plain_label

SETTINGS_COACH_NAME = "coach/name"
SETTINGS_COACH_DIR = "coach/folder"
STATUS_MARK = {"verified": "✓ verified", "unverified": "? unverified", "does not verify": "✗ does not verify",
               "conflict": "✗ conflict"}


def _short(iso: str) -> str:
    return iso[:16].replace("T", " ") if iso else "—"


class CoachWindow(FileDropMixin, QMainWindow):
    drop_suffix = ".json"

    team_loaded = Signal()
    reply_written = Signal(str)

    def __init__(self, scenarios=None, settings=None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Coach — sales simulator")
        self.setAcceptDrops(True)
        self._scenarios = scenarios or (lambda: [])
        self.settings = settings
        self.paths: list[Path] = []
        self.team = None
        self.insight = None
        self.drafts: dict = {}  # rep key -> ReplyDraft
        self.unsent: set = set()  # reps whose draft changed since their reply was last written
        self.current_rep = None
        self.current_attempt = None
        self.comment_boxes: list[QPlainTextEdit] = []
        self.note_box: QPlainTextEdit | None = None

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(SPACE["l"], SPACE["m"], SPACE["l"], SPACE["s"])
        top = QHBoxLayout()
        self.heading = plain_label("Coach", scale=TYPE["headline"], bold=True, wrap=False)
        top.addWidget(self.heading)
        self.summary = plain_label("Open your reps' coaching files, or drop them here.", role="muted")
        top.addWidget(self.summary, 1)
        top.addWidget(plain_label("Your name", wrap=False))
        self.coach_name = QLineEdit(str(settings.value(SETTINGS_COACH_NAME, "") or "") if settings is not None else "")
        self.coach_name.setPlaceholderText("as your reps will see it")
        self.coach_name.setAccessibleName("Your name as your reps will see it")
        self.coach_name.setMaximumWidth(200)
        top.addWidget(self.coach_name)
        self.open_button = button("&Open coaching files…", "Open coaching files or leaderboard exports", primary=True)
        self.open_button.clicked.connect(self.choose_files)
        top.addWidget(self.open_button)
        outer.addLayout(top)
        self.problems = plain_label("", role="bad", keep_lines=True, selectable=True)
        self.problems.hide()
        outer.addWidget(self.problems)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Coach views")
        outer.addWidget(self.tabs, 1)
        self.tabs.addTab(self._reps_tab(), "&Reps")
        self.insight_view = InsightView()
        self.insight_view.save_report.connect(self.choose_report)
        self.tabs.addTab(self.insight_view, "Team &insight")
        self.setCentralWidget(central)
        self.resize(1320, 860)
        self._apply_theme()

    def _apply_theme(self) -> None:
        """The app's one look (cards, banners, verdict colours), as the main window has it."""
        from simulator.ui.theme import stylesheet

        sheet = stylesheet(self.palette())
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)

    def changeEvent(self, event):  # noqa: N802
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.PaletteChange:
            self._apply_theme()
        super().changeEvent(event)

    # -- layout ------------------------------------------------------------------------------------

    def _reps_tab(self) -> QWidget:
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, SPACE["s"], SPACE["s"], 0)
        ll.addWidget(plain_label("Reps", bold=True, scale=TYPE["subtitle"]))
        self.rep_list = QListWidget()
        self.rep_list.setAccessibleName("Reps, with their latest activity")
        self.rep_list.currentRowChanged.connect(self._rep_chosen)
        ll.addWidget(self.rep_list, 2)
        ll.addWidget(plain_label("Attempts", bold=True))
        self.attempt_list = QListWidget()
        self.attempt_list.setAccessibleName("The rep's attempts, newest first")
        self.attempt_list.currentRowChanged.connect(self._attempt_chosen)
        ll.addWidget(self.attempt_list, 3)

        actions, al = card()
        self.rep_title = plain_label("Choose a rep", bold=True)
        al.addWidget(self.rep_title)
        row = QHBoxLayout()
        row.addWidget(plain_label("Focus", wrap=False))
        self.focus = QComboBox()
        self.focus.setAccessibleName("Focus competency for this rep")
        self.focus.currentIndexChanged.connect(self._focus_changed)
        row.addWidget(self.focus, 1)
        al.addLayout(row)
        al.addWidget(plain_label("Assign a scenario", bold=True, scale=TYPE["caption"]))
        self.assign_scenario = QComboBox()
        self.assign_scenario.setAccessibleName("Scenario to assign")
        al.addWidget(self.assign_scenario)
        row2 = QHBoxLayout()
        row2.addWidget(plain_label("Due", wrap=False))
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("ddd d MMM yyyy")
        self.due.setAccessibleName("Due date")
        d = date.today() + timedelta(days=4)
        self.due.setDate(QDate(d.year, d.month, d.day))
        row2.addWidget(self.due, 1)
        al.addLayout(row2)
        self.assign_note = QLineEdit()
        self.assign_note.setPlaceholderText("A note for the rep (optional)")
        self.assign_note.setAccessibleName("Note with the assignment")
        al.addWidget(self.assign_note)
        self.assign_button = button("&Assign", "Assign this scenario to the rep")
        self.assign_button.clicked.connect(self.assign)
        al.addWidget(self.assign_button)
        self.assigned = QListWidget()
        self.assigned.setAccessibleName("Assignments in this reply")
        self.assigned.setMaximumHeight(72)
        al.addWidget(self.assigned)
        self.unassign_button = button("Remove assignment", "Remove the selected assignment from this reply")
        self.unassign_button.clicked.connect(self.unassign)
        al.addWidget(self.unassign_button)
        self.assigned.hide()
        self.unassign_button.hide()
        self.reply_button = button("&Write reply…", "Write the reply file for this rep", primary=True)
        self.reply_button.clicked.connect(self.choose_reply)
        al.addWidget(self.reply_button)
        self.draft_status = plain_label("", role="muted")
        al.addWidget(self.draft_status)
        ll.addWidget(actions)
        left.setMinimumWidth(330)
        left.setMaximumWidth(420)
        split.addWidget(left)

        from simulator.ui.screens.debrief import DebriefScreen

        self.debrief = DebriefScreen()
        for b in (self.debrief.again_button, self.debrief.next_button, self.debrief.back_button):
            b.hide()
        self.placeholder = plain_label("Choose an attempt to read its debrief and comment on each decision.", role="muted")
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.placeholder)
        rl.addWidget(self.debrief, 1)
        self.debrief.hide()
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        self._set_rep_enabled(False)
        return split

    def _set_rep_enabled(self, on: bool) -> None:
        for w in (self.focus, self.assign_scenario, self.due, self.assign_note, self.assign_button, self.reply_button):
            w.setEnabled(on)

    # -- files -------------------------------------------------------------------------------------

    def choose_files(self) -> None:
        start = str(self.settings.value(SETTINGS_COACH_DIR, "") or Path.home()) if self.settings is not None else str(Path.home())
        paths, _ = QFileDialog.getOpenFileNames(self, "Open coaching files", start, "Coaching files and exports (*.json)")
        if paths:
            if self.settings is not None:
                self.settings.setValue(SETTINGS_COACH_DIR, str(Path(paths[0]).parent))
            self.open_files(paths)

    def open_files(self, paths) -> None:
        for p in paths:
            p = Path(p)
            if p not in self.paths:
                self.paths.append(p)
        paths, scenarios = list(self.paths), list(self._scenarios())
        self.summary.setText(f"Reading {len(paths)} file(s) and replaying the attempts…")

        def work():
            from simulator.coaching.insight import insight
            from simulator.coaching.team import team_from_paths

            team = team_from_paths(paths, scenarios)
            return team, insight(team)

        run_op(self, work, self._team_built, needs_store=False)

    def files_dropped(self, paths) -> None:  # FileDropMixin: coaching files (.json) only
        self.open_files(paths)

    def _team_built(self, result) -> None:
        self.team, self.insight = result
        team = self.team
        self.problems.setText("\n".join(team.problems))
        self.problems.setVisible(bool(team.problems))
        counts = team.board.counts()
        self.summary.setText(f"{len(team.reps)} rep(s) from {len(team.files)} file(s); {sum(counts.values())} attempts: "
                             f"{counts['verified']} verified, {counts['unverified']} unverified"
                             + (f", {counts['does not verify'] + counts['conflict']} kept aside" if counts['does not verify'] +
                                counts['conflict'] else "") + ".")
        keep = self.current_rep
        self.rep_list.blockSignals(True)
        self.rep_list.clear()
        for r in team.reps:
            last = r.latest.entry.finished if r.latest else ""
            it = QListWidgetItem(f"{r.name}{f'  ({r.team})' if r.team else ''}\n{len(r.attempts)} attempt(s) · latest {_short(last)}")
            it.setData(Qt.ItemDataRole.UserRole, r.key)
            self.rep_list.addItem(it)
        self.rep_list.blockSignals(False)
        comps = list(self.insight.components)
        self.focus.blockSignals(True)
        self.focus.clear()
        self.focus.addItem("No focus", None)
        for c in comps:
            if c != "judgment":
                self.focus.addItem(c.replace("_", " ").capitalize(), c)
        self.focus.blockSignals(False)
        self.assign_scenario.clear()
        titles = {}
        for s in self._scenarios():
            titles.setdefault(s.id, s.title)
        for r in team.reps:
            for a in r.attempts:
                titles.setdefault(a.entry.scenario_id, team.title(a.entry))
        for sid, title in sorted(titles.items(), key=lambda kv: kv[1].casefold()):
            self.assign_scenario.addItem(title, (sid, title))
        self.insight_view.show_insight(self.insight, len(team.files))
        rows = [i for i, r in enumerate(team.reps) if r.key == keep]
        if team.reps:
            self.rep_list.setCurrentRow(rows[0] if rows else 0)
        self.team_loaded.emit()

    # -- a rep -------------------------------------------------------------------------------------

    def draft(self):
        from simulator.coaching.reply import ReplyDraft

        rep = self.current_rep_obj
        if rep is None:
            return None
        d = self.drafts.get(rep.key)
        if d is None:
            d = self.drafts[rep.key] = ReplyDraft(self.coach_name.text().strip() or "Coach", rep.name, rep.team)
        return d

    @property
    def current_rep_obj(self):
        return self.team.rep(self.current_rep) if self.team is not None and self.current_rep is not None else None

    def _rep_chosen(self, row: int) -> None:
        if self.team is None or row < 0:
            return
        rep = self.team.reps[row]
        self.current_rep = rep.key
        self.rep_title.setText(f"{rep.name}{f' ({rep.team})' if rep.team else ''}")
        self._set_rep_enabled(True)
        d = self.draft()
        self.focus.blockSignals(True)
        idx = self.focus.findData(d.focus["competency"]) if d.focus else 0
        self.focus.setCurrentIndex(max(0, idx))
        self.focus.blockSignals(False)
        self.attempt_list.blockSignals(True)
        self.attempt_list.clear()
        for a in reversed(rep.attempts):
            e = a.entry
            refl = "  · reflection" if e.uuid in self.team.reflections else ""
            it = QListWidgetItem(f"{self.team.title(e)}\n{_short(e.finished)} · total {e.total:.0f} · "
                                 f"{STATUS_MARK.get(a.status, a.status)}{refl}")
            it.setData(Qt.ItemDataRole.UserRole, e.uuid)
            self.attempt_list.addItem(it)
        self.attempt_list.blockSignals(False)
        self._show_draft()
        if rep.attempts:
            self.attempt_list.setCurrentRow(0)

    def _focus_changed(self, _i: int) -> None:
        d = self.draft()
        if d is not None:
            d.set_focus(self.focus.currentData())
            self.unsent.add(self.current_rep)
            self._show_draft()

    def assign(self) -> None:
        d = self.draft()
        data = self.assign_scenario.currentData()
        if d is None or data is None:
            return
        sid, title = data
        q = self.due.date()
        d.assign(sid, title, date(q.year(), q.month(), q.day()), self.assign_note.text().strip(), self.focus.currentData())
        self.assign_note.clear()
        self.unsent.add(self.current_rep)
        self._show_draft()

    def unassign(self) -> None:
        d = self.draft()
        row = self.assigned.currentRow()
        if d is None or not d.assignments:
            return
        del d.assignments[row if 0 <= row < len(d.assignments) else -1]
        self.unsent.add(self.current_rep)
        self._show_draft()

    def _show_draft(self) -> None:
        d = self.draft()
        if d is None:
            return
        lines = [f"• {a['scenario']['title']}, due {a['due'] or '—'}" + (f": {a['note']}" if a["note"] else "")
                 for a in d.assignments]
        self.assigned.clear()
        self.assigned.addItems(lines)
        self.assigned.setVisible(bool(lines))
        self.unassign_button.setVisible(bool(lines))
        n = len(d.comments)
        self.draft_status.setText(f"In this reply: {n} comment(s), {len(d.assignments)} assignment(s)"
                                  + (f", focus {d.focus['competency']}" if d.focus else "") + ".")

    # -- an attempt in coach mode ------------------------------------------------------------------

    def _attempt_chosen(self, row: int) -> None:
        rep = self.current_rep_obj
        if rep is None or row < 0:
            return
        uuid = self.attempt_list.item(row).data(Qt.ItemDataRole.UserRole)
        a = next(x for x in rep.attempts if x.entry.uuid == uuid)
        self.current_attempt = a
        e = a.entry
        sc = self.team.scenario(e)
        self.comment_boxes = []
        if sc is None or a.status not in ("verified",):
            self._plain_attempt(a)
            return
        from simulator.engine import play
        from simulator.scoring import score_session

        session = play(sc, e.choices, e.seed, e.confidences)
        self._hide_old_body()
        self.debrief.show_card(sc, score_session(session), session, read_only=True)
        self.placeholder.hide()
        self.debrief.show()
        lay = self.debrief._body.layout()
        # [coach mode], headline, [the rep's reflection], score card, the coach's overall note, then decision by decision
        lay.insertWidget(0, plain_label(f"Coach mode: {rep.name}'s attempt of {_short(e.finished)}, as {rep.name} saw its "
                                        "debrief. Write a comment under any decision and an overall note; they go in "
                                        "your reply.", role="speaker", bold=True))
        at = 2
        refl = self.team.reflections.get(e.uuid)
        if refl is not None:
            lay.insertWidget(at, self._reflection_card(rep.name, refl))
            at += 1
        lay.insertWidget(at + 1, self._note_card(e.uuid))
        for i, frame in enumerate(self.debrief.review_cards):
            frame.layout().addWidget(self._comment_box(e.uuid, i))

    def _plain_attempt(self, a) -> None:
        """An attempt this computer cannot replay: its moves and totals, still with a comment box each."""
        e = a.entry
        self.debrief.show()
        self.placeholder.hide()
        self._hide_old_body()
        if self.debrief._body is not None:
            self.debrief.col.removeWidget(self.debrief._body)
            self.debrief._body.deleteLater()
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(SPACE["m"])
        self.debrief._body = body
        self.debrief.review_cards = []
        why = {"unverified": "this scenario version is not in your library, so the debrief cannot be replayed here",
               "does not verify": f"the replay does not match the file ({a.reason})",
               "conflict": "this attempt appears with different content in two files"}.get(a.status, a.status)
        lay.addWidget(plain_label(f"{self.team.title(e)} — total {e.total:.0f}", bold=True, scale=TYPE["title"]))
        lay.addWidget(plain_label(f"Only the moves are shown: {why}.", role="bad" if a.status != "unverified" else "muted"))
        refl = self.team.reflections.get(e.uuid)
        if refl is not None:
            lay.addWidget(self._reflection_card(self.current_rep_obj.name, refl))
        lay.addWidget(self._note_card(e.uuid))
        for i, opt in enumerate(e.choices):
            frame, fl = card()
            fl.addWidget(plain_label(f"Decision {i + 1} of {len(e.choices)}: {opt}", bold=True))
            fl.addWidget(self._comment_box(e.uuid, i))
            self.debrief.review_cards.append(frame)
            lay.addWidget(frame)
        self.debrief.col.insertWidget(0, body)

    def _hide_old_body(self) -> None:
        """The shown debrief goes away at once (its deletion waits for the event loop)."""
        if self.debrief._body is not None:
            self.debrief._body.hide()

    def _reflection_card(self, name: str, refl) -> QWidget:
        frame, fl = card(name="banner")
        fl.addWidget(plain_label(f"{name}'s reflection", role="speaker", bold=True))
        for q, text in (("What would you do differently?", refl.differently), ("What did the buyer really need?", refl.buyer_needed)):
            fl.addWidget(plain_label(q, bold=True, scale=TYPE["caption"]))
            fl.addWidget(plain_label(text or "—", keep_lines=True, selectable=True))
        return frame

    def _note_card(self, uuid: str) -> QWidget:
        frame, fl = card()
        fl.addWidget(plain_label("Your overall note on this attempt", bold=True))
        self.note_box = self._editor(uuid, None, "What should they keep doing, and the one thing to change?")
        self.note_box.setAccessibleName("Overall note on this attempt")
        fl.addWidget(self.note_box)
        return frame

    def _comment_box(self, uuid: str, i: int) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, SPACE["xs"], 0, 0)
        lay.setSpacing(SPACE["xxs"])
        lay.addWidget(plain_label(f"Your comment on decision {i + 1}", role="speaker", bold=True, scale=TYPE["caption"]))
        box = self._editor(uuid, i, "A comment the rep will see at this decision (optional)")
        box.setAccessibleName(f"Your comment on decision {i + 1}")
        lay.addWidget(box)
        self.comment_boxes.append(box)
        return w

    def _editor(self, uuid: str, decision, placeholder: str) -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setPlaceholderText(placeholder)
        box.setTabChangesFocus(True)
        box.setFixedHeight(64)
        d = self.draft()
        box.setPlainText(d.comment_text(uuid, decision) if d else "")

        def changed():
            dd = self.draft()
            if dd is not None:
                dd.comment(uuid, decision, box.toPlainText())
                self.unsent.add(self.current_rep)
                self._show_draft()

        box.textChanged.connect(changed)
        return box

    # -- writing -----------------------------------------------------------------------------------

    def choose_reply(self) -> None:
        rep = self.current_rep_obj
        if rep is None:
            return
        start = Path(str(self.settings.value(SETTINGS_COACH_DIR, "") or Path.home())) if self.settings is not None else Path.home()
        safe = "".join(ch if ch.isalnum() else "-" for ch in rep.name).strip("-").lower() or "rep"
        path, _ = QFileDialog.getSaveFileName(self, f"Write the reply for {rep.name}", str(start / f"reply-{safe}.json"),
                                              "Coach's reply (*.json)")
        if path:
            self.write_reply(path if path.lower().endswith(".json") else path + ".json")

    def write_reply(self, path) -> None:
        from simulator.coaching.reply import write_reply
        from simulator.ui.errors import show_error

        d = self.draft()
        if d is None:
            return
        name = self.coach_name.text().strip()
        if not name:
            self.draft_status.setText("Type your name first (top right): your reps see who wrote the reply.")
            self.coach_name.setFocus()
            return
        d.coach = name
        if self.settings is not None:
            self.settings.setValue(SETTINGS_COACH_NAME, name)
        if d.empty:
            self.draft_status.setText("Nothing to send yet: add a comment, a focus or an assignment.")
            return
        try:
            write_reply(path, d.document(), protected=self.paths)
        except Exception as exc:  # a refused path or a text the format refuses: one message
            show_error(self, exc)
            return
        self.unsent.discard(self.current_rep)
        self.draft_status.setText(f"Reply written to {path} — send it to {d.rep}.")
        self.reply_written.emit(str(path))

    def closeEvent(self, event):  # noqa: N802
        """Comments live in this window until a reply is written: never lose them without asking."""
        names = sorted(self.drafts[k].rep for k in self.unsent if k in self.drafts and not self.drafts[k].empty)
        if names:
            from PySide6.QtWidgets import QMessageBox

            answer = QMessageBox.question(
                self, "Close without writing the replies?",
                f"Your comments for {', '.join(names)} are not in a reply file yet and will be lost. Close anyway?",
                QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Close:
                event.ignore()
                return
        super().closeEvent(event)

    def choose_report(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the team report", str(Path.home() / "team-insight.html"),
                                              "Web page (*.html);;Spreadsheet (*.csv)")
        if path:
            self.save_report(path)

    def save_report(self, path) -> None:
        from simulator.coaching.report_html import write_report
        from simulator.ui.errors import show_error

        if self.insight is None:
            return
        try:
            write_report(self.insight, path, protected=self.paths, files=len(self.team.files), problems=len(self.team.problems))
        except Exception as exc:
            show_error(self, exc)
            return
        self.summary.setText(f"Team report saved to {path}.")
