"""Key-person risk (PRODUCT.md §8): a skill a role requires that fewer than two people hold at
the required level — losing one person loses the skill. No database.

The people counted are the rows of L given (the service passes the employees the caller may
see); the engine counts holders of every (skill, level) once, from L's non-zero entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from hrkit.skills.fit import MAX_LEVEL, RoleSet, select_columns

if TYPE_CHECKING:
    from hrkit.skills.levels import Levels

MINIMUM_HOLDERS = 2


@dataclass(frozen=True)
class KeyPersonRisk:
    """Requirement `index` of the RoleSet (role `role_id` needs `skill_id` at `required`), held
    at that level by the people `holders` only (person ids, ascending; maybe none)."""

    index: int
    role_id: int
    skill_id: int
    required: int
    holders: tuple[int, ...]


def key_person_risks(
    levels: Levels, roles: RoleSet, *, minimum: int = MINIMUM_HOLDERS
) -> list[KeyPersonRisk]:
    """Every requirement of `roles` held at its level by fewer than `minimum` people of L, in
    requirement order."""
    skills, column = np.unique(roles.skill_ids, return_inverse=True)
    restricted = select_columns(levels.matrix, levels.skill_ids, skills)
    # at_least[s, t]: how many people hold skill s at level t or above.
    exact = np.zeros((len(skills), MAX_LEVEL + 2), dtype=np.int64)
    np.add.at(exact, (restricted.indices, restricted.data.astype(np.int64)), 1)
    at_least = np.cumsum(exact[:, ::-1], axis=1)[:, ::-1]
    counts = at_least[column, roles.levels]
    risky = np.flatnonzero(counts < minimum)
    by_column = restricted.tocsc()
    found = []
    for index in risky:
        col = column[index]
        start, end = by_column.indptr[col], by_column.indptr[col + 1]
        rows = by_column.indices[start:end][by_column.data[start:end] >= roles.levels[index]]
        holders = tuple(sorted(int(p) for p in levels.person_ids[rows]))
        found.append(
            KeyPersonRisk(
                int(index),
                int(roles.role_ids[roles.role[index]]),
                int(roles.skill_ids[index]),
                int(roles.levels[index]),
                holders,
            )
        )
    return found
