"""V*/Q* over the reachable state graph (being written: see issue 3)."""

from __future__ import annotations


def search_warnings(scenario) -> list:
    """Search-based lint warnings (script, no-stakes, unearnable, unreachable-ending, trap, cycle-bound)."""
    return []
