"""Storing verified credentials, re-verifying them, and trust changes — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hrkit.model.enums import CheckName, PersonKind, VerificationStatus
from hrkit.model.status import effective_status
from hrkit.services.add_credentials import add_credentials
from hrkit.services.reverify import reverify
from hrkit.services.trust import trust_issuer, untrust_issuer
from hrkit.store.database import Database
from hrkit.store.repositories import Repositories, TenantRepository
from hrkit.store.tables import Achievement, Credential
from hrkit.store.tables import Issuer as IssuerRow
from hrkit.verify.inputs import InputRef
from hrkit.verify.runner import VerifyOptions
from tests.factories.credentials import Issuer, status_entry
from tests.httpserver import LocalHTTPServer

S = VerificationStatus
NOW = datetime(2025, 1, 1, tzinfo=UTC)
OPTIONS = VerifyOptions(now=NOW, offline=True)


def ref(document: str | dict, label: str = "input") -> InputRef:
    data = document if isinstance(document, str) else json.dumps(document)
    return InputRef(label, data=data.encode())


def add(db: Database, *documents: str | dict, holder: str = "ada@example.org", **kwargs):
    return add_credentials(
        db,
        "default",
        holder_email=holder,
        kind=PersonKind.CANDIDATE,
        refs=[ref(d) for d in documents],
        options=kwargs.pop("options", OPTIONS),
        **kwargs,
    )


def stored(db: Database) -> list[Credential]:
    with db.session() as session:
        return list(
            session.scalars(
                select(Credential).options(selectinload(Credential.checks)).order_by(Credential.id)
            )
        )


@pytest.fixture(scope="module")
def issuer() -> Issuer:
    return Issuer()


def test_add_stores_raw_checks_issuer_achievement_and_takes_change_seq(
    db: Database, issuer: Issuer
) -> None:
    token = issuer.jwt()
    [added] = add(db, token)
    assert added.verification.status is S.VERIFIED
    assert (added.stored.created, added.stored.changed, added.stored.change_seq) == (True, True, 1)
    [credential] = stored(db)
    assert credential.raw == token  # verbatim
    assert credential.status is S.VERIFIED and credential.change_seq == 1
    assert [c.check for c in credential.checks] == list(CheckName)
    with db.session() as session:
        scope = TenantRepository(session).scope("default")
        repos = Repositories(session, scope)
        person = repos.people.by_email("ADA@example.org")
        assert person is not None and person.kind is PersonKind.CANDIDATE
        issuer_row = repos.issuers.by_uri(issuer.id)
        assert (
            issuer_row is not None and issuer_row.name == "Test Issuer" and not issuer_row.trusted
        )
        achievement = session.scalars(select(Achievement)).one()
        assert achievement.uri == "https://badges.example/achievements/python"
        assert achievement.alignments[0]["targetCode"] == "ccd0a1d9-afda-43d9-b901-96344886e14d"
        assert credential.achievement_id == achievement.id


def test_adding_the_same_document_again_changes_nothing(db: Database, issuer: Issuer) -> None:
    token = issuer.jwt()
    add(db, token)
    [again] = add(db, token, holder="Ada@Example.org")
    assert (again.stored.created, again.stored.changed) == (False, False)
    assert [c.change_seq for c in stored(db)] == [1]


def test_malformed_documents_are_stored_with_their_status(db: Database) -> None:
    [added] = add(db, "not a credential at all")
    assert added.verification.status is S.MALFORMED
    [credential] = stored(db)
    assert (credential.status, credential.raw, credential.issuer_id) == (
        S.MALFORMED,
        "not a credential at all",
        None,
    )


def test_holder_email_is_the_recipient(db: Database, issuer: Issuer) -> None:
    [added] = add(
        db, issuer.jwt(issuer.credential(subject_email="ada@example.org")), holder="eve@example.org"
    )
    assert added.verification.status is S.RECIPIENT_MISMATCH


def test_trust_changes_reassess_stored_credentials_with_new_change_seq(
    db: Database, issuer: Issuer
) -> None:
    other = Issuer(name="Other Issuer")
    add(db, issuer.jwt(), other.jwt())
    with db.transaction() as session:
        scope = TenantRepository(session).scope("default")
        trust_issuer(session, scope, issuer.id, "Trusted Test Issuer")
    by_issuer = {c.issuer_id: c for c in stored(db)}
    with db.session() as session:
        ids = {row.uri: row.id for row in session.scalars(select(IssuerRow))}
    assert by_issuer[ids[issuer.id]].status is S.VERIFIED
    assert by_issuer[ids[other.id]].status is S.UNTRUSTED_ISSUER
    assert by_issuer[ids[other.id]].change_seq == 3  # 1, 2 at insert; 3 when it changed
    with db.transaction() as session:
        scope = TenantRepository(session).scope("default")
        untrust_issuer(session, scope, issuer.id)  # the registry is empty again
    assert {c.status for c in stored(db)} == {S.VERIFIED}
    assert sorted(c.change_seq for c in stored(db)) == [1, 4]


def test_reverify_records_changes_only(
    db: Database, issuer: Issuer, local_http: LocalHTTPServer
) -> None:
    url = local_http.url("/status/1")
    local_http.route("/status/1", issuer.status_list(url))
    options = VerifyOptions(now=NOW, allow_hosts=("127.0.0.1",))
    token = issuer.jwt(issuer.credential(credentialStatus=status_entry(url, 9)))
    add(db, token, issuer.jwt(issuer.credential(name="Other")), options=options)
    assert [c.status for c in stored(db)] == [S.VERIFIED, S.VERIFIED]
    assert list(reverify(db, "default", options=options)) == []  # nothing changed
    local_http.route("/status/1", issuer.status_list(url, set_bits={9: 1}))
    later = replace(options, now=NOW + timedelta(days=1))
    changes = list(reverify(db, "default", options=later))
    assert [(c.before, c.after, c.change_seq) for c in changes] == [(S.VERIFIED, S.REVOKED, 3)]
    assert [c.status for c in stored(db)] == [S.REVOKED, S.VERIFIED]
    # --older-than: results checked within the last day are left alone.
    assert list(reverify(db, "default", options=later, older_than=timedelta(days=1))) == []


def test_stored_results_age_into_expired() -> None:
    until = datetime(2025, 3, 1, tzinfo=UTC)
    assert effective_status(S.VERIFIED, until, until - timedelta(days=1)) is S.VERIFIED
    assert effective_status(S.VERIFIED, until, until + timedelta(days=1)) is S.EXPIRED
    assert effective_status(S.UNTRUSTED_ISSUER, until, until + timedelta(days=1)) is S.EXPIRED
    assert effective_status(S.REVOKED, until, until + timedelta(days=1)) is S.REVOKED
    assert effective_status(S.VERIFIED, None, until) is S.VERIFIED


def test_cli_credentials_add_and_reverify(hrkit_cli, tmp_path: Path, issuer: Issuer) -> None:
    db = str(tmp_path / "c.db")
    path = tmp_path / "badge.jwt"
    path.write_text(issuer.jwt(issuer.credential(validUntil="2030-01-01T00:00:00Z")))
    code, out, _ = hrkit_cli(
        "credentials",
        "add",
        str(path),
        "--holder",
        "ada@example.org",
        "--json",
        "--offline",
        "--db",
        db,
    )
    [line] = [json.loads(l) for l in out.splitlines()]
    assert code == 0 and line["status"] == "verified" and line["created"] is True
    assert line["id"] and line["change_seq"] == 1
    code, out, err = hrkit_cli("reverify", "--json", "--offline", "--db", db)
    assert (code, out) == (0, "") and "re-checked 1 credential(s); 0 changed" in err
    code, out, _ = hrkit_cli("reverify", "--json", "--offline", "--at", "2031-01-01", "--db", db)
    [change] = [json.loads(l) for l in out.splitlines()]
    assert (change["from"], change["to"], change["change_seq"]) == ("verified", "expired", 2)
    code, _, err = hrkit_cli("reverify", "--older-than", "soon", "--db", db)
    assert code == 2 and "not a duration" in err
