"""Safe text: plain-text labels and a Markdown viewer with HTML and resources off."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QByteArray, QUrl, Qt
from PySide6.QtGui import QDesktopServices, QFont, QTextCursor, QTextDocument
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QTextBrowser, QWidget

ALLOWED_SCHEMES = ("http", "https", "mailto")


def flow(text: str | None) -> str:
    """Author text as a reader should see it: YAML block line breaks joined, paragraphs kept."""
    if not text:
        return ""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines() if line.strip()) for p in paragraphs)


def plain_label(text: str = "", parent: QWidget | None = None, *, wrap: bool = True, scale: float = 1.0,
                bold: bool = False, role: str | None = None, selectable: bool = False, keep_lines: bool = False) -> QLabel:
    """A QLabel that never interprets its text as HTML. ``scale`` is relative to the system font.

    Text is reflowed with ``flow`` (unless ``keep_lines``), so authors' YAML line breaks do not show.
    """
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText((text or "") if keep_lines else flow(text))
    label.setWordWrap(wrap)
    if scale != 1.0 or bold:
        f = QFont(label.font())
        if scale != 1.0:
            f.setPointSizeF(max(6.0, f.pointSizeF() * scale))
        if bold:
            f.setBold(True)
        label.setFont(f)
    if role:
        label.setObjectName(role)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if wrap:
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


def scaled_font(widget: QWidget, scale: float, bold: bool = False) -> QFont:
    f = QFont(widget.font())
    f.setPointSizeF(max(6.0, f.pointSizeF() * scale))
    f.setBold(bold)
    return f


class SafeMarkdownView(QTextBrowser):
    """Renders untrusted Markdown: HTML escaped and disabled, no resources, links on click only.

    * the text is HTML-escaped, then parsed with ``MarkdownNoHTML`` so raw tags show literally;
    * ``loadResource`` returns nothing, so no image or stylesheet is ever read from disk or the net;
      images are replaced by their alt text;
    * ``setOpenLinks(False)``: a clicked link is opened by the desktop only for http, https and mailto.
    """

    def __init__(self, parent: QWidget | None = None, *, accessible_name: str = "Text"):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(accessible_name)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.anchorClicked.connect(self._open_link)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.opened_links: list[str] = []  # what was handed to the desktop (tests read it)
        self.refused_links: list[str] = []

    def loadResource(self, type_: int, name: QUrl):  # noqa: N802 - Qt override
        return QByteArray()  # nothing: no file, no network, no Qt resource

    def set_markdown(self, text: str | None) -> None:
        doc = self.document()
        doc.setMarkdown(html.escape(text or "", quote=False), QTextDocument.MarkdownFeature.MarkdownNoHTML)
        self._drop_images(doc)
        doc.setDocumentMargin(4)
        if self.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
            self._fit()

    def _fit(self) -> None:
        width = self.viewport().width() if self.isVisible() else max(400, self.width())
        self.document().setTextWidth(width)
        h = int(self.document().size().height()) + 2 * self.frameWidth() + 4
        if h != self.height():
            self.setFixedHeight(h)

    @staticmethod
    def _drop_images(doc: QTextDocument) -> None:
        """Replace every image by its alt text in brackets (nothing is loaded either way)."""
        found = []
        block = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                if frag.isValid() and frag.charFormat().isImageFormat():
                    found.append((frag.position(), frag.length()))
                it += 1
            block = block.next()
        for pos, length in reversed(found):
            cur = QTextCursor(doc)
            cur.setPosition(pos)
            cur.setPosition(pos + length, QTextCursor.MoveMode.KeepAnchor)
            cur.insertText("[image]")

    def _open_link(self, url: QUrl) -> None:
        if url.scheme().lower() in ALLOWED_SCHEMES and url.isValid():
            self.opened_links.append(url.toString())
            QDesktopServices.openUrl(url)
        else:
            self.refused_links.append(url.toString())

    def resizeEvent(self, event):  # noqa: N802
        super().resizeEvent(event)
        if self.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
            self._fit()
