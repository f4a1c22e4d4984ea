"""`hrkit matrix`: the format from the extension, --out's folder created, the --json summary,
and one-line errors with exit code 1 for a bad extension, role or manager."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from hrkit.store.database import Database
from hrkit.store.migrate import upgrade
from tests.skills.matrix_world import ROLE, build_world

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def database(tmp_path: Path) -> str:
    path = tmp_path / "matrix.db"
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    build_world(db)
    db.dispose()
    return str(path)


def test_a_team_against_a_role_as_xlsx_with_a_json_summary(
    hrkit_cli: Cli, database: str, tmp_path: Path
) -> None:
    out = tmp_path / "exports" / "2025" / "backend.xlsx"
    code, stdout, stderr = hrkit_cli(
        "matrix", "--role", ROLE, "--manager", "lead@acme.example", "--out", str(out),
        "--json", "--db", database, "--tenant", "acme",
    )  # fmt: skip
    assert (code, stderr) == (0, "")
    assert json.loads(stdout) == {
        "out": str(out),
        "format": "xlsx",
        "people": 3,
        "skills": 3,
        "sheets": ["Team Lee Lead"],
    }
    sheet = load_workbook(out)["Team Lee Lead"]
    assert [c.value for c in sheet[3]][:5] == ["Required", None, 3, 2, 2]
    assert [row[0] for row in sheet.iter_rows(min_row=5, values_only=True)] == [
        "Dana Dev",
        "Lee Lead",
        "Eli Dev",
    ]


@pytest.mark.parametrize("suffix", ["csv", "json"])
def test_csv_and_json_by_extension(
    hrkit_cli: Cli, database: str, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"all.{suffix.upper()}"
    code, stdout, _ = hrkit_cli(
        "matrix", "--role", ROLE, "--out", str(out), "--db", database, "--tenant", "acme"
    )
    assert code == 0
    assert stdout.startswith(f"{out}: 5 people, 3 skills against 'Backend Engineer'")
    text = out.read_text(encoding="utf-8")
    if suffix == "csv":
        rows = list(csv.reader(text.splitlines()))
        assert rows[1][0] == "Required" and len(rows) == 2 + 5
    else:
        assert len(json.loads(text)["people"]) == 5


def test_a_team_without_a_role_and_candidates_against_a_role(
    hrkit_cli: Cli, database: str, tmp_path: Path
) -> None:
    code, stdout, _ = hrkit_cli(
        "matrix", "--manager", "boss@acme.example", "--out", str(tmp_path / "team.json"),
        "--json", "--db", database, "--tenant", "acme",
    )  # fmt: skip
    assert code == 0 and json.loads(stdout)["people"] == 4
    assert json.loads((tmp_path / "team.json").read_text())["role"] is None
    code, stdout, _ = hrkit_cli(
        "matrix", "--role", ROLE, "--kind", "candidate", "--out", str(tmp_path / "c.xlsx"),
        "--json", "--db", database, "--tenant", "acme",
    )  # fmt: skip
    assert code == 0 and json.loads(stdout)["sheets"] == ["Candidates"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", ROLE, "--out", "m.txt"], "cannot tell the format of 'm.txt'"),
        (["--role", "Astronaut", "--out", "m.xlsx"], "unknown role 'Astronaut'"),
        (["--manager", "ghost@acme.example", "--out", "m.csv"], "unknown manager"),
        (["--manager", "cand1@acme.example", "--out", "m.csv"], "unknown manager"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_1(
    hrkit_cli: Cli, database: str, tmp_path: Path, args: list[str], message: str
) -> None:
    code, stdout, stderr = hrkit_cli("matrix", *args, "--db", database, "--tenant", "acme")
    assert (code, stdout) == (1, "")
    assert stderr.count("\n") == 1 and message in stderr
    assert list(tmp_path.glob("m.*")) == []


def test_neither_role_nor_manager_is_a_usage_error(hrkit_cli: Cli, database: str) -> None:
    code, _, stderr = hrkit_cli("matrix", "--out", "m.xlsx", "--db", database, "--tenant", "acme")
    assert code == 2 and "name a role (--role TITLE), a team (--manager EMAIL)" in stderr
