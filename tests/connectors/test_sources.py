"""The built-in issuer sources read real files and a real local HTTP server."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from connectors.sources import BUILTINS, BadgrSource, CredlySource, OpenBadgesSource, WalletSource
from connectors.sources.credly import _assertion_url
from hrkit.errors import TerminalConnectorError, TransientConnectorError
from hrkit.ports import IssuerSource, SourceDocument
from hrkit.verify.docmap import DocumentMap
from hrkit.verify.fetch import Fetcher
from tests.connectors.data.hosted import HostedSite
from tests.httpserver import LocalHTTPServer

DATA = Path(__file__).resolve().parent / "data"
UUID = "5a7e0c9e-1d2b-4c3a-9f8e-7d6c5b4a3f2e"


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    """A guarded fetcher that may reach the local test server (and nothing else internal)."""
    with Fetcher(allow_hosts=("127.0.0.1",)) as fetcher:
        yield fetcher


@pytest.fixture
def guarded() -> Iterator[Fetcher]:
    """The default guard: loopback is refused."""
    with Fetcher() as fetcher:
        yield fetcher


@pytest.fixture
def offline() -> Iterator[Fetcher]:
    with Fetcher(offline=True) as fetcher:
        yield fetcher


@pytest.fixture
def site(local_http: LocalHTTPServer) -> HostedSite:
    return HostedSite(local_http)


def copy(name: str, tmp_path: Path) -> Path:
    """The data folder `name` copied (fresh modification times, files we may touch)."""
    return Path(shutil.copytree(DATA / name, tmp_path / name))


def read(
    source: IssuerSource, location: Path | str, cursor: str | None = None
) -> list[SourceDocument]:
    return list(source.read(str(location), cursor))


def by_file(documents: list[SourceDocument]) -> dict[str, tuple[str, str | None]]:
    return {Path(d.ref).name: (d.holder_email, d.holder_name) for d in documents}


def touch(path: Path, later_by_s: int = 10) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + later_by_s * 1_000_000_000))


# --- the port ---------------------------------------------------------------------------------


@pytest.mark.parametrize("source", BUILTINS, ids=lambda s: s.name)
def test_builtins_implement_the_port(source: type) -> None:
    assert isinstance(source(), IssuerSource)
    assert source.kind == "source"


def test_builtin_names() -> None:
    assert [s.name for s in BUILTINS] == ["openbadges", "credly", "badgr", "wallet"]


# --- openbadges -------------------------------------------------------------------------------


def test_openbadges_folder_yields_every_credential_file_with_its_holder(
    tmp_path: Path, offline: Fetcher
) -> None:
    folder = copy("openbadges", tmp_path)
    documents = read(OpenBadgesSource(offline), folder)
    assert by_file(documents) == {
        "ada.json": ("ada@example.org", None),  # plain email in the credential
        "bob.jwt": ("bob@example.org", None),  # in a subfolder, read from the JWT claims
        "carol.png": ("carol@example.org", "Carol Jones"),  # hashed: holders.csv by file
        "dave.svg": ("dave@example.org", "Dave Smith"),  # DID subject: holders.csv by id
        "broken.json": ("ada@example.org", None),  # unreadable, but mapped: it is still pulled
    }
    carol = next(d for d in documents if d.ref.endswith("carol.png"))
    assert carol.document == (folder / "carol.png").read_bytes()  # the image, not its payload
    cursors = [d.cursor for d in documents]
    assert all(c and len(c) == 20 and c.isdigit() for c in cursors)
    assert cursors == sorted(cursors)


def test_openbadges_re_read_after_the_cursor_skips_unchanged_files(
    tmp_path: Path, offline: Fetcher
) -> None:
    folder = copy("openbadges", tmp_path)
    source = OpenBadgesSource(offline)
    cursor = max(d.cursor or "" for d in read(source, folder))
    assert read(source, folder, cursor) == []
    touch(folder / "nested" / "bob.jwt")
    assert list(by_file(read(source, folder, cursor))) == ["bob.jwt"]
    # Whom files belong to may have changed: every file is read again.
    touch(folder / "holders.csv", later_by_s=20)
    assert len(read(source, folder, cursor)) == 5


def test_openbadges_single_file_uses_the_holders_file_beside_it(
    tmp_path: Path, offline: Fetcher
) -> None:
    folder = copy("openbadges", tmp_path)
    [document] = read(OpenBadgesSource(offline), folder / "carol.png")
    assert (document.holder_email, document.ref) == ("carol@example.org", str(folder / "carol.png"))


def test_openbadges_without_a_readable_holder_yields_no_email(
    tmp_path: Path, offline: Fetcher
) -> None:
    (tmp_path / "carol.png").write_bytes((DATA / "openbadges" / "carol.png").read_bytes())
    [document] = read(OpenBadgesSource(offline), tmp_path)
    assert document.holder_email == ""  # hashed recipient, no mapping: the pull reports it


def test_openbadges_missing_location_is_terminal(tmp_path: Path) -> None:
    with pytest.raises(TerminalConnectorError, match="no such file or folder"):
        read(OpenBadgesSource(), tmp_path / "nope")


def test_openbadges_url_is_fetched_through_the_guarded_fetcher(
    local_http: LocalHTTPServer, fetcher: Fetcher, guarded: Fetcher
) -> None:
    body = (DATA / "openbadges" / "ada.json").read_bytes()
    local_http.route("/ada.json", body, headers={"Content-Type": "application/json"})
    url = local_http.url("/ada.json")
    [document] = read(OpenBadgesSource(fetcher), url)
    assert (document.document, document.holder_email, document.ref) == (
        body,
        "ada@example.org",
        url,
    )
    assert document.cursor is None  # a URL is read again on every pull
    local_http.requests.clear()
    with pytest.raises(TerminalConnectorError, match="refused"):
        read(OpenBadgesSource(guarded), url)
    assert local_http.requests == []  # the guard refused before any connection


def test_openbadges_baked_url_is_fetched_to_find_the_holder(
    tmp_path: Path, site: HostedSite, fetcher: Fetcher
) -> None:
    from tests.connectors.data.make_data import png

    site.assertion(1, "grace@example.org", hashed=False)
    (tmp_path / "hosted.png").write_bytes(png(site.url(1).encode()))
    [document] = read(OpenBadgesSource(fetcher), tmp_path)
    assert document.holder_email == "grace@example.org"


# --- credly -----------------------------------------------------------------------------------


def test_credly_export_rows_are_fetched_with_the_row_holder(
    tmp_path: Path, site: HostedSite, fetcher: Fetcher
) -> None:
    for number, email in ((1, "grace"), (2, "alan"), (3, "katherine")):
        site.assertion(number, f"{email}@example.org")
    export = site.file("credly/issued-badges.csv", tmp_path / "export.csv")
    documents = read(CredlySource(fetcher), export)
    assert [(d.holder_email, d.holder_name, d.ref, d.cursor) for d in documents] == [
        ("grace@example.org", "Grace Hopper", site.url(1), "2024-02-01T00:00:00Z"),
        ("alan@example.org", "Alan M. Turing", site.url(2), "2024-03-01T00:00:00Z"),
        ("katherine@example.org", "Katherine Johnson", site.url(3), "2024-04-01T00:00:00Z"),
    ]
    assert json.loads(documents[0].document)["id"] == site.url(1)
    # Issue dates are whole days: the boundary day is read again, nothing before it.
    site.server.requests.clear()
    with Fetcher(allow_hosts=("127.0.0.1",)) as fresh:  # no answers cached from the first read
        again = read(CredlySource(fresh), export, "2024-04-01T00:00:00Z")
    assert [d.ref for d in again] == [site.url(3)]
    assert site.server.requests == ["/assertions/3.json"]


def test_credly_url_list_names_holders_per_line_or_by_plain_recipient(
    tmp_path: Path, site: HostedSite, fetcher: Fetcher
) -> None:
    site.assertion(1, "grace@example.org")
    site.assertion(2, "alan@example.org")
    site.assertion(3, "katherine@example.org", hashed=False)
    listing = site.file("credly/assertion-urls.txt", tmp_path / "urls.txt")
    documents = read(CredlySource(fetcher), listing)
    assert [(d.holder_email, d.cursor) for d in documents] == [
        ("grace@example.org", None),
        ("alan@example.org", None),
        ("katherine@example.org", None),
    ]
    [single] = read(CredlySource(fetcher), site.url(2))
    assert (single.holder_email, single.ref) == ("", site.url(2))  # hashed: --holder needed


def test_credly_ssrf_guard_refuses_hosts_not_allowed(
    tmp_path: Path, site: HostedSite, guarded: Fetcher
) -> None:
    site.assertion(1, "grace@example.org")
    export = site.file("credly/issued-badges.csv", tmp_path / "export.csv")
    with pytest.raises(TerminalConnectorError, match=r"3 document\(s\).*loopback"):
        read(CredlySource(guarded), export)
    assert site.server.requests == []


def test_credly_transient_failure_comes_after_the_other_documents(
    tmp_path: Path, site: HostedSite, fetcher: Fetcher
) -> None:
    site.assertion(1, "grace@example.org")
    site.answer(2, 503)
    site.assertion(3, "katherine@example.org")
    export = site.file("credly/issued-badges.csv", tmp_path / "export.csv")
    documents: list[SourceDocument] = []
    with pytest.raises(TransientConnectorError, match="HTTP 503"):
        documents.extend(CredlySource(fetcher).read(str(export)))
    assert [d.ref for d in documents] == [site.url(1), site.url(3)]


def test_credly_gone_assertion_is_yielded_as_its_url(
    tmp_path: Path, site: HostedSite, fetcher: Fetcher
) -> None:
    site.answer(1, 410)
    [document] = read(CredlySource(fetcher), site.url(1))
    assert document.document == site.url(1).encode()  # verifying it says revoked


def test_credly_badge_pages_and_ids_become_assertion_urls() -> None:
    api = f"https://api.credly.com/v1/obi/v2/badge_assertions/{UUID}"
    assert _assertion_url({"page": f"https://www.credly.com/badges/{UUID}/public_url"}) == api
    assert _assertion_url({"page": f"https://www.credly.com/de/badges/{UUID.upper()}"}) == api
    assert _assertion_url({"id": UUID}) == api
    assert _assertion_url({"assertion": "https://x.example/a/1", "id": UUID}) == (
        "https://x.example/a/1"
    )
    assert _assertion_url({"page": "not a url"}) is None


def test_credly_file_of_another_shape_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "people.csv"
    other.write_text("name,title\nAda,Engineer\n")
    with pytest.raises(TerminalConnectorError, match="neither a list of assertion URLs"):
        read(CredlySource(), other)


# --- badgr ------------------------------------------------------------------------------------


@pytest.fixture
def badgr_map() -> Iterator[Fetcher]:
    documents = DocumentMap.load(DATA / "badgr" / "map.json")
    with Fetcher(documents=documents, offline=True) as fetcher:
        yield fetcher


def test_badgr_backpack_export(badgr_map: Fetcher) -> None:
    export = DATA / "badgr" / "backpack.json"
    documents = read(BadgrSource(badgr_map), export)
    site = "https://badges.example.org/assertions"
    assert [(d.holder_email, d.ref, d.cursor) for d in documents] == [
        ("frank@example.org", f"{site}/1.json", "2024-02-02T10:00:00Z"),  # v2: fetched
        ("frank@example.org", f"{site}/2.json", "2024-03-02T10:00:00Z"),  # v1: embedded
    ]  # the third badge was rejected by its earner: skipped
    first = json.loads(documents[0].document)
    hosted = json.loads((DATA / "badgr" / "hosted" / "assertions" / "1.json").read_text())
    assert first == hosted
    assert [d.ref for d in read(BadgrSource(badgr_map), export, "2024-03-02T10:00:00Z")] == [
        f"{site}/2.json"
    ]


def test_badgr_file_that_is_no_export_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text("[1, 2")
    with pytest.raises(TerminalConnectorError, match="not a backpack export"):
        read(BadgrSource(), tmp_path / "x.json")
    with pytest.raises(TerminalConnectorError, match="not a URL"):
        read(BadgrSource(), "https://api.badgr.io/v2/backpack/assertions")


# --- wallet -----------------------------------------------------------------------------------


def test_wallet_yields_each_enclosed_credential_with_the_presentation_holder(
    tmp_path: Path,
) -> None:
    folder = copy("wallet", tmp_path)
    documents = read(WalletSource(), folder)
    assert [(Path(d.ref).name, d.holder_email) for d in documents] == [
        ("ada-presentation.json#0", "ada@example.org"),  # the VP holder's DID, mapped
        ("ada-presentation.json#1", "ada@example.org"),
        ("erin.jwt#0", "erin@example.org"),  # unmapped holder: the credential's own email
    ]
    embedded, enveloped, listed = (d.document for d in documents)
    assert "proof" in json.loads(embedded)
    assert isinstance(enveloped, bytes) and enveloped.startswith(b"ey")
    assert isinstance(listed, bytes) and listed.count(b".") == 2
    cursor = max(d.cursor or "" for d in documents)
    assert read(WalletSource(), folder, cursor) == []


def test_wallet_mailto_holder_and_a_lone_credential(tmp_path: Path) -> None:
    vp = json.loads((DATA / "wallet" / "ada-presentation.json").read_text())
    vp["holder"] = {"id": "mailto:Zoe@Example.org"}
    (tmp_path / "zoe.json").write_text(json.dumps(vp))
    shutil.copy(DATA / "openbadges" / "ada.json", tmp_path / "single.json")
    documents = read(WalletSource(), tmp_path)
    assert sorted((Path(d.ref).name, d.holder_email) for d in documents) == [
        ("single.json", "ada@example.org"),  # not a presentation: yielded as it is
        ("zoe.json#0", "zoe@example.org"),
        ("zoe.json#1", "zoe@example.org"),
    ]


def test_a_holders_file_without_an_email_column_is_refused(tmp_path: Path) -> None:
    folder = copy("wallet", tmp_path)
    (folder / "holders.csv").write_text("id\ndid:example:x\n")
    with pytest.raises(TerminalConnectorError, match="no email column"):
        read(WalletSource(), folder)
