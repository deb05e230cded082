"""Shared fixtures. The offscreen platform is set before anything imports Qt."""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
FIXTURES = Path(__file__).resolve().parent / "scenarios"


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A private user-data folder so no test touches the real one."""
    d = tmp_path / "data"
    d.mkdir()
    monkeypatch.setenv("SIMULATOR_DB", str(d / "progress.db"))
    return d


@pytest.fixture
def write_scenario(tmp_path):
    """Write YAML text to a file in a temp library folder and return its path."""

    def _write(text: str, name: str = "s.yaml") -> Path:
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        return p

    return _write
