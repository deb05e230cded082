"""A real learning record store for the tests: Ralph (ralph-malph) with its file-system backend on 127.0.0.1
(credentials made with ``ralph auth ... -w``; the server started by ``ralph_server.py``, which says why it is
not ``ralph runserver``).

Ralph lives in its own virtual environment (``.venv/ralph``, made by ``make test``): its `cli` extra pins
click < 8.2.1 while sqlite-utils needs click >= 8.3.1, so the two cannot share one environment.
``$SIMULATOR_TEST_RALPH`` may name another ``ralph`` executable.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
USER, PASSWORD = "team", "s3cret-for-tests"


def ralph_executable() -> Path:
    env = os.environ.get("SIMULATOR_TEST_RALPH")
    exe = Path(env) if env else ROOT / ".venv" / "ralph" / "bin" / "ralph"
    if not exe.exists():
        raise RuntimeError(f"Ralph is not installed at {exe}; run `make test` (it installs Ralph into .venv/ralph)")
    return exe


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Lrs:
    endpoint: str
    folder: Path
    process: subprocess.Popen | None
    env: dict
    port: int

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def start(self) -> "Lrs":
        """(Re)start the server on the same port and data folder; returns when it answers."""
        log = open(self.folder / "server.log", "ab")
        self.process = subprocess.Popen(
            [str(ralph_executable().parent / "python"), str(Path(__file__).with_name("ralph_server.py")), "127.0.0.1",
             str(self.port)],
            env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=self.folder,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Ralph exited with {self.process.returncode}; see {self.folder / 'server.log'}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__lbheartbeat__", timeout=2) as r:
                    if r.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.1)  # waiting for a subprocess to listen; not a timing assertion
        self.stop()
        raise RuntimeError("Ralph did not answer within 60 s")


def start_lrs(folder: Path) -> Lrs:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data").mkdir(exist_ok=True)
    env = {
        **os.environ,
        "RALPH_APP_DIR": str(folder / "app"),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data"),
        "RALPH_SENTRY_DSN": "",
        # pages of 1,000 statements (Ralph's default is 100, and its file backend rereads the file per page)
        "RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT": "1000",
    }
    subprocess.run(
        [str(ralph_executable()), "auth", "-u", USER, "-p", PASSWORD, "-s", "all", "-M", "mailto:team@example.com", "-w"],
        env=env, cwd=folder, check=True, capture_output=True,
    )
    port = _free_port()
    lrs = Lrs(f"http://127.0.0.1:{port}/xAPI/", folder, None, env, port)
    return lrs.start()
