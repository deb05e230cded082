"""Strongly connected components and fixed points on a graph given as successor lists.

Shared by the belief search (``beliefs``) and the policy evaluations
(``policies``): components come out in reverse topological order, so each can
be solved once everything it leads to is known; a component with a cycle is
solved by iteration from below.
"""

from __future__ import annotations

from typing import Callable


def components(succ: list[list[int]]) -> list[list[int]]:
    """Tarjan's algorithm, iterative; components in reverse topological order."""
    n = len(succ)
    idx = [-1] * n
    low = [0] * n
    on = [False] * n
    stack: list[int] = []
    comps: list[list[int]] = []
    counter = 0
    for root in range(n):
        if idx[root] != -1:
            continue
        work = [(root, 0)]
        while work:
            v, pi = work[-1]
            if pi == 0 and idx[v] == -1:
                idx[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on[v] = True
            sv = succ[v]
            if pi < len(sv):
                work[-1] = (v, pi + 1)
                w = sv[pi]
                if idx[w] == -1:
                    work.append((w, 0))
                elif on[w]:
                    low[v] = min(low[v], idx[w])
                continue
            work.pop()
            if work:
                u = work[-1][0]
                low[u] = min(low[u], low[v])
            if low[v] == idx[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on[w] = False
                    comp.append(w)
                    if w == v:
                        break
                comps.append(comp)
    return comps


def is_cyclic(comp: list[int], succ: list[list[int]]) -> bool:
    """A component with a cycle: more than one member, or one that leads to itself."""
    return len(comp) > 1 or comp[0] in succ[comp[0]]


def iterate(comp: list[int], update: Callable[[int, list[float]], float], X: list[float], *,
            iterations: int = 100_000, tolerance: float = 1e-12) -> None:
    """Value iteration inside one cyclic component, in place, from the values ``X`` holds (below the fixed
    point): sweeps until no member moves by ``tolerance`` or more, at most ``iterations`` sweeps."""
    for _ in range(iterations):
        delta = 0.0
        for i in comp:
            nv = update(i, X)
            d = abs(nv - X[i])
            if d > delta:
                delta = d
            X[i] = nv
        if delta < tolerance:
            break


def solve(succ: list[list[int]], update: Callable[[int, list[float]], float], *, iterations: int = 100_000,
          tolerance: float = 1e-12, comps: list[list[int]] | None = None) -> list[float]:
    """The least fixed point of ``X[i] = update(i, X)`` (from 0), component by component."""
    X = [0.0] * len(succ)
    for comp in comps if comps is not None else components(succ):
        if len(comp) == 1 and comp[0] not in succ[comp[0]]:  # not is_cyclic(comp, succ), inlined: most are not
            X[comp[0]] = update(comp[0], X)
            continue
        iterate(comp, update, X, iterations=iterations, tolerance=tolerance)
    return X
