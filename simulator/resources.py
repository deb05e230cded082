"""The data the program ships: the bundled scenarios and the app's images.

In the source tree they are the top-level ``scenarios/`` and ``assets/`` folders. A wheel (and the
PyInstaller build) carries them inside the package as ``simulator/_data/scenarios`` and
``simulator/_data/assets`` (copied there by ``setup.py``'s build step and by the spec), so an
installed program finds them through ``importlib.resources``, wherever it was installed.

Pure standard library; no Qt.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

DATA_PACKAGE = "simulator"
DATA_FOLDER = "_data"
SCENARIOS = "scenarios"
ASSETS = "assets"

# The images the app shows; an installation without one of them is broken (the start-up smoke test says so).
REQUIRED_ASSETS = ("icon.svg", "default-avatar.svg", "empty-library.svg", "debrief.svg")


def _packaged(name: str) -> Path | None:
    """``simulator/_data/<name>`` of an installed wheel or a frozen build, when it is a real folder."""
    try:
        root = resources.files(DATA_PACKAGE)
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - simulator is always importable here
        return None
    candidate = root / DATA_FOLDER / name
    try:
        path = Path(str(candidate))
    except TypeError:  # pragma: no cover - a zipped install: not supported (pip never installs one)
        return None
    return path if path.is_dir() else None


def _candidates(name: str) -> list[Path]:
    """Where ``name`` (``scenarios`` or ``assets``) may be, most specific first."""
    out: list[Path] = []
    packaged = _packaged(name)
    if packaged is not None:
        out.append(packaged)
    if getattr(sys, "frozen", False):  # a frozen build: its data folder, whatever importlib.resources says
        bundle = getattr(sys, "_MEIPASS", None)
        if bundle:
            out.append(Path(bundle) / DATA_PACKAGE / DATA_FOLDER / name)
            out.append(Path(bundle) / name)  # the layout of builds before the data moved into the package
        out.append(Path(sys.executable).resolve().parent / name)
    out.append(Path(__file__).resolve().parent.parent / name)  # a source checkout (or an editable install)
    return out


def data_dir(name: str) -> Path:
    """The folder ``name`` ships in: the first candidate that exists, else the last (so a message can name it)."""
    candidates = _candidates(name)
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[-1]


def scenarios_dir() -> Path:
    """The bundled scenario library."""
    return data_dir(SCENARIOS)


def assets_dir() -> Path:
    """The app's own images."""
    return data_dir(ASSETS)


def asset(name: str) -> Path:
    return assets_dir() / name


def installation_problems() -> list[str]:
    """What is missing from this installation: one line each, saying what to do (empty when complete)."""
    problems: list[str] = []
    library = scenarios_dir()
    if not library.is_dir():
        problems.append(f"the bundled scenario folder is missing ({library}); reinstall the program")
    elif not any(p.suffix.lower() in (".yaml", ".yml") for p in library.iterdir()):
        problems.append(f"the bundled scenario folder {library} has no scenarios; reinstall the program")
    folder = assets_dir()
    for name in REQUIRED_ASSETS:
        if not (folder / name).is_file():
            problems.append(f"the app image {folder / name} is missing; reinstall the program")
    return problems
