"""Background work: one writer thread that owns the Store, and ``run_op``.

Modelled on Anki's ``QueryOp``/``CollectionOp``: ``fn`` runs off the UI
thread and receives core objects (the open ``Store``), never widgets; its
result (or exception) is delivered back on the UI thread to ``on_success``
(or ``on_failure``, by default ``show_error``). Ops run one at a time in the
order they were queued, so a decision is never written before its attempt.
Callbacks are dropped when their ``parent`` widget has been destroyed.
"""

from __future__ import annotations

import atexit
import itertools
import queue
import threading
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

try:  # shiboken6 ships with PySide6
    from shiboken6 import isValid as _alive
except ImportError:  # pragma: no cover
    def _alive(obj) -> bool:
        return True


_STOP = object()


@dataclass
class _Job:
    id: int
    fn: Callable
    needs_store: bool


class _Relay(QObject):
    """Lives on the UI thread; the worker emits into it (queued connection).

    Only the job id crosses threads in the signal; the result waits in a locked dict.
    (Python objects — above all ``None`` — sent through queued signals have hit
    reference-count bugs in PySide, so none are.)
    """

    done = Signal(int)


class OpRunner(QThread):
    """The single writer thread. ``open_store`` is called once, on this thread, when first needed."""

    idle = Signal()

    def __init__(self, open_store: Callable[[], Any] | None, parent: QObject | None = None):
        super().__init__(parent)
        self.setObjectName("simulator-writer")
        self._open_store = open_store
        self._store = None
        self._store_error: BaseException | None = None
        self._queue: queue.Queue = queue.Queue()
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple] = {}
        self._relay = _Relay()
        self._relay.done.connect(self._deliver)
        self._results: dict[int, tuple[bool, object]] = {}
        self._lock = threading.Lock()
        self.pending = 0
        _track(self)

    # -- UI thread --------------------------------------------------------------

    def submit(self, parent, fn, on_success, on_failure, needs_store: bool = True) -> int:
        if not self.isRunning():
            _live.add(self)  # (again, if it was stopped before)
            self.start()
        job = _Job(next(self._ids), fn, needs_store)
        self._callbacks[job.id] = (parent, on_success, on_failure)
        self.pending += 1
        self._queue.put(job)
        return job.id

    @Slot(int)
    def _deliver(self, job_id: int) -> None:
        with self._lock:
            ok, payload = self._results.pop(job_id)
        parent, on_success, on_failure = self._callbacks.pop(job_id, (None, None, None))
        self.pending -= 1
        try:
            if parent is not None and not _alive(parent):
                return
            if ok:
                if on_success is not None:
                    on_success(payload)
            elif on_failure is not None:
                on_failure(payload)
            else:
                from simulator.ui.errors import show_error

                show_error(parent if parent is not None and _alive(parent) else None, payload)
        finally:
            if self.pending == 0:
                self.idle.emit()

    def reopen(self, parent, open_store: Callable[[], Any], on_success=None, on_failure=None) -> int:
        """Replace the store: queued after earlier ops, this closes the current store (if any) and calls
        ``open_store()`` on the writer thread; later ops use the new store. ``on_success`` receives the
        store's ``(moved_aside, restored_from)`` paths (plain data; the store stays on the writer thread)."""

        def job():
            if self._store is not None:
                try:
                    self._store.close()
                except Exception:
                    pass
            self._store, self._store_error, self._open_store = None, None, open_store
            store = self._store_or_raise()
            return getattr(store, "moved_aside", None), getattr(store, "restored_from", None)

        return self.submit(parent, job, on_success, on_failure, needs_store=False)

    def stop(self, timeout_ms: int = 5000) -> None:
        """Finish queued work, close the store and end the thread (called on quit)."""
        if self.isRunning():
            self._queue.put(_STOP)
            self.wait(timeout_ms)

    # -- worker thread -----------------------------------------------------------

    def _store_or_raise(self):
        if self._store is None:
            if self._store_error is not None:
                raise self._store_error
            if self._open_store is None:
                from simulator.errors import StorageError

                raise StorageError("no progress database is open")
            try:
                self._store = self._open_store()
            except BaseException as exc:  # keep the reason; every later op reports it
                self._store_error = exc
                raise
        return self._store

    def run(self) -> None:  # noqa: D401 - QThread entry point
        while True:
            job = self._queue.get()
            if job is _STOP:
                break
            try:
                outcome = (True, job.fn(self._store_or_raise()) if job.needs_store else job.fn())
            except Exception as exc:  # delivered to on_failure / show_error on the UI thread
                outcome = (False, exc)
            with self._lock:
                self._results[job.id] = outcome
            self._relay.done.emit(job.id)
        if self._store is not None:
            try:
                self._store.close()
            except Exception:
                pass
            self._store = None


# Every runner made in this process that has not finished, held here so none is deleted while it runs:
# Qt aborts the whole process ("QThread: Destroyed while thread ... is still running") when a running
# QThread is deleted — by the garbage collector mid-session, or at interpreter exit (``stop_all``).
_live: "set[OpRunner]" = set()
_exit_hook = False


def _track(runner: OpRunner) -> None:
    global _exit_hook
    for r in list(_live):  # forget the runners that have ended
        try:
            if not _alive(r) or r.isFinished():
                _live.discard(r)
        except RuntimeError:
            _live.discard(r)
    _live.add(runner)
    if not _exit_hook:  # registered after the QApplication exists, so it runs before PySide's own clean-up
        atexit.register(stop_all)
        _exit_hook = True


def running_runners() -> list[OpRunner]:
    """The writer threads still running (none once every window has been shut down)."""
    out = []
    for r in list(_live):
        try:
            if _alive(r) and r.isRunning():
                out.append(r)
        except RuntimeError:  # its C++ object is gone
            pass
    return out


def stop_all(timeout_ms: int = 30000) -> list[OpRunner]:
    """Stop every writer thread still running (finishing its queued work); returns those it stopped.

    The safety net at interpreter exit and after each UI test: the normal path is ``app.shutdown``."""
    stopped = running_runners()
    for r in stopped:
        r.stop(timeout_ms)
    for r in stopped:
        if r.isRunning():  # a job that never ends: better a lost job than an aborted process
            r.terminate()
            r.wait(2000)
    return stopped


_runner: OpRunner | None = None


def install_runner(runner: OpRunner | None) -> None:
    """Make ``runner`` the one ``run_op`` uses (the app does this at start-up)."""
    global _runner
    _runner = runner


def current_runner() -> OpRunner:
    if _runner is None:
        raise RuntimeError("no OpRunner installed; build the app with simulator.ui.app.create_window")
    return _runner


def run_op(parent, fn: Callable, on_success: Callable | None = None, on_failure: Callable | None = None, *, needs_store: bool = True) -> int:
    """Run ``fn(store)`` (or ``fn()`` with ``needs_store=False``) on the writer thread.

    ``on_success(result)`` / ``on_failure(exc)`` run on the UI thread; without
    ``on_failure`` the error is shown with ``show_error(parent, exc)``.
    """
    return current_runner().submit(parent, fn, on_success, on_failure, needs_store)
