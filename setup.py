"""Build step that ships the top-level ``scenarios/`` and ``assets/`` folders inside the package.

The folders stay where trainers and tests expect them (the repository root); a wheel carries copies as
``simulator/_data/scenarios`` and ``simulator/_data/assets``, which ``simulator.resources`` finds through
``importlib.resources``. Everything else about the project is declared in ``pyproject.toml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA = ("scenarios", "assets")  # top-level folder -> simulator/_data/<folder>
SKIP = {"assets": ("tools",)}  # developer scripts that generate assets; not shipped
SKIP_SUFFIXES = (".tmp", ".pyc", ".bak", ".swp", "~")  # editor and interpreter leftovers


def data_files() -> list[tuple[Path, Path]]:
    """(source, path inside the package) of every shipped data file."""
    out: list[tuple[Path, Path]] = []
    for folder in DATA:
        base = ROOT / folder
        for src in sorted(base.rglob("*")):
            rel = src.relative_to(base)
            if not src.is_file() or rel.parts[0] in SKIP.get(folder, ()) or src.name.lower().endswith(SKIP_SUFFIXES):
                continue
            if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
                continue
            out.append((src, Path("simulator", "_data", folder, rel)))
    return out


class BuildPyWithData(build_py):
    """``build_py`` plus the data copies (not in editable installs: those read the source tree directly)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for src, rel in data_files():
            target = Path(self.build_lib) / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        extra = [] if getattr(self, "editable_mode", False) else [
            str(Path(self.build_lib) / rel) for _src, rel in data_files()]
        return list(super().get_outputs(include_bytecode)) + extra


setup(cmdclass={"build_py": BuildPyWithData})
