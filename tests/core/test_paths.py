"""Where the database and the bundled scenarios are found."""

import sys
from pathlib import Path

from simulator import paths

ROOT = Path(__file__).resolve().parents[2]


def test_db_path_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SIMULATOR_DB", str(tmp_path / "x.db"))
    assert paths.default_db_path() == tmp_path / "x.db"


def test_db_path_defaults_to_the_user_data_folder(monkeypatch):
    from platformdirs import user_data_dir

    monkeypatch.delenv("SIMULATOR_DB", raising=False)
    db = paths.default_db_path()
    assert db.name == "progress.db"
    assert db.parent == Path(user_data_dir(paths.APP_NAME, appauthor=False))


def test_bundled_scenarios_next_to_the_package():
    assert paths.bundled_scenarios_dir() == ROOT / "scenarios"


def test_bundled_scenarios_in_a_frozen_build(monkeypatch, tmp_path):
    bundle = tmp_path / "bundle"
    (bundle / "scenarios").mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert paths.bundled_scenarios_dir() == bundle / "scenarios"


def test_frozen_build_without_meipass_looks_next_to_the_executable(monkeypatch, tmp_path):
    (tmp_path / "scenarios").mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "simulator.exe"))
    assert paths.bundled_scenarios_dir() == tmp_path / "scenarios"
