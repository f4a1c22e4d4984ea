"""Mapping rules files: `achievement, skill_uri, level`, one rule per row.

The achievement is matched as `hrkit.skills.evidence` does: a credential's achievement uri
exactly, its name exactly, or a case-insensitive glob with `*` on its name. It is kept as
written (trimmed): an exact name must match exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hrkit.skills import values
from hrkit.skills.records import MAX_URI
from hrkit.skills.table import RowError, SkillFileError, cell, read_table

ACHIEVEMENT_KEYS = ("achievement", "achievementuri", "achievementname", "badge")
SKILL_KEYS = ("skilluri", "skill")


@dataclass(frozen=True)
class RuleRow:
    row: int
    achievement: str
    skill_uri: str
    level: int


@dataclass
class RulesFile:
    rows: int
    rules: list[RuleRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def read_rules(data: bytes, filename: str) -> RulesFile:
    """The rules of a mapping rules file; SkillFileError when it lacks the columns."""
    table = read_table(data, filename)
    achievement_at, skill_at = table.column(*ACHIEVEMENT_KEYS), table.column(*SKILL_KEYS)
    level_at = table.column("level")
    if achievement_at is None or skill_at is None or level_at is None:
        raise SkillFileError(
            f"{filename} is not a mapping rules file: expected achievement, skill_uri, level; "
            f"found {table.describe_headers()}"
        )
    parsed = RulesFile(len(table.rows))
    seen: dict[tuple[str, str], int] = {}
    for row, cells in table.rows:
        achievement, skill_uri = cell(cells, achievement_at), cell(cells, skill_at)
        try:
            rule = RuleRow(
                row,
                _achievement(achievement),
                values.skill_uri(skill_uri, "skill_uri"),
                values.level(cell(cells, level_at)),
            )
        except values.CellError as error:
            parsed.errors.append(RowError(row, error.code, str(error)))
            continue
        earlier = seen.setdefault((rule.achievement, rule.skill_uri), row)
        if earlier != row:
            parsed.errors.append(
                RowError(row, "DUPLICATE", f"the same rule is already on row {earlier}")
            )
            continue
        parsed.rules.append(rule)
    return parsed


def _achievement(value: str | None) -> str:
    if value is None:
        raise values.CellError("no achievement", "MISSING_ACHIEVEMENT")
    if len(value) > MAX_URI:
        raise values.CellError(
            f"the achievement is longer than {MAX_URI} characters", "INVALID_ACHIEVEMENT"
        )
    if not value.replace("*", "").strip():
        # A rule for every credential is almost certainly a slip, and would swamp every fit.
        raise values.CellError(
            f"achievement {value!r} would match every achievement", "INVALID_ACHIEVEMENT"
        )
    return value
