"""A play session: pure Python, pull-style (like ink's Story).

The host asks for the current ``Step`` (immutable data: lines, offered
options, ending) and calls ``choose``. Nothing here knows about any UI.

State is kept as a tuple of variable values in declaration order plus the set
of visited nodes that some expression asks about; the same transition
functions drive the search in ``search.py``, so play and scoring can never
disagree about what a move does.
"""

from __future__ import annotations

import dataclasses
import json
import random
import time
from dataclasses import dataclass, field
from typing import Any, Iterable

from simulator.errors import EngineError, SaveFormatError
from simulator.loader import Effect, Ending, Line, Node, Option, Scenario, TextVariant
from simulator.loader_format2 import PLACEHOLDER_RE

SAVE_FORMAT = 1
MAX_STEPS = 1000

Values = tuple  # variable values in declaration order
Visited = frozenset  # tracked node ids entered so far


# --- pure transition functions (shared with the search) -------------------------


def var_order(scenario: Scenario) -> tuple[str, ...]:
    return tuple(scenario.variables)


def initial_values(scenario: Scenario) -> Values:
    return tuple(v.start for v in scenario.variables.values())


def env_of(scenario: Scenario, values: Values) -> dict[str, Any]:
    return dict(zip(scenario.variables, values))


def apply_effects(scenario: Scenario, values: Values, effects: Iterable[Effect]) -> Values:
    effects = tuple(effects)
    if not effects:
        return values
    names = list(scenario.variables)
    out = list(values)
    for eff in effects:
        i = names.index(eff.var)
        var = scenario.variables[eff.var]
        if var.kind == "number":
            new = out[i] + eff.value if eff.op == "add" else eff.value
            if new < var.min:
                new = var.min
            elif new > var.max:
                new = var.max
            if isinstance(new, float) and new.is_integer():
                new = int(new)
            out[i] = new
        else:
            out[i] = eff.value
    return tuple(out)


def mark_visited(scenario: Scenario, visited: Visited, node_id: str) -> Visited:
    if node_id in scenario.tracked_visits and node_id not in visited:
        return visited | {node_id}
    return visited


def enter(scenario: Scenario, node_id: str, values: Values, visited: Visited) -> tuple[Values, Visited]:
    """Entering a node: mark it visited, then apply its entry effects."""
    node = scenario.nodes[node_id]
    visited = mark_visited(scenario, visited, node_id)
    return apply_effects(scenario, values, node.effects), visited


def offered(scenario: Scenario, node: Node, env: dict, visited: Visited) -> tuple[Option, ...]:
    if node.kind == "diagnose":
        return node.options
    return tuple(o for o in node.options if o.cond is None or o.cond(env, visited))


def evidence_of(option: Option, env: dict, visited: Visited) -> tuple[dict[str, float], str | None]:
    """The points and note a move earns, from the first rule that holds (state before the move)."""
    for rule in option.evidence:
        if rule.cond is None or rule.cond(env, visited):
            return rule.points, (rule.note if rule.note is not None else option.note)
    return {}, option.note


def route_distribution(node: Node, env: dict, visited: Visited) -> tuple[list[tuple[float, str, int]], float]:
    """[(probability, goto, route index)] and the probability that no route applies (stuck)."""
    out = []
    remaining = 1.0
    for i, r in enumerate(node.routes):
        if r.cond is not None and not r.cond(env, visited):
            continue
        if r.chance is None:
            out.append((remaining, r.goto, i))
            return out, 0.0
        out.append((remaining * r.chance, r.goto, i))
        remaining *= 1.0 - r.chance
    return out, remaining


def initial_distribution(scenario: Scenario) -> tuple[tuple[float, str | None, Values], ...]:
    """(probability, situation id or None, start values) for every way an attempt can start."""
    base = initial_values(scenario)
    if not scenario.situations:
        return ((1.0, None, base),)
    total = sum(s.weight for s in scenario.situations)
    return tuple((s.weight / total, s.id, apply_effects(scenario, base, s.sets)) for s in scenario.situations)


def draw_situation(scenario: Scenario, r: float) -> str:
    """The situation a uniform draw ``r`` in [0, 1) picks (probability weight / sum of weights)."""
    sits = scenario.situations
    x = r * sum(s.weight for s in sits)
    acc = 0.0
    for s in sits:
        acc += s.weight
        if x < acc:
            return s.id
    return sits[-1].id


# --- what is said: text variants, line conditions, {name} insertion (format 2) --------


def _shown_value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return str(int(round(value)))
    return str(value)


