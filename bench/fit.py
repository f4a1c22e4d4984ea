"""Benchmark: the fit engine (`hrkit.skills.fit`) on a synthetic company, against a floor of the
same sparse products written directly with scipy, in the same run.

    .venv/bin/python bench/fit.py [--people 100000] [--roles 5000] [--skills 13000]
                                  [--top 10] [--rounds 3] [--seed 7]

The company is generated with a fixed seed: 100,000 employees holding ~30 skills each (levels
1-5, most at 2-3) and 5,000 roles requiring ~40 skills each (levels 1-5, half of them
essential, weights 1.0 / 0.5 as the role import defaults them), over a universe of 13,000 skills
(ESCO's size). Skill popularity is skewed like real taxonomies: a Zipf-like law over a random
ranking, so a few hundred skills (programming, communication, ...) are held and required far
more often than the long tail, the case that fills the products. Measured, interleaved round by
round in one process so both see the same machine:

- (a) hrkit full fit: `top_roles(L, roles, k=10)`: every employee's 10 best roles with scores
  and readiness, people streamed in chunks (never a people x roles matrix);
- (b) hrkit one role: `fit(L, one_role)` for every employee (score and readiness), for each of
  25 roles of the set;
- (c) floor: for each chunk of people, `sum_t (L >= t) @ W_t` with scipy (five products,
  summed), divided by the role weights, and `np.argpartition` for the 10 best: no readiness,
  no tie order, no validation; and a fused floor doing the five products as one
  (`hstack(B_t) @ vstack(W_t)`), the fastest plain-scipy form of the same arithmetic.

Prints the times of every round, the medians, the ratios hrkit/floor and hrkit/fused floor for
the full fit (target <= 1.5), the targets (full fit <= 60 s, one role <= 100 ms: the median over
25 roles of the set) and the process's peak RSS (target <= 3 GB; `resource.getrusage` max RSS,
which includes the generated company). A check at the end compares hrkit's best scores with the
floor's on a sample of people.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hrkit.skills.fit import CHUNK_CELLS, RoleSet, fit, top_roles
from hrkit.skills.levels import Levels

HELD_LEVELS = [0.15, 0.30, 0.30, 0.17, 0.08]  # P(level = 1..5) of a held skill
REQUIRED_LEVELS = [0.08, 0.30, 0.35, 0.19, 0.08]  # P(level = 1..5) of a requirement


def popularity(n_skills: int, rng: np.random.Generator, exponent: float) -> np.ndarray:
    """P(skill) for a Zipf-like law over a random ranking of the skills."""
    weights = 1.0 / (np.arange(n_skills) + 10.0) ** exponent
    p = np.empty(n_skills)
    p[rng.permutation(n_skills)] = weights / weights.sum()
    return p


def draw_sets(
    rows: int, mean: int, p: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """(row, skill) pairs: about `mean` distinct skills per row, drawn by popularity `p`."""
    counts = np.maximum(1, rng.poisson(mean, rows))
    row = np.repeat(np.arange(rows), counts)
    skill = rng.choice(len(p), size=len(row), p=p)
    # Draws of the same skill twice in a row collapse into one: a realistic few percent fewer.
    key = np.unique(row.astype(np.int64) * len(p) + skill)
    return key // len(p), key % len(p)


def company(
    people: int, roles: int, skills: int, seed: int
) -> tuple[Levels, RoleSet, dict[str, float]]:
    rng = np.random.default_rng(seed)
    held_p = popularity(skills, rng, 1.0)
    # Roles favour the same skills people hold, but not in the same order.
    required_p = 0.7 * held_p + 0.3 * popularity(skills, rng, 1.0)
    row, skill = draw_sets(people, 30, held_p, rng)
    level = rng.choice(np.arange(1, 6), size=len(row), p=HELD_LEVELS).astype(np.int8)
    matrix = sparse.csr_array((level, (row, skill)), shape=(people, skills))
    matrix.sum_duplicates()
    levels = Levels(np.arange(people, dtype=np.int64), np.arange(skills, dtype=np.int64), matrix)
    role, needed = draw_sets(roles, 40, required_p, rng)
    essential = rng.random(len(role)) < 0.5
    role_set = RoleSet.from_arrays(
        np.arange(roles),
        role,
        needed,
        rng.choice(np.arange(1, 6), size=len(role), p=REQUIRED_LEVELS),
        np.where(essential, 1.0, 0.5),
        essential,
    )
    holders = np.bincount(skill, minlength=skills)
    stats = {
        "skills per person": len(row) / people,
        "skills per role": len(role) / roles,
        "most held skill (share of people)": holders.max() / people,
        "most required skill (share of roles)": np.bincount(needed).max() / roles,
    }
    return levels, role_set, stats


def floor(levels: Levels, roles: RoleSet, k: int, chunk: int) -> np.ndarray:
    """The same fit, written directly: sum_t (L >= t) @ W_t per chunk, then argpartition."""
    n_skills = levels.matrix.shape[1]
    w_t = []
    for t in range(1, 6):
        mask = roles.levels >= t
        w_t.append(
            sparse.csr_array(
                (
                    (roles.weights / roles.levels)[mask],
                    (roles.skill_ids[mask], roles.role[mask]),
                ),
                shape=(n_skills, len(roles)),
            )
        )
    total = np.bincount(roles.role, roles.weights, minlength=len(roles))
    best = np.empty((levels.matrix.shape[0], k), dtype=np.intp)
    for start in range(0, levels.matrix.shape[0], chunk):
        part = levels.matrix[start : start + chunk]
        numerator = sum((part >= t).astype(np.float64) @ w_t[t - 1] for t in range(1, 6))
        scores = numerator.toarray() / total
        best[start : start + chunk] = np.argpartition(-scores, k, axis=1)[:, :k]
    return best


def stacked_floor(levels: Levels, roles: RoleSet, k: int, chunk: int) -> np.ndarray:
    """The floor with the five products fused: [B_1 | ... | B_5] @ [W_1; ...; W_5] per chunk."""
    n_skills = levels.matrix.shape[1]
    mask = [roles.levels >= t for t in range(1, 6)]
    weights = sparse.csr_array(
        (
            np.concatenate([(roles.weights / roles.levels)[m] for m in mask]),
            (
                np.concatenate([roles.skill_ids[m] + t * n_skills for t, m in enumerate(mask)]),
                np.concatenate([roles.role[m] for m in mask]),
            ),
        ),
        shape=(5 * n_skills, len(roles)),
    )
    total = np.bincount(roles.role, roles.weights, minlength=len(roles))
    best = np.empty((levels.matrix.shape[0], k), dtype=np.intp)
    for start in range(0, levels.matrix.shape[0], chunk):
        part = levels.matrix[start : start + chunk]
        stacked = sparse.hstack([(part >= t) for t in range(1, 6)], format="csr")
        scores = (stacked.astype(np.float64) @ weights).toarray() / total
        best[start : start + chunk] = np.argpartition(-scores, k, axis=1)[:, :k]
    return best


def timed(work: object) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()  # type: ignore[operator]
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--roles", type=int, default=5_000)
    parser.add_argument("--skills", type=int, default=13_000)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    made, (levels, roles, stats) = timed(
        lambda: company(args.people, args.roles, args.skills, args.seed)
    )
    print(
        f"company:            {args.people:,} people x {args.roles:,} roles over "
        f"{args.skills:,} skills (generated in {made:.1f} s)"
    )
    for name, value in stats.items():
        print(f"  {name + ':':36s}{value:8.2f}")
    chunk = max(1, CHUNK_CELLS // args.roles)  # the floors take hrkit's chunk of people
    singles = [RoleSet.from_arrays([r], *_one(roles, r)) for r in range(min(args.roles, 25))]
    fulls, floors, fused, ones = [], [], [], []
    for number in range(1, args.rounds + 1):
        full_s, top = timed(lambda: top_roles(levels, roles, args.top))
        floor_s, best = timed(lambda: floor(levels, roles, args.top, chunk))
        fused_s, _best = timed(lambda: stacked_floor(levels, roles, args.top, chunk))
        one_s = [timed(lambda one=one: fit(levels, one))[0] for one in singles]
        fulls.append(full_s)
        floors.append(floor_s)
        fused.append(fused_s)
        ones.extend(one_s)
        print(
            f"round {number}:  hrkit full {full_s:6.2f} s   floor {floor_s:6.2f} s   "
            f"fused floor {fused_s:6.2f} s   one role median {statistics.median(one_s) * 1e3:5.1f}"
            f" ms (max {max(one_s) * 1e3:5.1f})"
        )
    _check(top, best, levels, roles)  # type: ignore[arg-type]
    full, low = statistics.median(fulls), statistics.median(floors)
    tight, one = statistics.median(fused), statistics.median(ones)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"floor (scipy, sum of B_t @ W_t): median {low:6.2f} s")
    print(f"fused floor (one stacked product): median {tight:6.2f} s")
    print(f"hrkit full fit:     median {full:6.2f} s  (target <= 60 s; top {args.top} roles each)")
    print(f"ratio hrkit/floor:  {full / low:6.2f}  (medians; target <= 1.5)")
    print(f"ratio hrkit/fused:  {full / tight:6.2f}  (hrkit adds readiness and exact tie order)")
    print(
        f"hrkit one role:     median {one * 1e3:6.1f} ms, max {max(ones) * 1e3:.1f} ms "
        f"(target <= 100 ms; {args.people:,} people, score and readiness)"
    )
    print(f"peak RSS:           {peak:6.0f} MB (target <= 3000; the whole process)")


def _one(roles: RoleSet, index: int) -> tuple[np.ndarray, ...]:
    mask = roles.role == index
    return (
        np.zeros(mask.sum(), dtype=np.intp),
        roles.skill_ids[mask],
        roles.levels[mask],
        roles.weights[mask],
        roles.essential[mask],
    )


def _check(top: object, best: np.ndarray, levels: Levels, roles: RoleSet) -> None:
    """Both found the same best scores (ties may pick different roles of equal score)."""
    ours = np.sort(top.scores, axis=1)  # type: ignore[attr-defined]
    sample = slice(0, min(2000, len(best)))
    operator_scores = fit(levels, roles, rows=np.arange(sample.stop)).scores
    theirs = np.sort(np.take_along_axis(operator_scores, best[sample], axis=1), axis=1)
    if not np.allclose(ours[sample], theirs, rtol=0, atol=1e-12):
        raise SystemExit("hrkit and the floor disagree on the best scores")


if __name__ == "__main__":
    main()
