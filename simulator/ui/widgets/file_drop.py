"""Dropping files on a widget: one mixin for every screen that imports files by drag and drop."""

from __future__ import annotations

from pathlib import Path


class FileDropMixin:
    """Accept dropped local files (optionally only those ending in ``drop_suffix``) and hand them to
    ``files_dropped(paths)``. Call ``setAcceptDrops(True)`` in the widget's constructor."""

    drop_suffix: str | None = None

    def _dropped_files(self, mime) -> list[Path]:
        if not mime.hasUrls():
            return []
        out = []
        for u in mime.urls():
            local = u.toLocalFile() if u.isLocalFile() else ""
            if local and (self.drop_suffix is None or local.lower().endswith(self.drop_suffix)):
                out.append(Path(local))
        return out

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if self._dropped_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802
        files = self._dropped_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self.files_dropped(files)

    def files_dropped(self, paths: list[Path]) -> None:  # pragma: no cover - every user overrides it
        raise NotImplementedError
