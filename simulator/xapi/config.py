"""Where the learning record store is and who we are there.

Read from a JSON file (``$SIMULATOR_LRS_CONFIG``, else ``lrs.json`` in the user config folder) and the
environment (``SIMULATOR_LRS_USERNAME`` / ``SIMULATOR_LRS_PASSWORD`` win over the file). Credentials are
never taken from the command line (they would end up in shell history and process lists). The file is
written with owner-only permissions, atomically.
"""

from __future__ import annotations

import ipaddress
import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from simulator.errors import SimulatorError

CONFIG_ENV = "SIMULATOR_LRS_CONFIG"
USER_ENV = "SIMULATOR_LRS_USERNAME"
PASSWORD_ENV = "SIMULATOR_LRS_PASSWORD"
DEFAULT_BASE_IRI = "https://sales-simulator.invalid/"


class LrsError(SimulatorError):
    """The learning record store could not be reached, refused us, or is misconfigured."""


@dataclass(frozen=True)
class LrsConfig:
    endpoint: str = ""  # the LRS's xAPI endpoint, e.g. https://lrs.example.com/xAPI/
    username: str = ""
    password: str = ""
    base_iri: str = DEFAULT_BASE_IRI  # the organisation's IRI for activities (scenarios, decisions)
    homepage: str = ""  # accounts are "name on this home page" (default: base_iri)
    mbox: str = ""  # or identify the rep by e-mail instead (mailto:...)
    batch_size: int = 100
    timeout: float = 20.0
    last_sync: str = ""

    @property
    def account_homepage(self) -> str:
        return self.homepage or self.base_iri

    def with_endpoint(self, url: str | None) -> "LrsConfig":
        return self if not url else replace(self, endpoint=url)

    def public_json(self) -> dict:
        d = asdict(self)
        d.pop("password")
        return d


def config_path() -> Path:
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("sales-simulator", appauthor=False)) / "lrs.json"


def load_config(path: Path | None = None) -> LrsConfig:
    """The saved settings plus the environment's credentials. A missing file is an empty config."""
    path = path or config_path()
    data: dict = {}
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise LrsError(f"{path}: cannot read the LRS settings ({exc}); fix or delete the file") from None
        if not isinstance(data, dict):
            raise LrsError(f"{path}: the LRS settings must be a JSON object; fix or delete the file")
    known = {k: data[k] for k in LrsConfig.__dataclass_fields__ if k in data}
    try:
        cfg = LrsConfig(**known)
        cfg = replace(cfg, batch_size=max(1, min(1000, int(cfg.batch_size))), timeout=float(cfg.timeout))
    except (TypeError, ValueError):
        raise LrsError(f"{path}: a setting has the wrong type; fix or delete the file") from None
    env_user, env_pass = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if env_user:
        cfg = replace(cfg, username=env_user)
    if env_pass:
        cfg = replace(cfg, password=env_pass)
    return cfg


def save_config(cfg: LrsConfig, path: Path | None = None) -> Path:
    """Write the settings (password included, owner-only) through a temporary file."""
    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(asdict(cfg), fh, indent=1)
        fh.write("\n")
    os.replace(tmp, path)
    return path


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_endpoint(url: str) -> str:
    """The endpoint with a trailing slash; https is required except on this machine (loopback)."""
    if not url:
        raise LrsError("no LRS address; pass --lrs URL or set it in Team > Learning record store")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise LrsError(f"'{url}' is not an LRS address; use https://host/path/ (the LRS's xAPI endpoint)")
    if parts.username or parts.password:
        raise LrsError("do not put credentials in the LRS address; set SIMULATOR_LRS_USERNAME/SIMULATOR_LRS_PASSWORD or the settings file")
    if parts.scheme == "http" and not _loopback(parts.hostname):
        raise LrsError(f"'{url}' is not encrypted; the LRS address must use https:// (plain http only on this machine)")
    return url if url.endswith("/") else url + "/"
