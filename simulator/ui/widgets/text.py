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


# -- inline Markdown emphasis, drawn without HTML ---------------------------------------------------

_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])(\*|_)(?=[^\s*_])(.+?)(?<=[^\s*_])\3(?![\w*])")


def emphasis(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """``**strong**``, ``__strong__``, ``*em*`` and ``_em_`` -> (text without the markers, [(start, length, "b"|"i")]).

    Nothing else of Markdown or HTML is interpreted; a lone ``*`` stays as written."""
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    at = 0
    pos = 0
    for m in _EMPHASIS.finditer(text):
        out.append(text[at:m.start()])
        pos += m.start() - at
        inner = m.group(2) if m.group(1) else m.group(4)
        spans.append((pos, len(inner), "b" if m.group(1) else "i"))
        out.append(inner)
        pos += len(inner)
        at = m.end()
    out.append(text[at:])
    return "".join(out), spans


def emphasis_ranges(spans) -> list:
    """``emphasis()``'s spans as QTextLayout format ranges: "b" bold, anything else italic."""
    from PySide6.QtGui import QTextCharFormat, QTextLayout

    ranges = []
    for start, length, kind in spans:
        r = QTextLayout.FormatRange()
        r.start, r.length = start, length
        f = QTextCharFormat()
        if kind == "b":
            f.setFontWeight(QFont.Weight.Bold)
        else:
            f.setFontItalic(True)
        r.format = f
        ranges.append(r)
    return ranges


class EmphasisLabel(QLabel):
    """A plain-text label that also draws inline ``*emphasis*`` and ``**strong**`` (never HTML).

    ``text()`` is what the reader sees (markers removed); the layout is our own QTextLayout, so the
    height for a width matches what is painted."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._spans: list = []
        self.set_markdown(text)

    def set_markdown(self, text: str) -> None:
        shown, self._spans = emphasis(flow(text))
        self._cache = None
        self.setText(shown)
        self.updateGeometry()

    def _layout(self, width: int):
        from PySide6.QtCore import QPointF
        from PySide6.QtGui import QTextLayout, QTextOption

        if self._cache is not None and self._cache[0] == width and self._cache[1] == self.font().key():
            return self._cache[2], self._cache[3]
        lay = QTextLayout(self.text().replace("\n", "\u2028"), self.font())
        opt = QTextOption()
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        lay.setTextOption(opt)
        lay.setFormats(emphasis_ranges(self._spans))
        y = 0.0
        lay.beginLayout()
        while True:
            line = lay.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(1.0, float(width)))
            line.setPosition(QPointF(0, y))
            y += line.height()
        lay.endLayout()
        self._cache = (width, self.font().key(), lay, y)
        return lay, y

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        m = self.contentsMargins()
        return int(self._layout(max(1, width - m.left() - m.right()))[1] + 0.999) + m.top() + m.bottom()

    def sizeHint(self):  # noqa: N802
        from PySide6.QtCore import QSize

        w = max(200, min(self.fontMetrics().horizontalAdvance(self.text()) + 4, 640))
        return QSize(w, self.heightForWidth(w))

    def minimumSizeHint(self):  # noqa: N802
        from PySide6.QtCore import QSize

        return QSize(60, self.fontMetrics().height())

    def paintEvent(self, event) -> None:  # noqa: N802
        from PySide6.QtCore import QPointF
        from PySide6.QtGui import QPainter, QPalette

        m = self.contentsMargins()
        lay, _h = self._layout(max(1, self.width() - m.left() - m.right()))
        p = QPainter(self)
        p.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        lay.draw(p, QPointF(m.left(), m.top()))
        p.end()


class ElidedLabel(QLabel):
    """One line of plain text that ends in "…" when it does not fit; the tooltip then shows it all."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, scale: float = 1.0, bold: bool = False,
                 role: str | None = None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        if scale != 1.0 or bold:
            f = QFont(self.font())
            f.setPointSizeF(max(6.0, f.pointSizeF() * scale))
            f.setBold(bold)
            self.setFont(f)
        if role:
            self.setObjectName(role)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.full_text = ""
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self.full_text = " ".join((text or "").split())
        self.setAccessibleName(self.full_text)
        self._elide()

    def shown_text(self) -> str:
        return self.text()

    def _elide(self) -> None:
        width = self.width() if self.width() > 10 else 10_000
        shown = self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, width)
        if shown != self.text():
            self.setText(shown)
        self.setToolTip(self.full_text if shown != self.full_text else "")

    def minimumSizeHint(self):  # noqa: N802
        from PySide6.QtCore import QSize

        return QSize(40, self.fontMetrics().height())

    def sizeHint(self):  # noqa: N802
        from PySide6.QtCore import QSize

        return QSize(self.fontMetrics().horizontalAdvance(self.full_text) + 2, self.fontMetrics().height())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()