def format_text(scenario: Scenario, text: str, env: dict) -> str:
    """``{name}`` -> the variable's value; ``{{``/``}}`` -> braces (format 2; format 1 texts are literal)."""
    if scenario.format < 2 or ("{" not in text and "}" not in text):
        return text

    def sub(m) -> str:
        tok = m.group(0)
        if tok == "{{":
            return "{"
        if tok == "}}":
            return "}"
        name = m.group(1)
        return _shown_value(env[name]) if name is not None and name in env else tok

    return PLACEHOLDER_RE.sub(sub, text)


def _variant(variants: tuple[TextVariant, ...], env: dict, visited: Visited) -> TextVariant:
    for v in variants:
        if v.cond is None or v.cond(env, visited):
            return v
    return variants[-1]


def _static_lines(scenario: Scenario, node: Node) -> tuple[ShownLine, ...] | None:
    """The node's shown lines when they cannot depend on the state (cached), else None."""
    cache = scenario._cache.setdefault("engine.static_lines", {})
    hit = cache.get(node.id, False)
    if hit is not False:
        return hit
    dynamic = any(
        ln.cond is not None or ln.variants or (scenario.format >= 2 and ("{" in ln.text or "}" in ln.text)) for ln in node.lines
    )
    out = None
    if not dynamic:
        people = scenario.people
        out = tuple(ShownLine(node.id, ln.who, people[ln.who].name if ln.who else "", ln.text, ln.mood) for ln in node.lines)
    cache[node.id] = out
    return out


def shown_lines(scenario: Scenario, node_id: str, env: dict, visited: Visited) -> tuple[ShownLine, ...]:
    """The lines node ``node_id`` shows on ``env`` (the state after its entry effects)."""
    node = scenario.nodes[node_id]
    static = _static_lines(scenario, node)
    if static is not None:
        return static
    people = scenario.people
    out = []
    for ln in node.lines:
        if ln.cond is not None and not ln.cond(env, visited):
            continue
        text, mood = ln.text, ln.mood
        if ln.variants:
            v = _variant(ln.variants, env, visited)
            text = v.text
            if v.mood is not None:
                mood = v.mood
        out.append(ShownLine(node_id, ln.who, people[ln.who].name if ln.who else "", format_text(scenario, text, env), mood))
    return tuple(out)


def ending_text(scenario: Scenario, ending_id: str, env: dict, visited: Visited) -> str:
    """The text ending ``ending_id`` shows on ``env``."""
    ending = scenario.endings[ending_id]
    text = _variant(ending.variants, env, visited).text if ending.variants else ending.text
    return format_text(scenario, text, env)


# --- steps: immutable data for the host -------------------------------------------


@dataclass(frozen=True)
class ShownLine:
    node: str
    who: str | None  # person id, or None for narration
    speaker: str  # display name ("" for narration)
    text: str
    mood: str | None


@dataclass(frozen=True)
class OfferedOption:
    number: int  # 1-based display position: the key the rep presses (format 2 shuffles the display order)
    id: str
    text: str
    index: int = 0  # 1-based position in written order among the offered options (what ``choose(int)`` takes)


@dataclass(frozen=True)
class Meter:
    name: str
    label: str
    kind: str
    value: Any
    min: float
    max: float


@dataclass(frozen=True)
class Step:
    kind: str  # "decision" | "diagnose" | "ending" | "stuck"
    node: str
    lines: tuple[ShownLine, ...]  # what was said since the last decision
    options: tuple[OfferedOption, ...] = ()
    prompt: str | None = None
    ending: Ending | None = None
    meters: tuple[Meter, ...] = ()
    reason: str = ""  # why a run is stuck

    @property
    def finished(self) -> bool:
        return self.kind in ("ending", "stuck")


@dataclass(frozen=True)
class Decision:
    """One decision the rep made, with what the scoring needs."""

    seq: int
    node: str
    kind: str  # "choices" | "diagnose"
    values: Values  # variables at the decision (after entry effects)
    visited: Visited
    entry_key: tuple  # search key of the decision node (before entry effects)
    offered: tuple[str, ...]
    option: str
    number: int  # the option's written index among those offered (``OfferedOption.index``)
    elapsed_ms: int
    confidence: int | None = None
    lines_before: int = 0  # transcript lines shown before this decision

    def with_confidence(self, p: int | None) -> "Decision":
        return Decision(**{**self.__dict__, "confidence": p})


CONFIDENCE_LEVELS = (50, 60, 70, 80, 90, 100)


