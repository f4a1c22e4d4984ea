"""The fit formula (PRODUCT.md §8) against hand-computed cases, readiness, gap order, streamed
top-k against brute force, and — through the services on SQLite and PostgreSQL — which
credentials count and at what level."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select

from hrkit.model.enums import PersonKind
from hrkit.model.enums import VerificationStatus as S
from hrkit.services.add_credentials import add_credentials
from hrkit.services.fit import role_fit
from hrkit.services.roles import RequirementInput, upsert_role
from hrkit.services.trust import trust_issuer
from hrkit.skills.fit import (
    Gap,
    Requirement,
    RoleSet,
    RoleSpec,
    best_k,
    fit,
    gaps,
    top_roles,
)
from hrkit.skills.levels import Levels
from hrkit.store.database import Database
from hrkit.store.repositories import TenantRepository
from hrkit.store.tables import Credential, Person, Skill, SkillMapping
from hrkit.verify.inputs import InputRef
from hrkit.verify.runner import VerifyOptions
from tests.factories.credentials import Issuer, status_entry
from tests.skills.fit_world import build_company, expected_fit

NOW = datetime(2025, 1, 1, tzinfo=UTC)
PYTHON = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
SQL = "https://skills.example/sql"


def exact(numerator: Fraction | int, denominator: Fraction | int = 1) -> float:
    """The correctly rounded value of a rational: what an exact computation returns."""
    return float(Fraction(numerator) / Fraction(denominator))


# --- the engine, on hand-made L ------------------------------------------------------------


def test_the_formula_by_hand_levels_weights_and_essentials() -> None:
    # Person 10: skill 1 at 2, skill 2 at 5. Person 20: skill 2 at 1. Person 30: nothing.
    levels = Levels.from_triples([10, 20, 30], [(10, 1, 2), (10, 2, 5), (20, 2, 1)])
    role = RoleSpec(
        7,
        (
            Requirement(1, 3, essential=True, weight=1.0),
            Requirement(2, 4, essential=False, weight=0.5),
            Requirement(3, 1, essential=False, weight=2.0),  # nobody holds skill 3
        ),
    )
    result = fit(levels, RoleSet.of([role]))
    total = Fraction(7, 2)
    assert result.scores[:, 0].tolist() == [
        exact(Fraction(2, 3) + Fraction(1, 2), total),  # min(2,3)/3·1 + min(5,4)/4·0.5
        exact(Fraction(1, 2) * Fraction(1, 4), total),
        0.0,
    ]
    assert result.ready[:, 0].tolist() == [False, False, False]  # skill 1 needs 3
    assert list(result.person_ids) == [10, 20, 30]


def test_meeting_every_requirement_scores_exactly_one() -> None:
    levels = Levels.from_triples([1], [(1, s, 5) for s in range(1, 8)])
    role = RoleSpec(1, tuple(Requirement(s, q, s % 2 == 0, w) for s, q, w in
                             [(1, 3, 0.5), (2, 3, 1.0), (3, 5, 1.5), (4, 4, 0.5), (5, 1, 1.0),
                              (6, 2, 2.5), (7, 3, 0.5)]))  # fmt: skip
    result = fit(levels, RoleSet.of([role]))
    assert result.scores[0, 0] == 1.0 and result.ready[0, 0]


def test_ready_needs_every_essential_skill_and_is_true_without_essentials() -> None:
    levels = Levels.from_triples([1, 2], [(1, 1, 3), (1, 2, 1), (2, 1, 2)])
    essentials = RoleSpec(1, (Requirement(1, 3), Requirement(2, 1)))
    optional_only = RoleSpec(2, (Requirement(1, 5, essential=False), Requirement(9, 1, False)))
    empty = RoleSpec(3, ())
    result = fit(levels, RoleSet.of([essentials, optional_only, empty]))
    assert result.ready.tolist() == [[True, True, True], [False, True, True]]
    # A role without requirements has nothing to divide by: 0.0, never NaN; still ready.
    assert result.scores[:, 2].tolist() == [0.0, 0.0]
    assert result.scores[:, 1].tolist() == [exact(Fraction(3, 5), 2), exact(Fraction(2, 5), 2)]


def test_gaps_are_essential_first_then_by_weight_then_by_uri() -> None:
    levels = Levels.from_triples([1, 2], [(1, 4, 2), (2, 1, 5), (2, 2, 5), (2, 3, 5), (2, 4, 5)])
    role = RoleSpec(
        1,
        (
            Requirement(1, 2, essential=False, weight=2.0, skill_uri="urn:a"),
            Requirement(2, 2, essential=True, weight=0.5, skill_uri="urn:b"),
            Requirement(3, 2, essential=True, weight=1.0, skill_uri="urn:z"),
            Requirement(4, 3, essential=True, weight=1.0, skill_uri="urn:c"),
            Requirement(5, 1, essential=False, weight=2.0, skill_uri="urn:0"),
        ),
    )
    first, second = gaps(levels, role, [0, 1])
    assert [(g.skill_uri, g.required, g.held, g.essential) for g in first] == [
        ("urn:c", 3, 2, True),
        ("urn:z", 2, 0, True),
        ("urn:b", 2, 0, True),
        ("urn:0", 1, 0, False),
        ("urn:a", 2, 0, False),
    ]
    assert [g.skill_uri for g in second] == ["urn:0"]


def test_role_sets_refuse_levels_and_weights_outside_the_contract() -> None:
    for bad in ((0, 1.0), (6, 1.0), (3, 0.0), (3, float("nan"))):
        with pytest.raises(ValueError):
            RoleSet.from_arrays([1], [0], [1], [bad[0]], [bad[1]], [True])


def _random_world(seed: int) -> tuple[Levels, list[RoleSpec]]:
    rng = np.random.default_rng(seed)
    people, skills, roles = 37, 9, 14
    triples = [
        (p, s, int(rng.integers(1, 6)))
        for p in range(people)
        for s in range(skills)
        if rng.random() < 0.35
    ]
    specs = []
    for r in range(roles):
        chosen = rng.choice(skills + 2, size=int(rng.integers(0, 5)), replace=False)
        specs.append(
            RoleSpec(
                100 + r,
                tuple(
                    Requirement(int(s), int(rng.integers(1, 6)), bool(rng.random() < 0.5),
                                float(rng.choice([0.5, 1.0, 2.0])))
                    for s in chosen
                ),
            )
        )  # fmt: skip
    specs.append(specs[3])  # an identical role: equal scores everywhere
    return Levels.from_triples(list(range(people)), triples), specs


def _brute(levels: Levels, specs: list[RoleSpec]) -> tuple[list[list[Fraction]], list[list[bool]]]:
    """Exact rationals straight from the definition, one person and role at a time."""
    scores, ready = [], []
    for person in levels.person_ids:
        held = levels.of(int(person))
        row_scores, row_ready = [], []
        for spec in specs:
            total = sum(Fraction(r.weight) for r in spec.requirements)
            got = sum(
                Fraction(r.weight) * Fraction(min(held.get(r.skill_id, 0), r.level), r.level)
                for r in spec.requirements
            )
            row_scores.append(got / total if total else Fraction(0))
            row_ready.append(
                all(held.get(r.skill_id, 0) >= r.level for r in spec.requirements if r.essential)
            )
        scores.append(row_scores)
        ready.append(row_ready)
    return scores, ready


@pytest.mark.parametrize("seed", range(6))
def test_streamed_top_k_equals_brute_force(seed: int) -> None:
    levels, specs = _random_world(seed)
    role_set = RoleSet.of(specs)
    scores, ready = _brute(levels, specs)
    assert fit(levels, role_set).scores.tolist() == [[float(v) for v in row] for row in scores]
    assert fit(levels, role_set).ready.tolist() == ready
    for k, chunk in ((1, 1), (4, 7), (6, 100), (len(specs) + 3, 5)):
        top = top_roles(levels, role_set, k, chunk=chunk)
        for p in range(len(levels.person_ids)):
            # Best first; equal scores keep the roles' order.
            expected = sorted(range(len(specs)), key=lambda r: (-scores[p][r], r))[:k]
            assert top.roles[p].tolist() == expected, (seed, k, p)
            assert top.scores[p].tolist() == [float(scores[p][r]) for r in expected]
            assert top.ready[p].tolist() == [ready[p][r] for r in expected]


def test_best_k_breaks_ties_at_the_cut_by_column() -> None:
    scores = np.array([[0.5, 0.2, 0.5, 0.5, 0.9, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.1]])
    assert best_k(scores, 3).tolist() == [[4, 0, 2], [5, 0, 1]]


# --- through the services: which credentials count, at what level ---------------------------


def test_every_person_scores_as_computed_by_hand(db: Database) -> None:
    company = build_company(db, employees=8, candidates=8)
    with db.session() as session:
        scope = TenantRepository(session).scope("acme")
        result = role_fit(session, scope, role_title="Engineer", now=NOW)
    assert result.total == 16
    got = {
        row.email: (row.score, row.ready, [(g.skill_uri, g.required, g.held, g.essential)
                                           for g in row.gaps])
        for row in result.rows
    }  # fmt: skip
    assert got == {email: expected_fit(held) for email, held in company.holdings.items()}
    keys = [(-row.score, row.email) for row in result.rows]
    assert keys == sorted(keys)


def _credential(
    issuer: Issuer, email: str, name: str, uri: str, aligned: list[str], **overrides: Any
) -> str:
    vc = issuer.credential(email, **overrides)
    achievement = vc["credentialSubject"]["achievement"]
    achievement.update(id=uri, name=name)
    achievement["alignment"] = [{"type": ["Alignment"], "targetUrl": u, "targetName": u}
                                for u in aligned]  # fmt: skip
    vc["id"] = f"urn:uuid:{abs(hash((email, name, json.dumps(overrides, sort_keys=True))))}"
    return issuer.jwt(vc)


def _add(db: Database, email: str, *documents: str, options: VerifyOptions) -> None:
    add_credentials(
        db,
        "default",
        holder_email=email,
        kind=PersonKind.EMPLOYEE,
        refs=[InputRef(f"doc{i}", data=d.encode()) for i, d in enumerate(documents)],
        options=options,
    )


def _setup(db: Database, rules: list[tuple[str, str, int]] = ()) -> None:  # type: ignore[assignment]
    with db.transaction() as session:
        scope = TenantRepository(session).scope("default")
        rows = {u: Skill(tenant_id=scope.tenant_id, uri=u, name=u, framework="esco")
                for u in (PYTHON, SQL)}  # fmt: skip
        session.add_all(rows.values())
        session.flush()
        for achievement, uri, level in rules:
            session.add(SkillMapping(tenant_id=scope.tenant_id, achievement=achievement,
                                     skill_id=rows[uri].id, level=level))  # fmt: skip
        upsert_role(session, scope, "Dev", requirements=[
            RequirementInput(PYTHON, 4),  # essential, default weight 1.0
            RequirementInput(SQL, 2, essential=False),  # default weight 0.5
        ])  # fmt: skip


def _scores(db: Database, now: datetime = NOW) -> dict[str, tuple[float, bool]]:
    with db.session() as session:
        scope = TenantRepository(session).scope("default")
        result = role_fit(session, scope, role_title="Dev", now=now)
        return {row.email: (row.score, row.ready) for row in result.rows}


def test_expired_revoked_and_untrusted_credentials_do_not_count(
    db: Database, tmp_path: Path
) -> None:
    trusted, stranger = Issuer(name="Trusted"), Issuer(name="Stranger")
    with db.transaction() as session:
        scope = TenantRepository(session).scope("default")
        trust_issuer(session, scope, trusted.id, "Trusted")
    _setup(db)
    status_url = "https://status.example/list/1"
    (tmp_path / "status.jwt").write_text(trusted.status_list(status_url, set_bits={7: 1}))
    (tmp_path / "map.json").write_text(json.dumps({status_url: "status.jwt"}))
    options = VerifyOptions(now=NOW, offline=True, documents=str(tmp_path / "map.json"))

    def python(issuer: Issuer, email: str, **overrides: Any) -> str:
        return _credential(issuer, email, "Python", "https://b.example/py", [PYTHON], **overrides)

    _add(db, "ok@x.example", python(trusted, "ok@x.example"), options=options)
    _add(
        db,
        "expired@x.example",
        python(trusted, "expired@x.example", validUntil="2024-06-01T00:00:00Z"),
        options=options,
    )
    _add(
        db,
        "revoked@x.example",
        python(trusted, "revoked@x.example", credentialStatus=status_entry(status_url, 7)),
        options=options,
    )
    _add(
        db,
        "ages@x.example",
        python(trusted, "ages@x.example", validUntil="2025-03-01T00:00:00Z"),
        options=options,
    )
    _add(db, "untrusted@x.example", python(stranger, "untrusted@x.example"), options=options)
    with db.session() as session:
        query = select(Person.email, Credential.status).join(
            Person, Person.id == Credential.holder_id
        )
        stored = {email: status for email, status in session.execute(query)}  # noqa: C416
    assert stored == {
        "ok@x.example": S.VERIFIED,
        "expired@x.example": S.EXPIRED,
        "revoked@x.example": S.REVOKED,
        "ages@x.example": S.VERIFIED,
        "untrusted@x.example": S.UNTRUSTED_ISSUER,
    }
    three_of_four = exact(Fraction(3, 4), Fraction(3, 2))
    assert _scores(db) == {
        "ok@x.example": (three_of_four, False),
        "expired@x.example": (0.0, False),
        "revoked@x.example": (0.0, False),
        "ages@x.example": (three_of_four, False),
        "untrusted@x.example": (0.0, False),
    }
    later = _scores(db, now=NOW + timedelta(days=90))  # validUntil passed since verification
    assert later["ages@x.example"] == (0.0, False) and later["ok@x.example"][0] == three_of_four


def test_a_rule_beats_the_alignment_even_when_lower_and_the_highest_level_counts(
    db: Database,
) -> None:
    issuer = Issuer()
    _setup(db, rules=[("Python Basics", PYTHON, 1), ("python expert*", PYTHON, 5)])
    options = VerifyOptions(now=NOW, offline=True)
    basics = "https://b.example/basics"
    _add(db, "one@x.example", _credential(issuer, "one@x.example", "Python Basics", basics,
                                          [PYTHON]), options=options)  # fmt: skip
    _add(
        db,
        "two@x.example",
        _credential(issuer, "two@x.example", "Python Basics", basics, [PYTHON]),
        _credential(issuer, "two@x.example", "Python Expert II", "https://b.example/x", [SQL]),
        _credential(issuer, "two@x.example", "Databases", "https://b.example/db", [SQL, PYTHON]),
        options=options,
    )
    assert _scores(db) == {
        # The alignment would give Python 3; the rule says 1 and wins.
        "one@x.example": (exact(Fraction(1, 4), Fraction(3, 2)), False),
        # 1 (rule), 5 (glob rule on the name), 3 (alignment): the highest counts; SQL 3 >= 2.
        "two@x.example": (1.0, True),
    }


def test_nobody_and_no_skills_held_are_zero_scores_not_errors() -> None:
    role_set = RoleSet.of([RoleSpec(1, (Requirement(5, 2),)), RoleSpec(2, ())])
    empty = fit(Levels.from_triples([], []), role_set)
    assert empty.scores.shape == (0, 2) and empty.ready.shape == (0, 2)
    holding_nothing = Levels.from_triples([1, 2], [])
    assert fit(holding_nothing, role_set).scores.tolist() == [[0.0, 0.0], [0.0, 0.0]]
    top = top_roles(holding_nothing, role_set, 1)
    assert top.roles.tolist() == [[0], [0]] and top.ready.tolist() == [[False], [False]]
    spec = RoleSpec(1, (Requirement(5, 2, skill_uri="urn:s5"),))
    assert gaps(holding_nothing, spec, [1]) == [[Gap(5, "urn:s5", 2, 0, True, 1.0)]]
