"""Team leaderboard: export, read, merge, verify by replay, rank, and write CSV/HTML/JSON.

Pure core (no Qt). The file format is documented in ``docs/leaderboard-format.md``; its JSON
Schema (``docs/export.schema.json``) is generated from the pydantic models below
(``export_schema()``), so the schema and the validator cannot drift apart.

The flow: ``export``/``write_export`` on the rep's machine; ``read_export`` validates one file
completely before anything is kept (a rejected file gives one line naming it); ``merge`` combines
the entries of any number of files, keyed on attempt uuid, verifies each attempt by replaying it
against the local scenario with the same content hash, and ranks reps as in spec/scoring.md
("Comparing reps"). ``import_files``/``stored_exports`` keep imported files in the progress
database (``board_*`` tables, one transaction per file) for the app.

The package, by concept: ``export_format`` (limits and pydantic models), ``entries``, ``reading``
(one file in), ``exporting`` (this rep's file out), ``verify`` (replay), ``ranking`` (merge, rank,
the board), ``render_csv`` / ``render_html`` / ``render_json`` / ``render_text``, ``outputs``
(``write_board``), ``stored`` (imports kept in the database) and ``sources`` (CLI/app helpers).
Import from ``simulator.leaderboard``; the submodules are an implementation detail.
"""

from __future__ import annotations

from simulator.errors import LeaderboardError  # noqa: F401 - re-exported
from simulator.leaderboard.entries import Entry, _entries_of, _intern, rep_key  # noqa: F401
from simulator.leaderboard.export_format import (  # noqa: F401
    EARLIEST,
    FORMAT,
    FUTURE_SLACK,
    MAX_ATTEMPTS,
    MAX_DECISIONS,
    MAX_FILE_BYTES,
    MAX_NAME,
    UUID_PATTERN,
    VERSION,
    AttemptModel,
    DecisionModel,
    ExportModel,
    RepModel,
    ScenarioRef,
    ScoreModel,
    _iso,
    export_schema,
    name_problem,
)
from simulator.leaderboard.exporting import attempt_record, build_export, export, write_export
from simulator.leaderboard.outputs import write_board
from simulator.leaderboard.ranking import (  # noqa: F401
    COMPUTED,
    MIN_SCENARIOS,
    SHRINK,
    STANDARD_COMPETENCIES,
    Attempt,
    Board,
    BoardRow,
    Conflict,
    RepSummary,
    ScenarioRow,
    Table,
    merge,
    rank,
)
from simulator.leaderboard.reading import read_export, read_export_bytes, read_exports
from simulator.leaderboard.render_csv import CSV_HEADER, csv_cell, iter_csv_rows, to_csv  # noqa: F401
from simulator.leaderboard.render_html import iter_html, to_html  # noqa: F401
from simulator.leaderboard.render_json import BOARD_FORMAT, to_json  # noqa: F401
from simulator.leaderboard.render_text import to_text
from simulator.leaderboard.sources import board_from_files, local_scenarios, pick_profile  # noqa: F401
from simulator.leaderboard.stored import ImportResult, clear_board, import_files, stored_exports
from simulator.leaderboard.verify import CONFLICT, FAILED, STATUS_WORDS, TOLERANCE, UNVERIFIED, VERIFIED, Verifier  # noqa: F401

__all__ = [
    "FORMAT", "VERSION", "MAX_FILE_BYTES", "MAX_ATTEMPTS", "Entry", "Attempt", "Board", "Table", "BoardRow", "RepSummary",
    "ScenarioRow", "Conflict", "Verifier", "ImportResult", "attempt_record", "export", "write_export", "build_export", "export_schema",
    "read_export", "read_export_bytes", "read_exports", "merge", "rank", "to_csv", "to_html", "to_json", "to_text",
    "write_board", "import_files", "stored_exports", "clear_board", "csv_cell", "name_problem",
    "VERIFIED", "UNVERIFIED", "FAILED", "CONFLICT",
]

