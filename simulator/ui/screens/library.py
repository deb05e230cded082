"""Library: scenario cards, search and filters, "practise next", and the resume banner."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from simulator.ui.paths_ui import asset
from simulator.ui.viewmodels.library import DIFFICULTIES, LibraryModel, exercised, rules_suggestion
from simulator.ui.widgets.avatar import svg_pixmap
from simulator.ui.widgets.layout import button, card, scroll_page
from simulator.ui.widgets.text import ElidedLabel, plain_label

DIFFICULTY_WORDS = {"intro": "Intro", "intermediate": "Intermediate", "advanced": "Advanced"}


def fmt_score(x) -> str:
    return "—" if x is None else f"{x:.0f}"


def ago(iso: str) -> str:
    try:
        t = datetime.fromisoformat(iso.replace("Z", "+00:00"))
        if t.tzinfo is None:
            t = t.replace(tzinfo=timezone.utc)
        s = (datetime.now(timezone.utc) - t).total_seconds()
    except (ValueError, AttributeError):
        return ""
    if s < 90:
        return "just now"
    if s < 3600 * 1.5:
        return f"{s / 60:.0f} minutes ago"
    if s < 86400 * 1.5:
        return f"{s / 3600:.0f} hours ago"
    return f"{s / 86400:.0f} days ago"


class ScenarioCard(QFrame):
    opened = Signal(object)

    def __init__(self, scenario, progress, parent=None, *, in_progress: bool = False):
        super().__init__(parent)
        self.scenario = scenario
        self.setObjectName("card")
        m = scenario.model
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.setSpacing(6)
        self.title = plain_label(m.title, scale=1.15, bold=True)
        lay.addWidget(self.title)
        meta = [DIFFICULTY_WORDS.get(m.difficulty, m.difficulty)]
        if m.minutes:
            meta.append(f"about {m.minutes} min")
        people = list(scenario.people.values())
        if people:
            meta.append(", ".join(p.name for p in people[:3]) + (f" +{len(people) - 3}" if len(people) > 3 else ""))
        lay.addWidget(plain_label("  ·  ".join(meta), role="muted", scale=0.92))
        if m.summary:
            lay.addWidget(plain_label(m.summary.strip()))
        comps = exercised(scenario)
        lay.addWidget(plain_label("Exercises: " + ", ".join(scenario.label(c) for c in comps), role="muted", scale=0.92))
        lay.addStretch(1)
        row = QHBoxLayout()
        tried = progress is not None and bool(progress.attempts)
        if not tried:
            status = "Started, not finished yet" if in_progress else "Not tried yet"
        else:
            bits = [f"Best {fmt_score(progress.best)}", f"first {fmt_score(progress.first)}",
                    f"{progress.attempts} attempt{'s' if progress.attempts != 1 else ''}"]
            status = " · ".join(bits)
        self.status = plain_label(status, scale=0.95, wrap=True)
        row.addWidget(self.status, 1)
        if in_progress:
            self.badge = plain_label("● In progress", role="warn", wrap=False)
        elif tried and progress.passed:
            self.badge = plain_label("✓ Passed", role="good", wrap=False)
        elif tried:
            self.badge = plain_label("Not passed yet", role="muted", bold=True, wrap=False)
        else:
            self.badge = None
        if self.badge is not None:
            row.addWidget(self.badge)
            status = f"{status}. {self.badge.text().lstrip('●✓ ')}"
        self.open_button = button("Open", f"Open {m.title}")
        self.open_button.clicked.connect(lambda: self.opened.emit(self.scenario))
        row.addWidget(self.open_button)
        lay.addLayout(row)
        self.setAccessibleName(f"{m.title}. {status}")
        self.setSizePolicy(self.sizePolicy().horizontalPolicy(), self.sizePolicy().verticalPolicy())

    def mouseDoubleClickEvent(self, event):  # noqa: N802
        self.opened.emit(self.scenario)


class LibraryScreen(QWidget):
    open_scenario = Signal(object)
    resume_attempt = Signal(object)  # InProgress
    discard_attempt = Signal(object)
    populated = Signal()

    def __init__(self, model: LibraryModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.setAccessibleName("Scenario library")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        bar = QWidget()
        bl = QHBoxLayout(bar)
        bl.setContentsMargins(16, 12, 16, 6)
        self.greeting = plain_label("Scenario library", scale=1.5, bold=True, wrap=False)
        bl.addWidget(self.greeting, 1)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search (Ctrl+F)")
        self.search.setAccessibleName("Search scenarios")
        self.search.setClearButtonEnabled(True)
        from PySide6.QtWidgets import QToolButton

        for tb in self.search.findChildren(QToolButton):  # the built-in clear button
            tb.setAccessibleName("Clear search")
        self.search.setMinimumWidth(200)
        bl.addWidget(self.search, 1)
        filters = QWidget()
        fl = QHBoxLayout(filters)
        fl.setContentsMargins(16, 0, 16, 6)
        self.difficulty = QComboBox()
        self.difficulty.setAccessibleName("Difficulty filter")
        self.difficulty.addItem("All levels", None)
        for d in DIFFICULTIES:
            self.difficulty.addItem(DIFFICULTY_WORDS[d], d)
        self.tag = QComboBox()
        self.tag.setAccessibleName("Topic filter")
        self.tag.addItem("All topics", None)
        self.not_passed = QCheckBox("Not yet passe&d")
        self.not_passed.setAccessibleName("Only scenarios not yet passed")
        self.count = plain_label("", role="muted", wrap=False)
        for w in (plain_label("Level", wrap=False), self.difficulty, plain_label("Topic", wrap=False), self.tag, self.not_passed):
            fl.addWidget(w)
        fl.addStretch(1)
        fl.addWidget(self.count)
        # the header and the filters line up with the cards below: the same capped, centred column
        from simulator.ui.widgets.layout import capped_header

        outer.addWidget(capped_header(self, 1100, bar, filters))

        area, col = scroll_page(self, 1100)
        self.area = area
        outer.addWidget(area, 1)

        # resume banner
        self.banner, bnl = card(name="banner")
        brow = QHBoxLayout()
        self.banner_text = ElidedLabel("")  # one line at any width; the tooltip has it all
        brow.addWidget(self.banner_text, 1)
        self.resume = button("&Resume", "Resume the interrupted conversation", primary=True)
        self.discard = button("Discard", "Discard the interrupted conversation")
        brow.addWidget(self.resume)
        brow.addWidget(self.discard)
        bnl.addLayout(brow)
        self.banner.hide()
        self.resume.clicked.connect(self._resume)
        self.discard.clicked.connect(self._discard)
        col.addWidget(self.banner)
        from simulator.ui.coach.rep_side import AssignmentsPanel

        self.assignments = AssignmentsPanel(self)  # "From Dana, due Friday: …" (coaching)
        self.assignments.open_scenario.connect(self._open_assigned)
        col.addWidget(self.assignments)

        # practise next
        self.suggest, sl = card(name="suggestion")
        srow = QHBoxLayout()
        stext = QVBoxLayout()
        stext.setSpacing(2)
        stext.addWidget(plain_label("Practise next", role="speaker", bold=True, scale=0.9))
        self.suggest_title = plain_label("", scale=1.15, bold=True)
        self.suggest_why = plain_label("")
        stext.addWidget(self.suggest_title)
        stext.addWidget(self.suggest_why)
        srow.addLayout(stext, 1)
        self.suggest_open = button("Start &next", "Open the suggested scenario", primary=True)
        self.suggest_open.clicked.connect(lambda: self._suggested and self.open_scenario.emit(self._suggested))
        srow.addWidget(self.suggest_open, 0, Qt.AlignmentFlag.AlignVCenter)
        sl.addLayout(srow)
        self.suggest.hide()
        col.addWidget(self.suggest)
        self._suggested = None

        self.problems = QWidget()
        pl = QHBoxLayout(self.problems)
        pl.setContentsMargins(0, 0, 0, 0)
        self.problems_text = plain_label("", role="bad")
        self.problems_button = button("Details…", "Show the scenario files that could not be loaded")
        self.problems_button.clicked.connect(self._show_problems)
        pl.addWidget(self.problems_text, 1)
        pl.addWidget(self.problems_button)
        self.problems.hide()
        col.addWidget(self.problems)

        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(12)
        col.addWidget(self.grid_host)

        self.empty = QWidget()
        el = QVBoxLayout(self.empty)
        self.empty_image = QLabel()
        self.empty_image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_image.setAccessibleName("Empty library illustration")
        el.addWidget(self.empty_image)
        self.empty_text = plain_label("", scale=1.1)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        el.addWidget(self.empty_text)
        self.empty.hide()
        col.addWidget(self.empty)
        col.addStretch(1)

        self.cards: list[ScenarioCard] = []
        self._columns = 0
        self.search.textChanged.connect(self._schedule)
        self.difficulty.currentIndexChanged.connect(self.rebuild)
        self.tag.currentIndexChanged.connect(self.rebuild)
        self.not_passed.toggled.connect(self.rebuild)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.rebuild)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self._focus_search)
        self.search.returnPressed.connect(self._open_first)
        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        esc.setContext(Qt.ShortcutContext.WidgetShortcut)
        esc.activated.connect(self.search.clear)
        model.scenarios_loaded.connect(self._scenarios_loaded)
        model.progress_loaded.connect(self.rebuild)
        model.progress_loaded.connect(self._load_assignments)  # "done" after an attempt
        model.suggestion_changed.connect(self._update_suggestion)
        self.profile = None
        self._assignments_deferred = False  # held back while the cards come from the library index

    # -- data ---------------------------------------------------------------------------------

    def set_profile(self, profile) -> None:
        if profile is not self.profile:
            self.model.progress_ready = False
        self.profile = profile
        self.greeting.setText(f"Scenario library — {profile.name}" if profile else "Scenario library")
        self._load_assignments()

    def _load_assignments(self) -> None:
        """The coach's assignments, read on the writer thread, once the scenarios are loaded (their Start
        buttons open one). Never while the cards come from the library index: that first screen opens no
        database but for a read-only query (no sqlite_utils, no store); they follow the full load."""
        if self.profile is not None and (not self.model.loaded or self.model.provisional):
            self._assignments_deferred = True
            return
        self._assignments_deferred = False
        self.assignments.load(self.profile)

    def _open_assigned(self, scenario_id: str) -> None:
        found = [s for s in self.model.scenarios if s.id == scenario_id]
        if found:
            self.open_scenario.emit(max(found, key=lambda s: s.version))

    def _open_first(self) -> None:
        """Enter in the search box opens the first match (after applying the pending search)."""
        if self._timer.isActive():
            self._timer.stop()
            self.rebuild()
        if self.cards:
            self.open_scenario.emit(self.cards[0].scenario)

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _scenarios_loaded(self) -> None:
        current = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem("All topics", None)
        for t in self.model.tags():
            self.tag.addItem(t, t)
        i = self.tag.findData(current)
        self.tag.setCurrentIndex(max(0, i))
        self.tag.blockSignals(False)
        errors = [d for d in self.model.diagnostics if d.is_error]
        files = sorted({d.file for d in errors})
        self.problems_text.setText(
            f"{len(files)} scenario file{'s' if len(files) != 1 else ''} could not be loaded." if files else "")
        self.problems.setVisible(bool(files))
        if self.profile is None or self.model.progress_ready:
            self.rebuild()  # otherwise the progress query follows at once and rebuilds with scores
        if self._assignments_deferred and not self.model.provisional:
            self._load_assignments()

    def _schedule(self) -> None:
        self._timer.start()

    def _show_problems(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("Scenario problems")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText("These scenario files have errors and were left out. A trainer can fix them with "
                    "'simulator validate'.")
        box.setDetailedText("\n".join(str(d) for d in self.model.diagnostics))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def visible_titles(self) -> list[str]:
        return [c.scenario.title for c in self.cards]

    def rebuild(self) -> None:
        data = self.model.data
        shown = self.model.filtered(self.search.text(), self.difficulty.currentData(), self.tag.currentData(),
                                    self.not_passed.isChecked())
        had_focus = self.focusWidget() is None or any(c.isAncestorOf(self.focusWidget()) for c in self.cards) \
            or self.focusWidget() is self.area
        for c in self.cards:
            c.hide()
            c.deleteLater()
        self.cards = []
        open_ids = {ip.scenario_id for ip in data.in_progress}
        for s in shown:
            c = ScenarioCard(s, data.progress.get(s.id), in_progress=s.id in open_ids)
            c.opened.connect(self.open_scenario.emit)
            self.cards.append(c)
        self._columns = 0
        self._relayout()
        n, total = len(shown), len(self.model.scenarios)
        self.count.setText(f"{n} of {total} scenarios" if n != total else f"{total} scenario{'s' if total != 1 else ''}")
        self._update_empty(n, total)
        self._update_banner()
        self._update_suggestion()
        previous = self.search
        for w in (self.difficulty, self.tag, self.not_passed, self.resume, self.discard, self.suggest_open):
            QWidget.setTabOrder(previous, w)
            previous = w
        for c in self.cards:
            QWidget.setTabOrder(previous, c.open_button)
            previous = c.open_button
        if had_focus and self.isVisible():
            self.focus_default()
        if self.model.loaded and (self.model.progress_ready or self.profile is None):
            self.populated.emit()

    def _update_empty(self, n: int, total: int) -> None:
        self.empty.setVisible(n == 0 and self.model.loaded)
        if n == 0 and self.model.loaded:
            dpr = self.devicePixelRatioF() or 1.0
            self.empty_image.setPixmap(svg_pixmap(asset("empty-library.svg"), QSize(160, 120), dpr))
            if total == 0:
                self.empty_text.setText("No scenarios were found. Add a folder of scenarios with --library, "
                                        "or ask your trainer for the scenario pack.")
            else:
                self.empty_text.setText("No scenario matches these filters. Clear the search or the filters to see all.")

    def _update_banner(self) -> None:
        items = [ip for ip in self.model.data.in_progress if self.model.by_id(ip.scenario_id) is not None]
        self._resumable = items[0] if items else None
        if not items:
            self.banner.hide()
            return
        ip = items[0]
        title = self.model.by_id(ip.scenario_id).title
        when = ago(ip.started)
        more = f" (and {len(items) - 1} more)" if len(items) > 1 else ""
        self.banner_text.set_full_text(
            f"You stopped “{title}” after {ip.decisions} decision{'s' if ip.decisions != 1 else ''}"
            + (f", started {when}" if when else "") + f". Pick up where you left off?{more}")
        self.banner.setAccessibleName("Interrupted conversation: " + self.banner_text.full_text)
        self.banner.show()

    def _update_suggestion(self) -> None:
        data = self.model.data
        s = data.suggestion
        if s is None and self.profile is not None and self.model.scenarios and self.model.progress_ready:
            s = rules_suggestion(self.model.scenarios, data.progress, data.weakest)
        self._suggested = s
        if s is None:
            self.suggest.hide()
            return
        self.suggest_title.setText(s.title)
        if data.weakest:
            label = s.label(data.weakest)
            self.suggest_why.setText(f"It exercises {label}, your weakest competency so far.")
        else:
            self.suggest_why.setText("A good place to start: you have not tried it yet.")
        self.suggest.setAccessibleName(f"Practise next: {s.title}")
        self.suggest.show()

    def _resume(self) -> None:
        if self._resumable is not None:
            self.resume_attempt.emit(self._resumable)

    def _discard(self) -> None:
        if self._resumable is not None:
            self.discard_attempt.emit(self._resumable)

    # -- layout -------------------------------------------------------------------------------

    def _relayout(self) -> None:
        """Place the cards in one or two columns (a fresh grid, so no stale empty rows remain)."""
        width = self.area.viewport().width() or self.width()
        columns = 2 if width >= 820 else 1
        if columns == self._columns and all(c.parentWidget() is self.grid_host for c in self.cards):
            return
        self._columns = columns
        host = QWidget()
        grid = QGridLayout(host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(12)
        for i, c in enumerate(self.cards):
            grid.addWidget(c, i // columns, i % columns)
        for col in range(columns):
            grid.setColumnStretch(col, 1)
        column = self.grid_host.parentWidget().layout()
        column.replaceWidget(self.grid_host, host)
        self.grid_host.deleteLater()
        self.grid_host, self.grid = host, grid
        host.show()
        for c in self.cards:
            c.show()

    def resizeEvent(self, event):  # noqa: N802
        super().resizeEvent(event)
        self._relayout()

    def focus_default(self) -> None:
        self.area.verticalScrollBar().setValue(0)
        if self.banner.isVisible():
            self.resume.setFocus()
        elif self.suggest.isVisible():
            self.suggest_open.setFocus()
        elif self.cards:
            self.cards[0].open_button.setFocus()
        else:
            self.search.setFocus()
