"""HTTP to a learning record store (xAPI 1.0.3): send statements in batches, read them back page by page.

Standard library only (``urllib``): HTTPS certificates are verified with the system's trust store;
plain http is allowed for this machine only (``config.check_endpoint``). Transient failures (no
connection, time-outs, 429, 5xx) are retried with exponential back-off; a statement the LRS already
holds (204 on a repeat, 409 on a conflicting id) counts as sent, because ids are deterministic.
"""

from __future__ import annotations

import base64
import json
import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator
from urllib.parse import urlencode, urljoin, urlsplit

from simulator import __version__
from simulator.xapi.config import LrsConfig, LrsError, check_endpoint
from simulator.xapi.vocab import XAPI_VERSION

MAX_PAGES = 100_000


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)  # statement ids the LRS now holds
    already: list[str] = field(default_factory=list)  # of those, ids it already had (409/duplicate)
    failed: list[str] = field(default_factory=list)
    error: str = ""


class Client:
    def __init__(self, cfg: LrsConfig, *, sleep: Callable[[float], None] = time.sleep, tries: int = 4, backoff: float = 0.5):
        self.cfg = cfg
        self.endpoint = check_endpoint(cfg.endpoint)
        self.sleep = sleep
        self.tries = max(1, tries)
        self.backoff = backoff
        self._ssl = ssl.create_default_context()
        self.requests = 0

    # -- plumbing -------------------------------------------------------------------------------------

    def _headers(self, auth: bool = True) -> dict:
        h = {"X-Experience-API-Version": XAPI_VERSION, "User-Agent": f"sales-simulator/{__version__}",
             "Accept": "application/json"}
        if auth and (self.cfg.username or self.cfg.password):
            token = base64.b64encode(f"{self.cfg.username}:{self.cfg.password}".encode()).decode()
            h["Authorization"] = "Basic " + token
        return h

    def _request(self, method: str, url: str, body: bytes | None = None, *, auth: bool = True) -> tuple[int, bytes]:
        """One request with retries on transient failures; returns (status, body) for any HTTP answer."""
        headers = self._headers(auth)
        if body is not None:
            headers["Content-Type"] = "application/json"
        delay = self.backoff
        last = ""
        for attempt in range(self.tries):
            self.requests += 1
            req = urllib.request.Request(url, data=body, method=method, headers=headers)
            try:
                with urllib.request.urlopen(req, timeout=self.cfg.timeout, context=self._ssl if url.startswith("https") else None) as resp:
                    return resp.status, resp.read()
            except urllib.error.HTTPError as exc:
                status, data = exc.code, exc.read()
                if status == 429 or status >= 500:
                    last = f"the LRS answered {status}"
                else:
                    return status, data
            except ssl.SSLError as exc:
                raise LrsError(f"{urlsplit(url).hostname}: the LRS's certificate could not be verified ({exc.reason}); "
                               "fix the server's certificate (this program does not skip the check)") from None
            except (urllib.error.URLError, socket.timeout, ConnectionError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                last = f"cannot reach the LRS at {self.endpoint} ({reason})"
            if attempt + 1 < self.tries:
                self.sleep(delay)
                delay *= 2
        raise LrsError(last + "; your results stay queued, sync again later")

    def _fail(self, status: int, data: bytes, what: str) -> LrsError:
        if status in (401, 403):
            return LrsError(f"the LRS refused the credentials ({status}) while {what}; check SIMULATOR_LRS_USERNAME and "
                            "SIMULATOR_LRS_PASSWORD or the settings in Team > Learning record store")
        detail = data[:200].decode("utf-8", "replace").replace("\n", " ")
        return LrsError(f"the LRS answered {status} while {what}: {detail}")

    # -- the API --------------------------------------------------------------------------------------

    def about(self) -> dict:
        status, data = self._request("GET", urljoin(self.endpoint, "about"), auth=False)
        if status != 200:
            raise self._fail(status, data, "asking who it is")
        return json.loads(data or b"{}")

    def check(self) -> str:
        """Test the connection and the credentials; returns a one-line summary."""
        try:
            info = self.about()
        except LrsError:
            info = {}  # /about is required by xAPI but not every LRS has it (Ralph 5.1 does not)
        status, data = self._request("GET", urljoin(self.endpoint, "statements") + "?" + urlencode({"limit": 1}))
        if status != 200:
            raise self._fail(status, data, "reading statements")
        versions = ", ".join(info.get("version", [])) or "?"
        return f"connected to {self.endpoint} (xAPI {versions}); the credentials work"

    def send(self, statements: Iterable[dict], on_batch: Callable[[list[str]], None] | None = None) -> SendReport:
        """POST in batches. ``on_batch(ids)`` is called after each batch the LRS accepted (to record it)."""
        report = SendReport()
        batch: list[dict] = []
        url = urljoin(self.endpoint, "statements")

        def flush() -> None:
            if not batch:
                return
            ids = [s["id"] for s in batch]
            status, data = self._request("POST", url, json.dumps(batch, separators=(",", ":")).encode())
            if status in (200, 204):
                done = ids
                if status == 204:
                    report.already.extend(ids)
            elif status == 409:
                done = self._one_by_one(batch, report)
            else:
                report.failed.extend(ids)
                raise self._fail(status, data, "sending statements")
            report.sent.extend(done)
            if on_batch:
                on_batch(done)
            batch.clear()

        for st in statements:
            batch.append(st)
            if len(batch) >= self.cfg.batch_size:
                flush()
        flush()
        return report

    def _one_by_one(self, batch: list[dict], report: SendReport) -> list[str]:
        """After a 409 on a batch: PUT each statement by id; 204 stored, 409 already there."""
        done = []
        for st in batch:
            url = urljoin(self.endpoint, "statements") + "?" + urlencode({"statementId": st["id"]})
            status, data = self._request("PUT", url, json.dumps(st, separators=(",", ":")).encode())
            if status in (200, 204, 409):
                done.append(st["id"])
                if status == 409:
                    report.already.append(st["id"])
            else:
                raise self._fail(status, data, "sending statements")
        return done

    def statements(self, **params) -> Iterator[dict]:
        """Every statement matching ``params`` (verb=..., since=..., limit=...), following ``more`` links."""
        url = urljoin(self.endpoint, "statements") + ("?" + urlencode(params) if params else "")
        root = "{0.scheme}://{0.netloc}".format(urlsplit(self.endpoint))
        for _ in range(MAX_PAGES):
            status, data = self._request("GET", url)
            if status != 200:
                raise self._fail(status, data, "reading statements")
            try:
                page = json.loads(data)
            except json.JSONDecodeError:
                raise LrsError("the LRS sent something that is not JSON while reading statements") from None
            yield from page.get("statements", [])
            more = page.get("more")
            if not more:
                return
            url = urljoin(root, more)
            if urlsplit(url).netloc != urlsplit(self.endpoint).netloc:
                raise LrsError("the LRS pointed the next page at another server; stopped (credentials are only sent to the LRS)")
        raise LrsError(f"the LRS kept paging past {MAX_PAGES} pages; stopped")
