"""Command line for xAPI: ``simulator xapi`` (write statements to a file) and ``simulator sync`` (send what
is pending to a learning record store). Parsing and error translation only; the work is in ``simulator.xapi``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from simulator.errors import UsageError


def _since(text: str | None) -> str | None:
    if not text:
        return None
    from datetime import date, datetime

    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text.replace("Z", "+00:00")).strftime("%Y-%m-%dT%H:%M:%S")
    except ValueError:
        raise UsageError(f"--since {text}: write a date as YYYY-MM-DD (or an ISO time)") from None


def _languages(args) -> dict[str, str]:
    """Scenario content hash -> language, from the local library (statements name activities in it)."""
    from simulator.leaderboard import local_scenarios

    return {s.content_hash: getattr(s.model, "language", "en") or "en" for s in local_scenarios(args.library)}


def add_xapi(sub):
    p = sub.add_parser("xapi", help="write xAPI statements of recorded attempts to a file (for an LMS import)",
                       description="Write the xAPI 1.0.3 statements of the attempts in the progress database as one "
                       "JSON array (see docs/xapi.md). Statement ids are deterministic, so importing twice is harmless.")
    p.add_argument("--out", metavar="FILE", type=Path, required=True, help="the JSON file to write")
    p.add_argument("--profile", metavar="NAME", help="only this profile's attempts")
    p.add_argument("--since", metavar="DATE", help="only attempts started on or after DATE (YYYY-MM-DD)")
    return p


def cmd_xapi(args) -> int:
    from simulator.safe_write import check_output, write_text
    from simulator.storage import Store
    from simulator.xapi.config import load_config
    from simulator.xapi.outbox import earned

    out = check_output(args.out, protected=[args.db])  # never over the database; a missing folder is one line
    if not Path(args.db).exists():
        raise UsageError(f"no progress database at {args.db}; play a scenario first (or pass --db PATH)")
    cfg = load_config()
    since = _since(args.since)
    with Store.open(args.db, read_only=True) as store:
        if args.profile is not None and store.profile_by_name(args.profile) is None:
            raise UsageError(f"no profile named '{args.profile}'")
        statements = earned(store, cfg, profile=args.profile, since=since, languages=_languages(args))
    write_text(out, json.dumps(statements, indent=1, ensure_ascii=False) + "\n", protected=[args.db])
    print(f"wrote {out}: {len(statements)} statement(s)")
    return 0


def add_sync(sub):
    p = sub.add_parser("sync", help="send pending results to the learning record store (xAPI)",
                       description="Send every statement the LRS has not accepted yet, in batches, retrying with "
                       "back-off. Credentials come from SIMULATOR_LRS_USERNAME / SIMULATOR_LRS_PASSWORD or the "
                       "settings file (never the command line). Exit 0 when everything is sent, 1 when some is still "
                       "pending (nothing is lost; sync again later).")
    p.add_argument("--lrs", metavar="URL", help="the LRS's xAPI endpoint (default: the saved settings)")
    p.add_argument("--status", action="store_true", help="only say how many statements are pending")
    return p


def cmd_sync(args) -> int:
    from simulator.storage import Store
    from simulator.xapi.config import check_endpoint, load_config
    from simulator.xapi.sync import status, sync

    cfg = load_config().with_endpoint(args.lrs)
    endpoint = check_endpoint(cfg.endpoint)
    if not Path(args.db).exists():
        raise UsageError(f"no progress database at {args.db}; play a scenario first (or pass --db PATH)")
    languages = _languages(args)
    with Store.open(args.db) as store:
        if args.status:
            st = status(store, cfg, languages=languages)
            print(f"{st.pending} statement(s) pending for {endpoint}; last sync: {st.last_sync or 'never'}")
            return 0
        report = sync(store, cfg, languages=languages)
    print(report.summary())
    if report.error:
        print(f"simulator: error: {report.error}", file=sys.stderr)
        return 1
    return 0


def board_from_lrs_args(args):
    """``leaderboard --lrs URL``: the board and problems, read from the LRS."""
    from simulator.leaderboard import local_scenarios
    from simulator.xapi.board import board_from_lrs
    from simulator.xapi.client import Client
    from simulator.xapi.config import load_config

    cfg = load_config().with_endpoint(args.lrs)
    return board_from_lrs(Client(cfg), local_scenarios(args.library))
