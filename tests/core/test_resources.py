"""Where the shipped data is found: a source checkout, a frozen build (the wheel's layout), and what a broken
installation reports. (An installed wheel is covered end to end by test_install.py.)"""

from __future__ import annotations

import sys
from pathlib import Path

from simulator import resources

ROOT = Path(__file__).resolve().parents[2]


def test_a_source_checkout_uses_the_top_level_folders():
    assert resources.scenarios_dir() == ROOT / "scenarios"
    assert resources.assets_dir() == ROOT / "assets"
    assert resources.asset("icon.svg").is_file()
    assert resources.installation_problems() == []


def test_a_frozen_build_finds_the_data_where_a_wheel_has_it(monkeypatch, tmp_path):
    data = tmp_path / "_internal" / "simulator" / "_data"
    (data / "scenarios").mkdir(parents=True)
    (data / "assets").mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    assert resources.scenarios_dir() == data / "scenarios"
    assert resources.assets_dir() == data / "assets"


def test_an_incomplete_installation_says_what_is_missing(monkeypatch, tmp_path):
    data = tmp_path / "_internal" / "simulator" / "_data"  # a frozen build with an empty library and one image
    (data / "scenarios").mkdir(parents=True)
    (data / "assets").mkdir()
    (data / "assets" / "icon.svg").write_text("<svg/>", encoding="utf-8")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    problems = resources.installation_problems()
    assert problems[0] == f"the bundled scenario folder {data / 'scenarios'} has no scenarios; reinstall the program"
    assert problems[1:] == [f"the app image {data / 'assets' / name} is missing; reinstall the program"
                            for name in resources.REQUIRED_ASSETS if name != "icon.svg"]
