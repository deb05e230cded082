"""The packaging files are well-formed and agree with each other; no build is run (see packaging/Makefile)."""

from __future__ import annotations

import ast
import configparser
import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from simulator import __version__

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "packaging"
LINUX = PKG / "linux"
SPEC = PKG / "sales-simulator.spec"
APP = "sales-simulator"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _desktop() -> configparser.SectionProxy:
    cp = configparser.ConfigParser(interpolation=None, strict=True)
    cp.optionxform = str  # keys are case-sensitive
    cp.read(LINUX / f"{APP}.desktop", encoding="utf-8")
    return cp["Desktop Entry"]


def _metainfo_path() -> Path:
    found = sorted(LINUX.glob("*.metainfo.xml"))
    assert len(found) == 1, found
    return found[0]


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def _spec_tree() -> ast.Module:
    return ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))


def _spec_namespace() -> dict:
    """The spec's data/exclude rules (QT_DROP, DATA_EXCLUDE_PREFIXES, _keep), run without PyInstaller."""
    tree = _spec_tree()
    wanted = {"QT_DROP", "DATA_ROOT", "DATA_EXCLUDE_PREFIXES", "DATAS", "APP", "_keep", "_drop_dangling_symlinks"}
    body = [n for n in tree.body
            if (isinstance(n, ast.Assign) and any(getattr(t, "id", None) in wanted for t in n.targets))
            or (isinstance(n, ast.FunctionDef) and n.name in wanted)]
    ns: dict = {"re": re, "ROOT": ROOT, "Path": Path}
    exec(compile(ast.Module(body=body, type_ignores=[]), str(SPEC), "exec"), ns)  # noqa: S102
    return ns


# --- .desktop entry -------------------------------------------------------------------------------------------

def test_desktop_entry_has_the_required_keys():
    d = _desktop()
    assert d["Type"] == "Application"
    for key in ("Name", "Comment", "Exec", "Icon", "Categories"):
        assert d.get(key, "").strip(), key
    assert d["Categories"].endswith(";") and d["Keywords"].endswith(";")
    assert d["Terminal"] == "false"


def test_desktop_entry_runs_the_built_executable_and_names_the_icon():
    d = _desktop()
    assert d["Exec"].split()[0] == APP == _spec_namespace()["APP"]
    assert d["Icon"] == APP


# --- AppStream metainfo ----------------------------------------------------------------------------------------

def test_metainfo_is_well_formed_and_complete():
    path = _metainfo_path()
    root = ET.parse(path).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    cid = root.findtext("id")
    assert cid and path.name == f"{cid}.metainfo.xml"
    assert re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+){2,}", cid), "reverse-DNS, lowercase"
    for tag in ("name", "summary", "metadata_license", "project_license"):
        assert (root.findtext(tag) or "").strip(), tag
    assert root.find("description/p") is not None
    assert root.findtext("launchable[@type='desktop-id']") == f"{APP}.desktop"
    assert (LINUX / f"{APP}.desktop").is_file()
    assert root.findtext("provides/binary") == APP
    assert root.find("content_rating") is not None


def test_metainfo_newest_release_is_the_package_version():
    releases = ET.parse(_metainfo_path()).getroot().findall("releases/release")
    assert releases, "list the releases, newest first"
    assert releases[0].get("version") == __version__
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", releases[0].get("date", ""))


# --- icons -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
def test_png_icon_exists_at_every_size(size):
    png = LINUX / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP}.png"
    assert png.is_file(), f"{png} missing; run: make -C packaging icons"
    assert _png_size(png) == (size, size)


def test_scalable_icon_is_the_app_icon():
    svg = LINUX / "icons" / "hicolor" / "scalable" / "apps" / f"{APP}.svg"
    assert svg.read_bytes() == (ROOT / "assets" / "icon.svg").read_bytes(), "stale copy; make -C packaging icons"
    ET.parse(svg)


