"""Roles files: rows of requirements, grouped into one draft per role.

Three layouts, told from the headers:

- roles (the contract): `role, skill_uri, level, essential, weight`, optionally `open` and
  `description`. An empty level is 3, an empty essential is yes, an empty weight is 1.0 for
  an essential skill and 0.5 for an optional one.
- ESCO occupation-skill relations: `occupationUri, relationType, skillUri` (+
  `occupationLabel`): one role per occupation, essential per relationType, level 3.
- O*NET Technology Skills: `O*NET-SOC Code, Example, In Demand`: one role per occupation,
  its technologies at level 3, essential when O*NET marks them in demand for it.

Occupations are named by the file's labels or by an occupations file (`--occupations`).
A draft with any row problem is not imported; the other drafts are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from hrkit.skills import values
from hrkit.skills.onet import technology_uri
from hrkit.skills.table import RowError, SkillFileError, Table, cell, read_table

DEFAULT_LEVEL = 3
MAX_TITLE = 400
ROLE_KEYS, SKILL_KEYS = ("role", "roletitle", "title"), ("skilluri", "skill")


@dataclass(frozen=True)
class RequirementRow:
    row: int
    skill_uri: str
    level: int
    essential: bool
    weight: float | None  # None: the default for `essential`


@dataclass
class RoleDraft:
    title: str
    row: int  # its first row
    requirements: dict[str, RequirementRow] = field(default_factory=dict)  # by skill uri
    open: bool | None = None  # None: as stored (a new role is open)
    description: str | None = None
    has_description: bool = False
    errors: list[RowError] = field(default_factory=list)

    def error(self, row: int, code: str, message: str) -> None:
        self.errors.append(RowError(row, code, f"role {self.title!r} not imported: {message}"))


@dataclass
class RoleFile:
    format: str
    rows: int
    roles: dict[str, RoleDraft] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)  # rows that name no role

    def draft(self, title: str, row: int) -> RoleDraft:
        return self.roles.setdefault(title, RoleDraft(title, row))


def read_role_file(
    data: bytes, filename: str, occupations: Mapping[str, str] | None = None
) -> RoleFile:
    """The role drafts of a roles file; SkillFileError when it has none of the layouts."""
    table = read_table(data, filename)
    if table.column(*ROLE_KEYS) is not None and table.column(*SKILL_KEYS) is not None:
        return _contract(table)
    if table.has("occupationuri", "skilluri"):
        if occupations is None and not table.has("occupationlabel"):
            raise _needs_titles(filename, "ESCO occupations: conceptUri, iscoGroup, preferredLabel")
        return _occupations(table, "esco-occupation-skills", occupations or {})
    if table.has("onetsoccode", "example"):
        if occupations is None:
            raise _needs_titles(filename, "O*NET Occupation Data: O*NET-SOC Code, Title")
        return _occupations(table, "onet-technology", occupations)
    raise SkillFileError(
        f"{filename} is not a roles file: expected role, skill_uri[, level, essential, weight], "
        "ESCO occupation-skill relations (occupationUri, relationType, skillUri"
        "[, occupationLabel]) or O*NET Technology Skills (O*NET-SOC Code, Example, In Demand); "
        f"found {table.describe_headers()}"
    )


def _needs_titles(filename: str, expected: str) -> SkillFileError:
    return SkillFileError(
        f"{filename} names occupations by code only: give their titles with --occupations FILE "
        f"({expected})",
        code="NEEDS_OCCUPATIONS",
    )


def _contract(table: Table) -> RoleFile:
    parsed = RoleFile("roles", len(table.rows))
    role_at, skill_at = table.column(*ROLE_KEYS), table.column(*SKILL_KEYS)
    level_at, essential_at = table.column("level", "requiredlevel"), table.column("essential")
    weight_at, open_at = table.column("weight"), table.column("open")
    description_at = table.column("description")
    for row, cells in table.rows:
        title = " ".join((cell(cells, role_at) or "").split())
        if not title:
            parsed.errors.append(RowError(row, "MISSING_ROLE", "no role"))
            continue
        draft = parsed.draft(title, row)
        try:
            requirement = RequirementRow(
                row,
                values.skill_uri(cell(cells, skill_at), "skill_uri"),
                values.level(cell(cells, level_at), DEFAULT_LEVEL),
                values.flag(cell(cells, essential_at), True, "essential"),
                values.weight(cell(cells, weight_at)),
            )
            _set_role_fields(draft, row, cell(cells, open_at), cell(cells, description_at))
        except values.CellError as error:
            draft.error(row, error.code, str(error))
            continue
        if description_at is not None:
            draft.has_description = True
        _require(draft, requirement)
    _check_titles(parsed)
    return parsed


def _occupations(table: Table, format: str, titles: Mapping[str, str]) -> RoleFile:
    parsed = RoleFile(format, len(table.rows))
    esco = format.startswith("esco")
    key_name = "occupationUri" if esco else "O*NET-SOC Code"
    key_at = table.column("occupationuri" if esco else "onetsoccode")
    label_at = table.column("occupationlabel")
    skill_at = table.column("skilluri" if esco else "example")
    flag_at = table.column("relationtype" if esco else "indemand")
    holder: dict[str, str] = {}  # title → the occupation it names, to catch two with one title
    for row, cells in table.rows:
        occupation = cell(cells, key_at)
        title = " ".join((titles.get(occupation or "") or cell(cells, label_at) or "").split())
        if not occupation or not title:
            message = (
                f"occupation {occupation} has no title (give titles with --occupations)"
                if occupation
                else f"no {key_name}"
            )
            parsed.errors.append(RowError(row, "MISSING_ROLE", message))
            continue
        draft = parsed.draft(title, row)
        if holder.setdefault(title, occupation) != occupation:
            draft.error(row, "DUPLICATE_ROLE", f"{holder[title]} and {occupation} share the title")
            continue
        skill, marked = cell(cells, skill_at), cell(cells, flag_at)
        try:
            if esco:
                uri = values.skill_uri(skill, "skillUri")
                essential = values.flag(marked, True, "relationType")
            elif skill:
                uri, essential = technology_uri(skill), marked == "Y"
            else:
                raise values.CellError("no Example", "MISSING_URI")
        except values.CellError as error:
            draft.error(row, error.code, str(error))
            continue
        _require(draft, RequirementRow(row, uri, DEFAULT_LEVEL, essential, None))
    return parsed


def _require(draft: RoleDraft, requirement: RequirementRow) -> None:
    held = draft.requirements.setdefault(requirement.skill_uri, requirement)
    if held is not requirement:
        draft.error(
            requirement.row,
            "DUPLICATE_SKILL",
            f"{requirement.skill_uri} is already required on row {held.row}",
        )


def _set_role_fields(draft: RoleDraft, row: int, open: str | None, description: str | None) -> None:
    """The first row that gives a role's open or description sets it; a later one that
    disagrees is an error (which of them was meant?)."""
    if open is not None:
        given = values.flag(open, True, "open")
        if draft.open is not None and draft.open != given:
            raise values.CellError(
                f"open {open!r} contradicts an earlier row of the role", "INCONSISTENT"
            )
        draft.open = given
    if description is not None:
        if draft.description is not None and draft.description != description:
            raise values.CellError(
                "the description differs from an earlier row of the role", "INCONSISTENT"
            )
        draft.description = description


def _check_titles(parsed: RoleFile) -> None:
    for draft in parsed.roles.values():
        if len(draft.title) > MAX_TITLE:
            draft.error(draft.row, "INVALID_TITLE", f"a title has at most {MAX_TITLE} characters")


def read_occupations(data: bytes, filename: str) -> dict[str, str]:
    """Occupation titles by ESCO uri or O*NET-SOC code, from an ESCO occupations file or
    O*NET's Occupation Data."""
    table = read_table(data, filename)
    if table.has("concepturi", "iscogroup", "preferredlabel"):
        key_at, title_at = table.column("concepturi"), table.column("preferredlabel")
    elif table.has("onetsoccode", "title"):
        key_at, title_at = table.column("onetsoccode"), table.column("title")
    else:
        raise SkillFileError(
            f"{filename} is not an occupations file: expected ESCO occupations (conceptUri, "
            "iscoGroup, preferredLabel) or O*NET Occupation Data (O*NET-SOC Code, Title); found "
            f"{table.describe_headers()}"
        )
    found: dict[str, str] = {}
    for _row, cells in table.rows:
        code, title = cell(cells, key_at), cell(cells, title_at)
        if code and title:
            found.setdefault(code, title)
    return found
