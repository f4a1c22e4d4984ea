"""The SSRF guard: which addresses the fetcher may reach, and a network backend that enforces it."""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network
from typing import Any
from urllib.parse import unquote

import httpcore

from hrkit.errors import FetchError, FetchRefusedError

IPAddress = IPv4Address | IPv6Address
Resolver = Callable[[str, int], list[str]]

# Cloud metadata services answer on these names inside the cloud, whatever public DNS says.
METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata"})

_CGNAT = IPv4Network("100.64.0.0/10")
_IPV4_COMPATIBLE = IPv6Network("::/96")
_NAT64 = IPv6Network("64:ff9b::/96")
_INET_ATON_PART = re.compile(r"0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*")


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address `host` denotes without DNS (also the inet_aton forms `0x7f.1`, `2130706433`)."""
    text = unquote(host).strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    # getaddrinfo() accepts the historic inet_aton spellings, so they must be read the same way
    # here or `http://0x7f.1/` would slip past the guard as a "name".
    parts = text.split(".")
    if not 1 <= len(parts) <= 4 or not all(_INET_ATON_PART.fullmatch(p) for p in parts):
        return None
    values = [_aton_number(part) for part in parts]
    last_bits = 8 * (5 - len(values))
    if any(v > 255 for v in values[:-1]) or values[-1] >= 1 << last_bits:
        return None
    number = values[-1]
    for index, value in enumerate(values[:-1]):
        number |= value << (24 - 8 * index)
    return IPv4Address(number)


def _aton_number(part: str) -> int:
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    return int(part, 8 if part[0] == "0" else 10)


def _embedded_ipv4(address: IPv6Address) -> tuple[str, IPv4Address] | None:
    """The IPv4 address an IPv6 transition form carries, and the form's name."""
    if address.ipv4_mapped is not None:
        return "IPv4-mapped", address.ipv4_mapped
    if address in _NAT64:
        return "NAT64", IPv4Address(int(address) & 0xFFFFFFFF)
    if address in _IPV4_COMPATIBLE and int(address) > 1:
        return "IPv4-compatible", IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return "6to4", address.sixtofour
    if address.teredo is not None:
        return "Teredo", address.teredo[1]
    return None


def _plain_class(address: IPAddress) -> str | None:
    if address.is_unspecified:
        return "unspecified"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if isinstance(address, IPv4Address) and address in _CGNAT:
        return "carrier-grade NAT"
    if isinstance(address, IPv6Address) and address.is_site_local:
        return "site-local"
    if address.is_reserved:
        return "reserved"
    if address.is_private:
        return "private"
    if not address.is_global:
        return "non-public"
    return None


def address_class(address: IPAddress | str) -> str | None:
    """Why `address` may not be fetched from ("a link-local address"), or None when it is public."""
    if isinstance(address, str):
        address = ipaddress.ip_address(address.split("%", 1)[0])
    kind: str | None = None
    embedded = _embedded_ipv4(address) if isinstance(address, IPv6Address) else None
    if embedded is not None:
        form, inner = embedded
        inner_kind = _plain_class(inner)
        if inner_kind is not None:
            kind = f"{form} {inner_kind} address ({inner})"
        elif form in {"IPv4-mapped", "NAT64"}:
            return None  # the packets go to that public IPv4 address, nowhere else
    if kind is None:
        plain = _plain_class(address)
        kind = None if plain is None else f"{plain} address"
    if kind is None:
        return None
    return f"{'an' if kind[0] in 'aeiouAEIOU' else 'a'} {kind}"


def default_resolver(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, via the system resolver (getaddrinfo)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, socket.gaierror) else str(exc)
        raise FetchError(f"cannot resolve host {host}: {reason}") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _normal_host(host: str) -> str:
    """One spelling per host: lower-case ASCII (IDNA) names, canonical IP addresses."""
    literal = parse_ip_literal(host)
    if literal is not None:
        return str(literal)
    name = host.strip("[]").rstrip(".").lower()
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return name


