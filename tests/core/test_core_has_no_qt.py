"""The core must run without Qt: importing every core module loads no PySide6."""

import pkgutil
import subprocess
import sys

import simulator


def test_core_modules_do_not_import_qt():
    names = [m.name for m in pkgutil.iter_modules(simulator.__path__) if m.name not in ("ui", "__main__")]
    assert "loader" in names
    code = (
        "import sys, importlib\n"
        f"for n in {names!r}: importlib.import_module('simulator.' + n)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'simulator.ui'))]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
