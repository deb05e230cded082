"""Offline sales-training simulator: the pure core (no Qt).

The public core API: load scenarios, play them, score them.
"""

__version__ = "0.1.0"
FORMAT_VERSIONS = (1, 2)
