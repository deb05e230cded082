"""Leaderboard screen: import export files (dialog or drag and drop), boards with filters, badges, exports.

Built with injected dependencies: ``scenarios`` returns the local scenarios (for verification by
replay) and ``db_path`` is where imported files are kept (``board_*`` tables); without a database
the screen keeps imports in memory, so it works standalone. File and database work goes through
``run_op`` (off the UI thread) when the app has installed its runner, else runs inline.
Every text shown is plain text; verification badges are words and a symbol, coloured as well.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSizePolicy, QTableView, QTabWidget, QVBoxLayout, QWidget,
)

from simulator import leaderboard as lb
from simulator.ui.widgets.file_drop import FileDropMixin
from simulator.ui.theme import colours, is_dark
from simulator.ui.widgets.text import plain_label

BADGE_TEXT = {
    lb.VERIFIED: "\u2713 verified",
    lb.UNVERIFIED: "? unverified",
    "partly unverified": "? partly unverified",
    lb.FAILED: "\u2717 does not verify",
    lb.CONFLICT: "\u26a0 conflict",
}
ALL = "__all__"
OWN = "your results"  # the source name of the rep's own attempts, added live


class RowsModel(QAbstractTableModel):
    """A read-only table of plain strings; the ``badge_column`` gets the badge colours."""

    def __init__(self, headers: list[str], parent=None):
        super().__init__(parent)
        self.headers = headers
        self.rows: list[tuple] = []
        self.badges: list[str] = []
        self.badge_column: Optional[int] = None
        self.numeric: set[int] = set()
        self.palette: dict[str, str] = {}

    def set_rows(self, rows: list[tuple], badges: list[str]) -> None:
        self.beginResetModel()
        self.rows, self.badges = rows, badges
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.rows[r][c]
        if role == Qt.ItemDataRole.TextAlignmentRole and c in self.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if c == self.badge_column and self.palette and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            kind = {lb.VERIFIED: "good", lb.FAILED: "bad", lb.CONFLICT: "bad"}.get(self.badges[r], "warn")
            if role == Qt.ItemDataRole.BackgroundRole:
                return QColor(self.palette[f"{kind}_bg"])
            return QColor(self.palette[kind])
        return None


def _fmt(x: Optional[float], signed: bool = False) -> str:
    """Rounded as on the debrief: whole points."""
    if x is None:
        return "n/a"
    return f"{x:+.0f}" if signed else f"{x:.0f}"


def _sorted_rows(rows) -> list:
    """Ranked rows by rank; then the unranked ones, best value first, then by name."""
    ranked = sorted((r for r in rows if r.rank is not None), key=lambda r: r.rank)
    rest = sorted((r for r in rows if r.rank is None),
                  key=lambda r: (r.value is None, -(r.value or 0.0), r.name.casefold()))
    return ranked + rest


def counts_in_words(board) -> str:
    """The board's size and its checks in plain words (only what is there to say)."""
    c = board.counts()
    total = sum(c.values())
    files = len([f for f in board.files if f != OWN])
    head = (f"{total} attempt{'s' if total != 1 else ''} from {len(board.reps)} rep{'s' if len(board.reps) != 1 else ''}"
            + (f" in {files} file{'s' if files != 1 else ''}" if files else ""))
    if total and c[lb.VERIFIED] == total:
        return head + "; every score was checked by replaying the attempt."
    bits = []
    if c[lb.VERIFIED]:
        bits.append(f"{c[lb.VERIFIED]} checked by replaying them")
    if c[lb.UNVERIFIED]:
        bits.append(f"{c[lb.UNVERIFIED]} not checked (their scenario version is not in your library)")
    if c[lb.FAILED]:
        bits.append(f"{c[lb.FAILED]} left out because their scores do not match a replay")
    if c[lb.CONFLICT]:
        bits.append(f"{c[lb.CONFLICT]} left out because two files disagree about them")
    return head + ("; " + "; ".join(bits) + "." if bits else ".")


