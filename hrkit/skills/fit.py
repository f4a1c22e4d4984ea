"""Fit of people for roles (PRODUCT.md §8), vectorised over sparse matrices; no database.

For a person with levels L and a role requiring level Q (1 to 5) with weight w of each skill:
`fit = Σ w·min(L, Q)/Q ÷ Σ w`, and `ready` when every essential skill has L ≥ Q.

Levels are whole numbers from 1 to 5, so `min(L, Q)/Q = Σ_{t=1..Q} [L ≥ t]/Q`: with the
boolean matrices B_t = (L ≥ t) and W_t[s, r] = w/Q where Q ≥ t, the numerator of every fit is
`Σ_t B_t @ W_t`, and the number of essential skills met is `Σ_t B_t @ E_t` with E_t[s, r] = 1
for an essential skill required at exactly t. The five B_t sit side by side in one sparse
matrix and the W_t (and E_t) stacked under each other, so each is one sparse product.

Weights are multiplied by 60 (the least common multiple of 1 to 5) before the product: w·60/Q
is exact for whole and half weights, so a person meeting every requirement scores exactly 1.0
rather than 0.9999999999999999. Scores are never rounded.

A role without requirements has no weight to divide by: its fit is 0.0 (nothing shows a match,
and it never outranks a real one) and it is ready (no essential skill is missing).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

if TYPE_CHECKING:  # only its three arrays are read: no database code is imported
    from hrkit.skills.levels import Levels

MAX_LEVEL = 5
SCALE = 60  # lcm(1, 2, 3, 4, 5)
# Cells of one dense chunk of people x roles (8 bytes each): bounds memory, not results.
CHUNK_CELLS = 4_000_000


@dataclass(frozen=True)
class Requirement:
    """One skill a role requires, at a level from 1 to 5."""

    skill_id: int
    level: int
    essential: bool = True
    weight: float = 1.0
    skill_uri: str = ""  # orders gaps; the id decides between equal uris


@dataclass(frozen=True)
class RoleSpec:
    """A role as the engine sees it: an id and its requirements."""

    role_id: int
    requirements: tuple[Requirement, ...]


@dataclass(frozen=True)
class Gap:
    """A required skill held below the required level (`held` 0 when not held at all)."""

    skill_id: int
    skill_uri: str
    required: int
    held: int
    essential: bool
    weight: float


@dataclass(frozen=True)
class RoleSet:
    """Many roles' requirements as flat arrays: requirement i belongs to `role_ids[role[i]]`."""

    role_ids: np.ndarray  # (R,) int64
    role: np.ndarray  # (N,) index into role_ids
    skill_ids: np.ndarray  # (N,) int64
    levels: np.ndarray  # (N,) 1..5
    weights: np.ndarray  # (N,) > 0
    essential: np.ndarray  # (N,) bool

    @classmethod
    def of(cls, roles: Sequence[RoleSpec]) -> RoleSet:
        reqs = [(i, r) for i, spec in enumerate(roles) for r in spec.requirements]
        return cls.from_arrays(
            [spec.role_id for spec in roles],
            [i for i, _ in reqs],
            [r.skill_id for _, r in reqs],
            [r.level for _, r in reqs],
            [r.weight for _, r in reqs],
            [r.essential for _, r in reqs],
        )

    @classmethod
    def from_arrays(
        cls,
        role_ids: Iterable[int] | np.ndarray,
        role: Iterable[int] | np.ndarray,
        skill_ids: Iterable[int] | np.ndarray,
        levels: Iterable[int] | np.ndarray,
        weights: Iterable[float] | np.ndarray,
        essential: Iterable[bool] | np.ndarray,
    ) -> RoleSet:
        """Validate and pack; raises ValueError on a level outside 1-5 or a weight ≤ 0."""
        built = cls(
            _array(role_ids, np.int64),
            _array(role, np.intp),
            _array(skill_ids, np.int64),
            _array(levels, np.int64),
            _array(weights, np.float64),
            _array(essential, np.bool_),
        )
        n = len(built.role)
        columns = (built.skill_ids, built.levels, built.weights, built.essential)
        if any(len(column) != n for column in columns):
            raise ValueError("requirement arrays differ in length")
        if n and ((built.levels < 1).any() or (built.levels > MAX_LEVEL).any()):
            raise ValueError(f"required levels are whole numbers from 1 to {MAX_LEVEL}")
        if n and not (np.isfinite(built.weights).all() and (built.weights > 0).all()):
            raise ValueError("weights are numbers above 0")
        if n and ((built.role < 0).any() or (built.role >= len(built.role_ids)).any()):
            raise ValueError("a requirement names no role of the set")
        return built

    def __len__(self) -> int:
        return len(self.role_ids)

    @property
    def total_weight(self) -> np.ndarray:
        """Σ w per role (0 for a role without requirements)."""
        return np.bincount(self.role, self.weights, minlength=len(self))

    @property
    def essential_count(self) -> np.ndarray:
        return np.bincount(self.role[self.essential], minlength=len(self))


