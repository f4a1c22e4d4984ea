"""Skill-gap matrices (PRODUCT.md §8): people by skills, the levels held against a role's.

Against a role, the columns are the role's skills (essential first, then weight descending,
then uri), `required` is the role's level for each, and every person gets the fit
`Σ w·min(L, Q)/Q ÷ Σ w` and a gap count (skills with L < Q); people are ordered by fit
descending, then name. For a team without a role, the columns are the skills anyone in it
holds (most holders first, then uri), nothing is required, and people are ordered by name.

The matrix is dense: it covers one team or one role's people, never the whole company's
people by skills (the service caps its size).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from hrkit.skills.fit import Requirement, RoleSet, RoleSpec
from hrkit.skills.fit import fit as role_scores
from hrkit.skills.levels import Levels


@dataclass(frozen=True)
class MatrixPerson:
    id: int
    email: str
    name: str
    department: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class MatrixSkill:
    """A column: the skill and, against a role, its required level, essential flag, weight."""

    id: int
    uri: str
    name: str
    required: int = 0
    essential: bool = False
    weight: float = 0.0


@dataclass(frozen=True, eq=False)
class Matrix:
    """People (rows) by skills (columns); `fit` is None without a role."""

    people: tuple[MatrixPerson, ...]
    skills: tuple[MatrixSkill, ...]
    levels: np.ndarray  # int64, one row per person, one column per skill
    fit: np.ndarray | None  # float64 per person
    role: str | None = None
    role_id: int | None = None
    manager: MatrixPerson | None = None
    # Why these people: the manager's team, or everyone of a kind the caller sees.
    kind: str = "employee"

    @property
    def required(self) -> np.ndarray:
        return np.array([s.required for s in self.skills], dtype=np.int64)

    @property
    def gaps(self) -> np.ndarray:
        """True where a person holds a required skill below its required level."""
        required = self.required
        return np.asarray((self.levels < required) & (required > 0), dtype=bool)

    @property
    def gap_counts(self) -> np.ndarray:
        return np.asarray(self.gaps.sum(axis=1), dtype=np.int64)

    def subset(self, rows: Sequence[int]) -> Matrix:
        """The same matrix for some of its people (in the order given)."""
        index = np.asarray(rows, dtype=np.int64)
        return Matrix(
            people=tuple(self.people[i] for i in index),
            skills=self.skills,
            levels=self.levels[index],
            fit=None if self.fit is None else self.fit[index],
            role=self.role,
            role_id=self.role_id,
            manager=self.manager,
            kind=self.kind,
        )


def role_matrix(
    people: Sequence[MatrixPerson],
    requirements: Sequence[MatrixSkill],
    levels: Levels,
    *,
    role: str,
    role_id: int | None = None,
    manager: MatrixPerson | None = None,
    kind: str = "employee",
) -> Matrix:
    """The matrix of `people` against a role's `requirements` (levels from L)."""
    skills = tuple(sorted(requirements, key=lambda s: (not s.essential, -s.weight, s.uri)))
    held = _dense(people, skills, levels)
    if skills:
        # The fit engine's own computation: the matrix and roleFit never disagree on a score.
        spec = RoleSpec(
            role_id or 0,
            tuple(Requirement(s.id, s.required, s.essential, s.weight, s.uri) for s in skills),
        )
        scored = role_scores(levels, RoleSet.of([spec]))
        by_id = dict(zip(scored.person_ids.tolist(), scored.scores[:, 0].tolist(), strict=True))
        fit = np.array([by_id.get(p.id, 0.0) for p in people], dtype=np.float64)
    else:
        # Nothing is required: everyone meets all of it (as `ready` is true without essentials).
        fit = np.ones(len(people), dtype=np.float64)
    order = np.array(
        sorted(range(len(people)), key=lambda i: (-fit[i], people[i].name, people[i].email)),
        dtype=np.int64,
    )
    return Matrix(
        people=tuple(people[i] for i in order),
        skills=skills,
        levels=held[order],
        fit=fit[order],
        role=role,
        role_id=role_id,
        manager=manager,
        kind=kind,
    )


def team_matrix(
    people: Sequence[MatrixPerson],
    skills: Mapping[int, tuple[str, str]],
    levels: Levels,
    *,
    manager: MatrixPerson | None = None,
    kind: str = "employee",
) -> Matrix:
    """The skills `people` hold (skill id → (uri, name) names them), nothing required."""
    everything = [
        MatrixSkill(int(i), *skills[int(i)]) for i in levels.skill_ids if int(i) in skills
    ]
    held = _dense(people, everything, levels)
    holders = (held > 0).sum(axis=0)
    columns = np.array(
        sorted(
            (c for c in range(len(everything)) if holders[c] > 0),
            key=lambda c: (-holders[c], everything[c].uri),
        ),
        dtype=np.int64,
    )
    order = np.array(
        sorted(range(len(people)), key=lambda i: (people[i].name, people[i].email)),
        dtype=np.int64,
    )
    return Matrix(
        people=tuple(people[i] for i in order),
        skills=tuple(everything[c] for c in columns),
        levels=held[np.ix_(order, columns)],
        fit=None,
        manager=manager,
        kind=kind,
    )


def _dense(
    people: Sequence[MatrixPerson], skills: Sequence[MatrixSkill], levels: Levels
) -> np.ndarray:
    """L for `people` (rows, in that order) by `skills` (columns), dense; absent rows are 0."""
    picked = levels.columns([s.id for s in skills]).toarray().astype(np.int64)
    row_of = {int(p): r for r, p in enumerate(levels.person_ids)}
    held = np.zeros((len(people), len(skills)), dtype=np.int64)
    for row, person in enumerate(people):
        found = row_of.get(person.id)
        if found is not None:
            held[row] = picked[found]
    return held