class Session:
    """One run of a scenario. Drive it with ``start()`` then ``choose()``."""

    def __init__(self, scenario: Scenario, seed: int | None = None, *, situation: str | None = None, clock=time.monotonic):
        self.scenario = scenario
        self.seed = int(seed) if seed is not None else random.SystemRandom().randrange(2**31)
        self._rng = random.Random(self.seed)
        self._draws = 0
        self._clock = clock
        # option display order: a stream of its own, so it never changes the chance draws
        self._order_rng = random.Random(f"order:{self.seed}")
        self.values: Values = initial_values(scenario)
        self.situation: str | None = None
        self.situation_forced = situation is not None
        ids = [s.id for s in scenario.situations]
        if situation is not None and situation not in ids:
            if not ids:
                raise EngineError(f"scenario '{scenario.id}' has no situations; leave out the situation")
            raise EngineError(f"situation '{situation}' is not one of this scenario's situations ({', '.join(ids)})")
        if ids:
            drawn = draw_situation(scenario, self._rng.random())  # the attempt's first draw, also when forced
            self.situation = situation if situation is not None else drawn
            sit = next(s for s in scenario.situations if s.id == self.situation)
            self.values = apply_effects(scenario, self.values, sit.sets)
        self.visited: Visited = frozenset()
        self.node_id: str | None = None
        self.decisions: list[Decision] = []
        self.path: list[str] = []  # every node and ending entered, in order
        self.transcript: list[ShownLine] = []
        self._step: Step | None = None
        self._entry_key: tuple | None = None
        self._shown_at = 0.0
        self._steps = 0

    # -- driving ----------------------------------------------------------------

    def start(self) -> Step:
        if self._step is not None:
            raise EngineError("this session has already started")
        return self._advance(self.scenario.start, [])

    @property
    def current(self) -> Step:
        if self._step is None:
            raise EngineError("call start() first")
        return self._step

    @property
    def finished(self) -> bool:
        return self._step is not None and self._step.finished

    @property
    def options(self) -> tuple[OfferedOption, ...]:
        return self.current.options

    def choose(self, choice: int | str) -> Step:
        """Pick an offered option by its 1-based position in written order (``index``) or by its id."""
        step = self.current
        if step.finished:
            raise EngineError("the conversation has ended; no more choices")
        match = None
        for o in step.options:
            if (isinstance(choice, int) and not isinstance(choice, bool) and o.index == choice) or o.id == choice:
                match = o
                break
        if match is None:
            raise EngineError(f"choice {choice!r} is not offered here; pick 1 to {len(step.options)}")
        node = self.scenario.nodes[step.node]
        option = next(o for o in node.options if o.id == match.id)
        elapsed = int(max(0.0, self._clock() - self._shown_at) * 1000)
        self.decisions.append(
            Decision(
                seq=len(self.decisions) + 1,
                node=node.id,
                kind=node.kind,
                values=self.values,
                visited=self.visited,
                entry_key=self._entry_key,
                offered=tuple(o.id for o in sorted(step.options, key=lambda o: o.index)),  # written order
                option=option.id,
                number=match.index,
                elapsed_ms=elapsed,
                lines_before=len(self.transcript),
            )
        )
        self.values = apply_effects(self.scenario, self.values, option.effects)
        return self._advance(option.goto, [])

    def set_confidence(self, percent: int) -> None:
        """How sure the rep was that the last move was a best move (50..100 in steps of 10)."""
        if percent not in CONFIDENCE_LEVELS:
            raise EngineError(f"confidence must be one of {', '.join(map(str, CONFIDENCE_LEVELS))}")
        if not self.decisions:
            raise EngineError("no decision to rate yet")
        self.decisions[-1] = self.decisions[-1].with_confidence(percent)

    # -- internals ----------------------------------------------------------------

    def _draw(self) -> float:
        self._draws += 1
        return self._rng.random()

    def _advance(self, target: str, lines: list[ShownLine]) -> Step:
        sc = self.scenario
        while True:
            self._steps += 1
            self.path.append(target)
            if target in sc.endings:
                self.node_id = target
                ending = sc.endings[target]
                if ending.variants or sc.format >= 2:
                    text = ending_text(sc, target, env_of(sc, self.values), self.visited)
                    if text != ending.text:
                        ending = dataclasses.replace(ending, text=text)
                step = Step("ending", target, tuple(lines), ending=ending, meters=self._meters())
                break
            if self._steps > MAX_STEPS:
                step = Step("stuck", target, tuple(lines), meters=self._meters(), reason=f"the run took more than {MAX_STEPS} steps without reaching an ending")
                break
            key = (target, self.values, self.visited)
            self.values, self.visited = enter(sc, target, self.values, self.visited)
            self.node_id = target
            node = sc.nodes[target]
            env = env_of(sc, self.values)
            shown = shown_lines(sc, target, env, self.visited)
            lines.extend(shown)
            self.transcript.extend(shown)
            if node.kind == "routes":
                nxt = None
                for r in node.routes:
                    if r.cond is not None and not r.cond(env, self.visited):
                        continue
                    if r.chance is not None and not self._draw() < r.chance:
                        continue
                    nxt = r.goto
                    break
                if nxt is None:
                    step = Step("stuck", target, tuple(lines), meters=self._meters(), reason=f"no route out of '{target}' applies")
                    break
                target = nxt
                continue
            opts = offered(sc, node, env, self.visited)
            if not opts:
                step = Step("stuck", target, tuple(lines), meters=self._meters(), reason=f"no choice at '{target}' is offered in this state")
                break
            self._entry_key = key
            written = list(enumerate(opts, 1))
            if sc.format >= 2 and node.order != "authored":
                self._order_rng.shuffle(written)  # one permutation per decision shown, in sequence
            step = Step(
                "diagnose" if node.kind == "diagnose" else "decision",
                target,
                tuple(lines),
                tuple(OfferedOption(n, o.id, format_text(sc, o.text, env), i) for n, (i, o) in enumerate(written, 1)),
                prompt=format_text(sc, node.prompt, env) if node.prompt is not None else None,
                meters=self._meters(),
            )
            break
        self._step = step
        self._shown_at = self._clock()
        return step

    def _meters(self) -> tuple[Meter, ...]:
        return tuple(
            Meter(v.name, v.label, v.kind, val, v.min, v.max)
            for v, val in zip(self.scenario.variables.values(), self.values)
            if v.show
        )

    @property
    def ending(self) -> Ending | None:
        step = self._step
        return step.ending if step is not None else None

    # -- save / restore -----------------------------------------------------------

    def to_json(self) -> dict:
        """A JSON-able snapshot that ``restore`` turns back into the same session."""
        data = {
            "save_format": SAVE_FORMAT,
            "scenario": {"id": self.scenario.id, "version": self.scenario.version, "hash": self.scenario.content_hash},
            "seed": self.seed,
            "choices": [d.option for d in self.decisions],
            "confidences": [d.confidence for d in self.decisions],
            "elapsed_ms": [d.elapsed_ms for d in self.decisions],
        }
        if self.situation_forced:
            data["situation"] = self.situation
        return data

    def dumps(self) -> str:
        return json.dumps(self.to_json(), separators=(",", ":"))

    @classmethod
    def restore(cls, scenario: Scenario, data: dict | str, *, clock=time.monotonic) -> "Session":
        """Rebuild a session by replaying its choices with its seed (runs replay exactly)."""
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except json.JSONDecodeError as exc:
                raise SaveFormatError(f"saved session is not valid JSON ({exc.msg})") from None
        if not isinstance(data, dict) or data.get("save_format") != SAVE_FORMAT:
            raise SaveFormatError(
                f"saved session has format {data.get('save_format') if isinstance(data, dict) else '?'}; this program reads format {SAVE_FORMAT}"
            )
        meta = data.get("scenario") or {}
        if meta.get("hash") != scenario.content_hash:
            raise SaveFormatError(
                f"the saved run was made on another version of '{meta.get('id')}' (content changed); it cannot be resumed"
            )
        forced = data.get("situation")
        if forced is not None and not isinstance(forced, str):
            raise SaveFormatError("saved session names its situation with something that is not an id")
        try:
            session = cls(scenario, seed=data["seed"], situation=forced, clock=clock)
        except EngineError as exc:
            raise SaveFormatError(f"the saved run cannot be resumed: {exc}") from None
        session.start()
        confidences = data.get("confidences") or []
        elapsed = data.get("elapsed_ms") or []
        for i, option_id in enumerate(data.get("choices", [])):
            session.choose(option_id)
            d = session.decisions[-1]
            conf = confidences[i] if i < len(confidences) else None
            session.decisions[-1] = Decision(
                **{**d.__dict__, "confidence": conf, "elapsed_ms": int(elapsed[i]) if i < len(elapsed) else d.elapsed_ms}
            )
        return session


def play(
    scenario: Scenario, picks: Iterable[int | str], seed: int | None = None, confidences: Iterable[int] | None = None,
    *, situation: str | None = None,
) -> Session:
    """Play a whole run non-interactively; stops when the picks run out or the run ends.

    Numbers count in written order (``OfferedOption.index``); ids always work."""
    session = Session(scenario, seed, situation=situation)
    session.start()
    confs = list(confidences or [])
    for i, pick in enumerate(picks):
        if session.finished:
            break
        session.choose(pick)
        if i < len(confs) and confs[i] is not None:
            session.set_confidence(confs[i])
    return session
