"""Team › Share with my coach…: pick attempts (default: everything since the last share), then save the file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QListWidget, QListWidgetItem, QVBoxLayout

from simulator.ui.ops import run_op
from simulator.ui.widgets.layout import button
from simulator.ui.widgets.text import plain_label


def share_file_name(name: str) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in name).strip("-").lower() or "rep"
    return f"coaching-{safe}.json"


class ShareDialog(QDialog):
    """Lists this profile's completed attempts, the new ones ticked; "Save…" writes the coaching file."""

    shared = Signal(str, int)  # path, attempts

    def __init__(self, profile, parent=None, *, folder: Path | None = None):
        super().__init__(parent)
        self.profile = profile
        self.folder = folder or Path.home()
        self.setWindowTitle("Share with my coach")
        lay = QVBoxLayout(self)
        lay.addWidget(plain_label(f"Choose the attempts to share with your coach, {profile.name}. The file holds these "
                                  "attempts (moves, scores and your reflections) and nothing of anyone else. The attempts new since your "
                                  "last share are ticked.", wrap=True))
        self.list = QListWidget()
        self.list.setAccessibleName("Attempts to share")
        lay.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.all_button = button("Select &all", "Select every attempt")
        self.none_button = button("Select &none", "Select no attempt")
        self.all_button.clicked.connect(lambda: self._tick(True))
        self.none_button.clicked.connect(lambda: self._tick(False))
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        row.addStretch(1)
        self.count = plain_label("", role="muted", wrap=False)
        row.addWidget(self.count)
        lay.addLayout(row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Save file…")
        self.buttons.accepted.connect(self._choose_path)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.list.itemChanged.connect(self._update)
        self.resize(620, 460)

        def work(store):
            from simulator.coaching.share import default_selection, shareable

            return shareable(store, profile), set(default_selection(store, profile))

        run_op(self, work, self._fill)

    def _fill(self, result) -> None:
        items, default = result
        self.list.blockSignals(True)
        for x in reversed(items):  # newest first
            total = "—" if x["total"] is None else f"{x['total']:.0f}"
            when = x["finished"][:16].replace("T", " ")
            tag = "" if x["uuid"] in default else ("   (shared before)" if x["shared"] else "")
            it = QListWidgetItem(f"{when}   {x['title']}   total {total}{tag}")
            it.setData(Qt.ItemDataRole.UserRole, x["uuid"])
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(Qt.CheckState.Checked if x["uuid"] in default else Qt.CheckState.Unchecked)
            self.list.addItem(it)
        self.list.blockSignals(False)
        self._update()

    def _tick(self, on: bool) -> None:
        for i in range(self.list.count()):
            self.list.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def _update(self, *_a) -> None:
        n = len(self.chosen())
        self.count.setText(f"{n} of {self.list.count()} selected")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(n > 0)

    def _choose_path(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self, "Save the coaching file", str(self.folder / share_file_name(self.profile.name)),
                                              "Coaching file (*.json)")
        if path:
            self.save_to(path if path.lower().endswith(".json") else path + ".json")

    def save_to(self, path: str) -> None:
        profile, chosen, path = self.profile, self.chosen(), Path(path)

        def work(store):
            from simulator.coaching.share import write_share

            return len(write_share(path, store, profile, chosen)["attempts"])

        def done(n: int) -> None:
            self.shared.emit(str(path), n)
            self.accept()

        run_op(self, work, done)
