"""One rule for a valid profile (display) name and team name, applied wherever a name is created
(``Store.create_profile``, ``play --profile``, the app's profile dialog) and accepted by the
leaderboard export format, so any name the program accepts can be exported.

A name is trimmed and its inner runs of spaces become one space. It may not be empty (a team may),
may be at most ``MAX_NAME`` characters, and may not contain (between its first and last character)
control, line-separator or bidirectional-override characters. Anything else is allowed — ``=X``, ``<Alex>``, "EMEA <Enterprise>":
CSV and HTML output neutralise formulas and markup when they write, they do not refuse names.
"""

from __future__ import annotations

import unicodedata

from simulator.errors import UsageError

MAX_NAME = 80
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class InvalidName(UsageError):
    """A profile or team name that the rule refuses (the message says why and what to do)."""


def normalise(text: str) -> str:
    """Trimmed, inner whitespace runs as one space."""
    return " ".join((text or "").split())


def name_problem(text: str, what: str = "name") -> str | None:
    """Why ``text`` cannot be a profile name (``what="name"``) or team (``what="team"``), or None when it can.
    ``text`` is judged as ``normalise`` leaves it."""
    for ch in (text or "").strip():
        if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or ch in BIDI_CONTROLS:
            return f"the {what} contains a control character (U+{ord(ch):04X}); remove it"
    text = normalise(text)
    if not text and what != "team":
        return f"the {what} is empty; type a name"
    if len(text) > MAX_NAME:
        return f"the {what} is {len(text):,} characters long; use at most {MAX_NAME}"
    return None


def valid_name(text: str, what: str = "name") -> str:
    """The normalised name, or ``InvalidName`` with one line saying what is wrong."""
    problem = name_problem(text, what)
    if problem:
        raise InvalidName(problem)
    return normalise(text)