def _array(values: Iterable[object] | np.ndarray, dtype: type) -> np.ndarray:
    if isinstance(values, np.ndarray):
        return values.astype(dtype, copy=False)
    return np.fromiter(values, dtype=dtype)


@dataclass(frozen=True)
class Fit:
    """Scores and readiness of the people (rows) of a Levels for every role (columns)."""

    person_ids: np.ndarray  # (P,)
    scores: np.ndarray  # (P, R) float64 in [0, 1]
    ready: np.ndarray  # (P, R) bool


@dataclass(frozen=True)
class TopRoles:
    """Each person's best k roles, best first; equal scores keep the roles' order."""

    person_ids: np.ndarray  # (P,)
    roles: np.ndarray  # (P, k) indexes into RoleSet.role_ids
    scores: np.ndarray  # (P, k)
    ready: np.ndarray  # (P, k)


class FitOperator:
    """The stacked W_t and E_t of a RoleSet over the skills it requires, built once.

    `skills` are the distinct required skill ids (ascending): the only columns of L read.
    """

    def __init__(self, roles: RoleSet) -> None:
        self.roles = roles
        self.skills, column = np.unique(roles.skill_ids, return_inverse=True)
        n_skills, n_roles = len(self.skills), len(roles)
        level = roles.levels
        # W: one entry per requirement and t = 1..Q, at row (t-1)·S + the skill's column.
        repeat = np.repeat(np.arange(len(level)), level)
        t = np.arange(len(repeat)) - np.repeat(np.cumsum(level) - level, level)
        self.weights = sparse.csr_array(
            ((roles.weights * SCALE / level)[repeat],
             (t * n_skills + column[repeat], roles.role[repeat])),
            shape=(MAX_LEVEL * n_skills, n_roles),
        )  # fmt: skip
        # E: one entry per essential requirement, at row ·S + column: B_Q says L >= Q.
        ess = np.flatnonzero(roles.essential)
        ess = ess[np.argsort(roles.role[ess], kind="stable")]
        self.essential_rows = (level[ess] - 1) * n_skills + column[ess]
        self.essential_start = _running(np.bincount(roles.role[ess], minlength=n_roles))
        self.essential = sparse.csc_array(
            (np.ones(len(ess)), self.essential_rows, self.essential_start),
            shape=(MAX_LEVEL * n_skills, n_roles),
        )
        self.total = roles.total_weight * SCALE
        self.needed = roles.essential_count

    def restrict(self, levels: Levels, rows: slice | np.ndarray | None = None) -> sparse.csr_array:
        """L at `rows` (all by default) over `self.skills` only."""
        matrix = levels.matrix
        if isinstance(rows, slice):
            matrix = row_range(matrix, rows)
        elif rows is not None:
            matrix = matrix[rows]
        return select_columns(matrix, levels.skill_ids, self.skills)

    def stack(self, restricted: sparse.csr_array) -> sparse.csr_array:
        """[B_1 | … | B_5] of a restricted L."""
        return stack_levels(restricted, len(self.skills))

    def scores(self, stacked: sparse.csr_array) -> np.ndarray:
        """Dense people x roles fit: Σ_t B_t @ W_t ÷ Σ w (0.0 for a role without requirements)."""
        numerators: np.ndarray = (stacked @ self.weights).toarray()
        # A role without requirements has a zero column: left as is, its fit is 0.0.
        np.divide(numerators, self.total, out=numerators, where=self.total > 0)
        return numerators

    def ready(self, stacked: sparse.csr_array) -> np.ndarray:
        """Dense people x roles: Σ_t B_t @ E_t equals the role's essential count."""
        met = (stacked @ self.essential).toarray()
        return np.asarray(met == self.needed[None, :])

    def ready_at(self, restricted: sparse.csr_array, picked: np.ndarray) -> np.ndarray:
        """`ready` at the (row, picked[row, j]) pairs only: the same product, sampled at the
        entries kept, so its cost follows the kept pairs rather than every role."""
        n, k = picked.shape
        roles = picked.ravel()
        counts = self.needed[roles]
        pair = np.repeat(np.arange(n * k), counts)
        offset = np.arange(len(pair)) - np.repeat(_running(counts)[:-1], counts)
        entry = self.essential_rows[np.repeat(self.essential_start[roles], counts) + offset]
        n_skills = len(self.skills)
        dense = restricted.toarray()
        # Entry (t-1)·S + s of B is 1 exactly when L[row, s] >= t.
        held = dense[pair // k, entry % n_skills] >= entry // n_skills + 1
        met = np.bincount(pair, held, minlength=n * k).reshape(n, k)
        return np.asarray(met == counts.reshape(n, k))


def select_columns(
    matrix: sparse.csr_array, have: np.ndarray, want: np.ndarray
) -> sparse.csr_array:
    """The columns of `matrix` (whose columns are the sorted ids `have`) named by the sorted
    ids `want`, in that order; a wanted id it lacks is a zero column. One pass over the data."""
    lookup = np.full(len(have), -1, dtype=np.int64)
    found = np.searchsorted(want, have)
    present = found < len(want)
    present[present] = want[found[present]] == have[present]
    lookup[present] = found[present]
    new = lookup[matrix.indices]
    kept = np.flatnonzero(new >= 0)
    # The row of each kept entry: few entries when few columns are wanted (one role), so
    # this beats a running count over every entry of L.
    rows = np.searchsorted(matrix.indptr, kept, side="right") - 1
    indptr = _running(np.bincount(rows, minlength=matrix.shape[0]))
    return sparse.csr_array(
        (matrix.data[kept], new[kept], indptr), shape=(matrix.shape[0], len(want))
    )


def row_range(matrix: sparse.csr_array, rows: slice) -> sparse.csr_array:
    """Consecutive rows of a CSR matrix sharing its data and indices (scipy's slicing copies
    them, which costs as much as the fit of one role over a whole company)."""
    start, stop, step = rows.indices(matrix.shape[0])
    if step != 1:
        return matrix[rows]
    stop = max(start, stop)
    first, last = matrix.indptr[start], matrix.indptr[stop]
    return sparse.csr_array(
        (
            matrix.data[first:last],
            matrix.indices[first:last],
            matrix.indptr[start : stop + 1] - first,
        ),
        shape=(stop - start, matrix.shape[1]),
        copy=False,
    )


def _running(counts: np.ndarray) -> np.ndarray:
    """0 followed by the running sum of `counts`: indexed by an indptr, the new indptr."""
    out = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=out[1:])
    return out


