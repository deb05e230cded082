"""`simulator lsp` end to end: a real LSP client (pytest-lsp) starts the server over stdio, opens scenario
files and sees what an editor would show: validate's diagnostics while typing, completion, hover, go to
definition, the outline and rename."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = Path(__file__).resolve().parents[2]
COMMITTEE = (ROOT / "tests" / "scenarios" / "valid" / "committee.yaml").read_text(encoding="utf-8")
LINES = COMMITTEE.split("\n")

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "simulator", "lsp", "--debounce", "0.05"],
                              server_env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}),
    scope="module",
)
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(t.InitializeParams(capabilities=t.ClientCapabilities()))
    yield
    await lsp_client.shutdown_session()


_versions: dict[str, int] = {}


async def open_doc(client: LanguageClient, folder: Path, name: str, text: str):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    _versions[uri] = 1
    waiting = client.protocol.wait_for_notification_async(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    client.text_document_did_open(t.DidOpenTextDocumentParams(t.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)))
    return uri, await _published(client, uri, 1, waiting)


async def _published(client: LanguageClient, uri: str, version: int, waiting):
    while True:
        params = await waiting
        if params.uri == uri and params.version == version:
            return params.diagnostics
        waiting = client.protocol.wait_for_notification_async(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)


async def change(client: LanguageClient, uri: str, text: str):
    _versions[uri] += 1
    version = _versions[uri]
    waiting = client.protocol.wait_for_notification_async(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    client.text_document_did_change(t.DidChangeTextDocumentParams(
        text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[t.TextDocumentContentChangeWholeDocument(text=text)]))
    return await _published(client, uri, version, waiting)


def where(text: str, needle: str, occurrence: int = 0, offset: int = 0) -> t.Position:
    """The position just after ``needle`` (its ``occurrence``-th appearance), moved by ``offset``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    at = start + len(needle) + offset
    line = text.count("\n", 0, at)
    return t.Position(line, at - (text.rfind("\n", 0, at) + 1))


def validate_json(path: Path) -> list[dict]:
    r = subprocess.run([sys.executable, "-m", "simulator", "validate", "--format", "json", str(path)],
                       capture_output=True, text=True, cwd=ROOT)
    return json.loads(r.stdout)["diagnostics"]


def as_tuples(diags) -> list[tuple]:
    return sorted((d.range.start.line + 1, d.range.start.character + 1,
                   "error" if d.severity == t.DiagnosticSeverity.Error else "warning", d.code, d.message) for d in diags)


BROKEN = COMMITTEE.replace("        goto: email", "        goto: emial").replace(
    "endings:", "  orphan:\n    text: Nobody comes here.\n    next:\n      - goto: lost\nendings:")


async def test_diagnostics_are_what_validate_prints_including_the_lints(client: LanguageClient, tmp_path):
    uri, diags = await open_doc(client, tmp_path, "committee.yaml", BROKEN)
    expected = sorted((d["line"], d["column"], d["severity"], d["code"], d["message"]) for d in validate_json(tmp_path / "committee.yaml"))
    assert as_tuples(diags) == expected
    assert any(d.code == "bad-reference" and "did you mean 'email'?" in d.message for d in diags)
    bad = next(d for d in diags if d.code == "bad-reference")
    assert LINES[bad.range.start.line].strip() == "goto: email"
    assert bad.range.end.character - bad.range.start.character == len("emial")
    assert all(d.source == "simulator" for d in diags)


async def test_diagnostics_follow_typing_and_include_lints_of_a_file_that_loads(client: LanguageClient, tmp_path):
    uri, diags = await open_doc(client, tmp_path, "committee.yaml", BROKEN)
    assert any(d.severity == t.DiagnosticSeverity.Error for d in diags)
    fixed = BROKEN.replace("goto: emial", "goto: email")
    diags = await change(client, uri, fixed)
    assert [d.severity for d in diags] and all(d.severity == t.DiagnosticSeverity.Warning for d in diags)
    assert any(d.code == "unreachable" and "'orphan'" in d.message for d in diags)  # a lint, as validate --strict shows
    # a YAML syntax error mid-typing is one located error, in plain words
    diags = await change(client, uri, fixed.replace("    who: cfo\n", "    who: cfo\n   text So?\n", 1))
    assert [d.code for d in diags if d.severity == t.DiagnosticSeverity.Error] == ["yaml-syntax"]
    diags = await change(client, uri, COMMITTEE)
    (tmp_path / "saved").mkdir()
    (tmp_path / "saved" / "committee.yaml").write_text(COMMITTEE, encoding="utf-8")
    expected = validate_json(tmp_path / "saved" / "committee.yaml")
    assert as_tuples(diags) == sorted((d["line"], d["column"], d["severity"], d["code"], d["message"]) for d in expected)
    assert expected and not any(d["severity"] == "error" for d in expected)


