"""``simulator validate``: load and lint files or folders as one library, and summarise."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from simulator.errors import Diagnostic
from simulator.lint import lint
from simulator.loader import load_library, scenario_files


@dataclass
class Report:
    files: int
    diagnostics: list[Diagnostic]  # sorted by file, line, column

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors

    def failed(self, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)

    def summary(self) -> str:
        """E.g. '3 files checked: 1 error, 2 warnings'."""
        return f"{_count(self.files, 'file')} checked: {_count(self.errors, 'error')}, {_count(self.warnings, 'warning')}"

    def to_json(self) -> dict:
        return {
            "files": self.files,
            "errors": self.errors,
            "warnings": self.warnings,
            "diagnostics": [d.to_json() for d in self.diagnostics],
        }


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def validate(paths: Iterable[str | os.PathLike], with_search: bool = True) -> Report:
    """Load every scenario under ``paths`` as one library and lint the ones that load."""
    paths = [Path(p) for p in paths]
    files = {(f if p.is_dir() else p).resolve() for p in paths for f in (scenario_files(p) if p.is_dir() else [p])}
    scenarios, diagnostics = load_library(paths)
    for scenario in scenarios:
        try:
            diagnostics.extend(lint(scenario, with_search=with_search))
        except Exception as exc:  # noqa: BLE001 - one file's failure is that file's diagnostic; the others are still reported
            diagnostics.append(Diagnostic(scenario.display_path, 1, 1, "error", f"this file could not be checked "
                                          f"({type(exc).__name__}: {str(exc)[:160]}); please report it with the file", "internal"))
    diagnostics.extend(_text_warnings_of_failed(scenarios, diagnostics))
    return Report(len(files), sorted(diagnostics, key=lambda d: (d.file, d.line, d.column, d.severity, d.code)))


def _text_warnings_of_failed(scenarios, diagnostics) -> list[Diagnostic]:
    """Text pitfalls (``lint_text``) of the files that did not load, printed beside their errors: an
    indentation slip that broke the file is often what the warning points at."""
    from simulator.lint_text import text_warnings

    loaded = {s.display_path for s in scenarios}
    out: list[Diagnostic] = []
    for display in sorted({d.file for d in diagnostics if d.severity == "error"} - loaded):
        path = Path(display)
        try:
            if not path.is_file() or path.stat().st_size > 2 * 1024 * 1024:
                continue
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        out.extend(text_warnings(source, display))
    return out
