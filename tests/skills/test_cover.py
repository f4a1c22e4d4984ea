"""Recommendations: the smallest set of achievements closing every essential gap (exact, against
brute force), gaps nothing closes reported, ties by rank, and the greedy fallback."""

from __future__ import annotations

import itertools
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from hrkit.skills import cover as cover_module
from hrkit.skills.cover import Offer, recommend


def _offers(rng: np.random.Generator, n: int, skills: int) -> list[Offer]:
    offers = []
    for i in range(n):
        given = rng.choice(skills, size=int(rng.integers(1, 4)), replace=False)
        offers.append(
            Offer(
                achievement_id=1000 - i,  # ids in the opposite order of names
                name=f"Badge {rng.integers(0, 5)}",  # repeated names: uri and id decide
                uri=f"https://b.example/{i:02d}",
                gives={int(s): int(rng.integers(1, 6)) for s in given},
            )
        )
    return offers


def _brute(gaps: dict[int, int], offers: list[Offer]) -> tuple[int, int, set[int]]:
    """(smallest size, the lowest rank sum among the smallest, what cannot be closed)."""
    ranked = sorted(offers, key=lambda o: o.rank_key)
    closes = [{s for s, q in gaps.items() if o.gives.get(s, 0) >= q} for o in ranked]
    closable = set().union(*closes)
    for size in range(len(ranked) + 1):
        sums = [
            sum(combo)
            for combo in itertools.combinations(range(len(ranked)), size)
            if set().union(*(closes[i] for i in combo)) >= closable
        ]
        if sums:
            return size, min(sums), set(gaps) - closable
    raise AssertionError("unreachable: every offer together closes the closable gaps")


def _ranks(offers: list[Offer], ids: tuple[int, ...]) -> list[int]:
    ranked = [o.achievement_id for o in sorted(offers, key=lambda o: o.rank_key)]
    return [ranked.index(i) for i in ids]


@pytest.mark.parametrize("seed", range(40))
def test_the_cover_is_the_smallest_and_best_ranked_of_all(seed: int) -> None:
    rng = np.random.default_rng(seed)
    offers = _offers(rng, int(rng.integers(3, 12)), skills=10)
    gaps = {int(s): int(rng.integers(1, 6)) for s in rng.choice(12, size=6, replace=False)}
    found = recommend(gaps, offers)
    size, rank_sum, uncoverable = _brute(gaps, offers)
    assert found.exact
    assert set(found.uncoverable) == uncoverable and list(found.uncoverable) == sorted(uncoverable)
    assert len(found.achievement_ids) == size
    ranks = _ranks(offers, found.achievement_ids)
    assert sum(ranks) == rank_sum and ranks == sorted(ranks)  # listed in rank order
    given = {s for o in offers if o.achievement_id in found.achievement_ids
             for s, level in o.gives.items() if s in gaps and level >= gaps[s]}  # fmt: skip
    assert given >= set(gaps) - uncoverable
    assert recommend(gaps, list(reversed(offers))) == found  # input order does not matter


def test_an_achievement_closes_a_gap_only_at_the_required_level() -> None:
    offers = [
        Offer(1, "Intro", "u:1", {10: 2, 11: 5}),
        Offer(2, "Deep", "u:2", {10: 4}),
    ]
    found = recommend({10: 3, 11: 5, 12: 1}, offers)
    assert found.achievement_ids == (2, 1) and found.uncoverable == (12,) and found.exact
    assert recommend({12: 1}, offers).achievement_ids == ()
    assert recommend({}, offers) == recommend({}, []) == cover_module.Cover((), (), True)


def test_equal_covers_go_to_the_first_by_name_then_uri() -> None:
    offers = [
        Offer(3, "Zeta", "u:a", {1: 3, 2: 3}),
        Offer(2, "Alpha", "u:z", {1: 3, 2: 3}),
        Offer(1, "Alpha", "u:m", {1: 3, 2: 3}),
    ]
    assert recommend({1: 3, 2: 3}, offers).achievement_ids == (1,)


def _greedy_trap() -> tuple[dict[int, int], list[Offer]]:
    """Greedy takes the big middle set first and then needs two more (the better ranked
    singles); the optimum is the two halves."""
    gaps = dict.fromkeys(range(1, 7), 1)
    offers = [
        Offer(1, "X", None, dict.fromkeys((1, 2, 3), 1)),
        Offer(2, "Y", None, dict.fromkeys((4, 5, 6), 1)),
        Offer(3, "M", None, dict.fromkeys((2, 3, 4, 5), 1)),
        Offer(4, "A1", None, dict.fromkeys((1,), 1)),
        Offer(5, "A2", None, dict.fromkeys((6,), 1)),
    ]
    return gaps, offers


def test_the_exact_cover_beats_greedy_where_greedy_is_wrong() -> None:
    gaps, offers = _greedy_trap()
    assert recommend(gaps, offers).achievement_ids == (1, 2)


def test_greedy_fallback_when_the_solver_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    gaps, offers = _greedy_trap()

    def failing(*_args: Any, **_kwargs: Any) -> Any:
        return SimpleNamespace(x=None, status=4)

    monkeypatch.setattr("scipy.optimize.milp", failing)
    found = recommend(gaps, offers)
    assert not found.exact
    assert found.achievement_ids == (4, 5, 3)  # greedy's answer (rank order), a valid cover
    assert found.uncoverable == ()


def test_a_time_limited_incumbent_is_kept_when_no_worse_than_greedy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gaps, offers = _greedy_trap()

    def incumbent(cost: Any, **_kwargs: Any) -> Any:
        # The optimum, found but not proven before the time limit (HiGHS status 1); the
        # variables are the candidates in rank order: A1, A2, M, X, Y.
        return SimpleNamespace(x=np.array([0.0, 0.0, 0.0, 1.0, 1.0]), status=1)

    monkeypatch.setattr("scipy.optimize.milp", incumbent)
    found = recommend(gaps, offers)
    assert found.achievement_ids == (1, 2) and not found.exact


def test_greedy_fallback_without_milp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cover_module, "_milp", lambda *_args: None)
    found = recommend({1: 2, 2: 2}, [Offer(1, "A", None, {1: 2}), Offer(2, "B", None, {2: 3})])
    assert found.achievement_ids == (1, 2) and not found.exact
