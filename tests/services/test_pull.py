"""Pulling a source: verified and stored per holder, cursor kept with the store — on SQLite and
PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

import pytest
from sqlalchemy import select

import connectors
from hrkit.errors import NotFoundError, TerminalConnectorError, TransientConnectorError
from hrkit.model.enums import PersonKind
from hrkit.ports import SourceDocument
from hrkit.services.pull import PullOptions, PullResult, pull, state_name
from hrkit.store.database import Database
from hrkit.store.migrate import upgrade
from hrkit.store.tables import Credential, Person, SyncState
from hrkit.verify.runner import VerifyOptions
from tests.connectors.data.hosted import HostedSite
from tests.httpserver import LocalHTTPServer

DATA = Path(__file__).resolve().parents[1] / "connectors" / "data"
NOW = datetime(2025, 1, 1, tzinfo=UTC)
OFFLINE = PullOptions(verify=VerifyOptions(now=NOW, offline=True))
LOCAL = PullOptions(verify=VerifyOptions(now=NOW, allow_hosts=("127.0.0.1",)))


@pytest.fixture(autouse=True)
def builtins() -> None:
    connectors.register_builtins()


def people(db: Database) -> dict[str, tuple[str, str]]:
    with db.session() as session:
        return {p.email: (p.kind.value, p.name) for p in session.scalars(select(Person))}


def credentials(db: Database) -> dict[str, list[str]]:
    """Holder email → the statuses of their stored credentials, sorted."""
    found: dict[str, list[str]] = {}
    with db.session() as session:
        rows = session.execute(
            select(Person.email, Credential.status)
            .join(Credential, Credential.holder_id == Person.id)
            .order_by(Credential.id)
        )
        for email, status in rows:
            found.setdefault(email, []).append(status.value)
    return {email: sorted(statuses) for email, statuses in found.items()}


def cursor_row(db: Database, source: str, location: Path | str) -> SyncState | None:
    with db.session() as session:
        return session.scalars(
            select(SyncState).where(SyncState.name == state_name(source, str(location)))
        ).one_or_none()


def test_openbadges_folder_is_stored_per_holder_and_re_pulled_incrementally(
    db: Database, tmp_path: Path
) -> None:
    folder = Path(shutil.copytree(DATA / "openbadges", tmp_path / "badges"))
    result = pull(db, "default", "openbadges", str(folder), OFFLINE)
    assert (result.read, result.stored, result.created, result.errors) == (5, 5, 5, [])
    # The broken file is stored as what it is; it stops nothing.
    assert result.by_status == {"malformed": 1, "verified": 4}
    assert credentials(db) == {
        "ada@example.org": ["malformed", "verified"],
        "bob@example.org": ["verified"],
        "carol@example.org": ["verified"],
        "dave@example.org": ["verified"],
    }
    assert people(db)["carol@example.org"] == ("candidate", "Carol Jones")
    state = cursor_row(db, "openbadges", folder)
    assert state is not None and state.connector == "source"
    assert state.cursor == {"location": str(folder), "cursor": result.cursor}

    again = pull(db, "default", "openbadges", str(folder), OFFLINE)
    assert (again.read, again.stored, again.cursor) == (0, 0, result.cursor)
    full = pull(db, "default", "openbadges", str(folder), OFFLINE, full=True)
    assert (full.read, full.unchanged, full.created) == (5, 5, 0)


def test_holders_kind_override_and_documents_without_one(db: Database, tmp_path: Path) -> None:
    folder = Path(shutil.copytree(DATA / "openbadges", tmp_path / "badges"))
    employees = replace(OFFLINE, kind=PersonKind.EMPLOYEE)
    pull(db, "default", "openbadges", str(folder / "nested"), employees)
    assert people(db) == {"bob@example.org": ("employee", "bob")}
    # --holder: every document is theirs, and each credential's recipient is checked.
    lone = tmp_path / "lone"
    lone.mkdir()
    shutil.copy(folder / "carol.png", lone / "carol.png")
    eve = replace(OFFLINE, holder="Eve@Example.org")
    assert pull(db, "default", "openbadges", str(lone), eve).by_status == {"recipient_mismatch": 1}
    assert credentials(db)["eve@example.org"] == ["recipient_mismatch"]
    # Without it, a hashed recipient names nobody: reported, not stored.
    shutil.copy(folder / "ada.json", lone / "ada.json")
    result = pull(db, "default", "openbadges", str(lone), OFFLINE, full=True)
    assert (result.read, result.stored, result.skipped) == (2, 1, 1)
    assert "carol.png: no holder email" in result.errors[0]
    assert not result.retryable and not result.ok
    # The same input would fail the same way: the cursor moves on (--full reads it again).
    assert result.cursor is not None


def test_credly_export_over_http_guarded_and_retried(
    db: Database, tmp_path: Path, local_http: LocalHTTPServer
) -> None:
    site = HostedSite(local_http)
    site.assertion(1, "grace@example.org")
    site.answer(2, 503)
    site.assertion(3, "katherine@example.org")
    export = site.file("credly/issued-badges.csv", tmp_path / "export.csv")
    # Without --allow-host the guard refuses the loopback server: not one request is made.
    with pytest.raises(TerminalConnectorError, match="refused"):
        pull(db, "default", "credly", str(export), PullOptions(verify=VerifyOptions(now=NOW)))
    assert local_http.requests == [] and credentials(db) == {}

    failed = pull(db, "default", "credly", str(export), LOCAL)
    assert failed.retryable and "HTTP 503" in failed.errors[0]
    assert (failed.stored, failed.cursor) == (2, None)  # what could be read is stored
    assert cursor_row(db, "credly", export) is None

    site.assertion(2, "alan@example.org")
    retried = pull(db, "default", "credly", str(export), LOCAL)
    assert (retried.created, retried.unchanged, retried.errors) == (1, 2, [])
    assert retried.cursor == "2024-04-01T00:00:00Z"
    # The hashed recipients match the export's emails; names come from the export.
    assert credentials(db) == {
        "alan@example.org": ["verified"],
        "grace@example.org": ["verified"],
        "katherine@example.org": ["verified"],
    }
    assert people(db)["alan@example.org"] == ("candidate", "Alan M. Turing")


def test_wallet_and_badgr(db: Database, tmp_path: Path) -> None:
    wallet = pull(db, "default", "wallet", str(DATA / "wallet"), OFFLINE)
    assert (wallet.stored, wallet.by_status) == (3, {"verified": 3})
    badgr_map = str(DATA / "badgr" / "map.json")
    backpack = str(DATA / "badgr" / "backpack.json")
    options = replace(OFFLINE, verify=replace(OFFLINE.verify, documents=badgr_map))
    badgr = pull(db, "default", "badgr", backpack, options)
    assert (badgr.stored, badgr.by_status, badgr.cursor) == (
        2,
        {"verified": 2},
        "2024-03-02T10:00:00Z",
    )
    assert credentials(db) == {
        "ada@example.org": ["verified", "verified"],
        "erin@example.org": ["verified"],
        "frank@example.org": ["verified", "verified"],
    }


class FlakySource:
    """A third-party source: one document, then a failure a retry may cure."""

    name: ClassVar[str] = "flaky"
    kind: ClassVar[str] = "source"

    def read(self, location: str, cursor: str | None = None) -> Iterator[SourceDocument]:
        data = (DATA / "openbadges" / "ada.json").read_bytes()
        yield SourceDocument(data, "ada@example.org", ref="ada", cursor="0002")
        raise TransientConnectorError("the wallet service is down")


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[Database]:
    db = Database(sqlite_url)
    upgrade(db)
    yield db
    db.dispose()


def test_a_plug_in_source_object_and_its_failure(sqlite_db: Database) -> None:
    db = sqlite_db
    result: PullResult = pull(db, "default", FlakySource(), "anywhere", OFFLINE)
    assert (result.stored, result.retryable, result.cursor) == (1, True, None)
    assert result.errors == ["the wallet service is down"]
    with pytest.raises(NotFoundError, match="unknown"):
        pull(db, "default", "nope", "anywhere", OFFLINE)


def test_a_cursor_row_created_meanwhile_is_updated_not_duplicated(db: Database) -> None:
    from hrkit.store.repositories import TenantRepository
    from hrkit.store.repositories.sync import SourceCursorRepository

    for cursor in ("1", "2"):  # the second save finds the row the first one created
        with db.transaction() as session:
            scope = TenantRepository(session).scope("default")
            SourceCursorRepository(session, scope).save("openbadges:abc", {"cursor": cursor})
    with db.session() as session:
        scope = TenantRepository(session).scope("default")
        state = SourceCursorRepository(session, scope).by_name("openbadges:abc")
        assert state is not None and state.cursor == {"cursor": "2"}
