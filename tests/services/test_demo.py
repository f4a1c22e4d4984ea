"""The demo tenant (`hrkit demo`, `hrkit serve --demo`) and the roles service it writes through —
on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hrkit.auth.secret import development_secret
from hrkit.demo.people import TEAM_MANAGER
from hrkit.demo.plan import plan
from hrkit.model.enums import AchievementKind, CheckName, PersonKind, VerificationStatus
from hrkit.services.credentials import trust_registry
from hrkit.services.demo import DemoSummary, seed_demo
from hrkit.settings import Settings
from hrkit.store.database import Database
from hrkit.store.repositories import TenantRepository
from hrkit.store.tables import (
    Achievement,
    Credential,
    Issuer,
    Person,
    Role,
    RoleRequirement,
    Skill,
    SkillMapping,
)
from hrkit.verify.inputs import InputRef
from hrkit.verify.runner import VerifyOptions, verify_all
from tests.helpers import HRKIT, free_port, snapshot

S = VerificationStatus
ESCO_SKILL = "http://data.europa.eu/esco/skill/"
PYTHON = ESCO_SKILL + "ccd0a1d9-afda-43d9-b901-96344886e14d"
STATISTICS = ESCO_SKILL + "7ee4c2ea-b349-4bd2-81a3-ec31475d4833"
DEVOPS = ESCO_SKILL + "f0de4973-0a70-4644-8fd4-3a97080476f4"


def credentials(db: Database) -> list[Credential]:
    with db.session() as session:
        stmt = (
            select(Credential)
            .options(selectinload(Credential.checks), selectinload(Credential.holder))
            .order_by(Credential.id)
        )
        return list(session.scalars(stmt))


def test_seed_gives_the_demo_and_a_second_seed_changes_nothing(
    db: Database, seeded: DemoSummary, tmp_path: Path
) -> None:
    assert (seeded.tenant, seeded.employees, seeded.candidates) == ("demo", 50, 30)
    assert (seeded.issuers, seeded.trusted_issuers, seeded.skills) == (3, 2, 23)
    assert (seeded.roles, seeded.open_roles) == (3, 2)
    assert set(seeded.credentials) == {"verified", "revoked", "expired", "untrusted_issuer"}
    assert 100 <= seeded.total_credentials == seeded.new_credentials <= 150
    assert seeded.credentials["verified"] > seeded.total_credentials / 2
    with db.session() as session:
        tenant = TenantRepository(session).by_slug("demo")
        assert tenant is not None
        kinds = Counter(session.scalars(select(Person.kind).where(Person.tenant_id == tenant.id)))
        issuers = {i.name: i.trusted for i in session.scalars(select(Issuer))}
        seq = tenant.change_seq
    assert kinds == {PersonKind.EMPLOYEE: 50, PersonKind.CANDIDATE: 30}
    assert issuers == {
        "Northwind Academy": True,
        "Contoso Cloud Institute": True,
        "Fabrikam Data School": False,
    }
    assert seq == seeded.total_credentials  # one change per stored credential, nothing else

    before = snapshot(db)
    again = seed_demo(db, data_dir=tmp_path / "demo-data")
    assert snapshot(db) == before  # the same rows, byte for byte: no update, no new change_seq
    assert again.new_credentials == 0
    assert again.credentials == seeded.credentials


def test_stored_statuses_are_the_planned_ones_and_revocations_come_from_the_status_list(
    db: Database, seeded: DemoSummary
) -> None:
    expected = {p.id: p.expected for p in plan()}
    stored = credentials(db)
    assert {c.credential_uri: c.status for c in stored} == expected
    for credential in stored:
        checks = {c.check: c for c in credential.checks}
        assert checks[CheckName.SIGNATURE].result == "pass"
        assert checks[CheckName.RECIPIENT].result == "pass"  # the salted email hash matched
        status_check = checks[CheckName.STATUS]
        if credential.status is S.REVOKED:
            assert status_check.result == "fail"
            assert "revoked (list https://" in (status_check.message or "")
        else:
            assert status_check.result == "pass"
        if credential.status is S.EXPIRED:
            assert credential.valid_until is not None and credential.valid_until.year == 2024
        if credential.status is S.UNTRUSTED_ISSUER:
            assert checks[CheckName.ISSUER_TRUST].result == "fail"


def test_every_raw_document_is_a_jwt_that_reverifies_offline_to_its_stored_status(
    db: Database, seeded: DemoSummary
) -> None:
    stored = credentials(db)
    for credential in stored:
        header = jwt.get_unverified_header(credential.raw)
        assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt"
        assert header["kid"].startswith("did:key:z6Mk")
        claims = jwt.decode(credential.raw, options={"verify_signature": False})
        assert claims["iss"] == claims["issuer"]["id"]
        assert "OpenBadgeCredential" in claims["type"]
        for alignment in claims["credentialSubject"]["achievement"]["alignment"]:
            assert alignment["targetFramework"] == "ESCO"
            assert alignment["targetUrl"].startswith(ESCO_SKILL)
    with db.session() as session:
        registry = trust_registry(session, TenantRepository(session).scope("demo"))
    assert registry is not None
    options = VerifyOptions(offline=True, documents=seeded.documents, trust=dict(registry.entries))
    refs = [InputRef(str(c.id), data=c.raw.encode(), recipient=c.holder.email) for c in stored]
    again = list(verify_all(refs, options, workers=1))
    assert [r.status for r in again] == [c.status for c in stored]
    assert Counter(r.status.value for r in again) == seeded.credentials


def test_the_manager_tree_has_one_head_no_cycles_and_a_manager_two_levels_deep(
    db: Database, seeded: DemoSummary
) -> None:
    with db.session() as session:
        people = list(session.scalars(select(Person)))
    employees = {p.id: p for p in people if p.kind is PersonKind.EMPLOYEE}
    heads = [p for p in employees.values() if p.manager_id is None]
    assert len(heads) == 1
    for person in employees.values():
        seen: set[int] = set()
        current: Person | None = person
        while current is not None:
            assert current.id not in seen, f"cycle through {current.email}"
            seen.add(current.id)
            current = employees.get(current.manager_id) if current.manager_id else None
        assert heads[0].id in seen
        assert re.fullmatch(r"[a-z-]+\.[a-z-]+@demo\.example", person.email)
        assert re.fullmatch(r"E\d{4}", person.external_id or "")
        assert person.department and person.title
    reports: dict[int, list[int]] = {}
    for person in employees.values():
        if person.manager_id is not None:
            reports.setdefault(person.manager_id, []).append(person.id)
    [manager] = [p for p in employees.values() if p.email == seeded.manager_email]
    assert manager.email == TEAM_MANAGER.email
    second_level = [r for direct in reports[manager.id] for r in reports.get(direct, [])]
    assert reports[manager.id] and second_level
    candidates = [p for p in people if p.kind is PersonKind.CANDIDATE]
    assert all(c.position and c.manager_id is None for c in candidates)
    assert len({p.email for p in people}) == len(people) == 80


def test_skills_are_esco_and_roles_have_valid_requirements(
    db: Database, seeded: DemoSummary
) -> None:
    with db.session() as session:
        skills = list(session.scalars(select(Skill)))
        roles = list(
            session.scalars(
                select(Role).options(
                    selectinload(Role.requirements).selectinload(RoleRequirement.skill)
                )
            )
        )
        kinds = set(session.scalars(select(Achievement.kind)))
        rules = list(session.scalars(select(SkillMapping)))
    assert len(skills) == 23
    assert all(s.framework == "esco" and s.uri.startswith(ESCO_SKILL) for s in skills)
    assert {s.name for s in skills} >= {"Python (computer programming)", "statistics"}
    assert kinds == {
        AchievementKind.BADGE,
        AchievementKind.MICRO_CERTIFICATE,
        AchievementKind.CERTIFICATE,
        AchievementKind.NANODEGREE,
    }
    assert {(r.title, r.open) for r in roles} == {
        ("Backend Engineer", True),
        ("Data Analyst", True),
        ("Java Developer", False),
    }
    for role in roles:
        if role.open:
            assert 5 <= len(role.requirements) <= 7
        for requirement in role.requirements:
            assert 1 <= requirement.level <= 5
            assert requirement.weight == (1.0 if requirement.essential else 0.5)
            assert requirement.skill.uri.startswith(ESCO_SKILL)
    assert rules and all(1 <= r.level <= 5 and r.level != 3 for r in rules)


def test_the_demo_is_deterministic_across_tenants_and_data_folders(
    db: Database, seeded: DemoSummary, tmp_path: Path
) -> None:
    other = seed_demo(db, tenant="demo-two", data_dir=tmp_path / "other-data")
    assert other.credentials == seeded.credentials
    by_tenant: dict[int, set[str]] = {}
    for credential in credentials(db):
        by_tenant.setdefault(credential.tenant_id, set()).add(credential.raw)
    first, second = by_tenant.values()
    assert first == second  # the same keys and documents
    for name in ("documents.json", *(p.name for p in (tmp_path / "demo-data/status").iterdir())):
        folder = "" if name == "documents.json" else "status/"
        assert (tmp_path / "demo-data" / folder / name).read_bytes() == (
            tmp_path / "other-data" / folder / name
        ).read_bytes()


# --- the CLI ----------------------------------------------------------------------------------


def test_hrkit_demo_seeds_next_to_the_sqlite_file_and_prints_its_summary(
    hrkit_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "demo.db"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, out, err = hrkit_cli("demo", "--json", "--db", str(path))
    assert (code, err) == (0, "")
    summary = json.loads(out)
    assert summary["tenant"] == "demo"
    assert summary["credentials"].keys() == {"verified", "revoked", "expired", "untrusted_issuer"}
    assert summary["new_credentials"] == summary["total_credentials"]
    assert summary["documents"] == str(tmp_path / "hrkit-demo-data" / "documents.json")
    assert Path(summary["documents"]).is_file()
    code, out, _ = hrkit_cli("demo", "--db", str(path))
    assert code == 0 and "Demo tenant 'demo': 50 employees, 30 candidates" in out
    code, out, _ = hrkit_cli("demo", "--json", "--db", str(path))
    assert json.loads(out)["new_credentials"] == 0
    code, out, _ = hrkit_cli("demo", "--json", "--db", str(path), "--tenant", "acme")
    assert code == 0 and json.loads(out)["tenant"] == "acme"
    code, _, err = hrkit_cli("demo", "--db", str(path), "--tenant", "Not A Slug")
    assert code != 0 and err.count("\n") == 1 and "invalid tenant name" in err


@pytest.mark.postgres
def test_hrkit_demo_on_postgresql_keeps_its_data_in_the_current_folder(
    postgres_url: str, tmp_path: Path
) -> None:
    # A process of its own: the in-process CLI leaves its connection pool to process exit.
    env = {k: v for k, v in os.environ.items() if not k.startswith("HRKIT_")}
    done = subprocess.run(
        [str(HRKIT), "demo", "--json", "--db", postgres_url],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["documents"] == str(tmp_path / "hrkit-demo-data" / "documents.json")
    assert summary["total_credentials"] == summary["new_credentials"] > 100


def test_serve_demo_prints_a_token_per_role_and_serves(tmp_path: Path) -> None:
    path = tmp_path / "serve.db"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HRKIT_")}
    with subprocess.Popen(
        [str(HRKIT), "serve", "--demo", "--port", str(port), "--db", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=env,
        text=True,
    ) as server:
        try:
            health = _wait_for_health(server, f"http://127.0.0.1:{port}/healthz")
        finally:
            server.terminate()
            out, err = server.communicate(timeout=30)
    assert health == {"status": "ok"}, err
    assert f"http://127.0.0.1:{port}/graphql" in out
    tokens = dict(re.findall(r"^  (hr_admin|recruiter|manager|hris) +(eyJ\S+)$", out, re.M))
    assert tokens.keys() == {"hr_admin", "recruiter", "manager", "hris"}
    db = Database(str(path))
    try:
        secret = development_secret(db, Settings.from_env({}))
    finally:
        db.dispose()
    subjects = {}
    for role, token in tokens.items():
        claims = jwt.decode(token, secret, algorithms=["HS256"], audience="hrkit", issuer="hrkit")
        assert (claims["tenant"], claims["roles"]) == ("demo", [role])
        subjects[role] = claims["sub"]
    assert subjects == {
        "hr_admin": "hr_admin@demo",
        "recruiter": "recruiter@demo",
        "manager": TEAM_MANAGER.email,
        "hris": "hris@demo",
    }


def _wait_for_health(server: subprocess.Popen[str], url: str, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return httpx.get(url, timeout=2).json()
        except httpx.TransportError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("hrkit serve --demo did not start") from None
            time.sleep(0.2)
