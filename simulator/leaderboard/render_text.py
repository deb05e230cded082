"""The board as plain text for a terminal (control characters flattened)."""

from __future__ import annotations

import unicodedata

from simulator.leaderboard.ranking import Board
from simulator.leaderboard.verify import CONFLICT, FAILED, UNVERIFIED, VERIFIED


def to_text(board: Board, *, width: int = 34) -> str:
    """The boards as plain text for a terminal."""
    out = []
    counts = board.counts()
    out.append(f"{len(board.files)} file(s), {sum(counts.values())} attempts: {counts[VERIFIED]} verified, "
               f"{counts[UNVERIFIED]} unverified, {counts[FAILED]} do not verify, {counts[CONFLICT]} in conflict")
    out.append(board.tables[0].explain.capitalize() + ".")
    for t in [*board.tables, board.improved]:
        out.append("")
        out.append(f"== {t.title} ==" + (f"  ({t.explain})" if t.key == "improved" else ""))
        if not t.rows:
            out.append("  (no rated attempts yet)")
        for r in t.rows:
            who = r.name + (f" ({r.team})" if r.team else "")
            if len(who) > width:
                who = who[: width - 1] + "\u2026"
            val = "" if r.value is None else (f"{r.value:+6.1f}" if t.key == "improved" else f"{r.value:6.1f}")
            rank_s = f"{r.rank:>3}." if r.rank is not None else "   -"
            extra = f"  [{r.badge}]" if r.badge != VERIFIED else ""
            note = f"  {r.note}" if r.note and t.key != "improved" else ""
            out.append(f"{rank_s} {who:<{width}} {val}  {r.scenarios} scen.{extra}{note}")
    bad = [a for a in board.attempts if a.status in (FAILED, CONFLICT)]
    if bad:
        out.append("")
        out.append("== Not ranked ==")
        for a in bad:
            e = a.entry
            out.append(f"  {e.rep} ({e.team or 'no team'}), {e.scenario_id} v{e.scenario_version}, attempt {e.uuid}: {a.status}"
                       + (f" — {a.reason}" if a.reason else ""))
    return "\n".join(_flat(line) for line in out) + "\n"


def _flat(s: str) -> str:
    return "".join(ch if unicodedata.category(ch) != "Cc" else " " for ch in s)