class LeaderboardScreen(FileDropMixin, QWidget):
    """The team leaderboard. ``board_changed`` fires after every refresh (import, filter, clear)."""

    board_changed = Signal()
    exported = Signal(str)
    problems_changed = Signal(list)
    back = Signal()  # "Back to library" or Escape (the main window returns to the library)

    def __init__(self, scenarios: Callable[[], list] = lambda: [], db_path: str | Path | None = None,
                 parent: QWidget | None = None, *, own_profile: Callable[[], Any] = lambda: None):
        """``own_profile``: the rep using the app; their completed attempts are on the board live."""
        super().__init__(parent)
        self._own_profile = own_profile
        self.setObjectName("leaderboardScreen")
        self.setAccessibleName("Team leaderboard")
        self.setAcceptDrops(True)
        self._scenarios = scenarios
        self._db_path = Path(db_path) if db_path is not None else None
        self._memory: list[list[lb.Entry]] = []  # imports when there is no database
        self._verifier: Optional[lb.Verifier] = None
        self._verifier_key: Any = None
        self.board: Optional[lb.Board] = None  # merged, unfiltered
        self.view: Optional[lb.Board] = None  # what is shown (filters applied)
        self.problems: list[str] = []
        self._build()

    # -- layout -------------------------------------------------------------------------------

    def _button(self, text: str, name: str, tip: str, slot) -> QPushButton:
        b = QPushButton(text, self)
        b.setAccessibleName(name)
        b.setToolTip(tip)
        b.clicked.connect(slot)
        return b

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.setSpacing(8)
        head = QHBoxLayout()
        title = plain_label("Team leaderboard", self, wrap=False, scale=1.4, bold=True)
        title.setAccessibleName("Team leaderboard")
        head.addWidget(title, 1)
        self.back_button = self._button("Back to library", "Back to the library (Escape)", "Back to the library (Escape)",
                                        self.back.emit)
        head.addWidget(self.back_button)
        outer.addLayout(head)
        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        esc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        esc.activated.connect(self.back.emit)
        intro = plain_label(
            "Your own results are here already. Add your team's: each rep uses Team → Export my results, you collect "
            "the files and import them (or drop them on this screen). First attempts count; retries show as best "
            "and latest. Each attempt is replayed to check its scores.",
            self, role="muted")
        intro.setAccessibleName("About the leaderboard")
        outer.addWidget(intro)
        for lab in (title, intro):
            lab.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        row = QHBoxLayout()
        self.import_button = self._button("Import files\u2026", "Import export files", "Choose export files to add to the board",
                                          self.choose_files)
        self.clear_button = self._button("Clear", "Clear imported files", "Forget every imported file", self.clear)
        row.addWidget(self.import_button)
        row.addWidget(self.clear_button)
        row.addSpacing(16)
        team_label = QLabel("Team:", self)
        self.team_filter = QComboBox(self)
        self.team_filter.setAccessibleName("Filter by team")
        team_label.setBuddy(self.team_filter)
        self.scenario_filter = QComboBox(self)
        self.scenario_filter.setAccessibleName("Filter by scenario")
        scen_label = QLabel("Scenario:", self)
        scen_label.setBuddy(self.scenario_filter)
        for w in (team_label, self.team_filter, scen_label, self.scenario_filter):
            row.addWidget(w)
        self.team_filter.setMinimumContentsLength(12)
        self.scenario_filter.setMinimumContentsLength(18)
        self.team_filter.currentIndexChanged.connect(self._filters_changed)
        self.scenario_filter.currentIndexChanged.connect(self._filters_changed)
        row.addStretch(1)
        self.export_buttons = {}
        for kind in ("csv", "html", "json"):
            b = self._button(f"Export {kind.upper()}\u2026", f"Export the board as {kind.upper()}",
                             f"Save the boards shown as a {kind.upper()} file", lambda _=False, k=kind: self.choose_export(k))
            self.export_buttons[kind] = b
            row.addWidget(b)
        outer.addLayout(row)

        self.summary = plain_label("No results yet.", self, role="muted")
        self.summary.setAccessibleName("Board summary")
        outer.addWidget(self.summary)
        self.problem_label = plain_label("", self, role="bad", selectable=True)
        self.problem_label.setAccessibleName("Rejected files")
        self.problem_label.hide()
        outer.addWidget(self.problem_label)

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Boards")
        outer.addWidget(self.tabs, 1)
        self._views: dict[str, tuple[QTableView, RowsModel]] = {}
        self._set_filter_items()
        self._refresh_views()

    def _table(self, key: str, title: str, headers: list[str], numeric: set[int], badge_col: int) -> tuple[QTableView, RowsModel]:
        if key in self._views:
            return self._views[key]
        model = RowsModel(headers, self)
        model.numeric, model.badge_column = numeric, badge_col
        view = QTableView(self)
        view.setModel(model)
        view.setAccessibleName(f"{title} board")
        view.setObjectName(f"board-{key}")
        view.verticalHeader().hide()
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        view.setCornerButtonEnabled(False)
        from PySide6.QtWidgets import QAbstractButton

        for corner in view.findChildren(QAbstractButton):
            corner.setAccessibleName("Select every row")
        hh = view.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setStretchLastSection(True)
        self._views[key] = (view, model)
        return view, model

    # -- data flow ------------------------------------------------------------------------------

    def _run(self, fn: Callable[[], Any], on_success: Callable[[Any], None], *, with_store: bool = False) -> None:
        """``fn`` off the UI thread through the app's writer (run_op), or inline when standalone.
        ``with_store``: ``fn(store)`` gets the progress store (``fn(None)`` standalone)."""
        try:
            from simulator.ui.ops import current_runner, run_op

            current_runner()
        except (ImportError, RuntimeError):
            try:
                result = fn(None) if with_store else fn()
            except Exception as exc:  # noqa: BLE001 - shown, never swallowed
                self._failed(exc)
                return
            on_success(result)
            return
        run_op(self, fn, on_success, self._failed, needs_store=with_store)

    def _failed(self, exc: BaseException) -> None:
        from simulator.ui.errors import show_error

        self._set_busy(False)
        show_error(self, exc)

    def _set_busy(self, busy: bool) -> None:
        for b in (self.import_button, self.clear_button, *self.export_buttons.values()):
            b.setEnabled(not busy)
        if busy:
            self.summary.setText("Working\u2026")

    def _verifier_for(self) -> lb.Verifier:
        scenarios = list(self._scenarios() or [])
        key = tuple(sorted(s.content_hash for s in scenarios))
        if self._verifier is None or key != self._verifier_key:
            self._verifier, self._verifier_key = lb.Verifier(scenarios), key
        return self._verifier

    def refresh(self) -> None:
        """Reload the imported files and rebuild the board."""
        self._load(lambda: [])

    def import_paths(self, paths: list[str | Path]) -> None:
        """Import export files (each validated; rejected files are listed and change nothing)."""
        paths = [Path(p) for p in paths]
        if not paths:
            return
        db = self._db_path

        def work() -> list[str]:
            if db is not None:
                return list(lb.import_files(db, paths).problems)
            exports, problems = lb.read_exports(paths)
            self._memory.extend(exports)
            return problems

        self._load(work)

    def _load(self, work: Callable[[], list[str]]) -> None:
        verifier = self._verifier_for()
        db = self._db_path
        memory = self._memory
        self._set_busy(True)

        profile = self._own_profile()

        def fn(store):
            problems = work()
            exports = lb.stored_exports(db) if db is not None else list(memory)
            if store is not None and profile is not None:  # this rep's own results, live
                import json

                doc = lb.export(store, profile)
                if doc.get("attempts"):
                    mine, _bad = lb.read_export_bytes(json.dumps(doc).encode("utf-8"), OWN)
                    exports = [*exports, mine]
            return lb.merge(exports, verifier=verifier), problems

        def done(result) -> None:
            board, problems = result
            self.board = board if board.attempts or board.files else None  # nothing yet: the empty state
            self.problems = problems
            self._set_busy(False)
            self._show_problems()
            self._set_filter_items()
            self._apply_filters()

        self._run(fn, done, with_store=True)

    def clear(self) -> None:
        db = self._db_path
        self._memory.clear()
        if db is not None:
            self._load(lambda: (lb.clear_board(db), [])[1])
        else:
            self._load(lambda: [])

    def _show_problems(self) -> None:
        if self.problems:
            head = f"{len(self.problems)} file(s) rejected (nothing from them was imported):"
            self.problem_label.setText("\n".join([head, *self.problems]))
            self.problem_label.show()
        else:
            self.problem_label.hide()
        self.problems_changed.emit(list(self.problems))

    def _set_filter_items(self) -> None:
        for combo, items, everything in (
            (self.team_filter, self.board.teams if self.board else [], "All teams"),
            (self.scenario_filter, sorted({s[0] for s in self.board.scenarios}, key=lambda i: self._title(i).casefold())
             if self.board else [], "All scenarios"),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, ALL)
            for it in items:
                label = (it or "(no team)") if combo is self.team_filter else self._title(it)
                combo.addItem(label, it)
            i = combo.findData(current)
            combo.setCurrentIndex(i if i >= 0 else 0)
            combo.blockSignals(False)

    def _filters_changed(self, _=None) -> None:
        self._apply_filters()

    def set_filters(self, team: Optional[str] = None, scenario: Optional[str] = None) -> None:
        for combo, value in ((self.team_filter, team), (self.scenario_filter, scenario)):
            i = combo.findData(ALL if value is None else value)
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, i))
            combo.blockSignals(False)
        self._apply_filters()

    def _apply_filters(self) -> None:
        if self.board is None:
            self.view = None
        else:
            team = self.team_filter.currentData()
            scen = self.scenario_filter.currentData()
            team = None if team in (None, ALL) else team
            scen = None if scen in (None, ALL) else scen
            self.view = self.board if team is None and scen is None else self.board.filtered(team, scen)
        self._refresh_views()
        self.board_changed.emit()

    def _title(self, scenario_id: str) -> str:
        """A scenario's title from the library (or from an imported file), never its id if a title is known."""
        for s in self._scenarios() or []:
            if s.id == scenario_id:
                return s.title
        if self.board is not None:
            for a in self.board.attempts:
                t = getattr(a.entry, "title", None) or getattr(a.entry, "scenario_title", None)
                if a.entry.scenario_id == scenario_id and t:
                    return t
        return scenario_id

    def _refresh_views(self) -> None:
        pal = colours(self.palette())
        pal["warn_bg"] = pal["thought"]
        pal["warn"] = "#e0b84c" if is_dark(self.palette()) else "#7a5600"
        board = self.view
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        while self.tabs.count():
            self.tabs.removeTab(0)
        if board is None:
            self.summary.setText("The board is empty. Finish a scenario to see your own results here; to add your "
                                 "team: export your results, collect your team's files, drop them here.")
        else:
            self.summary.setText(counts_in_words(board))
            for t in [*board.tables, board.improved]:
                value_head = "Change" if t.key == "improved" else "Score"
                view, model = self._table(t.key, t.title, ["Rank", "Name", "Team", value_head, "Scenarios", "Verification", "Note"],
                                          {0, 3, 4}, 5)
                model.palette = pal
                model.set_rows(
                    [(str(r.rank) if r.rank is not None else "\u2013", r.name, r.team, _fmt(r.value, t.key == "improved"),
                      str(r.scenarios), BADGE_TEXT.get(r.badge, r.badge), r.note or t.explain if t.key == "improved" else r.note)
                     for r in _sorted_rows(t.rows)],
                    [r.badge for r in _sorted_rows(t.rows)])
                view.setToolTip(t.explain)
                self.tabs.addTab(view, t.title)
            view, model = self._table("reps", "Scenarios per rep", ["Name", "Team", "Scenario", "Version", "Attempts", "First (rated)",
                                                                    "Best", "Latest", "Verification"], {3, 4, 5, 6, 7}, 8)
            model.palette = pal
            rows, badges = [], []
            for r in board.reps:
                for s in r.rows:
                    rows.append((r.name, r.team, self._title(s.scenario_id), str(s.scenario_version), str(s.attempts), _fmt(s.first), _fmt(s.best),
                                 _fmt(s.latest), BADGE_TEXT.get(s.first_status, s.first_status)))
                    badges.append(s.first_status)
            model.set_rows(rows, badges)
            self.tabs.addTab(view, "Scenarios per rep")
            view, model = self._table("attempts", "Attempts", ["Name", "Team", "Scenario", "Version", "Finished", "Total",
                                                               "Verification", "Reason"], {3, 5}, 6)
            model.palette = pal
            shown = [a for a in board.attempts if board.team is None or lb.rep_key(a.entry.team, "")[0] == lb.rep_key(board.team, "")[0]]
            shown = [a for a in shown if board.scenario is None or a.entry.scenario_id == board.scenario]
            model.set_rows([(a.entry.rep, a.entry.team, self._title(a.entry.scenario_id), str(a.entry.scenario_version),
                             a.entry.finished.replace("T", " ").removesuffix("Z"), _fmt(a.entry.total),
                             BADGE_TEXT.get(a.status, a.status), a.reason) for a in shown], [a.status for a in shown])
            self.tabs.addTab(view, "Attempts")
        if 0 <= current < self.tabs.count():
            self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        for b in self.export_buttons.values():
            b.setEnabled(board is not None)
        self.clear_button.setEnabled(board is not None and bool(board.attempts))

    # -- files ------------------------------------------------------------------------------------

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Import leaderboard export files", "", "Leaderboard exports (*.json);;All files (*)")
        if paths:
            self.import_paths(paths)

    def choose_export(self, kind: str) -> None:
        if self.view is None:
            return
        names = {"csv": "CSV spreadsheet (*.csv)", "html": "Web page (*.html)", "json": "JSON (*.json)"}
        path, _ = QFileDialog.getSaveFileName(self, f"Export the board as {kind.upper()}", f"leaderboard.{kind}", names[kind])
        if path:
            if not path.lower().endswith(f".{kind}"):
                path += f".{kind}"
            self.export_to(path)

    def export_to(self, path: str | Path) -> None:
        """Write the boards shown (filters applied) to ``path``; the format follows the suffix."""
        board = self.view
        if board is None:
            return
        path = Path(path)
        self._run(lambda: lb.write_board(board, path), lambda _kind: self.exported.emit(str(path)))

    # -- drag and drop (FileDropMixin) -------------------------------------------------------------

    def files_dropped(self, paths) -> None:
        self.import_paths(paths)
