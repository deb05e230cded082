"""The authoring studio: open a scenario folder, see its problems and its map, test it.

``StudioWindow`` is built with injected library folders and ``QSettings`` so
tests need no patching; ``open_studio(parent, library_dirs)`` shows one.
"""

from simulator.ui.studio.window import StudioWindow, open_studio

__all__ = ["StudioWindow", "open_studio"]
