"""Recommendations (PRODUCT.md §8): the smallest set of known achievements closing every
essential gap, as an exact set cover with `scipy.optimize.milp`; no database.

An achievement closes the gap of skill s (required at Q) when a credential for it gives s at a
level of at least Q. Gaps that no known achievement closes are reported as uncoverable, never
dropped, and the rest are covered.

Ties: achievements are ranked by (name, uri, id); among the smallest covers the one with the
lowest sum of ranks wins, so the same input always gives the same answer. This is one integer
program: each achievement costs `B + rank` with B above any sum of ranks, so fewer achievements
always beat better-ranked ones. The solver runs under a time cap; when it fails, runs out of
time without a proven optimum, or is not available, a greedy cover (most gaps closed first,
ties by rank, redundant picks dropped) is returned with `exact` False.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

TIME_LIMIT = 0.5  # seconds per cover; the covers of one page of people are typically ~1 ms


@dataclass(frozen=True)
class Offer:
    """A known achievement and what a credential for it gives: skill id → level."""

    achievement_id: int
    name: str
    uri: str | None
    gives: Mapping[int, int] = field(default_factory=dict)

    @property
    def rank_key(self) -> tuple[str, str, int]:
        return (self.name, self.uri or "", self.achievement_id)


@dataclass(frozen=True)
class Cover:
    """The achievements to earn (in rank order) and the gaps nothing known closes."""

    achievement_ids: tuple[int, ...]
    uncoverable: tuple[int, ...]  # skill ids, ascending
    exact: bool  # proven smallest (with the tie rule); False after the greedy fallback


def recommend(
    gaps: Mapping[int, int], offers: Sequence[Offer], *, time_limit: float = TIME_LIMIT
) -> Cover:
    """The smallest set of `offers` closing every gap (skill id → required level) it can."""
    ranked = sorted(offers, key=lambda o: o.rank_key)
    skills = sorted(gaps)
    closes = [frozenset(s for s in skills if o.gives.get(s, 0) >= gaps[s]) for o in ranked]
    closable = frozenset().union(*closes) if closes else frozenset()
    uncoverable = tuple(s for s in skills if s not in closable)
    candidates = _undominated([(i, c) for i, c in enumerate(closes) if c])
    if not candidates:
        return Cover((), uncoverable, True)
    chosen, exact = _solve(candidates, sorted(closable), time_limit)
    ids = tuple(ranked[i].achievement_id for i in sorted(chosen))
    return Cover(ids, uncoverable, exact)


def _undominated(candidates: list[tuple[int, frozenset[int]]]) -> list[tuple[int, frozenset[int]]]:
    """Drop an achievement when a better-ranked one closes every gap it closes: swapping it for
    that one never makes a cover larger and always lowers its rank sum."""
    kept: list[tuple[int, frozenset[int]]] = []
    for rank, closes in candidates:  # in rank order
        if not any(closes <= other for _, other in kept):
            kept.append((rank, closes))
    return kept


def _solve(
    candidates: list[tuple[int, frozenset[int]]], skills: list[int], time_limit: float
) -> tuple[list[int], bool]:
    """(ranks of the chosen achievements, whether proven optimal)."""
    greedy = _greedy(candidates, skills)
    found = _milp(candidates, skills, time_limit)
    if found is None:
        return greedy, False
    chosen, proven = found
    if proven:
        return chosen, True
    # A time-limited incumbent: keep whichever is smaller (then better ranked).
    return min(chosen, greedy, key=lambda c: (len(c), sum(c))), False


def _milp(
    candidates: list[tuple[int, frozenset[int]]], skills: list[int], time_limit: float
) -> tuple[list[int], bool] | None:
    try:
        from scipy.optimize import Bounds, LinearConstraint, milp
    except ImportError:  # scipy without milp (before 1.9)
        return None
    n = len(candidates)
    row = {s: i for i, s in enumerate(skills)}
    incidence = np.zeros((len(skills), n))
    for j, (_, closes) in enumerate(candidates):
        for s in closes:
            incidence[row[s], j] = 1.0
    # Ranks renumbered 0..n-1 among the candidates; B exceeds any sum of them.
    base = n * (n - 1) // 2 + 1
    cost = base + np.arange(n, dtype=np.float64)
    try:
        result = milp(
            cost,
            constraints=LinearConstraint(incidence, lb=1.0, ub=np.inf),
            integrality=np.ones(n),
            bounds=Bounds(0, 1),
            options={"time_limit": time_limit, "mip_rel_gap": 0.0, "presolve": True},
        )
    except (ValueError, RuntimeError):
        return None
    if result.x is None:
        return None
    picked = [candidates[j][0] for j in np.flatnonzero(result.x > 0.5)]
    if not _covers(candidates, picked, skills):
        return None
    # status 0: proven optimal; 1: a limit was reached with a feasible solution in hand.
    return picked, result.status == 0


def _covers(
    candidates: list[tuple[int, frozenset[int]]], picked: list[int], skills: list[int]
) -> bool:
    closes = dict(candidates)
    covered: set[int] = set()
    for rank in picked:
        covered |= closes[rank]
    return covered >= set(skills)


def _greedy(candidates: list[tuple[int, frozenset[int]]], skills: list[int]) -> list[int]:
    """The classic greedy cover (ties by rank), then picks made redundant by later ones dropped."""
    left = set(skills)
    picked: list[int] = []
    while left:
        rank, closes = max(candidates, key=lambda c: (len(c[1] & left), -c[0]))
        picked.append(rank)
        left -= closes
    closes_of = dict(candidates)
    for rank in sorted(picked, reverse=True):  # worst-ranked first
        rest = [r for r in picked if r != rank]
        if set().union(*(closes_of[r] for r in rest)) >= set(skills):
            picked = rest
    return sorted(picked)
