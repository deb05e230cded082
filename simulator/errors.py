"""Named errors. Every error the program raises on purpose is a SimulatorError."""

from __future__ import annotations

from dataclasses import dataclass, field


_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_ESCAPE_BREAKS = {ord(ch): repr(ch)[1:-1] for ch in _LINE_BREAKS}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One located message, printed like a compiler's: file:line:col: severity: message [code]."""

    file: str
    line: int  # 1-based
    column: int  # 1-based
    severity: str  # "error" | "warning"
    message: str = field(compare=False)
    code: str = field(compare=True, default="")

    def __post_init__(self) -> None:
        # one message, one line: echoed user text may hold line breaks
        if any(ch in self.message for ch in _LINE_BREAKS):
            object.__setattr__(self, "message", self.message.translate(_ESCAPE_BREAKS))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.code}]"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "message": self.message,
            "code": self.code,
        }


class SimulatorError(Exception):
    """Base of every error the program raises on purpose."""


class ScenarioError(SimulatorError):
    """A scenario did not load; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = list(diagnostics)
        errors = [d for d in self.diagnostics if d.is_error]
        first = errors[0] if errors else (self.diagnostics[0] if self.diagnostics else None)
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{first}{more}" if first else "scenario did not load")


class EngineError(SimulatorError):
    """A play session was driven wrongly (bad option number, finished run, bad save)."""


class SaveFormatError(SimulatorError):
    """A saved session or export file has a format version this program cannot read."""


class StorageError(SimulatorError):
    """The progress database could not be opened, read or written."""


class LeaderboardError(SimulatorError):
    """An export file was rejected."""


class UsageError(SimulatorError):
    """The command line asked for something that cannot be done as asked (a bad id, a missing path)."""


class OverwriteError(SimulatorError):
    """A file the program would write already exists; it never overwrites silently."""
