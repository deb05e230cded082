"""The board as CSV: every field quoted, formulas neutralised so a spreadsheet shows text."""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable

from simulator.leaderboard.ranking import Board
from simulator.leaderboard.verify import CONFLICT, FAILED


_CSV_DANGER = ("=", "+", "-", "@", "\t", "\r", "\0")


def csv_cell(value: Any) -> str:
    """A cell that a spreadsheet shows as text: line breaks flattened, a leading formula character,
    tab, CR or NUL neutralised with a leading apostrophe. Numbers we format ourselves pass as numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return f"{value:.2f}" if isinstance(value, float) else str(value)
    s = str(value)
    if s.startswith(_CSV_DANGER):
        s = "'" + s
    s = s.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\0", " ")
    return s


CSV_HEADER = ("board", "rank", "name", "team", "value", "first_attempts", "scenarios", "verification", "note")


def iter_csv_rows(board: Board):
    yield CSV_HEADER
    for t in [*board.tables, board.improved]:
        for r in t.rows:
            yield (t.title, r.rank, r.name, r.team, r.value, r.n, r.scenarios, r.badge, r.note)
    for a in board.attempts:
        if a.status in (FAILED, CONFLICT):
            e = a.entry
            yield ("Not ranked", None, e.rep, e.team, e.total, None, None, a.status,
                   f"{e.scenario_id} v{e.scenario_version}, attempt {e.uuid}: {a.reason}")


def to_csv(board: Board, out: io.TextIOBase | None = None) -> str | None:
    """Every board as rows of one CSV table (every field quoted). Returns the text, or streams to ``out``."""
    return write_csv_rows(iter_csv_rows(board), out)


def write_csv_rows(rows: Iterable[Iterable[Any]], out: io.TextIOBase | None = None) -> str | None:
    """``rows`` as one CSV table, every field quoted and made safe by ``csv_cell``, CRLF line ends.
    Returns the text, or streams to ``out`` (and returns None)."""
    buf = out if out is not None else io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for row in rows:
        w.writerow([csv_cell(x) for x in row])
    return buf.getvalue() if out is None else None
