"""The `oracle-hdl` target: the SkillsAssignment.dat inside its zip, read back line by line."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from connectors.targets.oracle_hdl import ENV_ASSIGNED_BY, OracleHdlTarget
from hrkit.errors import ConfigError
from tests.connectors.target_rows import ASSIGNED_BY, PIPE_SKILL, ROW_A, ROW_B, ROW_C, ROW_D, SAMPLE

ID_A = ROW_A.credential_uri
ID_B = ROW_B.credential_uri
ID_C = ROW_C.credential_uri


def dat(path: Path) -> bytes:
    """The .dat inside the zip HDL uploads, under the name HDL requires."""
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["SkillsAssignment.dat"]
        return archive.read("SkillsAssignment.dat")


def fields(line: str) -> list[str]:
    """One HDL line split on its unescaped delimiters, escapes undone (an independent reader)."""
    values, current, chars = [], [], iter(line)
    for char in chars:
        if char == "\\":
            escaped = next(chars)
            current.append("\n" if escaped == "n" else escaped)
        elif char == "|":
            values.append("".join(current))
            current = []
        else:
            current.append(char)
    values.append("".join(current))
    return values


def test_the_file_follows_oracles_skills_assignment_layout(tmp_path: Path) -> None:
    [path] = OracleHdlTarget(assigned_by=ASSIGNED_BY).write(iter(SAMPLE), tmp_path)
    assert path == tmp_path / "SkillsAssignment.zip"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["SkillsAssignment.zip"]
    data = dat(path)
    assert b"\r" not in data
    assert data.decode("utf-8").splitlines() == [
        "METADATA|SkillsAssignment|SkillsAssignmentName|Action|AssignedByPersonNumber",
        f"COMMENT credential {ID_A}",
        "MERGE|SkillsAssignment|HRKIT_1_11|ORA_ASSIGN|3001000",
        f"COMMENT credential {ID_B}",
        "MERGE|SkillsAssignment|HRKIT_2_12|ORA_ASSIGN|3001000",
        f"COMMENT credential {ID_C}",
        "MERGE|SkillsAssignment|HRKIT_3_13|ORA_UNASSIGN|3001000",
        "METADATA|Assignee|AssigneeType|SkillsAssignmentName|PersonNumber",
        "MERGE|Assignee|ORA_CORE_PERSON|HRKIT_1_11|E-100",
        "MERGE|Assignee|ORA_CORE_PERSON|HRKIT_2_12|mallory@example.com",
        "MERGE|Assignee|ORA_CORE_PERSON|HRKIT_3_13|E-100",
        "METADATA|CoreSkill|Skill|SkillsAssignmentName|RequiredProficiencyLevelCode",
        "MERGE|CoreSkill|Python|HRKIT_1_11|3",
        "MERGE|CoreSkill|SQL|HRKIT_1_11|",
        "MERGE|CoreSkill|'+cmd\\|' /C calc'!A0|HRKIT_2_12|2",
        "MERGE|CoreSkill|Python|HRKIT_3_13|3",
    ]


def test_every_merge_line_has_its_metadata_fields(tmp_path: Path) -> None:
    [path] = OracleHdlTarget(assigned_by=ASSIGNED_BY).write(SAMPLE, tmp_path)
    header: list[str] = []
    merged = []
    for line in dat(path).decode("utf-8").splitlines():
        if line.startswith("METADATA|"):
            header = fields(line)
        elif line.startswith("MERGE|"):
            values = fields(line)
            assert len(values) == len(header) and values[1] == header[1]
            merged.append(dict(zip(header[2:], values[2:], strict=True)))
    skills = [m["Skill"] for m in merged if "Skill" in m]
    assert skills == ["Python", "SQL", "'" + PIPE_SKILL, "Python"]


def test_reserved_characters_are_escaped(tmp_path: Path) -> None:
    row = replace(ROW_A, skills=({"name": "C\\C++ | line\r\nbreak", "level": "3"},))
    [path] = OracleHdlTarget(assigned_by=ASSIGNED_BY).write([row], tmp_path)
    [line] = [
        ln for ln in dat(path).decode("utf-8").splitlines() if ln.startswith("MERGE|CoreSkill")
    ]
    assert line == "MERGE|CoreSkill|C\\\\C++ \\| line\\nbreak|HRKIT_1_11|3"
    assert fields(line)[2] == "C\\C++ | line\nbreak"


def test_credentials_without_skills_write_no_file(tmp_path: Path) -> None:
    assert OracleHdlTarget(assigned_by=ASSIGNED_BY).write([ROW_D], tmp_path) == []
    assert list(tmp_path.iterdir()) == []


def test_the_assigning_manager_is_required(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_ASSIGNED_BY, raising=False)
    with pytest.raises(ConfigError, match=ENV_ASSIGNED_BY):
        OracleHdlTarget().write(SAMPLE, tmp_path)
    assert list(tmp_path.iterdir()) == []
    assert OracleHdlTarget().write([], tmp_path) == []  # nothing to write needs no manager
    monkeypatch.setenv(ENV_ASSIGNED_BY, " 42 ")
    [path] = OracleHdlTarget().write([ROW_A], tmp_path)
    assert "MERGE|SkillsAssignment|HRKIT_1_11|ORA_ASSIGN|42" in dat(path).decode("utf-8")
