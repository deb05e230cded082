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


class LibraryModel(QObject):
    scenarios_loaded = Signal()
    progress_loaded = Signal()
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
