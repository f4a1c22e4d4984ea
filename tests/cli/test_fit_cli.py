"""`hrkit fit`: the contract's JSON Lines byte for byte, --kind and --top, the table, and a
one-line error for an unknown role."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hrkit.store.database import Database
from tests.skills.fit_world import build_company

CLI = Callable[..., tuple[int, str, str]]
S = "https://skills.example/"


@pytest.fixture
def db_path(hrkit_cli: CLI, tmp_path: Path) -> str:
    path = str(tmp_path / "fit.db")
    assert hrkit_cli("db", "upgrade", "--db", path)[0] == 0
    db = Database(path)
    build_company(db, tenant="default", employees=3, candidates=2)
    db.dispose()
    return path


def _gaps(*gaps: tuple[str, int, int, bool]) -> str:
    return ",".join(
        f'{{"skill_uri":"{S}{skill}","required":{required},"held":{held},'
        f'"essential":{"true" if essential else "false"}}}'
        for skill, required, held, essential in gaps
    )


def _line(email: str, kind: str, score: str, ready: bool, gaps: str) -> str:
    name = email.split("@")[0].upper()
    return (
        f'{{"person_email":"{email}","person_name":"{name}","kind":"{kind}",'
        f'"role":"Engineer","score":{score},"ready":{"true" if ready else "false"},'
        f'"gaps":[{gaps}]}}'
    )


# Engineer: s1 at 4 and s2 at 3 essential (weight 1), s3 at 2 (0.5), s4 at 5 (2.0): Σw = 4.5.
LINES = [
    # c001: s1 5 (Gamma's rule), s2 3, s3 3, s4 3 → (1 + 1 + 0.5 + 2·3/5) / 4.5 = 37/45
    _line("c001@mail.example", "candidate", "0.8222222222222222", True, _gaps(("s4", 5, 3, False))),
    # c000: s1 3, s2 3, s3 3 → (3/4 + 1 + 0.5) / 4.5 = 1/2
    _line("c000@mail.example", "candidate", "0.5", False,
          _gaps(("s1", 4, 3, True), ("s4", 5, 0, False))),
    # e002: s1 5, s4 3 → (1 + 6/5) / 4.5 = 22/45
    _line("e002@acme.example", "employee", "0.4888888888888889", False,
          _gaps(("s2", 3, 0, True), ("s4", 5, 3, False), ("s3", 2, 0, False))),
    # e001: s2 3, s3 3 → 1.5 / 4.5 = 1/3
    _line("e001@acme.example", "employee", "0.3333333333333333", False,
          _gaps(("s1", 4, 0, True), ("s4", 5, 0, False))),
    # e000: s1 3 → (3/4) / 4.5 = 1/6; gaps essential first, then weight, then uri
    _line("e000@acme.example", "employee", "0.16666666666666666", False,
          _gaps(("s1", 4, 3, True), ("s2", 3, 0, True), ("s4", 5, 0, False),
                ("s3", 2, 0, False))),
]  # fmt: skip


def test_json_lines_are_exactly_the_contract_sorted_by_score_then_email(
    hrkit_cli: CLI, db_path: str
) -> None:
    code, out, err = hrkit_cli("fit", "--role", "Engineer", "--json", "--db", db_path)
    assert (code, err) == (0, "")
    assert out.splitlines() == LINES


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--kind", "employee"), LINES[2:]),
        (("--kind", "candidate", "--top", "1"), LINES[:1]),
        (("--top", "3"), LINES[:3]),
        (("--top", "99"), LINES),
    ],
)
def test_kind_and_top(
    hrkit_cli: CLI, db_path: str, args: tuple[str, ...], expected: list[str]
) -> None:
    code, out, _ = hrkit_cli("fit", "--role", "Engineer", *args, "--json", "--db", db_path)
    assert code == 0 and out.splitlines() == expected


def test_the_table_names_people_and_gaps(hrkit_cli: CLI, db_path: str) -> None:
    code, out, _ = hrkit_cli("fit", "--role", "Engineer", "--top", "2", "--db", db_path)
    assert code == 0
    assert "Fit for Engineer: 2 of 5 people" in out
    assert "C001" in out and "0.8222" in out and "Cloud 3/5" in out
    assert "E000" not in out


def test_an_unknown_role_is_a_one_line_error(hrkit_cli: CLI, db_path: str) -> None:
    code, out, err = hrkit_cli("fit", "--role", "Astronaut", "--json", "--db", db_path)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "no role 'Astronaut'" in err
    code, _, err = hrkit_cli("fit", "--role", "Engineer", "--top", "0", "--db", db_path)
    assert code == 2 and "--top" in err
