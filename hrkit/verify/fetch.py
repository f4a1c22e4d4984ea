"""The one network fetcher of the verification engine: guarded, bounded, cached, mappable."""

from __future__ import annotations

import re
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urlsplit, urlunsplit

import httpcore
import httpx

import hrkit
from hrkit.errors import ConfigError, FetchError, FetchRefusedError
from hrkit.settings import Settings
from hrkit.verify.context import FetchedDocument
from hrkit.verify.docmap import DocumentMap, guess_content_type, read_mapped_file
from hrkit.verify.netguard import AddressGuard, GuardedBackend, Resolver

__all__ = ["DEFAULT_ACCEPT", "DocumentMap", "Fetcher"]

DEFAULT_ACCEPT = "application/ld+json, application/json;q=0.9, */*;q=0.1"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CACHE_ENTRIES = 512
_CACHE_MAX_BODY = 1_000_000
# Decompressed output is produced in slices of this size, so a gzip bomb never inflates in one go.
_DECODE_SLICE = 64 * 1024
_SECRET_PARAM = re.compile(r"token|key|secret|pass|pwd|sig|auth|credential|session|code", re.I)
_ERRNO_PREFIX = re.compile(r"^\[Errno -?\d+\]\s*")


@dataclass(frozen=True)
class _CacheEntry:
    expires: float
    document: FetchedDocument | None
    status_code: int | None = None
    reason: str = ""


