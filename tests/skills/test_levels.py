"""L from stored credentials: verified only, max across credentials, rules over alignments, and
OB 3.0 result levels — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest

from hrkit.model.enums import PersonKind
from hrkit.services.add_credentials import add_credentials
from hrkit.skills.levels import Levels, load_levels
from hrkit.skills.results import result_level, result_levels
from hrkit.store.database import Database
from hrkit.store.repositories import Repositories, TenantRepository
from hrkit.store.tables import Skill, SkillMapping
from hrkit.verify.inputs import InputRef
from hrkit.verify.runner import VerifyOptions
from tests.factories.credentials import Issuer

NOW = datetime(2025, 1, 1, tzinfo=UTC)
PYTHON = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
SQL = "http://data.europa.eu/esco/skill/sql"
RUBRIC = "urn:rd:python"


@pytest.mark.parametrize(
    ("result", "level"),
    [
        ({"level": {"level": "4"}}, 4),
        ({"level": {"level": "4"}, "status": "Completed"}, 4),
        ({"level": {"level": "4"}, "status": "InProgress"}, None),
        ({"level": {"level": "Proficient"}}, None),
        ({"level": {"level": "7"}}, None),
        ({"level": {"level": "0"}}, None),
        ({"resultType": "RubricScore", "value": "2"}, 2),
        ({"resultType": "ScaledScore", "value": 5.0}, 5),
        ({"resultType": "ScaledScore", "value": 4.5}, None),
        ({"resultType": "GradePointAverage", "value": "3"}, None),
        ({"resultType": "LetterGrade", "value": "A"}, None),
        ({"resultType": "RubricScore", "value": True}, None),
    ],
)
def test_a_result_gives_a_whole_level_from_1_to_5_or_none(
    result: dict[str, Any], level: int | None
) -> None:
    assert result_level(result) == level


def test_result_levels_name_the_results_and_descriptions_targets() -> None:
    results = [
        {
            "level": {"level": "2"},
            "alignments": [{"targetUrl": SQL}],
            "descriptionAlignments": [{"targetUrl": SQL, "targetCode": "sql"}],
        },
        {"level": {"level": "5"}, "alignments": [], "descriptionAlignments": []},
        {"level": None, "alignments": [{"targetUrl": PYTHON}]},
    ]
    assert result_levels(results) == [
        {"level": 2, "targets": [SQL, "sql"]},
        {"level": 5, "targets": []},
    ]


def test_levels_from_triples_keep_the_highest_level_per_cell() -> None:
    levels = Levels.from_triples([30, 10, 20], [(10, 7, 2), (10, 7, 4), (10, 3, 1), (20, 7, 3)])
    assert list(levels.skill_ids) == [3, 7]
    assert levels.matrix.toarray().tolist() == [[0, 0], [1, 4], [0, 3]]
    assert levels.of(10) == {3: 1, 7: 4} and levels.of(30) == {} and levels.of(99) == {}
    picked = levels.columns([7, 99, 3]).toarray()
    assert picked.tolist() == [[0, 0, 0], [4, 0, 1], [3, 0, 0]]
    empty = Levels.from_triples([1, 2], [])
    assert empty.matrix.shape == (2, 0) and empty.columns([5]).toarray().tolist() == [[0], [0]]
    assert empty.matrix.dtype == np.int8


def _rubric_credential(
    issuer: Issuer, level: str, holder: str = "ada@example.org", **extra: Any
) -> dict[str, Any]:
    vc = issuer.credential(holder)
    achievement = vc["credentialSubject"]["achievement"]
    achievement["resultDescription"] = [
        {
            "id": RUBRIC,
            "type": ["ResultDescription"],
            "name": "Python level",
            "resultType": "RubricCriterionLevel",
            "rubricCriterionLevel": [
                {"id": f"urn:level:{n}", "type": ["RubricCriterionLevel"], "name": f"L{n}",
                 "level": str(n)}
                for n in range(1, 6)
            ],
        }
    ]  # fmt: skip
    vc["credentialSubject"]["result"] = [
        {"type": ["Result"], "resultDescription": RUBRIC, "achievedLevel": f"urn:level:{level}"}
    ]
    vc["id"] = f"urn:uuid:rubric-{level}-{len(extra)}"
    vc.update(extra)
    return vc


def _add(db: Database, holder: str, *documents: str) -> None:
    add_credentials(
        db,
        "default",
        holder_email=holder,
        kind=PersonKind.EMPLOYEE,
        refs=[InputRef(f"doc{i}", data=d.encode()) for i, d in enumerate(documents)],
        options=VerifyOptions(now=NOW, offline=True),
    )


def _skills(db: Database, *uris: str) -> dict[str, int]:
    with db.session() as session:
        scope = TenantRepository(session).scope("default")
        rows = [Skill(tenant_id=scope.tenant_id, uri=u, name=u, framework="esco") for u in uris]
        session.add_all(rows)
        session.commit()
        return {row.uri: row.id for row in rows}


def _levels(db: Database, *emails: str, now: datetime = NOW) -> dict[str, dict[int, int]]:
    with db.session() as session:
        repos = Repositories(session, TenantRepository(session).scope("default"))
        ids = [repos.people.by_email(e).id for e in emails]  # type: ignore[union-attr]
        levels, _ = load_levels(repos, ids, now=now)
        return {e: levels.of(i) for e, i in zip(emails, ids, strict=True)}


def test_an_alignment_gives_level_3_and_a_result_level_replaces_it(db: Database) -> None:
    issuer = Issuer()
    skills = _skills(db, PYTHON)
    _add(db, "ada@example.org", issuer.jwt(issuer.credential("ada@example.org")))
    _add(db, "bob@example.org", issuer.jwt(_rubric_credential(issuer, "2", "bob@example.org")))
    assert _levels(db, "ada@example.org", "bob@example.org") == {
        "ada@example.org": {skills[PYTHON]: 3},
        # A result naming no skill applies to the achievement's alignments, even below 3.
        "bob@example.org": {skills[PYTHON]: 2},
    }


def test_the_highest_level_across_credentials_counts(db: Database) -> None:
    issuer = Issuer()
    skills = _skills(db, PYTHON)
    _add(
        db,
        "ada@example.org",
        issuer.jwt(_rubric_credential(issuer, "4")),
        issuer.jwt(_rubric_credential(issuer, "1", name="Python again")),
        issuer.jwt(issuer.credential("ada@example.org")),
    )
    assert _levels(db, "ada@example.org") == {"ada@example.org": {skills[PYTHON]: 4}}


def test_a_rule_beats_the_alignment_even_when_lower(db: Database) -> None:
    issuer = Issuer()
    skills = _skills(db, PYTHON, SQL)
    with db.session() as session:
        scope = TenantRepository(session).scope("default")
        session.add_all(
            [
                SkillMapping(tenant_id=scope.tenant_id, achievement="python *",
                             skill_id=skills[PYTHON], level=1),
                SkillMapping(tenant_id=scope.tenant_id,
                             achievement="https://badges.example/achievements/python",
                             skill_id=skills[SQL], level=5),
            ]
        )  # fmt: skip
        session.commit()
    _add(db, "ada@example.org", issuer.jwt(_rubric_credential(issuer, "4")))
    assert _levels(db, "ada@example.org") == {
        "ada@example.org": {skills[PYTHON]: 1, skills[SQL]: 5}
    }


def test_only_credentials_verified_now_count(db: Database) -> None:
    issuer = Issuer()
    skills = _skills(db, PYTHON)
    expiring = issuer.credential("ada@example.org", validUntil="2025-06-01T00:00:00Z")
    _add(db, "ada@example.org", issuer.jwt(expiring))
    _add(db, "bob@example.org", "not a credential")
    tampered = issuer.jwt(issuer.credential("cy@example.org"))
    _add(
        db, "cy@example.org", tampered[:-4] + ("AAAA" if not tampered.endswith("AAAA") else "BBBB")
    )
    assert _levels(db, "ada@example.org", "bob@example.org", "cy@example.org") == {
        "ada@example.org": {skills[PYTHON]: 3},
        "bob@example.org": {},
        "cy@example.org": {},
    }
    later = NOW + timedelta(days=365)
    assert _levels(db, "ada@example.org", now=later) == {"ada@example.org": {}}


def test_stored_result_levels_travel_with_the_credential(db: Database) -> None:
    issuer = Issuer()
    _add(db, "ada@example.org", issuer.jwt(_rubric_credential(issuer, "5")))
    with db.session() as session:
        repos = Repositories(session, TenantRepository(session).scope("default"))
        [credential] = repos.credentials.find()
        assert credential.result_levels == [{"level": 5, "targets": []}]
        assert json.loads(json.dumps(credential.result_levels)) == credential.result_levels
