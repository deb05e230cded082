"""Writing the board to a file, the format chosen by the file's suffix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from simulator.errors import LeaderboardError
from simulator.leaderboard.ranking import Board
from simulator.leaderboard.render_csv import to_csv
from simulator.leaderboard.render_html import iter_html
from simulator.leaderboard.render_json import to_json


def write_board(board: Board, path: str | Path, *, protected: Iterable[str | Path] = ()) -> str:
    """Write the board as CSV, HTML or JSON, chosen by the file's suffix, through ``safe_write`` (never over
    ``protected`` files, a database or a scenario; atomically). Returns the format."""
    from simulator.safe_write import write_output

    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in ("csv", "html", "htm", "json"):
        raise LeaderboardError(f"{path}: cannot tell the format from the name; use .csv, .html or .json")
    if kind == "csv":  # the BOM makes spreadsheets read UTF-8
        write_output(path, lambda fh: to_csv(board, fh), protected=protected, encoding="utf-8-sig", newline="")
    elif kind in ("html", "htm"):
        write_output(path, lambda fh: fh.writelines(iter_html(board)), protected=protected)
    else:
        def dump(fh):
            json.dump(to_json(board), fh, indent=1, ensure_ascii=False)
            fh.write("\n")

        write_output(path, dump, protected=protected)
    return "html" if kind == "htm" else kind