class AddressGuard:
    """Decides which addresses a host may be reached at; the allow-list skips the checks."""

    def __init__(self, allow_hosts: Iterable[str] = (), resolver: Resolver | None = None) -> None:
        self._resolver = resolver or default_resolver
        self._any_port: set[str] = set()
        self._with_port: set[tuple[str, int]] = set()
        for entry in allow_hosts:
            host, port = _split_allow_entry(entry.strip())
            if port is None:
                self._any_port.add(host)
            else:
                self._with_port.add((host, port))

    def is_allowed(self, host: str, port: int) -> bool:
        """Whether `host:port` was allow-listed (by name or IP, with or without the port)."""
        host = _normal_host(host)
        return host in self._any_port or (host, port) in self._with_port

    def check_name(self, host: str, port: int) -> IPAddress | None:
        """Refuse what the host name alone reveals; the address of an IP literal, else None."""
        literal = parse_ip_literal(host)
        if self.is_allowed(host, port):
            return literal
        name = _normal_host(host)
        if not name:
            raise FetchRefusedError("the URL has no host")
        if name in METADATA_HOSTS:
            raise FetchRefusedError(f"{name} is a cloud metadata host")
        # RFC 6761: *.localhost never leaves the machine, whatever a resolver claims.
        if name == "localhost" or name.endswith(".localhost"):
            raise FetchRefusedError(f"{name} is a loopback name")
        if literal is not None:
            _refuse_if_internal(literal)
        return literal

    def addresses(self, host: str, port: int) -> list[str]:
        """The vetted addresses to connect to for `host:port` (refuses if ANY one is internal)."""
        literal = self.check_name(host, port)
        if literal is not None:
            return [str(literal)]
        try:
            found = self._resolver(host, port)
        except OSError as exc:
            raise FetchError(f"cannot resolve host {host}: {exc.strerror or exc}") from None
        if not found:
            raise FetchError(f"cannot resolve host {host}: no addresses")
        if not self.is_allowed(host, port):
            for address in found:
                _refuse_if_internal(ipaddress.ip_address(address.split("%", 1)[0]))
        return found


def _refuse_if_internal(address: IPAddress) -> None:
    kind = address_class(address)
    if kind is not None:
        raise FetchRefusedError(f"{address} is {kind}")


def _split_allow_entry(entry: str) -> tuple[str, int | None]:
    if entry.startswith("["):
        host, _, rest = entry[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    elif entry.count(":") == 1:
        host, _, port = entry.partition(":")
    else:
        host, port = entry, ""
    return _normal_host(host), int(port) if port.isdigit() else None


class GuardedBackend(httpcore.SyncBackend):
    """Connects only to addresses the guard vetted, and keeps every I/O within the deadline."""

    def __init__(self, guard: AddressGuard) -> None:
        super().__init__()
        self._guard = guard
        self._local = threading.local()

    @contextmanager
    def deadline(self, seconds: float) -> Iterator[None]:
        """Bound every connect, read and write of this thread to `seconds` from now, in total."""
        previous = getattr(self._local, "deadline", None)
        self._local.deadline = time.monotonic() + seconds
        try:
            yield
        finally:
            self._local.deadline = previous

    def remaining(self, timeout: float | None, error: type[Exception]) -> float | None:
        """`timeout` shortened to what is left of the deadline; `error` once nothing is left."""
        deadline: float | None = getattr(self._local, "deadline", None)
        if deadline is None:
            return timeout
        left = deadline - time.monotonic()
        if left <= 0:
            raise error("the total time limit was reached")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        # Resolve, vet and connect in one place: the socket goes to the very address that was
        # checked, so a second DNS answer (rebinding) can never reach an internal host.
        options = list(socket_options or ())
        last_error: Exception | None = None
        for address in self._guard.addresses(host, port):
            limit = self.remaining(timeout, httpcore.ConnectTimeout)
            try:
                stream = super().connect_tcp(address, port, limit, local_address, options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
                continue
            return _DeadlineStream(stream, self)
        assert last_error is not None
        raise last_error


class _DeadlineStream(httpcore.NetworkStream):
    """A stream whose reads and writes never wait past the backend's deadline."""

    def __init__(self, stream: httpcore.NetworkStream, backend: GuardedBackend) -> None:
        self._stream = stream
        self._backend = backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._backend.remaining(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._backend.remaining(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        # server_hostname is the URL's host, not the vetted IP: certificates are checked as usual.
        limit = self._backend.remaining(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(
            self._stream.start_tls(ssl_context, server_hostname, limit), self._backend
        )

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)
