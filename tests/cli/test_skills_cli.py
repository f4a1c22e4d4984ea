"""`hrkit skills import`, `hrkit skills map`, `hrkit roles import`: JSON summaries, readable
summaries, the shipped samples, and one-line errors with exit code 1."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pytest
from openpyxl import Workbook

DATA = Path(__file__).parent.parent / "skills" / "data"
TRANSVERSAL = DATA / "esco_v1.0_transversalSkillsCollection_en.csv"
KEYS = ["file", "framework", "format", "rows", "created", "updated", "unchanged", "invalid"]


def shipped(name: str) -> Path:
    return Path(str(resources.files("hrkit").joinpath("data", name)))


def run_json(hrkit_cli, *args: str) -> dict:
    code, out, err = hrkit_cli(*args, "--json")
    assert (code, err) == (0, ""), err
    [line] = out.splitlines()
    return json.loads(line)


def test_skills_import_json_summary_and_idempotence(hrkit_cli) -> None:
    summary = run_json(hrkit_cli, "skills", "import", str(TRANSVERSAL))
    assert list(summary) == [*KEYS, "errors"]
    assert summary == {
        "file": TRANSVERSAL.name,
        "framework": "esco",
        "format": "esco-skills",
        "rows": 107,
        "created": 107,
        "updated": 0,
        "unchanged": 0,
        "invalid": 0,
        "errors": [],
    }
    again = run_json(hrkit_cli, "skills", "import", str(TRANSVERSAL), "--framework", "esco")
    assert (again["created"], again["unchanged"]) == (0, 107)


def test_skills_import_readable_summary_lists_row_problems(hrkit_cli, tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("uri,name\nurn:x:a,A\nnot a uri,B\nurn:x:a,A again\n", encoding="utf-8")
    code, out, err = hrkit_cli("skills", "import", str(path))
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == (
        "mine.csv (custom, 3 row(s)): 1 skill(s) created, 0 updated, 0 unchanged, 2 invalid"
    )
    assert "INVALID_URI" in out and "DUPLICATE" in out


def test_the_shipped_samples_import(hrkit_cli, tmp_path: Path) -> None:
    esco = run_json(hrkit_cli, "skills", "import", str(shipped("esco_demo_skills.csv")))
    assert (esco["format"], esco["created"], esco["invalid"]) == ("esco-skills", 23, 0)
    technology = str(shipped("onet_demo_technology_skills.tsv"))
    onet = run_json(hrkit_cli, "skills", "import", technology, "--framework", "onet")
    assert (onet["format"], onet["rows"], onet["invalid"]) == ("onet-technology", 76, 0)
    occupations = str(shipped("onet_demo_occupations.tsv"))
    roles = run_json(hrkit_cli, "roles", "import", technology, "--occupations", occupations)
    assert (roles["format"], roles["created"], roles["invalid"]) == ("onet-technology", 3, 0)
    again = run_json(hrkit_cli, "roles", "import", technology, "--occupations", occupations)
    assert again["unchanged"] == 3


def test_roles_and_rules_from_a_spreadsheet(hrkit_cli, tmp_path: Path) -> None:
    skills = tmp_path / "skills.csv"
    skills.write_text("uri,name\nurn:x:sql,SQL\nurn:x:py,Python\n", encoding="utf-8")
    hrkit_cli("skills", "import", str(skills))
    book = Workbook()
    sheet = book.active
    for row in (
        ["role", "skill_uri", "level", "essential", "weight"],
        ["Analyst", "urn:x:sql", 4, None, None],
        ["Analyst", "urn:x:py", None, "no", 0.25],
        ["Dev", "urn:x:nope", 3, "yes", None],
    ):
        sheet.append(row)
    roles = tmp_path / "roles.xlsx"
    book.save(roles)
    summary = run_json(hrkit_cli, "roles", "import", str(roles))
    assert list(summary) == [k for k in KEYS if k != "framework"] + ["errors"]
    assert (summary["created"], summary["invalid"]) == (1, 1)
    assert [(e["row"], e["code"]) for e in summary["errors"]] == [(4, "UNKNOWN_SKILL")]

    rules = tmp_path / "rules.csv"
    rules.write_text(
        "achievement;skill_uri;level\nSQL Badge*;urn:x:sql;3\nX;urn:x:none;2\n", encoding="utf-8"
    )
    mapped = run_json(hrkit_cli, "skills", "map", str(rules))
    assert (mapped["format"], mapped["created"], mapped["invalid"]) == ("mapping-rules", 1, 1)
    assert mapped["errors"][0]["row"] == 3 and "urn:x:none" in mapped["errors"][0]["message"]
    code, out, _ = hrkit_cli("skills", "map", str(rules))
    assert code == 0 and "0 rule(s) created, 0 updated, 1 unchanged, 1 invalid" in out


@pytest.mark.parametrize(
    ("args", "content", "says"),
    [
        (("skills", "import"), b"", "is empty"),
        (("skills", "import"), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (("skills", "import"), b"a,b\n1,2\n", "expected the ESCO skills hierarchy"),
        (("skills", "import", "--framework", "onet"), None, "not an O*NET taxonomy file"),
        (("skills", "map"), b"badge,skill\nx,y\n", "expected achievement, skill_uri, level"),
        (("roles", "import"), b"a,b\n1,2\n", "expected role, skill_uri"),
        (("roles", "import"), None, "not a roles file"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(hrkit_cli, tmp_path: Path, args, content, says) -> None:
    path = tmp_path / "input.csv"
    if content is None:
        shutil.copy(TRANSVERSAL, path)
    else:
        path.write_bytes(content)
    code, out, err = hrkit_cli(*args[:2], str(path), *args[2:])
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and err.startswith("hrkit: error: ") and says in err


def test_a_missing_file_or_occupations_file(hrkit_cli, tmp_path: Path) -> None:
    code, _, err = hrkit_cli("skills", "import", str(tmp_path / "nope.csv"))
    assert code == 1 and "cannot read nope.csv" in err
    technology = str(DATA / "onet_technology_skills_sample.tsv")
    code, _, err = hrkit_cli("roles", "import", technology)
    assert code == 1 and "--occupations" in err and err.count("\n") == 1
    code, _, err = hrkit_cli("roles", "import", technology, "--occupations", str(TRANSVERSAL))
    assert code == 1 and "not an occupations file" in err
