"""ConversationModel: owns one play Session and saves every decision as it is made.

The engine is pure and fast, so moves are applied on the UI thread and shown at
once; every write (start, decision, confidence, finish) goes through ``run_op``
to the single writer thread, in order, so the database never blocks a frame.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot

from simulator.engine import Session, ShownLine
from simulator.errors import EngineError
from simulator.scoring import score_session
from simulator.ui.ops import run_op


@dataclass(frozen=True)
class RepLine:
    """What the rep said (the chosen option), for the transcript."""

    text: str
    diagnose: bool = False


class _Attempt:
    """The attempt uuid, filled in on the writer thread by the start op (ops run in order)."""

    def __init__(self, uuid: str | None = None):
        self.uuid = uuid


class ConversationModel(QObject):
    step_shown = Signal(object)  # engine Step: new lines (and the options now offered)
    rep_said = Signal(object)  # RepLine
    confidence_requested = Signal()
    finished = Signal(object)  # ScoreCard (emitted once the attempt is saved)
    failed = Signal(object)  # an exception, for show_error
    saved = Signal(str)  # what was saved: "start" | "decision" | "confidence" | "finish"

    def __init__(self, scenario, profile, parent: QObject | None = None, *, session: Session | None = None,
                 attempt: str | None = None, seed: int | None = None):
        super().__init__(parent)
        self.scenario = scenario
        self.profile = profile
        self.session = session if session is not None else Session(scenario, seed)
        self._attempt = _Attempt(attempt)
        self._pending_step = None  # the step to show after the confidence answer
        self.card = None
        self.awaiting_confidence = False
        self.busy_writes = 0

    @property
    def attempt(self) -> str | None:
        return self._attempt.uuid

    # -- writes ------------------------------------------------------------------------

    def _write(self, what: str, fn) -> None:
        self.busy_writes += 1

        def ok(_result, what=what):
            self.busy_writes -= 1
            self.saved.emit(what)

        def bad(exc):
            self.busy_writes -= 1
            self.failed.emit(exc)

        run_op(self, fn, ok, bad)

    # -- slots -----------------------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        """Start a new attempt, or (for a restored session) replay what was said so far."""
        if self.session._step is None:
            step = self.session.start()
            holder, profile, scenario, seed = self._attempt, self.profile, self.scenario, self.session.seed

            def begin(store):
                holder.uuid = store.start_attempt(profile, scenario, seed)
                return holder.uuid

            self._write("start", begin)
            self.step_shown.emit(step)
            self._maybe_finish(step)
            return
        # resumed: the whole history, then the current options
        for item in self.history():
            if isinstance(item, RepLine):
                self.rep_said.emit(item)
            else:
                self.step_shown.emit(_LinesOnly(item))
        step = self.session.current
        self.step_shown.emit(_OptionsOnly(step))
        self._maybe_finish(step)

    def history(self) -> list:
        """The transcript so far as ShownLine and RepLine items in order."""
        s = self.session
        out: list = []
        at = 0
        for d in s.decisions:
            out.extend(s.transcript[at:d.lines_before])
            at = d.lines_before
            node = self.scenario.nodes[d.node]
            text = next((o.text for o in node.options if o.id == d.option), d.option)
            out.append(RepLine(text, node.kind == "diagnose"))
        out.extend(s.transcript[at:])
        return out

    @Slot(int)
    def choose(self, number) -> None:
        if self.awaiting_confidence or self.session.finished:
            return
        step = self.session.current
        # ``number`` is what the rep pressed or clicked: the DISPLAY position (keys follow what is shown);
        # the engine is told the option's id, never a position (its int means the written order)
        option = next((o for o in step.options if o.number == number or o.id == number), None)
        if option is None:
            return  # a key with no choice behind it: ignore
        try:
            new_step = self.session.choose(option.id)
        except EngineError as exc:
            self.failed.emit(exc)
            return
        decision = self.session.decisions[-1]
        self.rep_said.emit(RepLine(option.text, step.kind == "diagnose"))
        holder, scenario = self._attempt, self.scenario
        self._write("decision", lambda store: store.record_decision(holder.uuid, decision, scenario))
        if self.scenario.ask_confidence:
            self._pending_step = new_step
            self.awaiting_confidence = True
            self.confidence_requested.emit()
            return
        self.step_shown.emit(new_step)
        self._maybe_finish(new_step)

    @Slot(int)
    def set_confidence(self, percent: int) -> None:
        if not self.awaiting_confidence:
            return
        try:
            self.session.set_confidence(percent)
        except EngineError as exc:
            self.failed.emit(exc)
            return
        seq = self.session.decisions[-1].seq
        holder = self._attempt
        self._write("confidence", lambda store: store.set_confidence(holder.uuid, seq, percent))
        self.awaiting_confidence = False
        step, self._pending_step = self._pending_step, None
        self.step_shown.emit(step)
        self._maybe_finish(step)

    def _maybe_finish(self, step) -> None:
        """Score the finished run and store it, both on the writer thread: the first scoring of a
        format 2 scenario runs its belief search, which must never freeze the window."""
        if not step.finished:
            return
        holder, session = self._attempt, self.session
        self.busy_writes += 1

        def work(store):
            card = score_session(session)
            try:
                store.finish_attempt(holder.uuid, card)
            except Exception as exc:  # the debrief still shows; the error says it was not saved
                return card, exc
            return card, None

        def done(result) -> None:
            self.busy_writes -= 1
            card, problem = result
            self.card = card
            if problem is not None:
                self.failed.emit(problem)
            else:
                self.saved.emit("finish")
            self.finished.emit(card)

        def bad(exc) -> None:  # scoring failed (or no store at all): try the score alone, then report
            self.busy_writes -= 1
            self.failed.emit(exc)
            try:
                card = score_session(session)
            except Exception:
                return
            self.card = card
            self.finished.emit(card)

        run_op(self, work, done, bad)


@dataclass(frozen=True)
class _LinesOnly:
    """A replayed line (resume): shown like a step with no options."""

    line: ShownLine
    kind: str = "replay"
    options: tuple = ()
    prompt: str | None = None
    meters: tuple = ()

    @property
    def lines(self):
        return (self.line,)

    @property
    def finished(self) -> bool:
        return False


@dataclass(frozen=True)
class _OptionsOnly:
    """The current step without its lines (they were replayed already)."""

    step: object

    def __getattr__(self, name):
        return getattr(self.step, name)

    @property
    def lines(self):
        return ()
