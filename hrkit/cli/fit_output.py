"""`hrkit fit` output: the contract's JSON Lines, or a table for people."""

from __future__ import annotations

from typing import Any

from hrkit.cli.output import echo_json, echo_table
from hrkit.services.fit import FitRow, RoleFitResult


def fit_record(role: str, row: FitRow) -> dict[str, Any]:
    """One JSON line: the contract's keys (PRODUCT.md §8), plus the person's name and kind."""
    return {
        "person_email": row.email,
        "person_name": row.name,
        "kind": row.kind.value,
        "role": role,
        "score": row.score,
        "ready": row.ready,
        "gaps": [
            {
                "skill_uri": gap.skill_uri,
                "required": gap.required,
                "held": gap.held,
                "essential": gap.essential,
            }
            for gap in row.gaps
        ],
    }


def print_fit(result: RoleFitResult, *, as_json: bool) -> None:
    role = result.role.title
    if as_json:
        for row in result.rows:
            echo_json(fit_record(role, row))
        return
    names = {r.skill_id: r.skill.name for r in result.role.requirements}
    echo_table(
        ["#", "name", "email", "kind", "score", "ready", "gaps (held/required, *essential)"],
        (
            (
                rank,
                row.name,
                row.email,
                row.kind.value,
                # A table for reading: four decimals. JSON carries the exact score.
                f"{row.score:.4f}",
                "yes" if row.ready else "no",
                ", ".join(
                    f"{names.get(g.skill_id, g.skill_uri)} {g.held}/{g.required}"
                    + ("*" if g.essential else "")
                    for g in row.gaps
                ),
            )
            for rank, row in enumerate(result.rows, start=1)
        ),
        title=f"Fit for {role}: {len(result.rows)} of {result.total} people",
    )
