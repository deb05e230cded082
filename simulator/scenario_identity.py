"""What every stand-in for a scenario answers the same way: its id, title and version (from its model) and
the label of a competency. Shared by ``compiled.Scenario`` and the library index's ``IndexedScenario``.

Pure standard library (the library index must start without pydantic).
"""

from __future__ import annotations


class ScenarioIdentity:
    """A mixin for a class with ``model`` (``id``, ``title``, ``version``) and ``competency_labels``."""

    __slots__ = ()

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def title(self) -> str:
        return self.model.title

    @property
    def version(self) -> int:
        return self.model.version

    def label(self, component: str) -> str:
        """The competency's display label (its name, capitalised, when the scenario gives none)."""
        return self.competency_labels.get(component, component.capitalize())
