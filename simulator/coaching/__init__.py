"""The coaching loop between a rep and their manager, file-based like the leaderboard (no server).

Pure core (no Qt). The rep writes a *share* file (``share``) with the attempts they pick, their
reflections and nothing of anyone else; the coach reads many of them (``team``), comments, assigns
and writes one *reply* file per rep (``reply``); the rep imports replies (``reply.import_replies``),
which only ever adds comments, assignments and a focus (keyed on uuids: idempotent, order-independent).
``insight`` turns the same files (and leaderboard exports) into a team report (``report_html``,
``report_csv``). The format is documented in ``docs/coaching.md``; its JSON Schema
(``docs/coaching.schema.json``) is generated from ``file_format``.
"""

from __future__ import annotations

from simulator.coaching.file_format import (  # noqa: F401
    REPLY_FORMAT,
    SHARE_FORMAT,
    VERSION,
    CoachingError,
    coaching_schema,
)
