"""Bots that play scenarios without reading them, and the library measurements built on them.

Issue 13 asks that no surface cue gives a scenario's answer away. Each bot below plays the real
engine (``Session``) in every situation and over many seeds, and the real scoring
(``score_session``) judges it, exactly as it would judge a rep:

- ``longest``: always the longest option text;
- ``question_else_longest``: the first question shown (a text with "?"), else the longest;
- ``written_position(k)`` / ``display_position(k)``: always the k-th option in written or in
  shown order (the last one when fewer are offered);
- ``keywords(PITCH_JARGON)`` / ``keywords(CHALLENGER_WORDS)``: the option with the most hits
  from a keyword list (ties: the first shown).

A bot is a function ``(options) -> option id`` where ``options`` are the ``OfferedOption``s of
the current step in display order. Nothing here imports Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean
from typing import Callable, Iterable, Sequence

from simulator.engine import OfferedOption, Session
from simulator.loader import load_or_raise
from simulator.scoring import ScoreCard, score_session

Bot = Callable[[Sequence[OfferedOption]], str]

PITCH_JARGON = (
    "platform", "solution", "roi", "best-in-class", "leverage", "seamless", "end-to-end",
    "world-class", "cutting-edge", "industry-leading", "our product", "demo", "feature",
    "discount", "value proposition", "synergy", "robust", "scalable", "game-changer",
    "innovative", "state-of-the-art", "dashboard", "show you", "% off", "add-on",
)
CHALLENGER_WORDS = (
    "insight", "cost", "risk", "data", "impact", "what if", "pattern", "benchmark",
    "implication", "reframe", "teach", "evidence", "research", "most ", "we've seen",
    "what would", "how much", "number", "money", "payback", "trade-off", "consequence",
)


def _words(text: str) -> str:
    return " " + re.sub(r"\s+", " ", text.lower()) + " "


def longest(options: Sequence[OfferedOption]) -> str:
    return max(options, key=lambda o: len(o.text)).id  # max keeps the first shown on ties


def question_else_longest(options: Sequence[OfferedOption]) -> str:
    for o in options:
        if "?" in o.text:
            return o.id
    return longest(options)


def written_position(k: int) -> Bot:
    def bot(options: Sequence[OfferedOption]) -> str:
        ordered = sorted(options, key=lambda o: o.index)
        return ordered[min(k, len(ordered)) - 1].id

    bot.__name__ = f"written_{k}"
    return bot


def display_position(k: int) -> Bot:
    def bot(options: Sequence[OfferedOption]) -> str:
        return options[min(k, len(options)) - 1].id

    bot.__name__ = f"shown_{k}"
    return bot


def keywords(words: Iterable[str], name: str) -> Bot:
    words = tuple(w.lower() for w in words)

    def bot(options: Sequence[OfferedOption]) -> str:
        def hits(o: OfferedOption) -> int:
            t = _words(o.text)
            return sum(t.count(w) for w in words)

        return max(options, key=hits).id

    bot.__name__ = name
    return bot


def all_bots(max_options: int = 5) -> dict[str, Bot]:
    bots: dict[str, Bot] = {
        "longest": longest,
        "question": question_else_longest,
        "pitch-words": keywords(PITCH_JARGON, "pitch-words"),
        "challenger-words": keywords(CHALLENGER_WORDS, "challenger-words"),
    }
    for k in range(1, max_options + 1):
        bots[f"written-{k}"] = written_position(k)
        bots[f"shown-{k}"] = display_position(k)
    return bots


def plan_bot(plan: Sequence[str], fallback: Bot = written_position(1)) -> Bot:
    """Replays remembered option ids: the first plan id offered, else ``fallback``."""

    def bot(options: Sequence[OfferedOption]) -> str:
        ids = {o.id for o in options}
        for pid in plan:
            if pid in ids:
                return pid
        return fallback(options)

    return bot


# --- playing ------------------------------------------------------------------------


def play(scenario, bot: Bot, seed: int, situation: str | None = None) -> ScoreCard:
    """One complete run of ``bot`` on the real engine, scored by the real scoring."""
    session = Session(scenario, seed, situation=situation, clock=lambda: 0.0)
    step = session.start()
    while not step.finished:
        step = session.choose(bot(step.options))
    return score_session(session)


def situations_of(scenario) -> list[tuple[str | None, float]]:
    sits = list(scenario.situations)
    if not sits:
        return [(None, 1.0)]
    total = sum(s.weight for s in sits)
    return [(s.id, s.weight / total) for s in sits]


@dataclass
class BotResult:
    name: str
    best_total: float  # the best total over every situation and seed
    mean_judgment: float  # weighted by situation, averaged over seeds (n/a counts as 0)
    passes: int  # runs that passed
    runs: int
    cards: list[ScoreCard] = field(default_factory=list, repr=False)


def measure(scenario, bot: Bot, name: str, seeds: Iterable[int] = range(12)) -> BotResult:
    seeds = list(seeds)
    best, passes, runs, judged = 0.0, 0, 0, 0.0
    cards: list[ScoreCard] = []
    for sid, weight in situations_of(scenario):
        js = []
        for seed in seeds:
            card = play(scenario, bot, seed, sid)
            cards.append(card)
            runs += 1
            passes += bool(card.passed)
            best = max(best, card.total or 0.0)
            js.append(card.scores.get("judgment") or 0.0)
        judged += weight * mean(js)
    return BotResult(name, best, judged, passes, runs, cards)


# --- design measurements --------------------------------------------------------------


def decision_reviews(cards: Iterable[ScoreCard]):
    """Every distinct decision review met in ``cards``: (node, stakes, alternatives) keyed by
    the node and the set of best options (the belief's verdict)."""
    seen = {}
    for card in cards:
        for d in card.decisions:
            if d.kind != "choices":
                continue
            key = (d.node, tuple(sorted(d.best_options)), round(d.stakes, 6))
            seen.setdefault(key, d)
    return list(seen.values())


def length_ratio(reviews) -> float | None:
    """Mean length of best options over the mean length of the others, at decisions with stakes."""
    best, other = [], []
    for d in reviews:
        if d.stakes <= 0:
            continue
        for a in d.alternatives:
            (best if a.best else other).append(len(a.text))
    if not best or not other:
        return None
    return mean(best) / mean(other)


def longest_is_best_share(reviews) -> float | None:
    with_stakes = [d for d in reviews if d.stakes > 0]
    if not with_stakes:
        return None
    hits = 0
    for d in with_stakes:
        top = max(d.alternatives, key=lambda a: len(a.text))
        hits += top.best
    return hits / len(with_stakes)


def temptation_share(reviews) -> float | None:
    """Share of decisions with stakes where some costly option earns positive evidence."""
    with_stakes = [d for d in reviews if d.stakes > 0]
    if not with_stakes:
        return None
    hits = sum(any(not a.best and any(v > 0 for v in a.evidence.values()) for a in d.alternatives) for d in with_stakes)
    return hits / len(with_stakes)


def load(path: str | Path):
    return load_or_raise(Path(path))
