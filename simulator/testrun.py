"""Test runs for authors: play a scenario from any node with chosen state values.

A test run is an ordinary ``engine.Session`` on a *derived* scenario: the same
content with ``start`` moved to the chosen node and each variable's ``start``
set to the chosen value. Everything else (lines, effects, routes, scoring,
the search) then behaves exactly as if the scenario had been written to begin
there, and ``engine.py`` needs no back door. The derived scenario gets its own
content hash (``test-run:...``), so a test run can never be mistaken for, or
stored as, an attempt at the real scenario, and the search cache keeps the
two apart.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from simulator.engine import Session
from simulator.errors import EngineError
from simulator.loader import Scenario

TEST_RUN_PREFIX = "test-run:"


def coerce_value(var, value: Any) -> Any:
    """A form value as the variable's type, clamped/checked like an effect would be."""
    if var.kind == "number":
        try:
            x = float(value)
        except (TypeError, ValueError):
            raise EngineError(f"'{var.name}' must be a number, not {value!r}") from None
        x = min(max(x, var.min), var.max)
        return int(x) if float(x).is_integer() else x
    if var.kind == "flag":
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "on")
        return bool(value)
    value = str(value)
    if var.values and value not in var.values:
        raise EngineError(f"'{var.name}' must be one of {', '.join(var.values)}, not {value!r}")
    return value


def derived_scenario(scenario: Scenario, node_id: str, values: dict[str, Any] | None = None, *, situation: str | None = None) -> Scenario:
    """``scenario`` as if it started at ``node_id`` with ``values`` (missing names keep their start, or the
    value ``situation`` sets). A test run draws no situation: the values given are the ones it starts from."""
    if node_id not in scenario.nodes and node_id not in scenario.endings:
        raise EngineError(f"there is no node '{node_id}' in '{scenario.id}'")
    values = dict(values or {})
    if situation is not None:
        sit = next((s for s in scenario.situations if s.id == situation), None)
        if sit is None:
            raise EngineError(f"situation '{situation}' is not one of this scenario's situations "
                              f"({', '.join(s.id for s in scenario.situations) or 'none'})")
        values = {**{e.var: e.value for e in sit.sets}, **values}
    unknown = sorted(set(values) - set(scenario.variables))
    if unknown:
        raise EngineError(f"unknown state variable(s): {', '.join(unknown)}")
    variables = {
        name: (dataclasses.replace(var, start=coerce_value(var, values[name])) if name in values else var)
        for name, var in scenario.variables.items()
    }
    model = scenario.model.model_copy(update={"start": node_id})
    key = json.dumps([scenario.content_hash, node_id, [[n, v.start] for n, v in variables.items()]], default=str)
    digest = hashlib.sha256(key.encode()).hexdigest()
    return dataclasses.replace(
        scenario,
        model=model,
        variables=variables,
        content_hash=TEST_RUN_PREFIX + digest,
        _cache={},
        situations=(),
    )


def start_at(scenario: Scenario, node_id: str, values: dict[str, Any] | None = None, seed: int | None = 0,
             *, situation: str | None = None) -> Session:
    """A started test-run ``Session`` at ``node_id`` with ``values`` (after ``situation``'s); never an attempt."""
    session = Session(derived_scenario(scenario, node_id, values, situation=situation), seed)
    session.start()
    return session


def is_test_run(session: Session) -> bool:
    return session.scenario.content_hash.startswith(TEST_RUN_PREFIX)
