"""LibraryModel: the loaded scenarios and the rep's progress on them; pure filtering."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from simulator.ui.ops import run_op

DIFFICULTIES = ("intro", "intermediate", "advanced")


@dataclass
class LibraryData:
    progress: dict = field(default_factory=dict)  # scenario id -> ScenarioProgress
    in_progress: list = field(default_factory=list)  # InProgress
    suggestion: object = None  # Scenario | None
    weakest: str | None = None


def matches(scenario, progress, text: str = "", difficulty: str | None = None, tag: str | None = None,
            not_passed: bool = False) -> bool:
    m = scenario.model
    if difficulty and m.difficulty != difficulty:
        return False
    if tag and tag not in m.tags:
        return False
    if not_passed:
        p = progress.get(scenario.id)
        if p is not None and p.passed:
            return False
    words = text.lower().split()
    if words:
        hay = " ".join(
            [m.title, m.summary or "", " ".join(m.tags), m.difficulty]
            + [p.name for p in scenario.people.values()]
            + [scenario.label(c) for c in scenario.competencies]
        ).lower()
        return all(w in hay for w in words)
    return True


def exercised(scenario) -> list[str]:
    """Competencies some move in the scenario actually gives or takes points for."""
    seen: list[str] = []
    for node in scenario.nodes.values():
        for o in node.options:
            for rule in o.evidence:
                for c, pts in rule.points.items():
                    if pts and c not in seen:
                        seen.append(c)
    order = list(scenario.competencies)
    return sorted(seen, key=lambda c: order.index(c) if c in order else 99) or order


def rules_suggestion(scenarios, progress: dict, weakest: str | None):
    """The "practise next" pick from the evidence rules alone (instant, no search): the same ranking
    as ``Store.suggest_next`` — not yet passed; exercises the weakest competency; easier; fewer
    attempts; id — with "exercises" read from the rules instead of the reachable graph."""
    open_ = [s for s in scenarios if not (s.id in progress and progress[s.id].passed)]
    if not open_:
        return None

    def rank(s):
        exercises = weakest is not None and weakest in exercised(s)
        tried = progress[s.id].attempts if s.id in progress else 0
        return (not exercises, DIFFICULTIES.index(s.model.difficulty) if s.model.difficulty in DIFFICULTIES else 1,
                tried, s.id, -s.version)

    return min(open_, key=rank)


def progress_of(store, profile) -> LibraryData:
    """The rep's progress without the suggestion (cheap queries; the suggestion may run a search)."""
    return LibraryData(
        progress=store.scenario_progress(profile) or {},
        in_progress=list(store.in_progress(profile) or []),
        weakest=store.weakest_competency(profile),
    )


class LibraryModel(QObject):
    scenarios_loaded = Signal()
    progress_loaded = Signal()
    suggestion_changed = Signal()
    failed = Signal(object)

    def __init__(self, library_paths, parent=None):
        super().__init__(parent)
        self.library_paths = list(library_paths)
        self.scenarios: list = []
        self.diagnostics: list = []
        self.data = LibraryData()
        self.loaded = False
        self.progress_ready = False

    def by_id(self, scenario_id: str):
        return next((s for s in self.scenarios if s.id == scenario_id), None)

    def tags(self) -> list[str]:
        return sorted({t for s in self.scenarios for t in s.model.tags})

    def load(self) -> None:
        from simulator.loader import load_library

        paths = self.library_paths

        def done(result):
            scenarios, diagnostics = result
            self.scenarios = sorted(scenarios, key=lambda s: (DIFFICULTIES.index(s.model.difficulty), s.title.lower()))
            self.diagnostics = diagnostics
            self.loaded = True
            self.scenarios_loaded.emit()

        run_op(self, lambda: load_library(paths), done, self.failed.emit, needs_store=False)

    def use_prefetched(self, data: LibraryData) -> None:
        """Progress read together with the profiles at start-up (one round trip to the writer)."""
        self.data = data
        self.progress_ready = True
        self.progress_loaded.emit()

    def refine_suggestion(self, profile) -> None:
        """After the first paint: ask the store for its suggestion (it may search each scenario's graph);
        the rules-based pick shown until then is replaced only if it differs."""
        from simulator.ui.ops import current_runner

        scenarios = list(self.scenarios)
        if profile is None or not scenarios:
            return
        try:
            current_runner()
        except RuntimeError:  # the app closed before the first paint finished: nothing to refine
            return

        def done(suggestion) -> None:
            if suggestion is not self.data.suggestion:
                self.data.suggestion = suggestion
                self.suggestion_changed.emit()

        run_op(self, lambda store: store.suggest_next(profile, scenarios), done, lambda _exc: None)

    def refresh(self, profile) -> None:
        scenarios = list(self.scenarios)

        def query(store):
            return LibraryData(
                progress=store.scenario_progress(profile) or {},
                in_progress=list(store.in_progress(profile) or []),
                suggestion=store.suggest_next(profile, scenarios),
                weakest=store.weakest_competency(profile),
            )

        def done(data):
            self.data = data
            self.progress_ready = True
            self.progress_loaded.emit()

        def bad(exc):
            self.progress_ready = True
            self.failed.emit(exc)
            self.progress_loaded.emit()

        run_op(self, query, done, bad)

    def filtered(self, text="", difficulty=None, tag=None, not_passed=False) -> list:
        return [s for s in self.scenarios if matches(s, self.data.progress, text, difficulty, tag, not_passed)]
