"""Run pure core work (loading, linting, the search) off the UI thread.

``run_op`` is the app's single *database* writer; analyses of a scenario must
not queue behind database writes, nor need a store, so the studio runs them on
short-lived daemon threads and delivers the result on the UI thread through a
queued signal. A result whose ``owner`` has been destroyed, or that was
superseded by a newer job of the same ``kind``, is dropped.
"""

from __future__ import annotations

import itertools
import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal, Slot

try:
    from shiboken6 import isValid as _alive
except ImportError:  # pragma: no cover
    def _alive(obj) -> bool:
        return True


class Background(QObject):
    _done = Signal(int, bool, object)
    busy_changed = Signal(int)  # number of jobs running

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._jobs: dict[int, tuple] = {}
        self._latest: dict[str, int] = {}
        self._done.connect(self._deliver)

    @property
    def running(self) -> int:
        return len(self._jobs)

    def run(self, kind: str, fn: Callable[[], Any], on_success: Callable[[Any], None],
            on_failure: Callable[[BaseException], None] | None = None) -> int:
        job = next(self._ids)
        self._jobs[job] = (kind, on_success, on_failure)
        self._latest[kind] = job
        self.busy_changed.emit(len(self._jobs))

        def work() -> None:
            try:
                result = fn()
            except Exception as exc:  # delivered to on_failure on the UI thread
                self._emit(job, False, exc)
                return
            self._emit(job, True, result)

        threading.Thread(target=work, name=f"studio-{kind}", daemon=True).start()
        return job

    def _emit(self, job: int, ok: bool, payload: Any) -> None:
        if _alive(self):
            try:
                self._done.emit(job, ok, payload)
            except RuntimeError:  # the window went away while the job ran
                pass

    @Slot(int, bool, object)
    def _deliver(self, job: int, ok: bool, payload: Any) -> None:
        kind, on_success, on_failure = self._jobs.pop(job, (None, None, None))
        self.busy_changed.emit(len(self._jobs))
        if kind is None or self._latest.get(kind) != job:
            return  # superseded by a newer job of the same kind
        if ok:
            on_success(payload)
        elif on_failure is not None:
            on_failure(payload)
