from __future__ import annotations

import json
from pathlib import Path

import httpx

from hrkit.model.enums import PersonKind
from hrkit.store.database import Database
from hrkit.store.repositories import PeopleRepository, TenantRepository
from hrkit.store.tables import Person
from tests.helpers import hrkit_server


def test_people_list_resolves_managers_and_filters_by_kind(hrkit_cli, tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    assert hrkit_cli("db", "upgrade", "--db", str(path))[0] == 0
    db = Database(str(path))
    with db.transaction() as session:
        people = PeopleRepository(session, TenantRepository(session).scope("default"))
        boss = people.add(Person(kind=PersonKind.EMPLOYEE, name="Bo Ss", email="boss@x.org"))
        session.flush()
        people.add(
            Person(
                kind=PersonKind.EMPLOYEE,
                name="Em Ployee",
                email="emp@x.org",
                manager_id=boss.id,
                department="R&D",
                title="Engineer",
                external_id="E7",
            )
        )
        people.add(Person(kind=PersonKind.CANDIDATE, name="Can Didate", email="cand@x.org"))
    db.dispose()

    code, out, _ = hrkit_cli("people", "list", "--kind", "employee", "--json", "--db", str(path))
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [r["email"] for r in rows] == ["boss@x.org", "emp@x.org"]
    assert rows[1] == {
        "email": "emp@x.org",
        "name": "Em Ployee",
        "kind": "employee",
        "external_id": "E7",
        "manager_email": "boss@x.org",
        "department": "R&D",
        "title": "Engineer",
    }
    code, out, _ = hrkit_cli("people", "list", "--json", "--db", str(path))
    assert [json.loads(line)["email"] for line in out.splitlines()] == [
        "boss@x.org",
        "cand@x.org",
        "emp@x.org",
    ]


def test_serve_answers_the_health_check_on_a_real_socket(tmp_path: Path) -> None:
    with hrkit_server(["--db", str(tmp_path / "s.db")], cwd=tmp_path) as base:
        response = httpx.get(f"{base}/healthz", timeout=5)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
