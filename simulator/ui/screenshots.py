"""Write every screen of the app as a PNG, headless: ``python -m simulator.ui.screenshots [OUT]``.

Builds a throw-away database with one rep's history (a few finished attempts and one interrupted),
opens the real app on the bundled scenarios (or ``--library``), walks through every screen as a rep
would and saves ``<screen>-<scheme>.png`` at the requested size, in light and in dark.
``make screenshots`` runs it into ``docs/screenshots/``.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCREENS = ("profile", "library", "briefing", "conversation", "debrief", "debrief-decisions", "progress",
           "leaderboard", "studio")


def _seed_history(db: Path, library: list[Path]) -> tuple[int, list]:
    """A rep with finished attempts on three scenarios (two on the first) and one interrupted."""
    from simulator.engine import Session
    from simulator.loader import load_library
    from simulator.storage import Store, record_session

    scenarios, _diags = load_library(library)
    scenarios = sorted(scenarios, key=lambda s: s.id)
    store = Store.open(db)
    rng = random.Random(7)
    try:
        profile = store.get_or_create_profile("Alex Morgan", "Enterprise EMEA")
        for i, sc in enumerate(scenarios[:3] + scenarios[:1]):
            session = Session(sc, 100 + i)
            session.start()
            for _ in range(200):
                if session.finished or not session.current.options:
                    break
                session.choose(rng.choice(session.current.options).id)
                if sc.ask_confidence:
                    session.set_confidence(rng.choice((60, 70, 80, 90)))
            record_session(store, profile.name, session)
        if len(scenarios) > 3:
            session = Session(scenarios[3], 5)
            session.start()
            if session.current.options:
                session.choose(session.current.options[0].id)
                if scenarios[3].ask_confidence:
                    session.set_confidence(70)
            record_session(store, profile.name, session)
    finally:
        store.close()
    return profile.id, scenarios


def _settle(app, until=None, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while True:
        app.sendPostedEvents()
        app.processEvents()
        if until is None or until() or time.monotonic() > end:
            break
        time.sleep(0.01)
    for _ in range(3):
        app.sendPostedEvents()
        app.processEvents()


def capture(out: Path, scheme: str, size: tuple[int, int], library: list[Path] | None = None) -> list[Path]:
    """Every screen in one scheme; returns the files written."""
    from simulator.paths import bundled_scenarios_dir

    library = library or [bundled_scenarios_dir()]
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="simulator-shots-"))
    db = tmp / "progress.db"
    profile_id, scenarios = _seed_history(db, library)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from simulator.ui.app import AppConfig, create_window, shutdown
    from simulator.ui.theme import apply_scheme

    app = QApplication.instance() or QApplication(["simulator-screenshots"])
    apply_scheme(app, scheme)
    settings_path = tmp / "settings.ini"
    s = QSettings(str(settings_path), QSettings.Format.IniFormat)
    s.setValue("profile/last", profile_id)
    s.sync()
    written: list[Path] = []
    window = create_window(AppConfig(db_path=db, library_paths=library, settings_path=settings_path))
    window.resize(*size)
    window.show()
    window.start()

    def shot(widget, name: str) -> None:
        _settle(app)
        path = out / f"{name}-{scheme}.png"
        widget.grab().save(str(path))
        written.append(path)

    try:
        _settle(app, lambda: window.is_ready and window.library_model.progress_ready)
        window.resize(*size)
        shot(window, "library")
        if not scenarios:
            return written
        first = window.library_model.by_id(scenarios[0].id) or window.library_model.scenarios[0]
        window.open_briefing(first)
        shot(window, "briefing")
        window.start_conversation(first)
        conv = window.conversation_screen
        rng = random.Random(3)
        for _ in range(2):
            _settle(app)
            if conv.confidence.isVisible():
                conv.confidence.press(4)
            elif conv.choices.buttons:
                conv.choices.press(rng.randint(1, len(conv.choices.buttons)))
        _settle(app)
        if conv.confidence.isVisible():
            conv.confidence.press(4)
        shot(window, "conversation")
        for _ in range(200):
            _settle(app)
            if conv.end_card.isVisible():
                break
            if conv.confidence.isVisible():
                conv.confidence.press(rng.randint(1, 6))
            elif conv.choices.buttons:
                conv.choices.press(rng.randint(1, len(conv.choices.buttons)))
        _settle(app, lambda: conv.debrief_button.isEnabled())
        conv.debrief_button.click()
        shot(window, "debrief")
        screen = window.debrief_screen
        cards = getattr(screen, "review_cards", [])
        if cards:
            screen.area.ensureWidgetVisible(cards[0], 0, 0)
            bar = screen.area.verticalScrollBar()
            bar.setValue(cards[0].mapTo(screen.area.widget(), cards[0].rect().topLeft()).y() - 12)
        shot(window, "debrief-decisions")
        window.show_progress()
        _settle(app, lambda: window.progress_screen.history_model.rowCount() > 0, 10)
        shot(window, "progress")
        window.show_leaderboard()
        _settle(app, lambda: window.leaderboard_screen.import_button.isEnabled(), 60)
        shot(window, "leaderboard")
        window.show_library()
        window.switch_profile()
        shot(window, "profile")
        studio = window.open_studio()
        studio.resize(*size)
        _settle(app, lambda: not studio.busy, 20)
        shot(studio, "studio")
        studio.close()
    finally:
        _settle(app)
        window.close()
        shutdown(window)
        _settle(app)
    return written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m simulator.ui.screenshots", description=__doc__.splitlines()[0])
    p.add_argument("out", nargs="?", default="docs/screenshots", help="the folder to write into")
    p.add_argument("--scheme", choices=("light", "dark", "both"), default="both")
    p.add_argument("--size", default="1280x800", help="WIDTHxHEIGHT (default 1280x800)")
    p.add_argument("--library", action="append", help="a scenario folder (default: the bundled scenarios)")
    a = p.parse_args(argv)
    try:
        size = tuple(int(x) for x in a.size.lower().split("x"))
        assert len(size) == 2 and min(size) > 200
    except (ValueError, AssertionError):
        print(f"screenshots: error: --size must look like 1280x800, not {a.size!r}", file=sys.stderr)
        return 2
    if a.scheme == "both":  # one process per scheme: every widget is built fresh in its palette
        code = 0
        for scheme in ("light", "dark"):
            cmd = [sys.executable, "-m", "simulator.ui.screenshots", a.out, "--scheme", scheme, "--size", a.size]
            for lib in a.library or []:
                cmd += ["--library", lib]
            code = code or subprocess.call(cmd)
        return code
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    libs = [Path(x) for x in a.library] if a.library else None
    files = capture(Path(a.out), a.scheme, size, libs)
    print(f"wrote {len(files)} screenshots ({a.scheme}) to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
