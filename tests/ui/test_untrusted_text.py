"""Author text is untrusted: HTML shows literally, nothing is loaded, links open only on click and allow-list."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import QLabel

from simulator.ui.app import AppConfig
from simulator.ui.widgets.avatar import sanitize_svg
from simulator.ui.widgets.text import SafeMarkdownView
from tests.ui.conftest import close_and_wait
from tests.ui.helpers import DIGITS, press, type_text

IMG = '<img src="/etc/passwd">'

HOSTILE = f"""\
format: 1
id: hostile
title: '<b>Bold</b> deal {IMG}'
summary: 'A <i>summary</i> with {IMG} and <script>alert(1)</script>'
briefing: |
  **Real bold** and <b>not bold</b> and {IMG}.

  ![a picture](/etc/passwd) and [a file link](file:///etc/passwd) and [a web link](https://example.com/x).
people:
  eve: {{name: "Eve <u>Hacker</u>", role: "<a href='file:///etc/passwd'>CISO</a>", about: '{IMG}'}}
scoring:
  ask_confidence: true
start: open
nodes:
  open:
    who: eve
    mood: skeptical
    text: 'Hello <b>rep</b> {IMG}'
    choices:
      - id: a
        text: 'Say <b>this</b> {IMG}'
        evidence: {{insight: 2}}
        note: "Note with <b>tags</b>"
        goto: done
      - id: b
        text: "Say <i>that</i>"
        evidence: {{insight: -1}}
        goto: done
endings:
  done: {{title: "The <b>end</b>", text: '{IMG}', outcome: won}}
"""


def all_label_texts(widget) -> list[str]:
    return [lab.text() for lab in widget.findChildren(QLabel)]


def test_html_and_img_show_literally(qtbot, make_window, tmp_path, shoot):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    cfg = AppConfig(db_path=tmp_path / "p.db", library_paths=[lib], settings_path=tmp_path / "s.ini")
    w = make_window(cfg)
    type_text(qtbot, w, "Tess")
    press(qtbot, w, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.library_screen and len(w.library_screen.cards) == 1)

    # every QLabel in the window is plain text
    labels = w.findChildren(QLabel)
    rich = [lab.text() for lab in labels if lab.text() and lab.textFormat() != Qt.TextFormat.PlainText]
    assert labels and rich == []
    card = w.library_screen.cards[0]
    assert card.title.text() == f"<b>Bold</b> deal {IMG}"
    assert any(IMG in t and "<script>" in t for t in all_label_texts(card))
    shoot(w, "10-library-hostile")

    w.library_screen.cards[0].open_button.click()
    view = w.briefing_screen.briefing
    text = view.toPlainText()
    assert "<b>not bold</b>" in text and IMG in text
    assert "**" not in text and "Real bold" in text  # Markdown itself still renders
    # nothing was turned into an image or fetched: images became "[image]", resources load nothing
    assert "[image]" in text
    assert not view.loadResource(int(QTextDocument.ResourceType.ImageResource), QUrl("file:///etc/passwd"))
    html = view.document().toHtml()
    assert "<img" not in html.replace("&lt;img", "")
    assert any("Eve <u>Hacker</u>" == t for t in all_label_texts(w.briefing_screen))
    shoot(w, "11-briefing-hostile")

    # conversation: bubbles and choices show the tags as text; confidence is asked
    press(qtbot, w, Qt.Key.Key_Return)
    conv = w.conversation_screen
    assert conv.transcript.texts() == [f"Hello <b>rep</b> {IMG}"]
    assert conv.choices.buttons[0].choice_text == f"Say <b>this</b> {IMG}"
    assert any(t == f"Say <b>this</b> {IMG}" for t in all_label_texts(conv.choices))
    press(qtbot, w, DIGITS[1])
    assert conv.confidence.isVisible() and not conv.choices.isVisible()
    shoot(w, "12-confidence-picker")
    press(qtbot, w, DIGITS[5])  # 90 %
    qtbot.waitUntil(lambda: conv.debrief_button.isEnabled())
    assert conv.model.session.decisions[0].confidence == 90
    press(qtbot, w, Qt.Key.Key_Return)
    deb = w.debrief_screen
    assert deb.ending_label.text() == "The <b>end</b>"
    texts = all_label_texts(deb)
    assert "Note with <b>tags</b>" in texts
    assert any("You were 90 % sure." == t for t in texts)
    assert all(lab.textFormat() == Qt.TextFormat.PlainText for lab in w.findChildren(QLabel) if lab.text())
    shoot(w, "13-debrief-with-calibration")
    close_and_wait(qtbot, w)


def test_links_open_only_on_click_and_only_web_or_mail(qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toString()) or True))
    view = SafeMarkdownView()
    qtbot.addWidget(view)
    view.set_markdown("[f](file:///etc/passwd) [w](https://example.com) [m](mailto:a@b.c) [j](javascript:alert(1))")
    assert opened == []  # nothing opens by itself
    assert not view.openLinks() and not view.openExternalLinks()
    for url in ("file:///etc/passwd", "https://example.com", "mailto:a@b.c", "javascript:alert(1)", "qrc:/x"):
        view.anchorClicked.emit(QUrl(url))
    assert opened == ["https://example.com", "mailto:a@b.c"]
    assert view.refused_links == ["file:///etc/passwd", "javascript:alert(1)", "qrc:/x"]


def test_svg_avatar_cannot_pull_in_local_files():
    evil = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            b'<image xlink:href="/etc/passwd"/><rect fill="url(file:///x)"/><use href="#ok"/></svg>')
    clean = sanitize_svg(evil)
    assert b"/etc/passwd" not in clean and b"file:" not in clean and b'href="#ok"' in clean
    assert sanitize_svg(b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>') is None
    assert sanitize_svg(b"not xml") is None


def test_error_dialog_is_plain_and_has_no_traceback(qtbot):
    from simulator.errors import StorageError
    from simulator.ui.errors import show_error

    box = show_error(None, StorageError("cannot write <b>/tmp/x</b>"))
    qtbot.addWidget(box)
    assert box.isVisible()
    assert box.informativeText() == "Cannot write <b>/tmp/x</b>. Try again; if it keeps happening, quit and reopen the app."
    assert all(lab.textFormat() == Qt.TextFormat.PlainText for lab in box.findChildren(QLabel))
    assert "Traceback" not in box.text() + box.informativeText()
    box.close()
    other = show_error(None, ValueError("boom"))
    qtbot.addWidget(other)
    assert other.text() == "Something unexpected went wrong."
    assert other.informativeText() == "ValueError: boom. Try again; if it keeps happening, restart the app."
    other.close()
