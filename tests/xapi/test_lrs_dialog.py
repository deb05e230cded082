"""Team > Learning record store in the app: settings, test connection, pending count, sync now (real Ralph)."""

from __future__ import annotations

import os
import stat

from simulator.ui.app import AppConfig
from simulator.xapi.config import load_config
from tests.support.lrs import PASSWORD, USER
from tests.ui.conftest import _fusion, close_and_wait, make_window  # noqa: F401 - fixtures


def test_lrs_dialog_tests_the_connection_and_syncs(qtbot, make_window, recorded, lrs, tmp_path, monkeypatch):  # noqa: F811
    cfg_file = tmp_path / "lrs.json"
    monkeypatch.setenv("SIMULATOR_LRS_CONFIG", str(cfg_file))
    monkeypatch.delenv("SIMULATOR_LRS_USERNAME", raising=False)
    monkeypatch.delenv("SIMULATOR_LRS_PASSWORD", raising=False)
    w = make_window(AppConfig(db_path=recorded, library_paths=[], settings_path=tmp_path / "settings.ini"))
    team = next(a.menu() for a in w.menuBar().actions() if a.text() == "&Team")
    assert w.act_lrs in team.actions() and w.act_lrs.text() == "Learning &record store…"
    w.act_lrs.trigger()
    dlg = w._lrs_dialog
    qtbot.waitUntil(lambda: dlg.isVisible())
    assert dlg.pending.text().startswith("No LRS address yet")
    dlg.endpoint.setText(lrs.endpoint)
    dlg.username.setText(USER)
    dlg.password.setText("wrong")
    dlg.btn_test.click()
    qtbot.waitUntil(lambda: "refused the credentials" in dlg.status.text(), timeout=30000)
    assert dlg.status.text()[0].isupper()
    dlg.password.setText(PASSWORD)
    dlg.btn_test.click()
    qtbot.waitUntil(lambda: "the credentials work" in dlg.status.text(), timeout=30000)
    dlg.save()
    assert cfg_file.exists() and stat.S_IMODE(os.stat(cfg_file).st_mode) == 0o600
    assert load_config().endpoint == lrs.endpoint and load_config().password == PASSWORD
    qtbot.waitUntil(lambda: "waiting to be sent" in dlg.pending.text() and not dlg.pending.text().startswith("0 "),
                    timeout=30000)
    dlg.btn_sync.click()
    qtbot.waitUntil(lambda: dlg.status.text().startswith("Sent "), timeout=60000)
    qtbot.waitUntil(lambda: dlg.pending.text().startswith("0 result statement(s) waiting"), timeout=30000)
    assert "Last sync: never" not in dlg.pending.text()
    dlg.close()
    close_and_wait(qtbot, w)