def test_windows_and_macos_icons_exist():
    ico = (PKG / "windows" / f"{APP}.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 4
    sizes = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= sizes
    icns = (PKG / "macos" / f"{APP}.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)


# --- PyInstaller spec ------------------------------------------------------------------------------------------

def test_spec_bundles_scenarios_and_assets_as_data_where_a_wheel_has_them():
    ns = _spec_namespace()
    dests = {dest for _src, dest in ns["DATAS"]}
    assert {"simulator/_data/scenarios", "simulator/_data/assets"} <= dests  # as setup.py; simulator.resources
    for src, _dest in ns["DATAS"]:
        assert Path(src).is_dir(), src
    analysis = [n for n in ast.walk(_spec_tree())
                if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "Analysis"]
    assert len(analysis) == 1
    kw = {k.arg: k.value for k in analysis[0].keywords}
    assert getattr(kw.get("datas"), "id", None) == "DATAS"
    entry = PKG / "entry.py"
    assert entry.is_file() and "simulator.cli" in entry.read_text(encoding="utf-8")


KEPT = [
    "simulator/_data/scenarios/spin-discovery.yaml", "simulator/_data/scenarios/avatars/dana.svg",
    "simulator/_data/assets/icon.svg",
    # Linux wheel layout
    "PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Widgets.so.6",
    "PySide6/Qt/lib/libQt6Svg.so.6", "PySide6/Qt/lib/libQt6Charts.so.6", "PySide6/Qt/lib/libQt6OpenGL.so.6",
    "PySide6/Qt/lib/libQt6OpenGLWidgets.so.6", "PySide6/Qt/lib/libQt6DBus.so.6", "PySide6/Qt/lib/libQt6XcbQpa.so.6",
    "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so", "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so", "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
    # Windows and macOS wheel layouts
    "PySide6/Qt6Core.dll", "PySide6/Qt6Svg.dll", "PySide6/plugins/platforms/qwindows.dll",
    "PySide6/plugins/imageformats/qsvg.dll", "PySide6/Qt/lib/QtCore.framework/Versions/A/QtCore",
    "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
]
DROPPED = [
    "simulator/_data/assets/tools/make_avatars.py", "PySide6/Qt/translations/qtbase_de.qm", "PySide6/translations/qtbase_de.qm",
    "PySide6/Qt/lib/libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Qml.so.6", "PySide6/Qt/lib/libQt6Network.so.6",
    "PySide6/Qt/lib/libQt6VirtualKeyboard.so.6", "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "PySide6/Qt/plugins/imageformats/libqtiff.so", "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt6Quick.dll", "PySide6/Qt/lib/QtQml.framework/Versions/A/QtQml",
    "PySide6/plugins/imageformats/qwebp.dll",
]


@pytest.mark.parametrize("dest", KEPT)
def test_spec_keeps_what_the_app_needs(dest):
    assert _spec_namespace()["_keep"]((dest, "/src", "BINARY"))


@pytest.mark.parametrize("dest", DROPPED)
def test_spec_drops_what_the_app_does_not_use(dest):
    assert not _spec_namespace()["_keep"]((dest, "/src", "BINARY"))


# --- links left dangling by the excludes (libQt6Pdf.so.6), and the bundle check that catches them ---------

def _link(dest, target):
    return (dest, target, "SYMLINK")


def test_spec_drops_links_whose_target_was_pruned_and_keeps_the_others():
    drop = _spec_namespace()["_drop_dangling_symlinks"]
    binaries = [
        ("PySide6/Qt/lib/libQt6Core.so.6", "/src/libQt6Core.so.6", "BINARY"),
        _link("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6"),
        _link("libQt6Pdf.so.6", "PySide6/Qt/lib/libQt6Pdf.so.6"),  # the library itself was pruned
        _link("libQt6PdfAgain.so.6", "libQt6Pdf.so.6"),  # a link to that link
        ("PySide6/Qt/lib/QtCore.framework/Versions/A/QtCore", "/src/QtCore", "BINARY"),
        _link("PySide6/Qt/lib/QtCore.framework/Versions/Current", "A"),  # macOS: a link to a folder
    ]
    datas = [("simulator/_data/assets/icon.svg", "/src/icon.svg", "DATA")]
    kept_binaries, kept_datas = drop(binaries, datas)
    assert [e[0] for e in kept_binaries] == [
        "PySide6/Qt/lib/libQt6Core.so.6", "libQt6Core.so.6",
        "PySide6/Qt/lib/QtCore.framework/Versions/A/QtCore", "PySide6/Qt/lib/QtCore.framework/Versions/Current"]
    assert kept_datas == datas


def _check_bundle():
    import importlib.util

    spec = importlib.util.spec_from_file_location("check_bundle", PKG / "check_bundle.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bundle_check_reports_a_broken_symlink(tmp_path):
    (tmp_path / "_internal").mkdir()
    (tmp_path / "_internal" / "libQt6Core.so.6").write_bytes(b"x")
    (tmp_path / "_internal" / "good.so.6").symlink_to("libQt6Core.so.6")
    (tmp_path / "_internal" / "libQt6Pdf.so.6").symlink_to("PySide6/Qt/lib/libQt6Pdf.so.6")
    assert _check_bundle().broken_symlinks(tmp_path) == [
        "broken symlink: _internal/libQt6Pdf.so.6 -> PySide6/Qt/lib/libQt6Pdf.so.6"]


def test_bundle_check_reports_test_tools_in_the_bundle(tmp_path):
    (tmp_path / "_internal" / "hypothesis").mkdir(parents=True)
    (tmp_path / "_internal" / "pydantic").mkdir()
    problems = _check_bundle().not_shipped(tmp_path)
    assert problems == ["must not be bundled: _internal/hypothesis (build without the test extra)"]


def test_bundle_check_requires_the_data_where_the_app_looks_for_it():
    from simulator.resources import DATA_FOLDER, REQUIRED_ASSETS

    required = _check_bundle().REQUIRED
    assert f"simulator/{DATA_FOLDER}/scenarios" in required
    for image in REQUIRED_ASSETS:
        assert f"simulator/{DATA_FOLDER}/assets/{image}" in required


def test_the_package_build_refuses_an_environment_with_test_extras():
    makefile = (PKG / "Makefile").read_text(encoding="utf-8")
    assert "build: $(TOOLSTAMP) no-test-extras" in makefile
    root = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "-e '.[package]'" in root and "[test]" not in root.split("$(PKG_STAMP):")[1].split("package:")[0]


# --- project metadata (pyproject.toml) ------------------------------------------------------------------------

def _pyproject() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_license_is_an_spdx_expression_with_its_file():
    project = _pyproject()["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in text
    assert not any(c.startswith("License ::") for c in project["classifiers"]), "SPDX replaces license classifiers"
    metainfo = ET.parse(_metainfo_path()).getroot()
    assert metainfo.findtext("project_license") == "MIT"
    # setuptools reads an SPDX expression without deprecation warnings from version 77 on
    assert _pyproject()["build-system"]["requires"] == ["setuptools>=77"]


def test_metadata_has_classifiers_urls_and_both_entry_points():
    project = _pyproject()["project"]
    assert "Programming Language :: Python :: 3.11" in project["classifiers"]
    assert any(c.startswith("Environment :: X11 Applications :: Qt") for c in project["classifiers"])
    assert {"Homepage", "Documentation", "Source", "Issues"} <= set(project["urls"])
    assert project["scripts"] == {"simulator": "simulator.cli:main"}
    assert project["gui-scripts"] == {"sales-simulator": "simulator.cli:main"}
    assert project["requires-python"] == ">=3.11"


def test_every_dependency_has_a_version_range_and_every_upper_bound_a_reason():
    project = _pyproject()["project"]
    deps = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    lines = (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    for dep in deps:
        assert ">=" in dep, f"{dep}: give the lowest version it works with"
        if "<" not in dep.replace("<=", ""):
            continue
        at = next(i for i, text in enumerate(lines) if f'"{dep}"' in text)
        reason = lines[at].partition("#")[2].strip() or (lines[at - 1].strip().startswith("#") and lines[at - 1])
        assert reason, f"{dep}: say why it has an upper bound (a comment on its line or the line above)"
