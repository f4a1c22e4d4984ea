"""Levels that OB 3.0 results give (PRODUCT.md §8: "at the OB3 `result` level where one applies").

A result gives a level when it was achieved (its `status` is absent or `Completed`) and either
its achieved rubric level has a `level` that is a whole number from 1 to 5, or it is a
`RubricScore`/`ScaledScore` whose `value` is one. The level applies to the skills the result's
own alignments and its result description's alignments name; a result naming none applies to the
achievement's alignments. Anything else (letter grades, percentages, GPAs) gives no level, and
the alignment keeps the default level 3.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

MIN_LEVEL, MAX_LEVEL = 1, 5
_SCORES = frozenset({"RubricScore", "ScaledScore"})
_ACHIEVED = (None, "Completed")


def _whole_level(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value.isdigit():
            return None
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and MIN_LEVEL <= value <= MAX_LEVEL:
        return value
    return None


def result_level(result: Mapping[str, Any]) -> int | None:
    """The level (1 to 5) one result (as `Facts.results` holds it) gives, or None."""
    if result.get("status") not in _ACHIEVED:
        return None
    achieved = result.get("level")
    if isinstance(achieved, Mapping):
        level = _whole_level(achieved.get("level"))
        if level is not None:
            return level
    if result.get("resultType") in _SCORES:
        return _whole_level(result.get("value"))
    return None


def _targets(alignments: Iterable[Any]) -> list[str]:
    found: list[str] = []
    for alignment in alignments:
        if not isinstance(alignment, Mapping):
            continue
        for key in ("targetUrl", "targetCode"):
            value = alignment.get(key)
            if isinstance(value, str) and value and value not in found:
                found.append(value)
    return found


def result_levels(results: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """What a credential stores: `[{"level", "targets"}]`, empty targets = the achievement's."""
    levels: list[dict[str, Any]] = []
    for result in results:
        level = result_level(result)
        if level is None:
            continue
        named = [*(result.get("alignments") or ()), *(result.get("descriptionAlignments") or ())]
        targets = _targets(named)
        levels.append({"level": level, "targets": targets})
    return levels