class _TTLCache:
    """A small thread-safe LRU whose entries expire `ttl` seconds after they were stored."""

    def __init__(self, ttl: float, clock: Callable[[], float]) -> None:
        self._ttl = ttl
        self._clock = clock
        self._entries: OrderedDict[tuple[str, str], _CacheEntry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> _CacheEntry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.expires <= self._clock():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry

    def put(
        self,
        key: tuple[str, str],
        document: FetchedDocument | None,
        *,
        status_code: int | None = None,
        reason: str = "",
    ) -> None:
        if self._ttl <= 0 or (document is not None and len(document.content) > _CACHE_MAX_BODY):
            return
        entry = _CacheEntry(self._clock() + self._ttl, document, status_code, reason)
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > _CACHE_ENTRIES:
                self._entries.popitem(last=False)


def shown_url(url: str) -> str:
    """`url` as error messages show it: no user info, credential-like query values masked."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url[:200]
    query = "&".join(
        f"{pair.partition('=')[0]}=***" if _SECRET_PARAM.search(pair.partition("=")[0]) else pair
        for pair in parts.query.split("&")
    )
    netloc = parts.netloc.rpartition("@")[2]
    shown = urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    return shown if len(shown) <= 200 else shown[:199] + "…"


class Fetcher:
    """Fetches documents over http(s) behind the SSRF guard, or from the offline document map."""

    def __init__(
        self,
        *,
        allow_hosts: Iterable[str] = (),
        documents: DocumentMap | None = None,
        timeout: float = 10.0,
        max_bytes: int = 5_000_000,
        max_redirects: int = 3,
        cache_ttl: float = 300.0,
        offline: bool = False,
        resolver: Resolver | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if timeout <= 0 or max_bytes <= 0 or max_redirects < 0:
            raise ConfigError("the fetcher needs a positive timeout and size cap")
        self._documents = documents
        self._timeout = timeout
        self._max_bytes = max_bytes
        self._max_redirects = max_redirects
        self._offline = offline
        self._cache = _TTLCache(cache_ttl, clock)
        self._guard = AddressGuard(allow_hosts, resolver)
        self._backend = GuardedBackend(self._guard)
        self._client_instance: httpx.Client | None = None
        self._client_lock = threading.Lock()

    @property
    def _client(self) -> httpx.Client:
        # Built on the first network fetch: an offline run never pays for TLS set-up.
        with self._client_lock:
            if self._client_instance is None:
                self._client_instance = _guarded_client(self._backend, self._timeout)
            return self._client_instance

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        allow_hosts: Iterable[str] = (),
        documents: DocumentMap | None = None,
        offline: bool = False,
    ) -> Fetcher:
        """A fetcher with the timeout, size cap, allow-list and offline mode of `settings`."""
        return cls(
            allow_hosts=(*settings.fetch_allow, *allow_hosts),
            documents=documents,
            timeout=settings.fetch_timeout,
            max_bytes=settings.fetch_max_bytes,
            offline=offline or settings.fetch_offline,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the pooled connections."""
        with self._client_lock:
            if self._client_instance is not None:
                self._client_instance.close()
                self._client_instance = None

    def fetch(
        self, url: str, *, accept: str | None = None, max_bytes: int | None = None
    ) -> FetchedDocument:
        """The document at `url` (map first, then cache, then network); see DocumentFetcher."""
        accept = accept or DEFAULT_ACCEPT
        cap = self._max_bytes if max_bytes is None else max_bytes
        shown = shown_url(url)
        mapped = self._documents.lookup(url) if self._documents is not None else None
        if mapped is None and self._offline:
            raise FetchError(f"offline: {shown} is not in the document map", url=shown)
        try:
            if mapped is not None:
                content = read_mapped_file(mapped, cap)
                return FetchedDocument(
                    url=url,
                    final_url=url,
                    status_code=200,
                    content_type=guess_content_type(mapped),
                    content=content,
                    from_map=True,
                )
            return self._cached_fetch(url, accept, cap)
        except FetchRefusedError as exc:
            raise FetchRefusedError(f"fetch {shown} refused: {exc}", url=shown) from None
        except FetchError as exc:
            raise FetchError(
                f"fetch {shown} failed: {exc}", status_code=exc.status_code, url=shown
            ) from None

    def _cached_fetch(self, url: str, accept: str, cap: int) -> FetchedDocument:
        key = (url, accept)
        entry = self._cache.get(key)
        if entry is None:
            try:
                document = self._download(url, accept, cap)
            except FetchError as exc:
                if exc.status_code is not None:
                    self._cache.put(key, None, status_code=exc.status_code, reason=str(exc))
                raise
            self._cache.put(key, document)
            return document
        if entry.document is None:
            raise FetchError(entry.reason, status_code=entry.status_code)
        if len(entry.document.content) > cap:
            raise FetchRefusedError(f"the body is larger than {cap} bytes")
        return entry.document

    def _download(self, url: str, accept: str, cap: int) -> FetchedDocument:
        current = self._checked_url(url)
        try:
            with self._backend.deadline(self._timeout):
                for _hop in range(self._max_redirects + 1):
                    request = self._client.build_request("GET", current, headers={"Accept": accept})
                    response = self._client.send(request, stream=True)
                    try:
                        location = response.headers.get("location")
                        if response.status_code in _REDIRECTS and location:
                            current = self._checked_url(_join(response.url, location))
                            continue
                        if not response.is_success:
                            raise FetchError(
                                f"HTTP {response.status_code} {response.reason_phrase}".rstrip(),
                                status_code=response.status_code,
                            )
                        content = _read_capped(response, cap)
                    finally:
                        response.close()
                    return FetchedDocument(
                        url=url,
                        final_url=str(response.url),
                        status_code=response.status_code,
                        content_type=response.headers.get("content-type"),
                        content=content,
                    )
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self._timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise FetchError(_describe(exc)) from None
        raise FetchError(f"more than {self._max_redirects} redirects")

    def _checked_url(self, url: str) -> httpx.URL:
        """`url` parsed, if its scheme, form and host name may be fetched (each redirect too)."""
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError) as exc:
            raise FetchRefusedError(f"not a valid URL ({exc})") from None
        if parsed.scheme not in {"http", "https"}:
            raise FetchRefusedError(
                f"only http and https URLs are fetched, not {parsed.scheme or 'relative'} URLs"
            )
        if not parsed.host:
            raise FetchRefusedError("the URL has no host")
        if parsed.userinfo:
            raise FetchRefusedError("URLs with credentials are not fetched")
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        # The name alone is judged here; the guarded backend vets the resolved addresses.
        self._guard.check_name(parsed.raw_host.decode("ascii"), port)
        return parsed


