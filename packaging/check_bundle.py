"""Check a built folder after the excludes in sales-simulator.spec: nothing left needs a Qt library that was
dropped, the data is there, and no unwanted Qt module slipped in.

    python packaging/check_bundle.py dist/sales-simulator

Run by packaging/Makefile after the build (it needs PyInstaller, for its cross-platform import reader).
Exit status 1 on a problem. Libraries that are neither bundled nor found on this machine (e.g. libxcb-cursor on
a server without X) are listed as what the target desktop must provide, not as errors.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

BINARY = re.compile(r"\.(so(\.\d+)*|dll|pyd|dylib)$|^[^.]+$", re.IGNORECASE)
QT_LIB = re.compile(r"(^|/)(lib)?Qt6?[A-Z]\w*(\.so[.\d]*|\.dll|\.framework/.*)?$")
UNWANTED = re.compile(r"(^|/)(lib)?Qt6?(WebEngine|3D|Quick|Qml|Multimedia|Pdf|VirtualKeyboard|Designer)\w*[./]")
DATA = "simulator/_data"  # as in a wheel; see simulator/resources.py
REQUIRED = (f"{DATA}/scenarios", f"{DATA}/assets/icon.svg", f"{DATA}/assets/default-avatar.svg",
            f"{DATA}/assets/empty-library.svg", f"{DATA}/assets/debrief.svg")
# Python packages that must never ship: test tools (pydantic's hypothesis plugin pulls hypothesis in when the
# build environment has it) and the build tool.
NOT_SHIPPED = ("hypothesis", "pytest", "_pytest", "pytestqt", "PyInstaller")


def broken_symlinks(root: Path) -> list[str]:
    """Every symlink in the folder whose target does not exist (e.g. libQt6Pdf.so.6 after QtPdf was pruned)."""
    out = []
    for p in sorted(root.rglob("*")):
        if p.is_symlink() and not p.exists():
            out.append(f"broken symlink: {p.relative_to(root).as_posix()} -> {p.readlink().as_posix()}")
    return out


def not_shipped(root: Path) -> list[str]:
    """Test tools or the build tool found in the bundle, as folders or modules (outside the PYZ archive)."""
    out = []
    for p in sorted(root.rglob("*")):
        name = p.name.split(".")[0] if p.is_file() else p.name
        if name in NOT_SHIPPED and (p.is_dir() or p.suffix in (".py", ".pyc", ".so", ".pyd")):
            out.append(f"must not be bundled: {p.relative_to(root).as_posix()} (build without the test extra)")
    return out


def archived_modules(exe: Path) -> list[str]:
    """Top-level names of the Python modules inside the executable's archive (needs PyInstaller)."""
    from PyInstaller.archive.readers import pkg_archive_contents

    return sorted({name.split(".")[0] for name in pkg_archive_contents(str(exe))})


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    root = Path(argv[0]).resolve()
    inner = root / "_internal" if (root / "_internal").is_dir() else root
    from PyInstaller.depend.bindepend import get_imports

    files = [p for p in root.rglob("*") if p.is_file() and not p.is_symlink()]
    names = {p.name for p in files} | {p.name for p in root.rglob("*.framework")}
    rel = [p.relative_to(root).as_posix() for p in files]
    problems: list[str] = []
    system: dict[str, set[str]] = {}
    checked = 0
    for path, r in zip(files, rel):
        if not BINARY.search(path.name) or path.suffix in (".py", ".pyc", ".txt"):
            continue
        try:
            imports = get_imports(str(path))
        except Exception:  # not a binary after all (a data file without an extension)
            continue
        checked += 1
        for name, full in imports:
            if name.startswith("@rpath/"):  # macOS: @rpath/QtCore.framework/Versions/A/QtCore
                base = name.split("/")[1]
            else:
                base = Path(name.replace("\\", "/")).name
            if QT_LIB.search(base) and base not in names:
                problems.append(f"{r} needs {name}, which is not in the bundle (dropped by an exclude?)")
            elif full is None and base not in names:
                system.setdefault(base, set()).add(r)
    for r in rel:
        if UNWANTED.search(r):
            problems.append(f"unwanted Qt module in the bundle: {r}")
    problems += broken_symlinks(root)
    problems += not_shipped(root)
    exe = next((p for p in (root / root.name, root / f"{root.name}.exe") if p.is_file()), None)
    if exe is not None:
        try:
            archived = archived_modules(exe)
        except Exception as exc:  # an archive layout this reader does not know: say so, do not guess
            print(f"check_bundle: note: could not list the PYZ archive of {exe.name} ({exc})")
        else:
            problems += [f"must not be bundled: Python package '{m}' in the archive (build without the test extra)"
                         for m in archived if m in NOT_SHIPPED]
    for req in REQUIRED:
        if not (inner / req).exists():
            problems.append(f"missing data: {inner.relative_to(root.parent) / req}")
    print(f"check_bundle: {checked} binaries checked in {root.name}/")
    for lib in sorted(system):
        print(f"check_bundle: note: from the target system: {lib} (used by {len(system[lib])} file(s), "
              f"e.g. {sorted(system[lib])[0]})")
    for p in problems:
        print(f"check_bundle: error: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
