"""LibraryModel: the loaded scenarios and the rep's progress on them; pure filtering."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from simulator.ui.ops import run_op

DIFFICULTIES = ("intro", "intermediate", "advanced")

# Authors' tags, normalised into a short list of topics a rep would filter by (industry tags are not topics).
TOPICS = {
    "Discovery and questions": ("discovery", "spin", "implication", "need-payoff", "questioning"),
    "Insight and teaching": ("commercial-teaching", "challenger", "reframe", "insight", "insight-misfire", "no-quick-fix",
                             "teaching"),
    "Buying groups": ("buying-group", "buying-committee", "multithreading", "mobilizer", "talker", "blocker", "skeptic",
                      "guide", "climber", "economic-buyer", "cfo", "champion"),
    "Negotiation and control": ("negotiation", "procurement", "stalled-deal", "control", "deal-registration", "pricing",
                                "discount"),
    "Renewals and retention": ("renewal", "churn-risk", "adoption", "retention", "expansion"),
    "Coaching and managing": ("coaching", "manager", "call-review", "performance", "forecasting", "deal-inspection"),
    "Internal alignment": ("alignment", "sla", "internal-selling", "revenue-operations", "handoff", "marketing", "sdr"),
    "Status quo and no decision": ("do-nothing", "status-quo", "no-decision"),
    "Tailoring the message": ("tailoring", "personalisation", "personalization"),
}
_TOPIC_OF = {tag: topic for topic, tags in TOPICS.items() for tag in tags}


def topics_of(scenario) -> list[str]:
    """The topics a scenario's tags fall under, in the order of ``TOPICS``."""
    found = {_TOPIC_OF.get(str(t).strip().lower().replace(" ", "-").replace("_", "-")) for t in scenario.model.tags}
    return [t for t in TOPICS if t in found]


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
    if tag and tag not in topics_of(scenario):
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
    """Competencies some move in the scenario actually gives or takes points for (a loaded scenario
    or a card from the library index)."""
    from simulator.library_index import exercised as of

    return of(scenario)


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

    def __init__(self, library_paths, parent=None, *, cache_dir=None):
        super().__init__(parent)
        self.library_paths = list(library_paths)
        self.cache_dir = cache_dir  # the library index's folder; None: no index
        self.scenarios: list = []
        self.diagnostics: list = []
        self.data = LibraryData()
        self.loaded = False
        self.provisional = False  # the scenarios are cards from the library index, not loaded yet
        self.progress_ready = False

    def by_id(self, scenario_id: str):
        return next((s for s in self.scenarios if s.id == scenario_id), None)

    def tags(self) -> list[str]:
        """The topics the loaded scenarios cover (a short, normalised list), in a fixed order."""
        present = {t for s in self.scenarios for t in topics_of(s)}
        return [t for t in TOPICS if t in present]

    def _use(self, scenarios, diagnostics, provisional: bool = False) -> None:
        self.scenarios = sorted(scenarios, key=lambda s: (DIFFICULTIES.index(s.model.difficulty), s.title.lower()))
        self.diagnostics = diagnostics
        self.loaded = True
        self.provisional = provisional
        self.scenarios_loaded.emit()

    def _load_and_index(self):
        """Load the library and refresh the index (any thread: the loader is already imported)."""
        from simulator import library_index
        from simulator.loader import load_library

        before = library_index.snapshot(self.library_paths) if self.cache_dir is not None else None
        scenarios, diagnostics = load_library(self.library_paths)
        library_index.write_index(self.cache_dir, self.library_paths, before, scenarios, diagnostics)
        return scenarios, diagnostics

    def load(self) -> None:
        """Load the scenarios on the writer thread."""
        import simulator.library_index  # noqa: F401 - imported here, on the UI thread
        import simulator.loader  # noqa: F401

        run_op(self, self._load_and_index, lambda result: self._use(*result), self.failed.emit, needs_store=False)

    def use_index(self, cards) -> None:
        """Show the cards of the library index until the scenarios are loaded (``load_now``)."""
        self._use(cards, [], provisional=True)

    def load_now(self) -> None:
        """Load the scenarios here, on the UI thread (after a start from the index)."""
        try:
            result = self._load_and_index()
        except Exception as exc:
            self._use([], [])  # never leave the index's cards up as if they were loaded
            self.failed.emit(exc)
            return
        self._use(*result)

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
        """The rep's progress (quick queries: the cards update at once). The suggestion is the rules'
        pick (``rules_suggestion``, instant); the store's searched one is asked for once after start-up
        (``refine_suggestion``), never here: it can keep the single writer busy for seconds."""

        def query(store):
            return progress_of(store, profile)

        def done(data):
            data.suggestion = None  # the rules' pick on the new progress (the screen computes it)
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