def _guarded_client(backend: GuardedBackend, timeout: float) -> httpx.Client:
    ssl_context = httpx.create_ssl_context()
    transport = httpx.HTTPTransport(verify=ssl_context, trust_env=False)
    # httpx has no public hook for the network backend, so its connection pool is swapped for
    # one that connects through the guard; everything else of the transport stays httpx's own.
    transport._pool.close()
    transport._pool = httpcore.ConnectionPool(
        ssl_context=ssl_context,
        max_connections=20,
        max_keepalive_connections=10,
        keepalive_expiry=5.0,
        network_backend=backend,
    )
    return httpx.Client(
        transport=transport,
        trust_env=False,
        follow_redirects=False,
        timeout=httpx.Timeout(timeout),
        headers={
            "User-Agent": f"hrkit/{hrkit.__version__}",
            # Only what _decoded() can inflate under the size cap.
            "Accept-Encoding": "gzip, deflate",
        },
    )


def _join(base: httpx.URL, location: str) -> str:
    try:
        return str(base.join(location))
    except httpx.InvalidURL:
        raise FetchRefusedError(f"invalid redirect location {location[:100]!r}") from None


def _describe(exc: httpx.HTTPError) -> str:
    detail = _ERRNO_PREFIX.sub("", str(exc).splitlines()[0] if str(exc) else "") or "no detail"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect: {detail}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"protocol error: {detail}"
    return f"{type(exc).__name__}: {detail}"


def _read_capped(response: httpx.Response, cap: int) -> bytes:
    """The decoded body, refused as soon as it (or its Content-Length) exceeds `cap` bytes."""
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > cap:
        raise FetchRefusedError(f"the body is larger than {cap} bytes (Content-Length {declared})")
    encodings = [
        coding
        for part in response.headers.get("content-encoding", "").split(",")
        if (coding := part.strip().lower()) and coding != "identity"
    ]
    body = bytearray()
    for chunk in _decoded(response.iter_raw(), encodings):
        body += chunk
        if len(body) > cap:
            raise FetchRefusedError(f"the body is larger than {cap} bytes")
    return bytes(body)


def _decoded(chunks: Iterator[bytes], encodings: list[str]) -> Iterator[bytes]:
    # Content codings were applied in order, so they are undone in reverse.
    for encoding in reversed(encodings):
        chunks = _inflate(chunks, encoding)
    return chunks


def _inflate(chunks: Iterator[bytes], encoding: str) -> Iterator[bytes]:
    if encoding in {"gzip", "x-gzip"}:
        wbits = zlib.MAX_WBITS | 16
    elif encoding == "deflate":
        wbits = zlib.MAX_WBITS
    else:
        raise FetchError(f"unsupported Content-Encoding {encoding!r}")
    decompressor = zlib.decompressobj(wbits)
    first = True
    try:
        for chunk in chunks:
            try:
                yield from _slices(decompressor, chunk)
            except zlib.error:
                # Some servers send raw deflate streams without the zlib header.
                if not (first and encoding == "deflate"):
                    raise
                decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
                yield from _slices(decompressor, chunk)
            first = False
        yield decompressor.flush()
    except zlib.error as exc:
        raise FetchError(f"cannot decode the {encoding} body: {exc}") from None


def _slices(decompressor: zlib._Decompress, data: bytes) -> Iterator[bytes]:
    while True:
        out = decompressor.decompress(data, _DECODE_SLICE)
        if out:
            yield out
        data = decompressor.unconsumed_tail
        # A full slice may leave output buffered inside zlib: ask again until a short one.
        if not data and len(out) < _DECODE_SLICE:
            return
