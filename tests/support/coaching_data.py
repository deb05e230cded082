"""Real, replayable coaching files for tests and the benchmark: runs played with the engine and scored,
written as shares exactly as ``simulator.coaching.share`` would (the times are chosen, not "now")."""

from __future__ import annotations

import json
import uuid as uuidlib
from pathlib import Path

from simulator import __version__
from simulator import leaderboard as lb
from simulator.coaching.file_format import SHARE_FORMAT, ShareModel
from simulator.engine import play
from simulator.scoring import score_session

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests" / "scenarios" / "valid"


def uid(i: int) -> str:
    return str(uuidlib.UUID(int=i + 1))


def attempt(sc, choices, confidences, uuid: str, day: int, hour: int = 9, seed: int = 7, reflection=None) -> dict:
    card = score_session(play(sc, choices, seed, confidences))
    a = lb.attempt_record(card, choices, confidences, uuid, f"2024-01-{day:02d}T{hour:02d}:00:00Z",
                          f"2024-01-{day:02d}T{hour:02d}:10:00Z")
    a["title"] = sc.title
    if reflection is not None:
        a["reflection"] = reflection
    return a


def share_doc(name: str, team: str, attempts: list[dict], written: str = "2024-02-01T10:00:00Z") -> dict:
    doc = {"format": SHARE_FORMAT, "version": 1, "app_version": __version__, "written": written,
           "rep": {"name": name, "team": team}, "attempts": attempts}
    ShareModel.model_validate_json(json.dumps(doc))  # never a file the program would refuse
    return doc


def write(path: Path, doc) -> Path:
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path
