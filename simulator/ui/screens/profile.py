"""Profile: first run asks for a display name and team; later runs pick an existing profile."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from simulator.ui.ops import run_op
from simulator.ui.widgets.layout import button, card, scroll_page
from simulator.ui.widgets.text import plain_label


class ProfileScreen(QWidget):
    profile_chosen = Signal(object)  # storage.Profile

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Profile")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        area, col = scroll_page(self, 560)
        outer.addWidget(area)
        col.addSpacing(24)
        self.title = plain_label("Welcome to the Sales Simulator", scale=1.7, bold=True)
        col.addWidget(self.title)
        col.addWidget(plain_label(
            "Practise the hard conversations — renewals at risk, stalled deals, buying committees — and get "
            "a debrief on every decision. Your progress stays on this computer.", role="muted"))

        self.pick_card, pick = card()
        pick.addWidget(plain_label("Continue as", bold=True, scale=1.1))
        self.list = QListWidget()
        self.list.setAccessibleName("Existing profiles")
        self.list.itemActivated.connect(self._use_item)
        pick.addWidget(self.list)
        self.use = button("&Continue", "Continue with the selected profile", primary=True)
        self.use.clicked.connect(self._use_selected)
        pick.addWidget(self.use, 0, Qt.AlignmentFlag.AlignRight)
        col.addWidget(self.pick_card)

        new_card, new = card()
        self.new_heading = plain_label("Create your profile", bold=True, scale=1.1)
        new.addWidget(self.new_heading)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name = QLineEdit()
        self.name.setAccessibleName("Display name")
        self.name.setPlaceholderText("e.g. Alex Morgan")
        self.name.setMaxLength(60)
        self.team = QLineEdit()
        self.team.setAccessibleName("Team")
        self.team.setPlaceholderText("e.g. Enterprise EMEA (optional)")
        self.team.setMaxLength(60)
        for text, field in (("Display &name", self.name), ("Tea&m", self.team)):
            label = plain_label(text, wrap=False)
            label.setBuddy(field)  # Alt+N / Alt+M (plain text labels keep their mnemonic)
            form.addRow(label, field)
        new.addLayout(form)
        self.name_error = plain_label("", role="inlineError")
        self.name_error.setAccessibleName("Problem with the name")
        self.name_error.hide()
        new.addWidget(self.name_error)
        self.create = button("Create p&rofile", "Create profile", primary=True)
        self.create.setEnabled(False)
        self.create.clicked.connect(self._create)
        self.name.textChanged.connect(self._name_changed)
        self.name.returnPressed.connect(self._create)
        self.team.returnPressed.connect(self._create)
        new.addWidget(self.create, 0, Qt.AlignmentFlag.AlignRight)
        col.addWidget(new_card)
        col.addStretch(1)
        self.profiles: list = []
        self.set_profiles([])

    def set_profiles(self, profiles) -> None:
        self.profiles = list(profiles)
        self.list.clear()
        for p in self.profiles:
            item = QListWidgetItem(f"{p.name}" + (f" — {p.team}" if p.team else ""))
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.list.addItem(item)
        has = bool(self.profiles)
        rows = min(max(len(self.profiles), 2), 7)  # as tall as its names (a scroll bar beyond seven)
        self.list.setFixedHeight(rows * max(self.list.sizeHintForRow(0), self.list.fontMetrics().height() + 6)
                                 + 2 * self.list.frameWidth() + 4)
        self.pick_card.setVisible(has)
        self.title.setText("Who is practising?" if has else "Welcome to the Sales Simulator")
        self.new_heading.setText("Or create a new profile" if has else "Create your profile")
        if has:
            self.list.setCurrentRow(0)

    def reload(self) -> None:
        run_op(self, lambda store: store.profiles(), self.set_profiles)

    def focus_default(self) -> None:
        (self.list if self.profiles else self.name).setFocus()

    def _use_item(self, item: QListWidgetItem) -> None:
        pid = item.data(Qt.ItemDataRole.UserRole)
        profile = next((p for p in self.profiles if p.id == pid), None)
        if profile is not None:
            self.profile_chosen.emit(profile)

    def _use_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._use_item(item)

    def _name_changed(self, text: str) -> None:
        self.create.setEnabled(bool(text.strip()))
        self.name_error.hide()

    def _say(self, text: str) -> None:
        self.name_error.setText(text)
        self.name_error.show()
        self.name.setFocus()
        self.name.selectAll()

    def _create(self) -> None:
        name, team = self.name.text().strip(), self.team.text().strip()
        if not name:
            return
        from simulator.names import name_problem  # the one rule for names (the CLI and the store use it too)

        problem = name_problem(name) or name_problem(team, "team")
        if problem:
            from simulator.ui.errors import sentence

            self._say(sentence(problem))
            return
        taken = next((p for p in self.profiles if p.name.casefold() == " ".join(name.split()).casefold()), None)
        if taken is not None:
            self._say(f"There is already a profile named “{taken.name}”. Pick it under “Continue as”, "
                      "or type another name.")
            return
        self.create.setEnabled(False)

        def done(profile):
            self.name.clear()
            self.team.clear()
            self.profile_chosen.emit(profile)

        def bad(exc):
            from simulator.ui.errors import sentence, show_error

            self.create.setEnabled(True)
            if "already exists" in str(exc) or "already a profile" in str(exc):
                self._say(f"There is already a profile named “{name}”. Pick it from the list, or type another name.")
                self.reload()
            elif "name" in str(exc).lower():
                self._say(sentence(str(exc)))
            else:
                show_error(self, exc)

        run_op(self, lambda store: store.create_profile(name, team), done, bad)
