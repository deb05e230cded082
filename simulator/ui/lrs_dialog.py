"""Team > Learning record store: where results go (xAPI), test the connection, see what is pending, sync now.

Network and database work run through ``run_op`` (never on the UI thread); the settings are saved by
``simulator.xapi.config.save_config`` (owner-only file). Playing never needs the network: results wait in
the progress database until a sync sends them.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from simulator.ui.ops import run_op


class LrsDialog(QDialog):
    def __init__(self, parent=None, *, config_path=None):
        super().__init__(parent)
        from simulator.xapi.config import LrsError, load_config

        self.setWindowTitle("Learning record store")
        self.setObjectName("lrs-dialog")
        self._config_path = config_path
        try:
            self.cfg = load_config(config_path)
            problem = ""
        except LrsError as exc:
            from simulator.xapi.config import LrsConfig

            self.cfg, problem = LrsConfig(), str(exc)
        intro = QLabel(
            "Send your results to your organisation's learning record store (xAPI). You can always play offline: "
            "results wait here until you sync.")
        intro.setWordWrap(True)
        self.endpoint = QLineEdit(self.cfg.endpoint, placeholderText="https://lrs.example.com/xAPI/")
        self.username = QLineEdit(self.cfg.username)
        self.password = QLineEdit(self.cfg.password, echoMode=QLineEdit.EchoMode.Password)
        self.base_iri = QLineEdit(self.cfg.base_iri)
        self.mbox = QLineEdit(self.cfg.mbox, placeholderText="optional: identify me by this e-mail address")
        for w, name in ((self.endpoint, "LRS address"), (self.username, "User name"), (self.password, "Password"),
                        (self.base_iri, "Organisation IRI"), (self.mbox, "E-mail")):
            w.setAccessibleName(name)
        self.base_iri.setToolTip("The web address your organisation uses to name activities in the LRS "
                                 "(your LMS administrator knows it). Scenarios are named under it.")
        self.mbox.setToolTip("Leave empty to be identified by your profile name on the organisation's address.")
        form = QFormLayout()
        form.addRow("LRS &address:", self.endpoint)
        form.addRow("&User name:", self.username)
        form.addRow("Pass&word:", self.password)
        form.addRow("Organisation &IRI:", self.base_iri)
        form.addRow("E-&mail (optional):", self.mbox)
        self.status = QLabel(problem or "")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setObjectName("lrs-status")
        self.pending = QLabel("")
        self.pending.setTextFormat(Qt.TextFormat.PlainText)
        self.pending.setObjectName("lrs-pending")
        self.btn_test = QPushButton("&Test connection")
        self.btn_sync = QPushButton("&Sync now")
        self.btn_test.clicked.connect(self.test_connection)
        self.btn_sync.clicked.connect(self.sync_now)
        row = QHBoxLayout()
        row.addWidget(self.btn_test)
        row.addWidget(self.btn_sync)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addLayout(row)
        lay.addWidget(self.pending)
        lay.addWidget(self.status)
        lay.addWidget(buttons)
        self.resize(560, self.sizeHint().height())
        self.refresh_pending()

    # -- settings -------------------------------------------------------------------------------------

    def current(self):
        return replace(self.cfg, endpoint=self.endpoint.text().strip(), username=self.username.text().strip(),
                       password=self.password.text(), base_iri=self.base_iri.text().strip() or self.cfg.base_iri,
                       mbox=self.mbox.text().strip())

    def save(self) -> None:
        from simulator.errors import SimulatorError
        from simulator.xapi.config import check_endpoint, save_config

        cfg = self.current()
        try:
            if cfg.endpoint:
                check_endpoint(cfg.endpoint)
            path = save_config(cfg, self._config_path)
        except (SimulatorError, OSError) as exc:
            self._say(f"Not saved: {exc}.")
            return
        self.cfg = cfg
        self._say(f"Saved to {path}.")
        self.refresh_pending()

    def _say(self, text: str) -> None:
        text = text[:1].upper() + text[1:] if text else text
        self.status.setText(text)

    # -- work off the UI thread -----------------------------------------------------------------------

    def refresh_pending(self) -> None:
        cfg = self.current()
        if not cfg.endpoint:
            self.pending.setText("No LRS address yet: enter the one your LMS administrator gave you.")
            return
        from simulator.xapi.sync import status

        def done(st) -> None:
            last = st.last_sync or "never"
            self.pending.setText(f"{st.pending} result statement(s) waiting to be sent. Last sync: {last}.")

        run_op(self, lambda store: status(store, cfg), done, lambda exc: self._say(str(exc)))

    def test_connection(self) -> None:
        from simulator.xapi.client import Client

        cfg = self.current()
        self._say("Testing…")
        self.btn_test.setEnabled(False)

        def finish(text: str) -> None:
            self.btn_test.setEnabled(True)
            self._say(text)

        run_op(self, lambda: Client(cfg).check(), lambda msg: finish(msg + "."),
               lambda exc: finish(f"{exc}."), needs_store=False)

    def sync_now(self) -> None:
        from simulator.xapi.sync import sync

        cfg = self.current()
        self._say("Sending…")
        self.btn_sync.setEnabled(False)

        def finish(text: str) -> None:
            self.btn_sync.setEnabled(True)
            self._say(text)
            self.refresh_pending()

        def ok(report) -> None:
            finish(report.summary() + (f". {report.error}." if report.error else "."))

        run_op(self, lambda store: sync(store, cfg), ok, lambda exc: finish(f"{exc}."))
