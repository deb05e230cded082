"""``simulator lsp``: the scenario language server (pygls), over stdio.

Diagnostics are what ``simulator validate`` prints for the file (same messages and codes, the lints
included), computed in a worker thread once typing pauses for ``debounce`` seconds and published only if
the document has not changed meanwhile. Completion, hover, definition, outline and rename answer from the
current text at once (see ``simulator.lsp.features``).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from lsprotocol import types as t
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from simulator import __version__
from simulator.lsp import features
from simulator.lsp.index import Index, build

LANGUAGE_IDS = ("yaml",)


class ScenarioServer(LanguageServer):
    def __init__(self, debounce: float = 0.3):
        super().__init__("simulator-scenarios", __version__, text_document_sync_kind=t.TextDocumentSyncKind.Incremental)
        self.debounce = debounce
        self._pending: dict[str, asyncio.Task] = {}
        self._indexes: dict[str, tuple[int | None, Index]] = {}
        self._last_good: dict[str, Index] = {}

    def index(self, uri: str) -> Index:
        doc = self.workspace.get_text_document(uri)
        cached = self._indexes.get(uri)
        if cached is not None and cached[0] == doc.version and cached[1].text == doc.source:
            return cached[1]
        idx = build(doc.source)
        if idx.ok:
            self._last_good[uri] = idx
        elif uri in self._last_good:
            # mid-typing the YAML often does not read: complete from the ids of the last text that did
            # (``ok`` stays False, so rename still refuses until the syntax is fixed)
            idx.defs = dict(self._last_good[uri].defs)
        self._indexes[uri] = (doc.version, idx)
        return idx

    def schedule_check(self, uri: str, delay: float) -> None:
        old = self._pending.pop(uri, None)
        if old is not None:
            old.cancel()
        self._pending[uri] = asyncio.get_running_loop().create_task(self._check_later(uri, delay))

    async def _check_later(self, uri: str, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        doc = self.workspace.get_text_document(uri)
        version, text = doc.version, doc.source
        path = Path(to_fs_path(uri) or "untitled.yaml")
        loop = asyncio.get_running_loop()
        diags = await loop.run_in_executor(None, features.check, text, path)
        current = self.workspace.get_text_document(uri)
        if current.version != version or current.source != text:
            return  # changed while checking: the newer check publishes
        lines = text.split("\n")
        self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=[features.to_lsp(d, lines) for d in diags]))


def make_server(debounce: float = 0.3) -> ScenarioServer:
    server = ScenarioServer(debounce)

    @server.feature(t.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: ScenarioServer, params: t.DidOpenTextDocumentParams):
        ls.schedule_check(params.text_document.uri, 0)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: ScenarioServer, params: t.DidChangeTextDocumentParams):
        ls.schedule_check(params.text_document.uri, ls.debounce)

    @server.feature(t.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: ScenarioServer, params: t.DidSaveTextDocumentParams):
        ls.schedule_check(params.text_document.uri, 0)

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ScenarioServer, params: t.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        task = ls._pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls._indexes.pop(uri, None)
        ls._last_good.pop(uri, None)
        ls.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(t.TEXT_DOCUMENT_COMPLETION,
                    t.CompletionOptions(trigger_characters=[":", " ", "(", '"', "{", ","]))
    def completion(ls: ScenarioServer, params: t.CompletionParams):
        p = params.position
        return t.CompletionList(is_incomplete=False, items=features.completion(ls.index(params.text_document.uri), p.line, p.character))

    @server.feature(t.TEXT_DOCUMENT_HOVER)
    def hover(ls: ScenarioServer, params: t.HoverParams):
        p = params.position
        return features.hover(ls.index(params.text_document.uri), p.line, p.character)

    @server.feature(t.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: ScenarioServer, params: t.DefinitionParams):
        p = params.position
        uri = params.text_document.uri
        return features.definition(ls.index(uri), uri, p.line, p.character)

    @server.feature(t.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def symbols(ls: ScenarioServer, params: t.DocumentSymbolParams):
        return features.outline(ls.index(params.text_document.uri))

    @server.feature(t.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(ls: ScenarioServer, params: t.PrepareRenameParams):
        p = params.position
        hit = features.rename_target(ls.index(params.text_document.uri), p.line, p.character)
        if hit is None:
            return None
        ident, span = hit
        return t.PrepareRenamePlaceholder(range=features._range(span), placeholder=ident)

    @server.feature(t.TEXT_DOCUMENT_RENAME)
    def rename(ls: ScenarioServer, params: t.RenameParams):
        p = params.position
        uri = params.text_document.uri
        try:
            return features.rename(ls.index(uri), uri, p.line, p.character, params.new_name)
        except features.RenameError as exc:
            raise JsonRpcInvalidParams(str(exc)) from None

    return server


def serve(debounce: float = 0.3) -> None:
    """Run the server on stdin/stdout until the client says exit."""
    logging.basicConfig(level=logging.WARNING)  # pygls logs to stderr; stdout carries the protocol
    make_server(debounce).start_io()
