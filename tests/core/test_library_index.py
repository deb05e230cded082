"""The library index (cards cached between runs) and the quick read-only progress query."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from simulator import library_index as li
from simulator.engine import Session
from simulator.loader import load_library, scenario_files
from simulator.storage import Store, quick_profiles_and_progress
from tests.conftest import FIXTURES, SCENARIOS


@pytest.fixture
def lib(tmp_path):
    """A private copy of the bundled library (its files can be changed)."""
    d = tmp_path / "lib"
    shutil.copytree(SCENARIOS, d)
    return d


def index_after_load(cache: Path, paths) -> list:
    before = li.snapshot(paths)
    scenarios, diagnostics = load_library(paths)
    assert li.write_index(cache, paths, before, scenarios, diagnostics)
    return scenarios


def test_the_index_holds_what_the_cards_show(tmp_path, lib):
    cache = tmp_path / "cache"
    assert li.read_index(cache, [lib]) is None  # nothing written yet
    scenarios = index_after_load(cache, [lib])
    cards = li.read_index(cache, [lib])
    assert cards is not None and [c.id for c in cards] == [s.id for s in scenarios]
    for card, s in zip(cards, scenarios):
        assert card.provisional and not getattr(s, "provisional", False)
        assert (card.title, card.version, card.content_hash) == (s.title, s.version, s.content_hash)
        m, cm = s.model, card.model
        assert (cm.summary, cm.difficulty, cm.minutes, tuple(cm.tags)) == (m.summary, m.difficulty, m.minutes, tuple(m.tags))
        assert [p.name for p in card.people.values()] == [p.name for p in s.people.values()]
        assert list(card.competencies) == list(s.competencies)
        assert [card.label(c) for c in s.competencies] == [s.label(c) for c in s.competencies]
        assert li.exercised(card) == li.exercised(s)
        assert card.path == s.path.absolute()


@pytest.mark.parametrize("folder", [SCENARIOS, FIXTURES])
def test_the_index_lists_the_files_the_loader_reads(folder):
    assert [Path(p) for p, _size, _mtime in li.snapshot([folder])] == [f.absolute() for f in scenario_files(folder)]


def test_a_changed_file_invalidates_the_index(tmp_path, lib):
    cache = tmp_path / "cache"
    index_after_load(cache, [lib])
    f = lib / "spin-discovery.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("title: ", "title: Renamed ", 1), encoding="utf-8")
    assert li.read_index(cache, [lib]) is None
    # the same size but a new modification time is a change too
    f.write_text(text, encoding="utf-8")
    st = f.stat()
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert li.read_index(cache, [lib]) is None


def test_an_added_or_removed_file_invalidates_the_index(tmp_path, lib):
    cache = tmp_path / "cache"
    index_after_load(cache, [lib])
    extra = lib / "more" / "copy.yml"
    extra.parent.mkdir()
    extra.write_text("id: x\n", encoding="utf-8")
    assert li.read_index(cache, [lib]) is None
    extra.unlink()
    assert li.read_index(cache, [lib]) is not None
    (lib / "spin-discovery.yaml").unlink()
    assert li.read_index(cache, [lib]) is None


def test_another_library_or_version_does_not_use_the_index(tmp_path, lib, monkeypatch):
    cache = tmp_path / "cache"
    index_after_load(cache, [lib])
    assert li.read_index(cache, [lib, FIXTURES / "valid"]) is None
    assert li.read_index(cache, [tmp_path / "missing"]) is None
    monkeypatch.setattr(li, "APP_VERSION", "99.0")
    assert li.read_index(cache, [lib]) is None


@pytest.mark.parametrize("content", [b"", b"{not json", b"[]", b"\xff\xfe", b'{"key": 1}',
                                     b'{"key": null, "files": [{"stamp": 3}]}'])
def test_a_corrupt_index_is_ignored(tmp_path, lib, content):
    cache = tmp_path / "cache"
    index_after_load(cache, [lib])
    (cache / li.INDEX_FILE).write_bytes(content)
    assert li.read_index(cache, [lib]) is None


def test_a_tampered_entry_is_ignored(tmp_path, lib):
    cache = tmp_path / "cache"
    index_after_load(cache, [lib])
    path = cache / li.INDEX_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["files"][0]["card"]["title"] = 42
    path.write_text(json.dumps(data), encoding="utf-8")
    assert li.read_index(cache, [lib]) is None
    del data["files"][0]["card"]["title"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert li.read_index(cache, [lib]) is None


def test_a_library_with_errors_is_not_indexed_and_drops_an_old_index(tmp_path, lib):
    cache = tmp_path / "cache"
    index_after_load(cache, [lib])
    (lib / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    before = li.snapshot([lib])
    scenarios, diagnostics = load_library([lib])
    assert any(d.is_error for d in diagnostics)
    assert not li.write_index(cache, [lib], before, scenarios, diagnostics)
    assert not (cache / li.INDEX_FILE).exists()


def test_a_file_changed_during_the_load_is_not_indexed(tmp_path, lib):
    cache = tmp_path / "cache"
    before = li.snapshot([lib])
    scenarios, diagnostics = load_library([lib])
    f = lib / "spin-discovery.yaml"
    f.write_text(f.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert not li.write_index(cache, [lib], before, scenarios, diagnostics)
    assert li.read_index(cache, [lib]) is None


def test_the_index_is_written_atomically_and_without_leftovers(tmp_path, lib):
    cache = tmp_path / "cache"
    index_after_load(cache, [lib])
    index_after_load(cache, [lib])
    assert sorted(p.name for p in cache.iterdir()) == [li.INDEX_FILE]


def test_an_unwritable_cache_is_not_an_error(tmp_path, lib):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    before = li.snapshot([lib])
    scenarios, diagnostics = load_library([lib])
    assert li.write_index(blocker / "cache", [lib], before, scenarios, diagnostics) is False
    assert li.read_index(None, [lib]) is None


# --- the quick, read-only progress query ----------------------------------------------------


def test_quick_read_matches_the_store(tmp_path):
    db = tmp_path / "p.db"
    scenarios, _ = load_library([SCENARIOS])
    sc = next(s for s in scenarios if s.id == "spin-discovery")
    store = Store.open(db)
    try:
        ann = store.create_profile("Ann", "East")
        store.create_profile("bob")
        from simulator.scoring import score_session
        from simulator.storage import record_session

        session = Session(sc, seed=1)
        session.start()
        while not session.finished:
            session.choose(1)
        record_session(store, "Ann", session, score_session(session))
        half = Session(sc, seed=3)
        half.start()
        uid = store.start_attempt(ann, sc, half.seed)
        half.choose(1)
        store.record_decision(uid, half.decisions[-1], sc)
        expected = (store.profiles(), store.scenario_progress(ann), store.in_progress(ann), store.weakest_competency(ann))
    finally:
        store.close()
    profiles, quick = quick_profiles_and_progress(db, lambda ps: next(p for p in ps if p.name == "Ann"), sessions=True)
    assert (profiles, quick.progress, quick.in_progress, quick.weakest) == expected
    assert quick.profile == ann and quick.in_progress[0].decisions == 1
    _, light = quick_profiles_and_progress(db, lambda ps: ps[0])
    assert [(ip.uuid, ip.decisions, ip.session_json) for ip in light.in_progress] == [(uid, 1, None)]
    assert quick_profiles_and_progress(db)[1] is None  # nothing chosen: the profiles only


def test_quick_read_declines_what_the_store_must_handle(tmp_path):
    assert quick_profiles_and_progress(tmp_path / "missing.db") is None
    (tmp_path / "empty.db").write_bytes(b"")
    assert quick_profiles_and_progress(tmp_path / "empty.db") is None
    (tmp_path / "junk.db").write_bytes(b"this is not a database" * 100)
    assert quick_profiles_and_progress(tmp_path / "junk.db") is None
    assert quick_profiles_and_progress(tmp_path) is None  # a folder
    import sqlite3

    conn = sqlite3.connect(tmp_path / "other.db")
    conn.execute("CREATE TABLE profiles (id INTEGER PRIMARY KEY, name TEXT, team TEXT)")
    conn.close()
    assert quick_profiles_and_progress(tmp_path / "other.db") is None  # schema version 0


def test_the_first_screen_modules_load_neither_pydantic_nor_sqlite_utils():
    code = (
        "import sys\n"
        "import simulator.library_index, simulator.storage\n"
        "bad = [m for m in ('pydantic', 'sqlite_utils', 'yaml', 'simulator.loader', 'simulator.engine') if m in sys.modules]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_storage_still_offers_its_lazily_imported_names():
    import simulator.storage as storage
    from simulator.engine import CONFIDENCE_LEVELS

    assert storage.CONFIDENCE_LEVELS is CONFIDENCE_LEVELS
    assert storage.Database.__name__ == "Database" and storage.Scenario.__name__ == "Scenario"
    with pytest.raises(AttributeError):
        storage.no_such_name  # noqa: B018
