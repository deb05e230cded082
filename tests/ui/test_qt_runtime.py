"""Guards against a broken Qt binding: PySide6 6.12.0 on Python 3.11 drops a reference to None on
every processEvents() call, which eventually kills the interpreter ("deallocating None"). The
project pins PySide6 below 6.12; this test fails if a version with that bug is installed."""

import sys


def test_process_events_keeps_none_alive(qapp):
    from PySide6.QtWidgets import QWidget

    w = QWidget()
    w.show()
    before = sys.getrefcount(None)
    for _ in range(2000):
        qapp.processEvents()
    after = sys.getrefcount(None)
    w.close()
    assert after - before > -100, f"processEvents() lost {before - after} references to None"
