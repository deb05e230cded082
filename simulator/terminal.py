"""Text on its way to a terminal: control characters made visible, so scenario text, keys or file
names can never drive the terminal (clear the screen, move the cursor, retitle the window, ...).

``terminal_safe`` escapes C0/C1 control characters other than newline and tab, and the
bidirectional overrides, as ``\\x1b`` / ``\\u202e``. ``EscapingStream`` applies it to everything
written to a stream; the CLI wraps ``sys.stdout`` and ``sys.stderr`` in it for every command.
"""

from __future__ import annotations

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_TABLE = {c: f"\\x{c:02x}" for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)] if c not in (0x09, 0x0A)}
_TABLE.update({ord(ch): f"\\u{ord(ch):04x}" for ch in _BIDI})


def terminal_safe(text: str) -> str:
    """``text`` with every control character other than newline and tab written as a visible escape."""
    return text.translate(_TABLE)


class EscapingStream:
    """A text stream wrapper whose ``write`` passes ``terminal_safe`` text; everything else is delegated."""

    def __init__(self, stream):
        self._stream = stream

    @property
    def wrapped(self):
        return self._stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_safe(text))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)