async def complete(client: LanguageClient, uri: str, pos: t.Position) -> list[t.CompletionItem]:
    result = await client.text_document_completion_async(t.CompletionParams(t.TextDocumentIdentifier(uri), pos))
    return result.items if isinstance(result, t.CompletionList) else result


async def test_completion_after_goto_offers_node_and_ending_ids(client: LanguageClient, tmp_path):
    text = COMMITTEE.replace("        goto: email", "        goto: ")
    uri, _ = await open_doc(client, tmp_path, "committee.yaml", text)
    items = await complete(client, uri, where(text, "        goto: ", 2))
    labels = {i.label for i in items}
    assert labels == {"meet", "read", "close", "decide", "email", "won", "stalled", "lost"}
    close = next(i for i in items if i.label == "close")
    assert "Ana Ruiz: So?" in close.documentation.value
    assert next(i for i in items if i.label == "lost").detail == "ending · lost"


async def test_completion_of_keys_variables_values_competencies_and_people(client: LanguageClient, tmp_path):
    text = COMMITTEE.replace("        note: Discounting before value is established.\n", "        \n", 1)
    uri, _ = await open_doc(client, tmp_path, "committee.yaml", text)
    # keys valid in a choice, minus those already written
    keys = {i.label for i in await complete(client, uri, where(text, "        effects: {tension: {set: 10}}\n        evidence: {negotiation: -2}\n        "))}
    assert keys == {"if", "note"}  # id, text, effects, evidence and goto are written already
    # variables in an `if`, then a text variable's values after ==
    text2 = text.replace('          - if: stage == "framed"', "          - if: ")
    await change(client, uri, text2)
    names = {i.label for i in await complete(client, uri, where(text2, "          - if: "))}
    assert {"tension", "stage", "and", "not", "visited()"} <= names
    text3 = text.replace('          - if: stage == "framed"', "          - if: stage == ")
    await change(client, uri, text3)
    values = [i.label for i in await complete(client, uri, where(text3, "          - if: stage == "))]
    assert values == ['"open"', '"framed"']
    # competencies in evidence points (standard and custom)
    comps = {i.label for i in await complete(client, uri, where(text3, "        evidence: {", 0))}
    assert comps == {"insight", "discovery", "tailoring", "control", "negotiation"}
    # people after who:
    people = await complete(client, uri, where(text3, "    who: "))
    assert {(i.label, i.detail) for i in people} == {("cfo", "Ana Ruiz"), ("vp", "Ben Okafor")}


async def test_hover_shows_a_targets_first_line_and_a_variables_definition(client: LanguageClient, tmp_path):
    uri, _ = await open_doc(client, tmp_path, "committee.yaml", COMMITTEE)
    hover = await client.text_document_hover_async(t.HoverParams(t.TextDocumentIdentifier(uri), where(COMMITTEE, "goto: clo")))
    assert "**node `close`**" in hover.contents.value and "Ana Ruiz: So?" in hover.contents.value
    hover = await client.text_document_hover_async(t.HoverParams(t.TextDocumentIdentifier(uri), where(COMMITTEE, "goto: rea")))
    assert "Who is the real blocker?" in hover.contents.value  # a diagnose node: its prompt
    hover = await client.text_document_hover_async(t.HoverParams(t.TextDocumentIdentifier(uri), where(COMMITTEE, "tension >", offset=-4)))
    assert hover.contents.value.startswith("**state variable `tension`**: number 0..100, starts 90")
    assert "shown to the rep" in hover.contents.value and "line 8" in hover.contents.value
    hover = await client.text_document_hover_async(t.HoverParams(t.TextDocumentIdentifier(uri), where(COMMITTEE, "  pas")))
    assert hover.contents.value.startswith("**pass** — The total (0..100)")


