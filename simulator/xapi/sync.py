"""Send what is pending to a learning record store and record what it accepted (CLI and app share this)."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.xapi.client import Client
from simulator.xapi.config import LrsConfig, LrsError, check_endpoint
from simulator.xapi.outbox import last_sent, mark_sent, pending


@dataclass(frozen=True)
class SyncStatus:
    endpoint: str
    pending: int
    last_sync: str | None


@dataclass(frozen=True)
class SyncReport:
    endpoint: str
    sent: int  # accepted in this sync (already-held ones included)
    already: int  # of those, statements the LRS already had
    remaining: int  # still pending afterwards
    error: str = ""

    def summary(self) -> str:
        extra = f" ({self.already} it already had)" if self.already else ""
        left = f"; {self.remaining} still pending" if self.remaining else ""
        return f"sent {self.sent} statement(s) to {self.endpoint}{extra}{left}"


def status(store, cfg: LrsConfig, **kw) -> SyncStatus:
    endpoint = check_endpoint(cfg.endpoint)
    return SyncStatus(endpoint, len(pending(store, cfg, endpoint, **kw)), last_sent(store, endpoint))


def sync(store, cfg: LrsConfig, *, client: Client | None = None, **kw) -> SyncReport:
    """Send every pending statement in batches; each accepted batch is recorded at once, so an
    interruption loses nothing and resends nothing the LRS has not already seen."""
    client = client or Client(cfg)
    endpoint = client.endpoint
    todo = pending(store, cfg, endpoint, **kw)
    by_id = {s["id"]: s for s in todo}
    sent = already = 0

    def record(ids: list[str]) -> None:
        nonlocal sent
        mark_sent(store, endpoint, [by_id[i] for i in ids])
        sent += len(ids)

    error = ""
    try:
        report = client.send(todo, on_batch=record)
        already = len(report.already)
    except LrsError as exc:
        error = str(exc)
    return SyncReport(endpoint, sent, already, len(todo) - sent, error)
