"""The fetcher against a real local HTTP server: SSRF guard, redirects, caps, cache, offline map."""

from __future__ import annotations

import json
import socket
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

import hrkit
from hrkit.errors import ConfigError, FetchError, FetchRefusedError
from hrkit.settings import Settings
from hrkit.verify.context import DocumentFetcher, FetchedDocument
from hrkit.verify.fetch import DEFAULT_ACCEPT, DocumentMap, Fetcher, shown_url
from hrkit.verify.netguard import address_class, parse_ip_literal
from tests.httpserver import LocalHTTPServer

LOCAL = ["127.0.0.1"]
JSON = {"Content-Type": "application/json"}


@pytest.fixture(autouse=True)
def connections(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every address a socket was opened to; anything but loopback fails the test at once.

    A safety net, not a stand-in: connections to 127.0.0.1 are real. It guarantees that a bug
    in the guard can never send a packet beyond this machine, nor look up an external name.
    """
    opened: list[str] = []
    real_connect = socket.create_connection
    real_getaddrinfo = socket.getaddrinfo

    def create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        opened.append(address[0])
        assert address[0] == "127.0.0.1", f"test tried to connect to {address[0]}"
        return real_connect(address, *args, **kwargs)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        literal = parse_ip_literal(str(host))
        assert literal is not None and literal.is_loopback, f"test tried to resolve {host}"
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield opened


@pytest.fixture
def make_fetcher() -> Iterator[Callable[..., Fetcher]]:
    made: list[Fetcher] = []

    def make(**kwargs: Any) -> Fetcher:
        made.append(Fetcher(**kwargs))
        return made[-1]

    yield make
    for fetcher in made:
        fetcher.close()


def table_resolver(
    table: dict[str, list[str]], calls: list[str]
) -> Callable[[str, int], list[str]]:
    def resolve(host: str, port: int) -> list[str]:
        calls.append(host)
        if host not in table:
            raise OSError(f"unknown test host {host}")
        return table[host]

    return resolve


# --- plain fetches -------------------------------------------------------------------------


def test_fetches_json_from_an_allowed_host(local_http: LocalHTTPServer, make_fetcher: Any) -> None:
    local_http.route("/doc.json", b'{"a": 1}', headers=JSON)
    fetcher = make_fetcher(allow_hosts=LOCAL)

    doc = fetcher.fetch(local_http.url("/doc.json"))

    assert doc == FetchedDocument(
        url=local_http.url("/doc.json"),
        final_url=local_http.url("/doc.json"),
        status_code=200,
        content_type="application/json",
        content=b'{"a": 1}',
    )
    assert local_http.requests == ["/doc.json"]


def test_sends_user_agent_and_accept_and_ignores_proxies(
    local_http: LocalHTTPServer, make_fetcher: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
        monkeypatch.setenv(var, "http://127.0.0.1:9")
    seen: list[dict[str, str]] = []

    def echo(handler: BaseHTTPRequestHandler) -> None:
        seen.append(dict(handler.headers.items()))
        handler.send_response(200)
        handler.send_header("Content-Length", "2")
        handler.end_headers()
        handler.wfile.write(b"{}")

    local_http.route("/echo", echo)
    fetcher = make_fetcher(allow_hosts=LOCAL)

    fetcher.fetch(local_http.url("/echo"))
    fetcher.fetch(local_http.url("/echo"), accept="image/png")

    assert seen[0]["User-Agent"] == f"hrkit/{hrkit.__version__}"
    assert seen[0]["Accept"] == DEFAULT_ACCEPT
    assert seen[1]["Accept"] == "image/png"  # another Accept is another cache entry


def test_an_allowed_name_connects_to_the_address_that_was_resolved(
    local_http: LocalHTTPServer, make_fetcher: Any, connections: list[str]
) -> None:
    hosts: list[str] = []

    def echo_host(handler: BaseHTTPRequestHandler) -> None:
        hosts.append(handler.headers["Host"])
        handler.send_response(204)
        handler.end_headers()

    local_http.route("/who", echo_host)
    calls: list[str] = []
    resolver = table_resolver({"issuer.test": ["127.0.0.1"]}, calls)
    fetcher = make_fetcher(allow_hosts=[f"Issuer.TEST:{local_http.port}"], resolver=resolver)

    doc = fetcher.fetch(f"http://issuer.test:{local_http.port}/who")

    assert doc.status_code == 204
    assert calls == ["issuer.test"]
    assert connections == ["127.0.0.1"]
    assert hosts == [f"issuer.test:{local_http.port}"]


def test_an_allow_entry_with_a_port_allows_only_that_port(
    local_http: LocalHTTPServer, make_fetcher: Any
) -> None:
    local_http.route("/a", b"ok")
    assert make_fetcher(allow_hosts=[f"127.0.0.1:{local_http.port}"]).fetch(local_http.url("/a"))
    with pytest.raises(FetchRefusedError, match="loopback"):
        make_fetcher(allow_hosts=["127.0.0.1:1"]).fetch(local_http.url("/a"))


def test_fetcher_is_a_document_fetcher_and_a_context_manager(local_http: LocalHTTPServer) -> None:
    local_http.route("/a", b"ok")
    with Fetcher(allow_hosts=LOCAL) as fetcher:
        engine_side: DocumentFetcher = fetcher
        assert engine_side.fetch(local_http.url("/a")).content == b"ok"


# --- the SSRF guard ------------------------------------------------------------------------


def test_loopback_is_refused_without_a_request(
    local_http: LocalHTTPServer, make_fetcher: Any, connections: list[str]
) -> None:
    local_http.route("/doc.json", b"{}")

    with pytest.raises(FetchRefusedError) as caught:
        make_fetcher().fetch(local_http.url("/doc.json"))

    assert "refused: 127.0.0.1 is a loopback address" in str(caught.value)
    assert local_http.url("/doc.json") in str(caught.value)
    assert local_http.requests == []
    assert connections == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://10.0.0.5/", "10.0.0.5 is a private address"),
        ("http://172.16.3.4/", "private"),
        ("http://192.168.1.1/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("http://100.64.0.1/", "carrier-grade NAT"),
        ("http://0.0.0.0/", "an unspecified address"),
        ("http://224.0.0.1/", "multicast"),
        ("http://240.0.0.1/", "reserved"),
        ("http://127.0.0.2:8080/", "loopback"),
        ("http://[::1]/", "::1 is a loopback address"),
        ("http://[::]/", "unspecified"),
        ("http://[fe80::1]/", "link-local"),
        ("http://[fd12:3456::1]/", "private"),
        ("http://[fec0::1]/", "site-local"),
        ("http://[ff02::1]/", "multicast"),
        ("http://[::ffff:127.0.0.1]/", "IPv4-mapped loopback address (127.0.0.1)"),
        ("http://[::ffff:169.254.169.254]/", "IPv4-mapped link-local"),
        ("http://[::127.0.0.1]/", "IPv4-compatible loopback"),
        ("http://[2002:a9fe:a9fe::1]/", "6to4 link-local address (169.254.169.254)"),
        ("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "Teredo loopback"),
        ("http://[64:ff9b::a00:5]/", "NAT64 private address (10.0.0.5)"),
        ("http://2130706433/", "127.0.0.1 is a loopback address"),
        ("http://0x7f.1/", "127.0.0.1 is a loopback address"),
        ("http://017700000001/", "127.0.0.1 is a loopback address"),
        ("http://127.1/", "127.0.0.1 is a loopback address"),
        ("http://0xa9.0xfe.0xa9.0xfe/", "169.254.169.254 is a link-local address"),
        ("http://metadata.google.internal/computeMetadata/v1/", "cloud metadata host"),
        ("http://METADATA.Google.Internal./", "cloud metadata host"),
        ("http://metadata/", "cloud metadata host"),
        ("http://localhost:8080/", "localhost is a loopback name"),
        ("http://api.localhost/", "loopback name"),
    ],
)
def test_internal_addresses_are_refused_before_any_lookup(
    url: str, reason: str, make_fetcher: Any, connections: list[str]
) -> None:
    calls: list[str] = []
    fetcher = make_fetcher(resolver=table_resolver({}, calls))

    with pytest.raises(FetchRefusedError) as caught:
        fetcher.fetch(url)

    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)
    assert caught.value.code == "FETCH_REFUSED"
    assert calls == []
    assert connections == []


@pytest.mark.parametrize(
    ("addresses", "reason"),
    [
        (["169.254.169.254"], "169.254.169.254 is a link-local address"),
        (["10.0.0.5"], "10.0.0.5 is a private address"),
        (["::1"], "::1 is a loopback address"),
        (["::ffff:10.0.0.5"], "IPv4-mapped private"),
        # One internal answer among public ones is enough: a client may pick any of them.
        (["93.184.216.34", "10.0.0.5"], "10.0.0.5 is a private address"),
    ],
)
def test_names_resolving_to_internal_addresses_are_refused_without_connecting(
    addresses: list[str], reason: str, make_fetcher: Any, connections: list[str]
) -> None:
    calls: list[str] = []
    fetcher = make_fetcher(resolver=table_resolver({"evil.test": addresses}, calls))

    with pytest.raises(FetchRefusedError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        fetcher.fetch("https://evil.test/credential.json")

    assert calls == ["evil.test"]
    assert connections == []


def test_an_unresolvable_name_is_a_fetch_error(make_fetcher: Any) -> None:
    fetcher = make_fetcher(resolver=table_resolver({}, []))
    with pytest.raises(FetchError, match=r"cannot resolve host nowhere\.test") as caught:
        fetcher.fetch("http://nowhere.test/")
    assert not isinstance(caught.value, FetchRefusedError)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://ftp.example/file",
        "data:application/json,{}",
        "gopher://example.test/",
        "javascript:alert(1)",
        "//example.test/no-scheme",
        "/relative/path",
        "http:///no-host",
        "http://user:pw@127.0.0.1/",
        "http://user@127.0.0.1/",
    ],
)
def test_only_plain_http_urls_are_fetched(
    url: str, make_fetcher: Any, connections: list[str]
) -> None:
    with pytest.raises(FetchRefusedError):
        make_fetcher(allow_hosts=LOCAL).fetch(url)
    assert connections == []


def test_messages_hide_credentials_of_the_query() -> None:
    with Fetcher() as fetcher, pytest.raises(FetchRefusedError) as caught:
        fetcher.fetch("http://10.0.0.5/doc?access_token=s3cr3t&page=2")
    assert "s3cr3t" not in str(caught.value)
    assert "access_token=***&page=2" in str(caught.value)
    assert shown_url("https://u:p@h.test/x?api_key=1#f") == "https://h.test/x?api_key=***#f"


# --- redirects ------------------------------------------------------------------------------


def test_a_redirect_chain_within_the_limit_is_followed(
    local_http: LocalHTTPServer, make_fetcher: Any
) -> None:
    local_http.route("/r1", status=301, headers={"Location": local_http.url("/r2")})
    local_http.route("/r2", status=302, headers={"Location": "/r3"})
    local_http.route("/r3", status=307, headers={"Location": "doc.json"})
    local_http.route("/doc.json", b"{}", headers=JSON)

    doc = make_fetcher(allow_hosts=LOCAL).fetch(local_http.url("/r1"))

    assert doc.url == local_http.url("/r1")
    assert doc.final_url == local_http.url("/doc.json")
    assert local_http.requests == ["/r1", "/r2", "/r3", "/doc.json"]


def test_more_redirects_than_allowed_is_an_error(
    local_http: LocalHTTPServer, make_fetcher: Any
) -> None:
    for hop in range(1, 5):
        local_http.route(f"/r{hop}", status=302, headers={"Location": f"/r{hop + 1}"})
    local_http.route("/r5", b"{}")

    with pytest.raises(FetchError, match="more than 3 redirects"):
        make_fetcher(allow_hosts=LOCAL).fetch(local_http.url("/r1"))

    assert local_http.requests == ["/r1", "/r2", "/r3", "/r4"]


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("http://127.0.0.2:{port}/doc.json", "127.0.0.2 is a loopback address"),
        ("http://[::1]:{port}/", "::1 is a loopback address"),
        ("http://metadata.google.internal/", "cloud metadata host"),
        ("file:///etc/passwd", "only http and https"),
    ],
)
def test_a_redirect_to_a_refused_address_is_not_followed(
    target: str,
    reason: str,
    local_http: LocalHTTPServer,
    make_fetcher: Any,
    connections: list[str],
) -> None:
    location = target.format(port=local_http.port)
    local_http.route("/go", status=302, headers={"Location": location})

    with pytest.raises(FetchRefusedError, match=reason):
        make_fetcher(allow_hosts=LOCAL).fetch(local_http.url("/go"))

    assert local_http.requests == ["/go"]
    assert connections == ["127.0.0.1"]


# --- statuses, errors and timeouts ----------------------------------------------------------


def test_a_non_2xx_status_is_an_error_with_its_status_and_is_cached(
    local_http: LocalHTTPServer, make_fetcher: Any
) -> None:
    local_http.route("/gone", b"gone", status=410)
    fetcher = make_fetcher(allow_hosts=LOCAL)

    for _ in range(2):
        with pytest.raises(FetchError) as caught:
            fetcher.fetch(local_http.url("/gone"))
        assert caught.value.status_code == 410
        assert caught.value.url == local_http.url("/gone")
        assert str(caught.value) == f"fetch {local_http.url('/gone')} failed: HTTP 410 Gone"
        assert not isinstance(caught.value, FetchRefusedError)

    assert local_http.requests == ["/gone"]


def test_a_redirect_without_location_is_a_status_error(
    local_http: LocalHTTPServer, make_fetcher: Any
) -> None:
    local_http.route("/odd", status=302)
    with pytest.raises(FetchError) as caught:
        make_fetcher(allow_hosts=LOCAL).fetch(local_http.url("/odd"))
    assert caught.value.status_code == 302


def test_a_closed_port_is_a_one_line_error(make_fetcher: Any) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with pytest.raises(FetchError) as caught:
        make_fetcher(allow_hosts=LOCAL).fetch(f"http://127.0.0.1:{port}/")

    message = str(caught.value)
    assert message.startswith(f"fetch http://127.0.0.1:{port}/ failed: cannot connect")
    assert "\n" not in message and "Traceback" not in message and "Errno" not in message
    assert caught.value.status_code is None


def test_a_server_slower_than_the_timeout_is_an_error(
    local_http: LocalHTTPServer, make_fetcher: Any
) -> None:
    local_http.route("/slow", lambda handler: local_http.sleep(5))
    fetcher = make_fetcher(allow_hosts=LOCAL, timeout=0.5)

    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0\.5 s"):
        fetcher.fetch(local_http.url("/slow"))

    assert time.monotonic() - started < 2


def test_the_timeout_bounds_the_whole_download(
    local_http: LocalHTTPServer, make_fetcher: Any
) -> None:
    def drip(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "100")
        handler.end_headers()
        for _ in range(100):  # one byte every 0.1 s: each read is quick, the whole is not
            try:
                handler.wfile.write(b"x")
                handler.wfile.flush()
            except OSError:
                return
            local_http.sleep(0.1)

    local_http.route("/drip", drip)
    fetcher = make_fetcher(allow_hosts=LOCAL, timeout=0.5)

    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetcher.fetch(local_http.url("/drip"))

    assert time.monotonic() - started < 1.5


# --- size caps ------------------------------------------------------------------------------


def test_a_declared_length_above_the_cap_is_refused(
    local_http: LocalHTTPServer, make_fetcher: Any
) -> None:
    local_http.route("/big", b"x" * 5000)
    fetcher = make_fetcher(allow_hosts=LOCAL, max_bytes=1000)

    with pytest.raises(FetchRefusedError, match="larger than 1000 bytes"):
        fetcher.fetch(local_http.url("/big"))
    assert fetcher.fetch(local_http.url("/big"), max_bytes=5000).content == b"x" * 5000


def test_an_undeclared_body_is_cut_at_the_cap(
    local_http: LocalHTTPServer, make_fetcher: Any
) -> None:
    def endless(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.end_headers()  # no Content-Length: the body ends when the connection does
        try:
            for _ in range(2000):
                handler.wfile.write(b"y" * 65536)
        except OSError:
            pass

    local_http.route("/endless", endless)

    with pytest.raises(FetchRefusedError, match="larger than 100000 bytes"):
        make_fetcher(allow_hosts=LOCAL, max_bytes=100_000).fetch(local_http.url("/endless"))


def gzip_of_zeros(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1_000_000)
    parts = [packer.compress(block) for _ in range(size // len(block))]
    return b"".join(parts) + packer.flush()


def test_a_gzip_bomb_is_stopped_by_the_decoded_size_with_bounded_memory(
    local_http: LocalHTTPServer, make_fetcher: Any
) -> None:
    bomb = gzip_of_zeros(50_000_000)
    assert len(bomb) < 100_000
    local_http.route("/bomb.json", bomb, headers={"Content-Encoding": "gzip", **JSON})
    fetcher = make_fetcher(allow_hosts=LOCAL, max_bytes=1_000_000)

    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(FetchRefusedError, match="larger than 1000000 bytes"):
            fetcher.fetch(local_http.url("/bomb.json"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert time.monotonic() - started < 5
    assert peak < 16_000_000


@pytest.mark.parametrize(
    ("encoding", "wbits"),
    [("gzip", zlib.MAX_WBITS | 16), ("deflate", zlib.MAX_WBITS), ("deflate", -zlib.MAX_WBITS)],
)
def test_compressed_bodies_are_decoded(
    encoding: str, wbits: int, local_http: LocalHTTPServer, make_fetcher: Any
) -> None:
    body = json.dumps({"n": list(range(50_000))}).encode()
    packer = zlib.compressobj(6, zlib.DEFLATED, wbits)
    local_http.route(
        "/z", packer.compress(body) + packer.flush(), headers={"Content-Encoding": encoding}
    )

    assert make_fetcher(allow_hosts=LOCAL).fetch(local_http.url("/z")).content == body


def test_an_unknown_content_encoding_is_an_error(
    local_http: LocalHTTPServer, make_fetcher: Any
) -> None:
    local_http.route("/br", b"\x00\x01", headers={"Content-Encoding": "br"})
    with pytest.raises(FetchError, match="unsupported Content-Encoding 'br'"):
        make_fetcher(allow_hosts=LOCAL).fetch(local_http.url("/br"))


# --- cache ----------------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_answers_are_cached_for_the_ttl(local_http: LocalHTTPServer, make_fetcher: Any) -> None:
    local_http.route("/doc.json", b"{}")
    clock = FakeClock()
    fetcher = make_fetcher(allow_hosts=LOCAL, cache_ttl=60, clock=clock)
    url = local_http.url("/doc.json")

    first = fetcher.fetch(url)
    clock.now += 59
    assert fetcher.fetch(url) is first
    assert local_http.requests == ["/doc.json"]

    fetcher.fetch(url, accept="text/plain")  # another Accept, another entry
    clock.now += 2
    fetcher.fetch(url)
    assert local_http.requests == ["/doc.json"] * 3


def test_a_cached_body_still_obeys_a_smaller_cap(
    local_http: LocalHTTPServer, make_fetcher: Any
) -> None:
    local_http.route("/doc", b"z" * 500)
    fetcher = make_fetcher(allow_hosts=LOCAL)
    fetcher.fetch(local_http.url("/doc"))
    with pytest.raises(FetchRefusedError, match="larger than 100 bytes"):
        fetcher.fetch(local_http.url("/doc"), max_bytes=100)


def test_a_zero_ttl_disables_the_cache(local_http: LocalHTTPServer, make_fetcher: Any) -> None:
    local_http.route("/doc", b"{}")
    fetcher = make_fetcher(allow_hosts=LOCAL, cache_ttl=0)
    fetcher.fetch(local_http.url("/doc"))
    fetcher.fetch(local_http.url("/doc"))
    assert local_http.requests == ["/doc", "/doc"]


def test_the_real_clock_expires_entries(local_http: LocalHTTPServer, make_fetcher: Any) -> None:
    local_http.route("/doc", b"{}")
    fetcher = make_fetcher(allow_hosts=LOCAL, cache_ttl=0.05)
    fetcher.fetch(local_http.url("/doc"))
    time.sleep(0.1)
    fetcher.fetch(local_http.url("/doc"))
    assert local_http.requests == ["/doc", "/doc"]


# --- the offline document map ---------------------------------------------------------------


@pytest.fixture
def document_map(tmp_path: Path) -> DocumentMap:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "issuer.json").write_text('{"id": "issuer"}')
    (tmp_path / "docs" / "context.jsonld").write_text('{"@context": {}}')
    (tmp_path / "docs" / "badge.png").write_bytes(b"\x89PNG")
    (tmp_path / "docs" / "logo.svg").write_text("<svg/>")
    (tmp_path / "docs" / "notes.txt").write_text("hello")
    (tmp_path / "map.json").write_text(
        json.dumps(
            {
                "https://issuer.example/profile": "docs/issuer.json",
                "https://issuer.example/context": "docs/context.jsonld",
                "https://issuer.example/badge.png": "docs/badge.png",
                "https://issuer.example/logo": "docs/logo.svg",
                "https://issuer.example/notes": "docs/notes.txt",
                "https://issuer.example/gone": "docs/missing.json",
                "http://127.0.0.1:1/mapped": "docs/issuer.json",
            }
        )
    )
    return DocumentMap.load(tmp_path / "map.json")


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("https://issuer.example/profile", "application/json"),
        ("https://issuer.example/profile#key-1", "application/json"),
        ("https://issuer.example/context", "application/json"),
        ("https://issuer.example/badge.png", "image/png"),
        ("https://issuer.example/logo", "image/svg+xml"),
        ("https://issuer.example/notes", None),
        ("http://127.0.0.1:1/mapped", "application/json"),  # no guard: no network involved
    ],
)
def test_the_document_map_answers_first(
    url: str,
    content_type: str | None,
    document_map: DocumentMap,
    make_fetcher: Any,
    connections: list[str],
) -> None:
    doc = make_fetcher(documents=document_map).fetch(url)

    assert doc.from_map and doc.status_code == 200
    assert doc.url == doc.final_url == url
    assert doc.content_type == content_type
    assert connections == []


def test_the_exact_url_wins_over_the_fragment_less_one(tmp_path: Path, make_fetcher: Any) -> None:
    (tmp_path / "a.json").write_text("1")
    (tmp_path / "b.json").write_text("2")
    (tmp_path / "m.json").write_text(
        json.dumps({"https://x.test/d": "a.json", "https://x.test/d#k": "b.json"})
    )
    fetcher = make_fetcher(documents=DocumentMap.load(tmp_path / "m.json"))
    assert fetcher.fetch("https://x.test/d#k").content == b"2"
    assert fetcher.fetch("https://x.test/d#other").content == b"1"


def test_a_missing_mapped_file_is_a_fetch_error(
    document_map: DocumentMap, make_fetcher: Any
) -> None:
    with pytest.raises(FetchError, match=r"missing\.json does not exist") as caught:
        make_fetcher(documents=document_map).fetch("https://issuer.example/gone")
    assert not isinstance(caught.value, FetchRefusedError)


def test_a_mapped_file_obeys_the_size_cap(document_map: DocumentMap, make_fetcher: Any) -> None:
    with pytest.raises(FetchRefusedError, match="larger than 5 bytes"):
        make_fetcher(documents=document_map, max_bytes=5).fetch("https://issuer.example/profile")


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        '["https://a.test/", "x.json"]',
        '{"https://a.test/": 3}',
        '{"https://a.test/": ""}',
        '"just a string"',
    ],
)
def test_a_malformed_map_is_a_config_error(content: str, tmp_path: Path) -> None:
    path = tmp_path / "bad-map.json"
    path.write_text(content)
    with pytest.raises(ConfigError, match="bad-map.json") as caught:
        DocumentMap.load(path)
    assert "\n" not in str(caught.value)


def test_an_unreadable_map_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read document map .*nope.json"):
        DocumentMap.load(tmp_path / "nope.json")
    (tmp_path / "latin.json").write_bytes(b'{"\xff": "x"}')
    with pytest.raises(ConfigError, match="latin.json"):
        DocumentMap.load(tmp_path / "latin.json")


def test_offline_refuses_unmapped_urls_without_network(
    local_http: LocalHTTPServer,
    document_map: DocumentMap,
    make_fetcher: Any,
    connections: list[str],
) -> None:
    local_http.route("/doc", b"{}")
    fetcher = make_fetcher(documents=document_map, offline=True, allow_hosts=LOCAL)

    assert fetcher.fetch("https://issuer.example/profile").from_map
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(local_http.url("/doc"))

    assert str(caught.value) == f"offline: {local_http.url('/doc')} is not in the document map"
    with pytest.raises(FetchError, match="offline"):
        make_fetcher(offline=True).fetch("https://anything.example/")
    assert local_http.requests == []
    assert connections == []


# --- settings -------------------------------------------------------------------------------


def test_from_settings_merges_the_allow_list_and_the_offline_switch(
    local_http: LocalHTTPServer, make_fetcher: Any
) -> None:
    local_http.route("/doc", b"{}")
    settings = Settings.from_env({"HRKIT_FETCH_ALLOW": "127.0.0.1", "HRKIT_FETCH_TIMEOUT": "2"})
    assert settings.fetch_offline is False

    with Fetcher.from_settings(settings) as fetcher:
        assert fetcher.fetch(local_http.url("/doc")).content == b"{}"
    with Fetcher.from_settings(Settings(), allow_hosts=LOCAL) as fetcher:
        assert fetcher.fetch(local_http.url("/doc")).content == b"{}"

    offline = Settings.from_env({"HRKIT_FETCH_OFFLINE": "true", "HRKIT_FETCH_ALLOW": "127.0.0.1"})
    assert offline.fetch_offline is True
    with Fetcher.from_settings(offline) as fetcher, pytest.raises(FetchError, match="offline"):
        fetcher.fetch(local_http.url("/other"))
    assert local_http.requests == ["/doc", "/doc"]  # one per fetcher; offline sent nothing


def test_fetch_error_keeps_its_old_constructor() -> None:
    plain = FetchError("down")
    assert (plain.status_code, plain.url, plain.code) == (None, None, "FETCH")
    detailed = FetchRefusedError("no", code="X", status_code=403, url="http://a.test/")
    assert (detailed.status_code, detailed.url, detailed.code) == (403, "http://a.test/", "X")


# --- address classification -----------------------------------------------------------------


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"]
)
def test_public_addresses_pass(address: str) -> None:
    assert address_class(address) is None


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("[::1]", "::1"),
        ("fe80::1%25eth0", "fe80::1"),
        ("issuer.example", None),
        ("cafe", None),
        ("256.0.0.1", None),
        ("1.2.3.4.5", None),
    ],
)
def test_ip_literals_are_read_like_inet_aton(host: str, address: str | None) -> None:
    parsed = parse_ip_literal(host)
    assert (None if parsed is None else str(parsed)) == address


# --- TLS: the vetted address is dialled, the URL's name is verified -------------------------


def self_signed(name: str, folder: Path) -> tuple[Path, Path]:
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / f"{name}.crt", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def tls_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalHTTPServer]:
    """An https server on 127.0.0.1 whose certificate names issuer.test (trusted via env)."""
    import ssl

    cert, key = self_signed("issuer.test", tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    with LocalHTTPServer(tls=context) as server:
        server.route("/doc.json", b"{}", headers=JSON)
        yield server


def test_https_dials_the_vetted_address_and_verifies_the_name(
    tls_server: LocalHTTPServer, make_fetcher: Any, connections: list[str]
) -> None:
    resolver = table_resolver({"issuer.test": ["127.0.0.1"]}, [])
    fetcher = make_fetcher(allow_hosts=["issuer.test"], resolver=resolver)

    doc = fetcher.fetch(f"https://issuer.test:{tls_server.port}/doc.json")

    assert doc.content == b"{}"
    assert connections == ["127.0.0.1"]
    assert tls_server.requests == ["/doc.json"]


def test_https_refuses_a_certificate_for_another_name(
    tls_server: LocalHTTPServer, make_fetcher: Any
) -> None:
    resolver = table_resolver({"impostor.test": ["127.0.0.1"]}, [])
    fetcher = make_fetcher(allow_hosts=["impostor.test"], resolver=resolver)

    with pytest.raises(FetchError, match="cannot connect: .*certificate") as caught:
        fetcher.fetch(f"https://impostor.test:{tls_server.port}/doc.json")

    assert "\n" not in str(caught.value)
    assert tls_server.requests == []