async def test_go_to_definition_of_a_goto_a_speaker_and_a_variable(client: LanguageClient, tmp_path):
    uri, _ = await open_doc(client, tmp_path, "committee.yaml", COMMITTEE)

    async def go(pos):
        loc = await client.text_document_definition_async(t.DefinitionParams(t.TextDocumentIdentifier(uri), pos))
        loc = loc[0] if isinstance(loc, list) else loc
        return LINES[loc.range.start.line][loc.range.start.character:loc.range.end.character], loc.range.start.line + 1

    assert await go(where(COMMITTEE, "goto: deci")) == ("decide", 58)
    assert await go(where(COMMITTEE, "    who: cf")) == ("cfo", 5)
    assert await go(where(COMMITTEE, "visited(meet) and tens")) == ("tension", 8)
    assert await go(where(COMMITTEE, "visited(me")) == ("meet", 18)


async def test_outline_lists_nodes_and_endings(client: LanguageClient, tmp_path):
    uri, _ = await open_doc(client, tmp_path, "committee.yaml", COMMITTEE)
    symbols = await client.text_document_document_symbol_async(t.DocumentSymbolParams(t.TextDocumentIdentifier(uri)))
    tree = {s.name: [(c.name, c.range.start.line + 1, c.range.end.line + 1) for c in s.children] for s in symbols}
    assert tree["nodes"] == [("meet", 18, 33), ("read", 34, 40), ("close", 41, 57), ("decide", 58, 62), ("email", 63, 65)]
    assert [name for name, *_ in tree["endings"]] == ["won", "stalled", "lost"]


async def test_rename_a_node_id_everywhere_in_the_file(client: LanguageClient, tmp_path):
    uri, _ = await open_doc(client, tmp_path, "committee.yaml", COMMITTEE)
    pos = where(COMMITTEE, "  mee")  # the key of node 'meet'
    prepared = await client.text_document_prepare_rename_async(t.PrepareRenameParams(t.TextDocumentIdentifier(uri), pos))
    assert prepared.placeholder == "meet"
    edit = await client.text_document_rename_async(t.RenameParams(t.TextDocumentIdentifier(uri), pos, "first-meeting"))
    edits = sorted(edit.changes[uri], key=lambda e: (e.range.start.line, e.range.start.character), reverse=True)
    lines = list(LINES)
    for e in edits:
        ln = e.range.start.line
        lines[ln] = lines[ln][: e.range.start.character] + e.new_text + lines[ln][e.range.end.character:]
    renamed = "\n".join(lines)
    assert [e.range.start.line + 1 for e in reversed(edits)] == [16, 18, 60]  # start:, the key, visited(meet)
    assert "start: first-meeting" in renamed and "visited(first-meeting)" in renamed and "\n  first-meeting:\n" in renamed
    diags = await change(client, uri, renamed)
    assert not [d for d in diags if d.severity == t.DiagnosticSeverity.Error]  # still valid after the rename
    with pytest.raises(Exception, match="already a node or ending id"):
        await client.text_document_rename_async(t.RenameParams(t.TextDocumentIdentifier(uri), where(renamed, "goto: clo"), "read"))


async def test_yaml_that_is_not_a_scenario_gets_no_diagnostics(client: LanguageClient, tmp_path):
    _, diags = await open_doc(client, tmp_path, "compose.yaml", "services:\n  web:\n    image: nginx\n")
    assert list(diags) == []
    _, diags = await open_doc(client, tmp_path, "draft.yaml", "format: 2\nid: draft\n")
    assert {d.code for d in diags} == {"missing-key"}  # a scenario being started: told what is missing


async def test_completion_still_offers_ids_while_the_yaml_is_half_written(client: LanguageClient, tmp_path):
    uri, _ = await open_doc(client, tmp_path, "committee.yaml", COMMITTEE)
    await complete(client, uri, where(COMMITTEE, "goto: clo"))  # the server has read the file once
    broken = COMMITTEE.replace("        goto: email", "        goto: \n      - id: [half")
    diags = await change(client, uri, broken)
    assert [d.code for d in diags] == ["yaml-syntax"]
    labels = {i.label for i in await complete(client, uri, where(broken, "        goto: ", 2))}
    assert {"close", "email", "won", "lost"} <= labels
    with pytest.raises(Exception, match="not valid YAML right now"):
        await client.text_document_rename_async(t.RenameParams(t.TextDocumentIdentifier(uri), where(broken, "goto: clo"), "x"))
