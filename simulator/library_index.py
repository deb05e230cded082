"""The library index: what the library cards show of each scenario, cached between runs.

Loading scenarios needs the pydantic models (the largest part of the app's start-up); the
first screen only needs each scenario's title, summary, people... So after every full load
the app writes those, per scenario file, to a JSON file in the user cache folder, keyed by
the file's absolute path, size and mtime_ns, the library folders given and the app version.
At the next start, if every library file still matches, the cards are built from the index
and the real scenarios are loaded right after the first paint; on any mismatch (a file
added, removed or changed, another version, an unreadable or corrupt index) the index is
not used at all.

Pure standard library, no Qt and no pydantic. Every function here may run on the app's
writer thread, so nothing is imported lazily except in ``default_cache_dir``.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from simulator import __version__ as APP_VERSION
from simulator.library_files import scenario_files
from simulator.scenario_identity import ScenarioIdentity

INDEX_FORMAT = 1
INDEX_FILE = "library-index.json"
CACHE_ENV = "SIMULATOR_CACHE"  # a folder to use instead of the user cache folder


def default_cache_dir() -> Path:
    """``$SIMULATOR_CACHE`` if set, else the platform's user cache folder for the app."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("sales-simulator", appauthor=False))


# --- what a card shows ----------------------------------------------------------------------


@dataclass(frozen=True)
class CardModel:
    """The part of the scenario model the cards, search and filters read (``scenario.model``)."""

    id: str
    title: str
    summary: str | None
    difficulty: str
    minutes: int | None
    tags: tuple[str, ...]
    version: int


@dataclass(frozen=True)
class CardPerson:
    id: str
    name: str


@dataclass(eq=False)
class IndexedScenario(ScenarioIdentity):
    """A library card's data from the index: stands in for a ``loader.Scenario`` on the library
    screen only, until the real scenarios are loaded (``provisional`` tells them apart)."""

    model: CardModel
    path: Path
    content_hash: str
    people: dict[str, CardPerson]
    competencies: tuple[str, ...]
    competency_labels: dict[str, str]
    exercised: tuple[str, ...]  # see ``exercised``
    provisional: bool = field(default=True, init=False)


def exercised(scenario) -> list[str]:
    """Competencies some move in the scenario actually gives or takes points for (from its
    evidence rules), in the scenario's order; all of them when no rule gives points."""
    if isinstance(scenario, IndexedScenario):
        return list(scenario.exercised)
    seen: list[str] = []
    for node in scenario.nodes.values():
        for o in node.options:
            for rule in o.evidence:
                for c, pts in rule.points.items():
                    if pts and c not in seen:
                        seen.append(c)
    order = list(scenario.competencies)
    return sorted(seen, key=lambda c: order.index(c) if c in order else 99) or order


def _card(scenario) -> dict:
    m = scenario.model
    return {
        "id": scenario.id,
        "version": scenario.version,
        "hash": scenario.content_hash,
        "title": m.title,
        "summary": m.summary,
        "difficulty": m.difficulty,
        "minutes": m.minutes,
        "tags": list(m.tags),
        "people": [[pid, p.name] for pid, p in scenario.people.items()],
        "competencies": list(scenario.competencies),
        "labels": dict(scenario.competency_labels),
        "exercised": exercised(scenario),
    }


def _from_card(path: str, d: dict) -> IndexedScenario:
    def s(v) -> str:
        if not isinstance(v, str):
            raise TypeError("expected text")
        return v

    tags = tuple(s(t) for t in d["tags"])
    minutes = d["minutes"]
    if minutes is not None and not isinstance(minutes, int):
        raise TypeError("minutes")
    if not isinstance(d["version"], int) or (d["summary"] is not None and not isinstance(d["summary"], str)):
        raise TypeError("version/summary")
    model = CardModel(s(d["id"]), s(d["title"]), d["summary"], s(d["difficulty"]), minutes, tags, d["version"])
    people = {s(pid): CardPerson(pid, s(name)) for pid, name in d["people"]}
    labels = {s(k): s(v) for k, v in d["labels"].items()}
    return IndexedScenario(model, Path(path), s(d["hash"]), people, tuple(s(c) for c in d["competencies"]), labels,
                           tuple(s(c) for c in d["exercised"]))


# --- the files of a library and their stamps ---------------------------------------------


def snapshot(library_paths: Iterable) -> list[list] | None:
    """``[absolute path, size, mtime_ns]`` of every file ``load_library(library_paths)`` reads, in its
    order; None when a given path is missing or a file cannot be examined."""
    out: list[list] = []
    seen: set[Path] = set()
    try:
        for given in library_paths:
            given = Path(given)
            if given.is_dir():
                files = scenario_files(given)
            elif given.exists():
                files = [given]
            else:
                return None
            for f in files:
                key = f.resolve()
                if key in seen:
                    continue
                seen.add(key)
                st = f.stat()
                out.append([os.path.abspath(f), st.st_size, st.st_mtime_ns])
    except OSError:
        return None
    return out


def _key(library_paths: Iterable) -> dict:
    return {"format": INDEX_FORMAT, "app_version": APP_VERSION, "library": [os.path.abspath(p) for p in library_paths]}


# --- reading and writing ---------------------------------------------------------------


def read_index(cache_dir: Path | None, library_paths: Iterable) -> list[IndexedScenario] | None:
    """The library's cards from the index, in load order, or None unless every file still matches."""
    if cache_dir is None:
        return None
    library_paths = list(library_paths)
    try:
        with open(Path(cache_dir) / INDEX_FILE, "rb") as fh:
            data = json.loads(fh.read())
        if not isinstance(data, dict) or data.get("key") != _key(library_paths):
            return None
        files = data["files"]
        stamps = snapshot(library_paths)
        if stamps is None or [f["stamp"] for f in files] != stamps:
            return None
        out = [_from_card(f["stamp"][0], f["card"]) for f in files]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if len({s.id for s in out}) != len(out):
        return None
    return out


def write_index(cache_dir: Path | None, library_paths: Iterable, before: list | None, scenarios, diagnostics) -> bool:
    """After a full load: record the cards, when the load was clean (no error) and no file changed
    while it ran (``before`` is the ``snapshot`` taken before loading). Otherwise any index is removed.
    Written atomically; never raises. Returns whether an index was written."""
    if cache_dir is None:
        return False
    library_paths = list(library_paths)
    target = Path(cache_dir) / INDEX_FILE
    try:
        by_path = {os.path.abspath(s.path): s for s in scenarios}
        clean = (before is not None and not any(d.is_error for d in diagnostics)
                 and len(by_path) == len(before) and all(stamp[0] in by_path for stamp in before)
                 and snapshot(library_paths) == before)
        if not clean:
            target.unlink(missing_ok=True)
            return False
        data = {"key": _key(library_paths),
                "files": [{"stamp": stamp, "card": _card(by_path[stamp[0]])} for stamp in before]}
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".library-index-", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False)
            os.replace(tmp, target)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        return True
    except Exception:  # a cache: never worth failing the app over
        return False
