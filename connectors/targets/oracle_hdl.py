"""Oracle HCM Cloud: an HCM Data Loader `SkillsAssignment.dat` assigning core skills to people.

The file follows Oracle's SkillsAssignment examples (format notes): one METADATA line per
component, then its MERGE lines, components in the order SkillsAssignment, Assignee, CoreSkill:

    METADATA|SkillsAssignment|SkillsAssignmentName|Action|AssignedByPersonNumber
    MERGE|SkillsAssignment|HRKIT_42_7|ORA_ASSIGN|3001000
    METADATA|Assignee|AssigneeType|SkillsAssignmentName|PersonNumber
    MERGE|Assignee|ORA_CORE_PERSON|HRKIT_42_7|3001005
    METADATA|CoreSkill|Skill|SkillsAssignmentName|RequiredProficiencyLevelCode
    MERGE|CoreSkill|Python|HRKIT_42_7|3

Decisions:

* One skills assignment per credential, named `HRKIT_<credential db id>_<change_seq>`:
  re-running an export MERGEs the same object, a later change makes a new one. Its assignee
  is the holder (`ORA_CORE_PERSON`, PersonNumber = external id, else the e-mail: see
  `common`); its core skills are the credential's mapped skills, once each, with the mapped
  level (if any) as RequiredProficiencyLevelCode.
* An "end" row is the same assignment with Action `ORA_UNASSIGN` (Oracle's "unassigning
  skills" example): the skills the ended credential brought are taken away.
* The credential's own id travels in a `COMMENT credential <id>` line before its
  SkillsAssignment line: the object has no attribute for it, and HDL ignores comments.
* A credential mapped to no skill has nothing to assign and writes no line; a run in which
  no credential has skills writes no file.
* AssignedByPersonNumber must be a manager whose organisation holds the people (typically
  the top of the hierarchy): `OracleHdlTarget(assigned_by=...)` or the environment variable
  `HRKIT_HDL_ASSIGNED_BY`. Without it the target raises `ConfigError` before writing,
  rather than hand over a file Oracle would reject line by line.
* Values: HDL's reserved characters are escaped (`\\|`, `\\\\`, a line break as `\\n`) and
  text is neutralised like every cell hrkit writes (these files get opened in spreadsheets).
* UTF-8, LF line ends. HDL wants the file named after the business object, so the name is
  `SkillsAssignment.dat`; it is uploaded zipped.
* Streaming: SkillsAssignment lines go straight to the file; Assignee and CoreSkill lines
  wait in two temporary files and are appended at the end.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, ClassVar, Literal

from connectors.targets.common import credential_number, employee_key, nonempty
from hrkit.errors import ConfigError
from hrkit.ports import ExportRow
from hrkit.safe_cells import neutralise

FILE_NAME = "SkillsAssignment.dat"
# HCM Data Loader takes a zip holding `<business object>.dat`; the sync loop prefixes the names
# of the files a target writes, so the .dat travels inside the zip under its required name.
ZIP_NAME = "SkillsAssignment.zip"
ENV_ASSIGNED_BY = "HRKIT_HDL_ASSIGNED_BY"
ASSIGNMENT = ("SkillsAssignment", "SkillsAssignmentName", "Action", "AssignedByPersonNumber")
ASSIGNEE = ("Assignee", "AssigneeType", "SkillsAssignmentName", "PersonNumber")
CORE_SKILL = ("CoreSkill", "Skill", "SkillsAssignmentName", "RequiredProficiencyLevelCode")
ASSIGN, UNASSIGN = "ORA_ASSIGN", "ORA_UNASSIGN"
PERSON_ASSIGNEE = "ORA_CORE_PERSON"


def hdl_value(value: str) -> str:
    """`value` as one HDL attribute: neutralised, reserved characters escaped."""
    text = neutralise(value.replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\n")


def metadata(component: tuple[str, ...]) -> str:
    return "|".join(("METADATA", *component)) + "\n"


def merge(component: str, *values: str) -> str:
    return "|".join(("MERGE", component, *(hdl_value(value) for value in values))) + "\n"


def assignment_name(row: ExportRow) -> str:
    return f"HRKIT_{row.credential_id}_{row.change_seq}"


def level_code(level: Any) -> str:
    """A mapped skill level as a proficiency level code: whole numbers as digits."""
    if isinstance(level, bool) or level is None:
        return ""
    if isinstance(level, float) and level.is_integer():
        return str(int(level))
    return str(level).strip() if isinstance(level, int | float | str) else ""


def core_skills(row: ExportRow) -> dict[str, str]:
    """Skill name -> level code of the credential's mapped skills, first mapping winning."""
    skills: dict[str, str] = {}
    for mapping in row.skills:
        name = mapping.get("name")
        if isinstance(name, str) and name.strip() and name not in skills:
            skills[name] = level_code(mapping.get("level"))
    return skills


class OracleHdlTarget:
    """Core skill assignments and unassignments in `SkillsAssignment.dat`."""

    name: ClassVar[str] = "oracle-hdl"
    kind: ClassVar[Literal["target"]] = "target"

    def __init__(self, assigned_by: str | None = None) -> None:
        self.assigned_by = assigned_by

    def assigned_by_person_number(self) -> str:
        value = (self.assigned_by or os.environ.get(ENV_ASSIGNED_BY) or "").strip()
        if not value:
            raise ConfigError(
                f"oracle-hdl needs the person number of the manager who assigns the skills: "
                f"set {ENV_ASSIGNED_BY}"
            )
        return value

    def write(self, rows: Iterable[ExportRow], out_dir: Path) -> list[Path]:
        stream = nonempty(rows)
        if stream is None:
            return []
        path = out_dir / FILE_NAME
        out: IO[str] | None = None
        with (
            tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as assignees,
            tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as skills_part,
        ):
            try:
                for row in stream:
                    skills = core_skills(row)
                    if not skills:
                        continue
                    if out is None:
                        assigned_by = self.assigned_by_person_number()
                        out = path.open("w", encoding="utf-8", newline="")
                        out.write(metadata(ASSIGNMENT))
                        assignees.write(metadata(ASSIGNEE))
                        skills_part.write(metadata(CORE_SKILL))
                    name = assignment_name(row)
                    action = UNASSIGN if row.action == "end" else ASSIGN
                    comment = " ".join(credential_number(row).split())
                    out.write(f"COMMENT credential {comment}\n")
                    out.write(merge("SkillsAssignment", name, action, assigned_by))
                    assignees.write(merge("Assignee", PERSON_ASSIGNEE, name, employee_key(row)))
                    for skill, level in skills.items():
                        skills_part.write(merge("CoreSkill", skill, name, level))
                if out is None:
                    return []
                for part in (assignees, skills_part):
                    part.seek(0)
                    shutil.copyfileobj(part, out)
            finally:
                if out is not None:
                    out.close()
        archive = out_dir / ZIP_NAME
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
            zipped.write(path, FILE_NAME)
        path.unlink()
        return [archive]
