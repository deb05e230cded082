"""The wheel installs like real software.

Builds the wheel from a copy of the source tree, installs it with its dependencies into a fresh virtual
environment in a temp folder (outside the source tree), and runs the installed program the way a user would:
``--version``, ``list``, ``validate`` on the installed library, a headless ``play`` and ``paths`` by id, and
``app --exit-after-startup`` offscreen; then breaks the installation (no scenarios, a missing image) and checks
that the start-up smoke test fails and says what is missing.

Needs the package index (or pip's cache) for the dependencies; about 30 s on a warm cache (PySide6 is most of
it). Run on its own: ``pytest tests/core/test_install.py -s`` prints the measured durations and sizes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from simulator import __version__
from simulator.resources import REQUIRED_ASSETS

ROOT = Path(__file__).resolve().parents[2]
IGNORED = shutil.ignore_patterns(".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
                                 ".hypothesis", "*.pyc", "*.tmp")
NETWORK_TROUBLE = ("NewConnectionError", "Temporary failure in name resolution", "Network is unreachable",
                   "No route to host")
FIGURES: dict[str, str] = {}
BUILD_LOG: list[str] = []

pytestmark = pytest.mark.install


def _copy_tree(dest: Path) -> None:
    """The source tree as a fresh clone would have it: the files git tracks or would track (not ignored), so no
    stale build/ output, virtual environment or local database goes into the wheel; a plain copy without git."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, timeout=60) if (ROOT / ".git").exists() else None
    if listed is None or listed.returncode != 0:
        shutil.copytree(ROOT, dest, ignore=IGNORED, symlinks=True)
        return
    for rel in sorted({r for r in listed.stdout.decode().split("\0") if r}):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)


def _run(cmd, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=600, **kw)


@pytest.fixture(scope="module")
def install(tmp_path_factory):
    """(venv folder, env for running its programs, cwd outside the source tree, the wheel)."""
    tmp = tmp_path_factory.mktemp("install")
    t0 = time.perf_counter()
    src = tmp / "src"
    _copy_tree(src)
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", tmp / "wheel", src])
    assert built.returncode == 0, built.stdout + built.stderr
    BUILD_LOG.append(built.stdout + built.stderr)
    wheel = next((tmp / "wheel").glob("sales_simulator-*.whl"))
    t1 = time.perf_counter()
    venv = tmp / "venv"
    made = _run([sys.executable, "-m", "venv", venv])
    assert made.returncode == 0, made.stderr
    pip_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    installed = _run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel], env=pip_env, cwd=tmp)
    if installed.returncode != 0 and any(t in installed.stderr for t in NETWORK_TROUBLE):
        pytest.skip("the package index cannot be reached, so the dependencies cannot be installed")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    t2 = time.perf_counter()
    home = tmp / "home"
    home.mkdir()
    work = tmp / "work"
    work.mkdir()
    env = {
        "PATH": f"{venv / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "SIMULATOR_DB": str(home / "progress.db"),
        "SIMULATOR_SETTINGS": str(home / "settings.ini"),
        "SIMULATOR_CACHE": str(home / "cache"),
    }
    FIGURES.update({"wheel size": f"{wheel.stat().st_size / 1024:.0f} KiB", "build": f"{t1 - t0:.1f} s",
                    "venv + install": f"{t2 - t1:.1f} s"})
    yield venv, env, work, wheel, src
    print("\ninstall test figures: " + ", ".join(f"{k} {v}" for k, v in FIGURES.items()))


def simulator(install, *args) -> subprocess.CompletedProcess:
    venv, env, work, *_ = install
    return _run([venv / "bin" / "simulator", *args], env=env, cwd=work)


def _site_packages(venv: Path) -> Path:
    return next(venv.glob("lib/python3*/site-packages"))


def test_the_wheel_carries_the_scenarios_the_images_and_the_license(install):
    *_, wheel, src = install
    names = set(zipfile.ZipFile(wheel).namelist())
    for scenario in sorted((src / "scenarios").glob("*.yaml")):  # the tree the wheel was built from
        assert f"simulator/_data/scenarios/{scenario.name}" in names
    for avatar in sorted((src / "scenarios" / "avatars").glob("*.svg")):
        assert f"simulator/_data/scenarios/avatars/{avatar.name}" in names
    for image in REQUIRED_ASSETS:
        assert f"simulator/_data/assets/{image}" in names
    assert not any(n.startswith("simulator/_data/assets/tools/") for n in names), "developer scripts are not shipped"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    meta = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: MIT" in meta
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "[gui_scripts]\nsales-simulator = simulator.cli:main" in entry_points
    assert "[console_scripts]\nsimulator = simulator.cli:main" in entry_points


def test_building_the_wheel_warns_of_nothing_deprecated(install):
    (log,) = BUILD_LOG
    assert "Building wheel for sales-simulator" in log
    warned = [line for line in log.splitlines() if "deprecat" in line.lower()]
    assert not warned, "\n".join(warned)


