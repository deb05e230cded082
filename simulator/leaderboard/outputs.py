"""Writing the board to a file, the format chosen by the file's suffix."""

from __future__ import annotations

import json
from pathlib import Path

from simulator.errors import LeaderboardError
from simulator.leaderboard.ranking import Board
from simulator.leaderboard.render_csv import to_csv
from simulator.leaderboard.render_html import iter_html
from simulator.leaderboard.render_json import to_json


def write_board(board: Board, path: str | Path) -> str:
    """Write the board as CSV, HTML or JSON, chosen by the file's suffix. Returns the format."""
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in ("csv", "html", "htm", "json"):
        raise LeaderboardError(f"{path}: cannot tell the format from the name; use .csv, .html or .json")
    tmp = path.with_name(path.name + ".part")
    if kind == "csv":
        with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:  # the BOM makes spreadsheets read UTF-8
            to_csv(board, fh)
    elif kind in ("html", "htm"):
        with open(tmp, "w", encoding="utf-8") as fh:
            for piece in iter_html(board):
                fh.write(piece)
    else:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(to_json(board), fh, indent=1, ensure_ascii=False)
            fh.write("\n")
    tmp.replace(path)
    return "html" if kind == "htm" else kind
