"""The avatar a scenario's person names: an SVG file, by a relative path, inside the scenario's library
folder, that exists and passes ``simulator.svgcheck``. Anything else is a located ``bad-avatar`` error."""

from __future__ import annotations

import os
import re
from pathlib import Path

from simulator.loader_diagnostics import _Report


def _check_avatar(rep: _Report, p: tuple, avatar: str, path: Path, root: Path) -> Path | None:
    """The avatar's resolved path, or None when it is refused (reported at ``p``)."""
    if not avatar.lower().endswith(".svg"):
        rep.value(p, f"avatar '{avatar}' must be an SVG file (.svg)", "bad-avatar")
        return None
    if os.path.isabs(avatar) or avatar.startswith(("~", "\\")) or re.match(r"^[A-Za-z]:", avatar):
        rep.value(p, f"avatar '{avatar}' must be a path relative to the scenario file", "bad-avatar")
        return None
    if len(avatar) > 255:
        rep.value(p, f"avatar path is {len(avatar):,} characters long; at most 255", "bad-avatar")
        return None
    try:
        full = (path.parent / avatar).resolve()
        inside = full.is_relative_to(root.resolve())
        exists = inside and full.is_file()
    except (OSError, RuntimeError) as exc:
        rep.value(p, f"avatar '{avatar}' cannot be read ({getattr(exc, 'strerror', None) or exc})", "bad-avatar")
        return None
    if not inside:
        rep.value(p, f"avatar '{avatar}' points outside the scenario's library folder", "bad-avatar")
        return None
    if not exists:
        rep.value(p, f"avatar file '{avatar}' does not exist (the path is relative to the scenario file)", "bad-avatar")
        return None
    from simulator.svgcheck import read_svg

    _, problem = read_svg(full)
    if problem:
        rep.value(p, f"avatar '{avatar}' is not a safe SVG: {problem}", "bad-avatar")
        return None
    return full