def test_the_sdist_carries_tests_scenarios_assets_docs_and_the_license(install, tmp_path):
    import tarfile

    venv, *_ = install
    python = venv / "bin" / "python"
    tools = _run([python, "-m", "pip", "install", "--quiet", "setuptools>=77"])  # the build-system requirement
    if tools.returncode != 0 and any(t in tools.stderr for t in NETWORK_TROUBLE):
        pytest.skip("the package index cannot be reached")
    assert tools.returncode == 0, tools.stderr
    src = tmp_path / "src"
    _copy_tree(src)
    built = _run([python, "-c", "import sys; from setuptools import build_meta as b; print(b.build_sdist(sys.argv[1]))",
                  tmp_path / "sdist"], cwd=src)
    assert built.returncode == 0, built.stdout + built.stderr
    sdist = tmp_path / "sdist" / built.stdout.strip().splitlines()[-1]
    names = {n.split("/", 1)[1] for n in tarfile.open(sdist).getnames() if "/" in n}
    for required in ("LICENSE", "README.md", "pyproject.toml", "setup.py", "Makefile", "docs/format.md",
                     "docs/scoring.md", "docs/cli.md", "scenarios/renewal-at-risk.yaml", "scenarios/avatars/dana.svg",
                     "assets/icon.svg", "tests/conftest.py", "tests/core/test_install.py", "simulator/cli.py",
                     "packaging/sales-simulator.spec"):
        assert required in names, required
    for tracked in sorted((ROOT / "tests" / "scenarios").rglob("*")):
        if tracked.is_file() and not tracked.name.endswith((".pyc", ".tmp")):
            assert tracked.relative_to(ROOT).as_posix() in names
    assert not any("__pycache__" in n or n.startswith("simulator/_data") for n in names)


def test_version_runs_from_outside_the_source_tree(install):
    out = simulator(install, "--version")
    assert (out.returncode, out.stdout.strip()) == (0, f"simulator {__version__}")
    venv, env, work, *_ = install
    gui = _run([venv / "bin" / "sales-simulator", "--version"], env=env, cwd=work)  # the GUI entry point, same program
    assert (gui.returncode, gui.stdout.strip()) == (0, f"simulator {__version__}")


def test_the_installed_library_lists_and_validates(install):
    venv, *_, src = install
    listed = simulator(install, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    entries = json.loads(listed.stdout)
    ids = {e["id"] for e in entries}
    assert "renewal-at-risk" in ids and len(entries) == len(list((src / "scenarios").glob("*.yaml")))
    library = Path(entries[0]["path"]).parent
    assert library == _site_packages(venv) / "simulator" / "_data" / "scenarios", "read from the installation"
    checked = simulator(install, "validate", library)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines()[-1].startswith(f"{len(entries)} files checked: 0 errors")


def _a_complete_run(src: Path, scenario_id: str, seed: int) -> list[str]:
    """Option ids of one run to an ending (always the first option shown), computed with this checkout."""
    from simulator.engine import Session
    from simulator.loader import load_or_raise

    session = Session(load_or_raise(src / "scenarios" / f"{scenario_id}.yaml"), seed=seed)
    step = session.start()
    picks = []
    while not step.finished:
        picks.append(step.options[0].id)
        step = session.choose(picks[-1])
    return picks


def test_a_bundled_scenario_plays_and_explores_by_id(install):
    *_, src = install
    picks = _a_complete_run(src, "renewal-at-risk", seed=7)
    played = simulator(install, "play", "renewal-at-risk", "--choices", ",".join(picks), "--seed", "7", "--json")
    assert played.returncode == 0, played.stderr
    result = json.loads(played.stdout)
    assert result["scenario"]["id"] == "renewal-at-risk" and result["ending"]
    assert 0 <= result["total"] <= 100
    explored = simulator(install, "paths", "renewal-at-risk", "--json")
    assert explored.returncode == 0, explored.stderr
    assert json.loads(explored.stdout)["best_path"]


def test_the_app_starts_offscreen_and_creates_the_database(install):
    _venv, env, *_rest = install
    started = time.perf_counter()
    smoke = simulator(install, "app", "--exit-after-startup")
    FIGURES["app --exit-after-startup"] = f"{time.perf_counter() - started:.1f} s"
    assert smoke.returncode == 0, smoke.stderr
    assert Path(env["SIMULATOR_DB"]).is_file()


def _moved_aside(path: Path):
    """Context: ``path`` renamed away for the duration (the broken installation), then put back."""
    class _Aside:
        def __enter__(self):
            self.away = path.with_name(path.name + ".away")
            path.rename(self.away)

        def __exit__(self, *exc):
            self.away.rename(path)

    return _Aside()


def test_the_smoke_test_fails_without_the_bundled_scenarios(install):
    venv, *_ = install
    library = _site_packages(venv) / "simulator" / "_data" / "scenarios"
    with _moved_aside(library):
        smoke = simulator(install, "app", "--exit-after-startup")
    assert smoke.returncode == 1
    assert "bundled scenario folder is missing" in smoke.stderr and "reinstall" in smoke.stderr


def test_the_smoke_test_fails_when_the_library_is_empty(install):
    venv, *_ = install
    library = _site_packages(venv) / "simulator" / "_data" / "scenarios"
    with _moved_aside(library):
        library.mkdir()
        try:
            smoke = simulator(install, "app", "--exit-after-startup")
        finally:
            library.rmdir()
    assert smoke.returncode == 1
    assert "has no scenarios" in smoke.stderr


@pytest.mark.parametrize("image", ["icon.svg", "empty-library.svg"])
def test_the_smoke_test_fails_when_an_image_is_missing(install, image):
    venv, *_ = install
    with _moved_aside(_site_packages(venv) / "simulator" / "_data" / "assets" / image):
        smoke = simulator(install, "app", "--exit-after-startup")
    assert smoke.returncode == 1
    assert f"{image} is missing" in smoke.stderr
