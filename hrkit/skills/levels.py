"""L, the people-by-skills level matrix (PRODUCT.md §8), sparse, as the fit and matrix read it.

L[p, s] is the highest level any credential of person p that is `verified` now gives skill s
(0 if none). Rows follow the order of the person ids asked for; columns are every skill some
person holds, in ascending id order. Evidence is computed once per distinct achievement and
result-level set, so a company of many people holding the same badges costs little more than
reading the credential rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from scipy import sparse

from hrkit.skills.evidence import AchievementEvidence, AchievementSource, Evidence, Taxonomy
from hrkit.store.repositories import Repositories

# Bound parameters per IN list (SQLite allows 32,766; PostgreSQL far more).
CHUNK = 10_000


@dataclass(frozen=True)
class Levels:
    """L as a CSR matrix (int8) with the person ids of its rows and skill ids of its columns."""

    person_ids: np.ndarray
    skill_ids: np.ndarray
    matrix: sparse.csr_array

    @classmethod
    def from_triples(
        cls,
        person_ids: Sequence[int],
        triples: Iterable[tuple[int, int, int]],
    ) -> Levels:
        """Build L from (person id, skill id, level) triples; the highest level per cell wins."""
        rows_of = {person_id: row for row, person_id in enumerate(person_ids)}
        found = np.array(list(triples), dtype=np.int64).reshape(-1, 3)
        skill_ids = np.unique(found[:, 1])
        rows = np.fromiter((rows_of[p] for p in found[:, 0]), np.int64, len(found))
        cols = np.searchsorted(skill_ids, found[:, 1])
        # Sort by cell, then keep each cell's highest level (the last after sorting by level).
        order = np.lexsort((found[:, 2], cols, rows))
        rows, cols, levels = rows[order], cols[order], found[order, 2]
        last = np.ones(len(rows), dtype=bool)
        last[:-1] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
        matrix = sparse.csr_array(
            (levels[last].astype(np.int8), (rows[last], cols[last])),
            shape=(len(person_ids), len(skill_ids)),
        )
        return cls(np.asarray(person_ids, dtype=np.int64), skill_ids, matrix)

    def columns(self, skill_ids: Sequence[int]) -> sparse.csr_array:
        """L restricted to `skill_ids`, in that order (a skill nobody holds is a zero column)."""
        index = {int(s): i for i, s in enumerate(self.skill_ids)}
        wanted = [index.get(int(s), -1) for s in skill_ids]
        held = [i for i, w in enumerate(wanted) if w >= 0]
        pick = sparse.csr_array(
            (
                np.ones(len(held), dtype=np.int8),
                ([wanted[i] for i in held], held),
            ),
            shape=(len(self.skill_ids), len(skill_ids)),
        )
        return (self.matrix @ pick).tocsr()

    def of(self, person_id: int) -> dict[int, int]:
        """skill id → level for one person (skills held only)."""
        found = np.flatnonzero(self.person_ids == person_id)
        if not len(found):
            return {}
        row = int(found[0])
        start, end = self.matrix.indptr[row], self.matrix.indptr[row + 1]
        return {
            int(self.skill_ids[c]): int(v)
            for c, v in zip(
                self.matrix.indices[start:end], self.matrix.data[start:end], strict=True
            )
        }


def load_levels(
    repos: Repositories,
    person_ids: Sequence[int],
    *,
    now: datetime,
    evidence: bool = False,
    taxonomy: Taxonomy | None = None,
) -> tuple[Levels, dict[tuple[int, int], list[Evidence]]]:
    """L for `person_ids` (rows in that order), and with `evidence` the credentials behind
    every non-zero cell, keyed by (person id, skill id). `taxonomy`: when the caller has read it."""
    taxonomy = taxonomy or repos.skills.taxonomy()
    held: list[tuple[int, int, Any, Any]] = []
    for start in range(0, len(person_ids), CHUNK):
        held.extend(repos.credentials.counting(person_ids[start : start + CHUNK], now))
    achievement_ids = sorted({row[2] for row in held})
    sources: dict[int, AchievementSource] = {}
    for start in range(0, len(achievement_ids), CHUNK):
        sources.update(repos.achievements.skill_sources(achievement_ids[start : start + CHUNK]))
    given = AchievementEvidence(taxonomy, sources.get)
    behind: dict[tuple[int, int], list[Evidence]] = {}
    triples: list[tuple[int, int, int]] = []
    for holder_id, credential_id, achievement_id, result_levels in held:
        for item in given.of(achievement_id, result_levels):
            triples.append((holder_id, item.skill_id, item.level))
            if evidence:
                behind.setdefault((holder_id, item.skill_id), []).append(
                    Evidence(item.skill_id, item.level, item.source, credential_id)
                )
    return Levels.from_triples(person_ids, triples), behind
