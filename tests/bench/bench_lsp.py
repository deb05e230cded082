"""Benchmark: the language server (`simulator lsp`) on a 40-node bundled scenario, through a real client
over stdio (pytest-lsp's client, as the tests use).

Run: .venv/bin/python -m tests.bench.bench_lsp
Prints: the check itself in-process (load + every lint, what validate does), the time from didOpen and from
each didChange to the published diagnostics (debounce 0, so this is the server's own latency; an editor adds
the debounce, 0.3 s by default), and completion/hover round trips. Figures only; no timed assertions.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FILE = ROOT / "scenarios" / "council-status-quo.yaml"
REPEAT = 7


def _check_ms() -> float:
    from simulator.lsp.features import check

    text = FILE.read_text(encoding="utf-8")
    out = []
    for _ in range(REPEAT):
        t = time.perf_counter()
        check(text, FILE)
        out.append((time.perf_counter() - t) * 1000)
    return statistics.median(out)


async def _round_trips() -> dict:
    from lsprotocol import types as t
    from pytest_lsp import ClientServerConfig

    config = ClientServerConfig(server_command=[sys.executable, "-m", "simulator", "lsp", "--debounce", "0"])
    start = time.perf_counter()
    client = await config.start()
    await client.initialize_session(t.InitializeParams(capabilities=t.ClientCapabilities()))
    startup = (time.perf_counter() - start) * 1000
    text = FILE.read_text(encoding="utf-8")
    uri = FILE.as_uri()

    async def published(send, version):
        t0 = time.perf_counter()
        while True:
            waiting = client.protocol.wait_for_notification_async(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            if send is not None:
                send()
                send = None
            params = await waiting
            if params.version == version:
                return (time.perf_counter() - t0) * 1000, len(params.diagnostics)

    open_ms, count = await published(lambda: client.text_document_did_open(t.DidOpenTextDocumentParams(
        t.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text))), 1)
    changes = []
    for v in range(2, 2 + REPEAT):
        edited = text + f"\n# edit {v}\n"
        ms, _ = await published(lambda e=edited, v=v: client.text_document_did_change(t.DidChangeTextDocumentParams(
            text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=v),
            content_changes=[t.TextDocumentContentChangeWholeDocument(text=e)])), v)
        changes.append(ms)
    lines = text.split("\n")
    goto_line = next(i for i, ln in enumerate(lines) if ln.strip().startswith("goto: "))
    pos = t.Position(goto_line, lines[goto_line].index("goto: ") + 6)
    comp, hov = [], []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        await client.text_document_completion_async(t.CompletionParams(t.TextDocumentIdentifier(uri), pos))
        comp.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        await client.text_document_hover_async(t.HoverParams(t.TextDocumentIdentifier(uri), pos))
        hov.append((time.perf_counter() - t0) * 1000)
    await client.shutdown_session()
    await client.stop()
    return {"startup_ms": startup, "open_ms": open_ms, "diagnostics": count, "change_ms": statistics.median(changes),
            "change_max_ms": max(changes), "completion_ms": statistics.median(comp), "hover_ms": statistics.median(hov)}


def main() -> dict:
    from simulator.loader import load

    scenario, _ = load(FILE)
    res = {"check_ms": _check_ms(), **asyncio.run(_round_trips())}
    print(f"language server on {FILE.name}: {len(scenario.nodes)} nodes, {len(scenario.endings)} endings, {len(FILE.read_text().splitlines())} lines")
    print(f"  check in-process (load + lints)   {res['check_ms']:8.1f} ms")
    print(f"  server start + initialize         {res['startup_ms']:8.1f} ms")
    print(f"  didOpen -> diagnostics            {res['open_ms']:8.1f} ms   ({res['diagnostics']} diagnostics)")
    print(f"  didChange -> diagnostics (median) {res['change_ms']:8.1f} ms   (max {res['change_max_ms']:.1f}; an editor adds the 300 ms debounce)")
    print(f"  completion round trip (median)    {res['completion_ms']:8.1f} ms")
    print(f"  hover round trip (median)         {res['hover_ms']:8.1f} ms")
    return res


if __name__ == "__main__":
    main()
