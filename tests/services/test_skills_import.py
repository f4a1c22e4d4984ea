"""Importing taxonomies, mapping rules and roles into a real database: exact counts from the
real ESCO/O*NET samples, idempotent re-imports, row errors, and nothing stored corrupted."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from hrkit.errors import SpreadsheetError
from hrkit.services.roles_import import import_roles
from hrkit.services.skill_mappings import import_skill_mappings
from hrkit.services.skills_import import import_skills
from hrkit.skills.import_report import ImportReport
from hrkit.store.database import Database
from hrkit.store.repositories import RoleRepository, TenantRepository
from hrkit.store.scope import Scope
from hrkit.store.tables import Skill, SkillMapping
from tests.helpers import snapshot

DATA = Path(__file__).parent.parent / "skills" / "data"
ESCO = "http://data.europa.eu/esco/skill/"
TRANSVERSAL = "esco_v1.0_transversalSkillsCollection_en.csv"
RELATIONS = "esco_ict_occupation_essential_skills.csv"
ONET = "onet_technology_skills_sample.tsv"


@pytest.fixture
def tenants(db: Database) -> Database:
    with db.transaction() as session:
        TenantRepository(session).create("acme")
        TenantRepository(session).create("globex")
    return db


@contextmanager
def write(db: Database, tenant: str = "acme") -> Iterator[tuple[Session, Scope]]:
    with db.transaction() as session:
        yield session, TenantRepository(session).scope(tenant)


def load(db: Database, name: str, tenant: str = "acme", **kw: str | None) -> ImportReport:
    with write(db, tenant) as (session, scope):
        return import_skills(session, scope, (DATA / name).read_bytes(), name, **kw)


def counts(report: ImportReport) -> tuple[int, int, int, int]:
    return report.created, report.updated, report.unchanged, report.invalid


def table(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def stored(db: Database, tenant: str = "acme") -> dict[str, Skill]:
    with db.session() as session:
        scope = TenantRepository(session).scope(tenant)
        rows = session.scalars(select(Skill).where(Skill.tenant_id == scope.tenant_id))
        return {s.uri: s for s in rows}


def test_esco_samples_import_then_reimport_unchanged(tenants: Database) -> None:
    assert counts(load(tenants, TRANSVERSAL)) == (107, 0, 0, 0)
    assert counts(load(tenants, TRANSVERSAL)) == (0, 0, 107, 0)
    # The ICT collection's 21 skills are all in the transversal one, with the same values.
    assert counts(load(tenants, "esco_v1.0_ictSkillsCollection_en.csv")) == (0, 0, 21, 0)
    assert counts(load(tenants, "esco_v1.0_skillsHierarchy_en.csv")) == (656, 0, 0, 0)
    skills = stored(tenants)
    assert len(skills) == 763 and stored(tenants, "globex") == {}
    advice = skills[f"{ESCO}045f71e6-0699-4169-8a54-9c6b96f3174d"]
    assert (advice.framework, advice.skill_type) == ("esco", "skill/competence")
    assert advice.broader == [f"{ESCO}8f18f987-33e2-4228-9efb-65de25d03330", f"{ESCO}S1.5.0"]
    assert "advise colleagues" in advice.alt_labels and len(advice.alt_labels) == 11
    assert skills[f"{ESCO}S1.5.0"].broader == [f"{ESCO}S1.5"]
    assert skills[f"{ESCO}S1.5"].broader == [f"{ESCO}S1"]


def test_relations_add_labelled_skills_and_report_unlabelled_ones(tenants: Database) -> None:
    load(tenants, TRANSVERSAL)
    report = load(tenants, RELATIONS)
    # 723 skills: 11 already known with the same label and type, 4 never labelled.
    assert counts(report) == (708, 0, 11, 4)
    assert [(e.row, e.code) for e in report.errors] == [
        (389, "UNKNOWN_SKILL"),
        (411, "UNKNOWN_SKILL"),
        (425, "UNKNOWN_SKILL"),
        (545, "UNKNOWN_SKILL"),
    ]
    assert counts(load(tenants, RELATIONS)) == (0, 0, 719, 4)


def test_onet_technology_skills(tenants: Database) -> None:
    assert counts(load(tenants, ONET, framework="onet")) == (606, 0, 0, 0)
    hive = stored(tenants)["urn:onet:technology:Apache%20Hive"]
    assert (hive.name, hive.framework, len(hive.broader)) == ("Apache Hive", "onet", 2)


def test_a_file_without_a_column_leaves_that_field_alone(tenants: Database) -> None:
    load(tenants, TRANSVERSAL)
    uri = f"{ESCO}045f71e6-0699-4169-8a54-9c6b96f3174d"
    renamed = table([["uri", "name", "framework"], [uri, "advise others", "esco"]])
    with write(tenants) as (session, scope):
        assert counts(import_skills(session, scope, renamed, "r.csv")) == (0, 1, 0, 0)
    advice = stored(tenants)[uri]
    assert advice.name == "advise others"
    assert advice.description == "Offer suggestions about the best course of action."
    assert len(advice.alt_labels) == 11 and len(advice.broader) == 2
    cleared = table(
        [["uri", "name", "framework", "description"], [uri, "advise others", "esco", ""]]
    )
    with write(tenants) as (session, scope):
        assert counts(import_skills(session, scope, cleared, "r.csv")) == (0, 1, 0, 0)
    assert stored(tenants)[uri].description is None


def test_a_large_import_takes_a_handful_of_statements(tenants: Database) -> None:
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(tenants.engine, "before_cursor_execute", count)
    try:
        load(tenants, "esco_v1.0_skillsHierarchy_en.csv")
        inserted = len(statements)
        statements.clear()
        data = (DATA / "esco_v1.0_skillsHierarchy_en.csv").read_bytes()
        with write(tenants) as (session, scope):
            import_skills(session, scope, data.replace(b"skills,", b"all skills,"), "h.csv")
    finally:
        event.remove(tenants.engine, "before_cursor_execute", count)
    assert inserted < 15  # 656 skills: not one statement per row
    assert len(statements) < 15 and any(s.startswith("UPDATE") for s in statements)


def test_an_unreadable_file_changes_nothing(tenants: Database) -> None:
    load(tenants, TRANSVERSAL)
    before = snapshot(tenants)
    for data in (b"", b"%PDF-1.7 binary", b"skill,level\nPython,3\n"):
        with pytest.raises(SpreadsheetError), write(tenants) as (session, scope):
            import_skills(session, scope, data, "x.csv")
    assert snapshot(tenants) == before


def custom_skills(db: Database) -> None:
    rows = [["uri", "name"]] + [[f"urn:s:{n}", n] for n in ("python", "sql", "stats", "excel")]
    with write(db) as (session, scope):
        import_skills(session, scope, table(rows), "s.csv")


RULES = [
    ["achievement", "skill_uri", "level"],
    ["https://badges.example/python-1", "urn:s:python", "2"],
    ["Data Analyst Certificate", "urn:s:sql", "3.0"],
    ["*analyst*", "urn:s:stats", "4"],
    ["https://badges.example/python-1", "urn:s:unknown", "2"],
    ["https://badges.example/python-1", "urn:s:sql", "6"],
    ["", "urn:s:sql", "1"],
    ["**", "urn:s:sql", "1"],
    ["Data Analyst Certificate", "urn:s:sql", "5"],
    ["Excel Pro", "urn:s:excel", ""],
]


def map_rules(db: Database, rows: list[list[str]]) -> ImportReport:
    with write(db) as (session, scope):
        return import_skill_mappings(session, scope, table(rows), "rules.csv")


def test_mapping_rules_import(tenants: Database) -> None:
    custom_skills(tenants)
    report = map_rules(tenants, RULES)
    assert counts(report) == (3, 0, 0, 6)
    assert [(e.row, e.code) for e in report.errors] == [
        (5, "UNKNOWN_SKILL"),
        (6, "INVALID_LEVEL"),
        (7, "MISSING_ACHIEVEMENT"),
        (8, "INVALID_ACHIEVEMENT"),
        (9, "DUPLICATE"),
        (10, "INVALID_LEVEL"),
    ]
    assert counts(map_rules(tenants, RULES)) == (0, 0, 3, 6)
    changed = [RULES[0], ["*analyst*", "urn:s:stats", "2"], ["Excel Pro", "urn:s:excel", "1"]]
    assert counts(map_rules(tenants, changed)) == (1, 1, 0, 0)
    with tenants.session() as session:
        rules = set(session.execute(select(SkillMapping.achievement, SkillMapping.level)))
    assert rules == {
        ("https://badges.example/python-1", 2),
        ("Data Analyst Certificate", 3),
        ("*analyst*", 2),
        ("Excel Pro", 1),
    }


ROLES = [
    ["role", "skill_uri", "level", "essential", "weight"],
    ["Data Analyst", "urn:s:sql", "4", "", ""],
    ["Data Analyst", "urn:s:stats", "", "no", ""],
    ["Data  Analyst", "urn:s:excel", "2", "N", "0.75"],
    ["Backend Dev", "urn:s:python", "5", "yes", "2"],
    ["Backend Dev", "urn:s:unknown", "3", "1", ""],
    ["Broken", "urn:s:python", "9", "", ""],
    ["Broken", "urn:s:sql", "3", "maybe", "-1"],
    ["", "urn:s:sql", "3", "", ""],
    ["Twice", "urn:s:sql", "3", "TRUE", ""],
    ["Twice", "urn:s:sql", "2", "0", ""],
]


def import_role_rows(db: Database, rows: list[list[str]]) -> ImportReport:
    with write(db) as (session, scope):
        return import_roles(session, scope, table(rows), "roles.csv")


def roles_state(db: Database) -> dict[str, dict[str, tuple[int, bool, float]]]:
    with db.session() as session:
        scope = TenantRepository(session).scope("acme")
        found = RoleRepository(session, scope).by_titles(["Data Analyst", "Backend Dev"])
        return {
            title: {r.skill.uri: (r.level, r.essential, r.weight) for r in role.requirements}
            for title, role in found.items()
        }


def test_roles_import_with_defaults_and_bad_roles_left_out(tenants: Database) -> None:
    custom_skills(tenants)
    report = import_role_rows(tenants, ROLES)
    assert counts(report) == (1, 0, 0, 4)  # Backend Dev, Broken, Twice; the row without a role
    assert [(e.row, e.code) for e in report.errors] == [
        (6, "UNKNOWN_SKILL"),
        (7, "INVALID_LEVEL"),
        (8, "INVALID_VALUE"),
        (9, "MISSING_ROLE"),
        (11, "DUPLICATE_SKILL"),
    ]
    assert "role 'Backend Dev' not imported" in report.errors[0].message
    # Empty level 3, empty essential yes, weight 1.0 essential / 0.5 optional unless given.
    assert roles_state(tenants) == {
        "Data Analyst": {
            "urn:s:sql": (4, True, 1.0),
            "urn:s:stats": (3, False, 0.5),
            "urn:s:excel": (2, False, 0.75),
        }
    }
    assert counts(import_role_rows(tenants, ROLES)) == (0, 0, 1, 4)


def test_a_bad_row_leaves_the_stored_role_as_it_was(tenants: Database) -> None:
    custom_skills(tenants)
    import_role_rows(tenants, ROLES[:4])
    before = snapshot(tenants)
    bad = [ROLES[0], ["Data Analyst", "urn:s:sql", "1", "", ""], ["Data Analyst", "urn:s:x", "1"]]
    assert counts(import_role_rows(tenants, bad)) == (0, 0, 0, 1)
    assert snapshot(tenants) == before
    fewer = [ROLES[0], ["Data Analyst", "urn:s:sql", "1", "", ""]]
    assert counts(import_role_rows(tenants, fewer)) == (0, 1, 0, 0)
    assert roles_state(tenants)["Data Analyst"] == {"urn:s:sql": (1, True, 1.0)}


def test_esco_relations_become_roles(tenants: Database) -> None:
    load(tenants, RELATIONS)
    with write(tenants) as (session, scope):
        report = import_roles(session, scope, (DATA / RELATIONS).read_bytes(), RELATIONS)
    # 91 occupations; 6 need one of the 4 skills the file never labels.
    assert (report.format, counts(report)) == ("esco-occupation-skills", (85, 0, 0, 6))
    with (DATA / RELATIONS).open(encoding="utf-8", newline="") as file:
        unlabelled = [n for n, r in enumerate(csv.DictReader(file), start=2) if not r["skillLabel"]]
    assert len(unlabelled) == 9 and [e.row for e in report.errors] == unlabelled
    assert {e.code for e in report.errors} == {"UNKNOWN_SKILL"}
    with tenants.session() as session:
        scope = TenantRepository(session).scope("acme")
        admin = RoleRepository(session, scope).by_titles(["ICT security administrator"])
        role = admin["ICT security administrator"]
        assert role.open and all(r.essential and r.level == 3 for r in role.requirements)


def test_onet_roles_need_occupation_titles(tenants: Database) -> None:
    load(tenants, ONET)
    data = (DATA / ONET).read_bytes()
    with pytest.raises(SpreadsheetError, match="--occupations"), write(tenants) as (s, scope):
        import_roles(s, scope, data, ONET)
    titles = ((DATA / "onet_occupation_data.tsv").read_bytes(), "onet_occupation_data.tsv")
    with write(tenants) as (session, scope):
        report = import_roles(session, scope, data, ONET, titles)
    assert counts(report) == (3, 0, 0, 0)
    with tenants.session() as session:
        scope = TenantRepository(session).scope("acme")
        role = RoleRepository(session, scope).by_titles(["Software Developers"])[
            "Software Developers"
        ]
        essential = [r for r in role.requirements if r.essential]
    assert (len(role.requirements), len(essential)) == (420, 36)  # essential = "In Demand"


def test_esco_relations_named_by_an_occupations_file(tenants: Database) -> None:
    load(tenants, RELATIONS)
    # The full ESCO download's layout: no labels at all.
    with (DATA / RELATIONS).open(encoding="utf-8", newline="") as file:
        rows = [
            [r["occupationUri"], r["relationType"], r["skillType"], r["skillUri"]]
            for r in csv.DictReader(file)
        ]
    data = table([["occupationUri", "relationType", "skillType", "skillUri"], *rows])
    with pytest.raises(SpreadsheetError, match="--occupations"), write(tenants) as (s, scope):
        import_roles(s, scope, data, "occupationSkillRelations_en.csv")
    name = "esco_v1.0_occupations_ict_sample.csv"
    with write(tenants) as (session, scope):
        report = import_roles(session, scope, data, "rel.csv", ((DATA / name).read_bytes(), name))
    # 85 of the 91 occupations are in the sample (134 rows name the other 6).
    missing = [e for e in report.errors if e.code == "MISSING_ROLE"]
    assert len(missing) == 134
    assert counts(report) == (82, 0, 0, 3 + 134)  # 3 of the 6 roles needing unlabelled skills
    with tenants.session() as session:
        scope = TenantRepository(session).scope("acme")
        # The occupations file's (v1.0) title wins over the relations' (v1.1) label.
        assert RoleRepository(session, scope).by_titles(["video operator"])


def test_broader_relations_update_known_skills_only(tenants: Database) -> None:
    load(tenants, TRANSVERSAL)
    advice = f"{ESCO}045f71e6-0699-4169-8a54-9c6b96f3174d"
    data = table(
        [
            ["conceptUri", "broaderUri"],
            [advice, f"{ESCO}S1.5.0"],
            [f"{ESCO}not-imported", f"{ESCO}S1"],
        ]
    )
    with write(tenants) as (session, scope):
        report = import_skills(session, scope, data, "broaderRelationsSkillPillar_en.csv")
    assert counts(report) == (0, 1, 0, 1)
    assert [(e.row, e.code) for e in report.errors] == [(3, "UNKNOWN_SKILL")]
    assert stored(tenants)[advice].broader == [f"{ESCO}S1.5.0"]