def stack_levels(matrix: sparse.csr_array, n_skills: int) -> sparse.csr_array:
    """[B_1 | … | B_5] with B_t = (L ≥ t), as one float64 CSR matrix (rows x 5·n_skills)."""
    level = np.clip(matrix.data, 0, MAX_LEVEL).astype(np.int64)
    repeat = np.repeat(np.arange(len(level)), level)
    t = np.arange(len(repeat)) - np.repeat(np.cumsum(level) - level, level)
    indptr = _running(level)[matrix.indptr]
    return sparse.csr_array(
        (np.ones(len(repeat)), t * n_skills + matrix.indices[repeat], indptr),
        shape=(matrix.shape[0], MAX_LEVEL * n_skills),
    )


def fit(levels: Levels, roles: RoleSet, *, rows: np.ndarray | None = None) -> Fit:
    """Scores and readiness of the people at `rows` of L (all by default) for every role, dense:
    meant for a few roles (one role against a whole company is 100,000 x 1)."""
    operator = FitOperator(roles)
    n = len(levels.person_ids) if rows is None else len(rows)
    step = max(1, CHUNK_CELLS // max(1, len(roles)))
    scores = np.zeros((n, len(roles)))
    ready = np.zeros((n, len(roles)), dtype=bool)
    for start in range(0, n, step):
        part = slice(start, min(n, start + step))
        # Slices of L are views of its arrays; only explicit rows are copied out.
        picked = part if rows is None else np.asarray(rows[part], dtype=np.intp)
        stacked = operator.stack(operator.restrict(levels, picked))
        scores[part] = operator.scores(stacked)
        ready[part] = operator.ready(stacked)
    person_ids = levels.person_ids if rows is None else levels.person_ids[np.asarray(rows)]
    return Fit(person_ids, scores, ready)


def top_roles(levels: Levels, roles: RoleSet, k: int, *, chunk: int | None = None) -> TopRoles:
    """Each person's k best roles, people streamed in chunks: memory is one chunk x roles,
    never people x roles. Readiness is computed for the kept pairs only."""
    operator = FitOperator(roles)
    k = max(0, min(k, len(roles)))
    n = len(levels.person_ids)
    step = chunk or max(1, CHUNK_CELLS // max(1, len(roles)))
    best = np.zeros((n, k), dtype=np.intp)
    scores = np.zeros((n, k))
    ready = np.zeros((n, k), dtype=bool)
    for start in range(0, n, step):
        part = slice(start, min(n, start + step))
        restricted = operator.restrict(levels, part)
        dense = operator.scores(operator.stack(restricted))
        kept = best_k(dense, k)
        best[part] = kept
        scores[part] = np.take_along_axis(dense, kept, axis=1)
        ready[part] = operator.ready_at(restricted, kept)
    return TopRoles(levels.person_ids, best, scores, ready)


def best_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Column indexes of each row's k highest scores, best first; among equal scores the lower
    index wins, at the cut too (argpartition alone picks among ties there arbitrarily)."""
    n, width = scores.shape
    if k >= width:
        return np.argsort(-scores, axis=1, kind="stable")
    if k <= 0:
        return np.zeros((n, 0), dtype=np.intp)
    kept = np.argpartition(scores, width - k, axis=1)[:, width - k :]
    values = np.take_along_axis(scores, kept, axis=1)
    cut = values.min(axis=1, keepdims=True)
    # Rows where the cut falls inside a run of equal scores: redo those exactly.
    tied = np.flatnonzero((scores == cut).sum(axis=1) > (values == cut).sum(axis=1))
    if len(tied):
        kept[tied] = _best_k_exact(scores[tied], k)
        values[tied] = np.take_along_axis(scores[tied], kept[tied], axis=1)
    order = np.lexsort((kept, -values), axis=-1)
    return np.take_along_axis(kept, order, axis=1)


def _best_k_exact(scores: np.ndarray, k: int) -> np.ndarray:
    """best_k's unordered selection, ties at the cut going to the lowest indexes."""
    width = scores.shape[1]
    cut = np.partition(scores, width - k, axis=1)[:, width - k : width - k + 1]
    above = scores > cut
    equal = scores == cut
    room = k - above.sum(axis=1, keepdims=True)
    keep = above | (equal & (np.cumsum(equal, axis=1) <= room))
    return np.nonzero(keep)[1].reshape(len(scores), k)


def gaps(levels: Levels, role: RoleSpec, rows: Sequence[int] | np.ndarray) -> list[list[Gap]]:
    """The gaps (L < Q) of the people at `rows` of L for one role: essential first, then weight
    descending, then skill uri (then id). Meant for the rows being returned only."""
    order = sorted(role.requirements, key=lambda r: (not r.essential, -r.weight, r.skill_uri,
                                                      r.skill_id))  # fmt: skip
    if not order:
        return [[] for _ in rows]
    wanted = np.array(sorted({r.skill_id for r in order}), dtype=np.int64)
    matrix = levels.matrix[np.asarray(rows, dtype=np.intp)]
    held_all = select_columns(matrix, levels.skill_ids, wanted).toarray()
    held = held_all[:, np.searchsorted(wanted, [r.skill_id for r in order])]
    required = np.array([r.level for r in order])
    short = held < required
    return [
        [
            Gap(r.skill_id, r.skill_uri, r.level, int(held[i, j]), r.essential, r.weight)
            for j in np.flatnonzero(short[i])
            for r in (order[j],)
        ]
        for i in range(len(held))
    ]
