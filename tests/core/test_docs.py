"""The README's commands work as written, and the user documentation keeps in step with the code.

Every ```sh block of README.md runs in bash (-e -o pipefail) in a temp folder with a temp HOME and a fresh
database, with `simulator` on PATH the way `source .venv/bin/activate` puts it there, offscreen; only the
set-up block (`make run`/`make test`, which is how this suite itself runs) is skipped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
BIN = Path(sys.executable).parent


def _blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", text, re.S | re.M)


def _readme_blocks() -> list[str]:
    return [b for b in _blocks(README.read_text(encoding="utf-8"), "sh") if "make run" not in b]


def test_the_readme_has_command_blocks_for_reps_trainers_and_teams():
    blocks = _readme_blocks()
    assert len(blocks) >= 3
    joined = "\n".join(blocks)
    for command in ("simulator list", "simulator new", "simulator validate", "simulator play renewal-at-risk",
                    "simulator paths renewal-at-risk", "simulator export", "simulator leaderboard"):
        assert command in joined, command


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    if not (BIN / "simulator").is_file():
        pytest.fail(f"no 'simulator' program beside {sys.executable}; install the project: pip install -e '.[test]'")
    tmp = tmp_path_factory.mktemp("readme")
    home, work = tmp / "home", tmp / "work"
    home.mkdir()
    work.mkdir()
    env = {"PATH": f"{BIN}{os.pathsep}/usr/bin{os.pathsep}/bin", "HOME": str(home), "LANG": "C.UTF-8",
           "QT_QPA_PLATFORM": "offscreen", "SIMULATOR_DB": str(home / "progress.db"),
           "SIMULATOR_SETTINGS": str(home / "settings.ini"), "SIMULATOR_CACHE": str(home / "cache")}

    def run(block: str) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", block], cwd=work, env=env,
                              capture_output=True, text=True, timeout=600)

    run.work = work
    return run


def test_every_readme_command_block_works_as_written(shell):
    for block in _readme_blocks():  # in order: the team block may use what an earlier block wrote
        done = shell(block)
        assert done.returncode == 0, f"this README block failed (exit {done.returncode}):\n{block}\n{done.stderr}"
    board = shell.work / "board.html"
    assert board.is_file() and "Alex Morgan" in board.read_text(encoding="utf-8")
    assert (shell.work / "map.svg").read_text(encoding="utf-8").lstrip().startswith("<")
    json.loads((shell.work / "scenario.schema.json").read_text(encoding="utf-8"))


def test_readme_and_docs_never_point_outside_the_repository():
    for page in [README, *DOCS.glob("*.md")]:
        text = page.read_text(encoding="utf-8")
        assert "../shared" not in text and "shared/spec" not in text, page.name


def test_the_docs_the_readme_names_exist():
    text = README.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:docs|packaging)/[\w./-]+)`", text))
    assert {"docs/format.md", "docs/scoring.md", "docs/cli.md"} <= named
    for rel in named:
        assert (ROOT / rel).is_file(), rel


def test_relative_links_between_the_docs_resolve():
    for page in DOCS.glob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).is_file(), f"{page.name} links {target}"


def _schema_words() -> tuple[set[str], set[str]]:
    from simulator.model import json_schema

    keys: set[str] = set()
    words: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("properties"), dict):
                keys.update(node["properties"])
            for value in node.get("enum", []):
                if isinstance(value, str):
                    words.add(value)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json_schema())
    return keys, words


def test_every_key_of_the_json_schema_is_documented_in_format_md():
    text = (DOCS / "format.md").read_text(encoding="utf-8")
    keys, words = _schema_words()
    assert {"format", "situations", "order", "weight", "set"} <= keys  # the schema covers formats 1 and 2
    missing = sorted(k for k in keys if f"`{k}`" not in text)
    assert not missing, f"keys in `simulator schema` but not in docs/format.md: {missing}"
    undocumented = sorted(w for w in words if f"`{w}`" not in text)
    assert not undocumented, f"allowed values in `simulator schema` but not in docs/format.md: {undocumented}"


def test_the_complete_examples_in_format_md_load(tmp_path):
    from simulator.loader import load

    examples = [b for b in _blocks((DOCS / "format.md").read_text(encoding="utf-8"), "yaml")
                if re.search(r"^format: \d", b, re.M) and re.search(r"^endings:", b, re.M)]
    assert len(examples) >= 2, "a complete example of format 1 and of format 2"
    (tmp_path / "avatars").mkdir()
    shutil.copy(ROOT / "scenarios" / "avatars" / "dana.svg", tmp_path / "avatars" / "dana.svg")
    formats = set()
    for i, text in enumerate(examples):
        path = tmp_path / f"example{i}.yaml"
        path.write_text(text, encoding="utf-8")
        scenario, diagnostics = load(path)
        errors = [str(d) for d in diagnostics if d.severity == "error"]
        assert scenario is not None and not errors, errors
        formats.add(scenario.format)
    assert formats == {1, 2}


def test_every_command_is_documented_in_cli_md():
    from simulator.cli import COMMANDS

    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    missing = [name for name in COMMANDS if f"`simulator {name}" not in text]
    assert not missing, f"commands missing from docs/cli.md: {missing}"
