"""Verification by replay: an attempt is replayed against the local scenario with the same content hash."""

from __future__ import annotations

from typing import Any, Iterable, Optional

from simulator.leaderboard.entries import Entry

TOLERANCE = 1e-6  # verification: a replayed score may differ by at most this much

VERIFIED = "verified"
UNVERIFIED = "unverified"
FAILED = "does not verify"
CONFLICT = "conflict"
STATUS_WORDS = {
    VERIFIED: "replayed here; the scores match",
    UNVERIFIED: "scenario version not available here; not checked",
    FAILED: "replay does not match the scores in the file; not ranked",
    CONFLICT: "this attempt id appears with different content in two files; not ranked",
}


def replay_key(e: Entry) -> tuple:
    """What a replay depends on: identical runs (same scenario content, seed, choices, confidences) replay once."""
    return (e.scenario_hash, e.seed, e.choices, e.confidences)


class Verifier:
    """Replays attempts against local scenarios (by content hash). Replays are cached by
    (hash, seed, choices, confidences), so identical runs shared by many reps replay once."""

    def __init__(self, scenarios: Iterable[Any] = ()):
        self.by_hash = {s.content_hash: s for s in scenarios}
        self._cache: dict[tuple, tuple] = {}
        self._verdicts: dict[tuple, tuple[str, str]] = {}
        self.replays = 0

    def _replay(self, e: Entry) -> tuple:
        key = replay_key(e)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        from simulator.engine import play
        from simulator.errors import SimulatorError
        from simulator.scoring import score_session

        sc = self.by_hash[e.scenario_hash]
        self.replays += 1
        try:
            session = play(sc, e.choices, e.seed, e.confidences)
            if len(session.decisions) != len(e.choices):
                out = ("error", f"the run ended after {len(session.decisions)} of {len(e.choices)} decisions")
            elif not session.finished or session.current.ending is None:
                out = ("error", "the decisions do not reach an ending")
            else:
                card = score_session(session)
                self._keep(key, card)
                out = ("card", card.ending, card.outcome, tuple(sorted(card.scores.items())), card.total, card.passed)
        except SimulatorError as exc:
            out = ("error", f"replay failed: {exc}")
        self._cache[key] = out
        return out

    def _keep(self, key: tuple, card: Any) -> None:
        """Called with every score card a replay produces; the leaderboard keeps only its summary."""

    def check(self, e: Entry) -> tuple[str, str]:
        """(status, reason) for one entry; cached on everything the verdict depends on."""
        key = (e.scenario_hash, e.scenario_id, e.scenario_version, e.seed, e.choices, e.confidences, e.scores, e.total,
               e.passed, e.ending, e.outcome)
        hit = self._verdicts.get(key)
        if hit is None:
            hit = self._verdicts[key] = self._check(e)
        return hit

    def _check(self, e: Entry) -> tuple[str, str]:
        sc = self.by_hash.get(e.scenario_hash)
        if sc is None:
            return UNVERIFIED, ""
        if sc.id != e.scenario_id or sc.version != e.scenario_version:
            return FAILED, f"the scenario with this hash is '{sc.id}' version {sc.version}, not '{e.scenario_id}' version {e.scenario_version}"
        r = self._replay(e)
        if r[0] == "error":
            return FAILED, r[1]
        _, ending, outcome, scores, total, passed = r
        if ending != e.ending or outcome != e.outcome:
            return FAILED, f"replay ends at '{ending}', the file says '{e.ending}'"
        mine = dict(scores)
        theirs = dict(e.scores)
        if set(mine) != set(theirs):
            return FAILED, "replay gives different score components"
        for k in sorted(mine):
            a, b = mine[k], theirs[k]
            if (a is None) != (b is None) or (a is not None and abs(a - b) > TOLERANCE):
                return FAILED, f"{k} replays as {_fmt(a)}, the file says {_fmt(b)}"
        if total is None or abs(total - e.total) > TOLERANCE:
            return FAILED, f"total replays as {_fmt(total)}, the file says {_fmt(e.total)}"
        if bool(passed) != e.passed:
            return FAILED, "passed/failed does not match the replay"
        return VERIFIED, ""


def _fmt(x: Optional[float], digits: int = 1) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"
