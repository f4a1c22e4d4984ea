"""Opening the database: URL rules, SQLite tuning, sessions, and errors in one line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from hrkit.errors import StorageError

SQLITE_BUSY_TIMEOUT_S = 30


def normalize_url(raw: str) -> URL:
    """Parse a database URL; a bare path means a SQLite file, `postgres://` means psycopg 3."""
    text = raw.strip()
    if not text:
        raise StorageError("empty database URL")
    if "://" not in text and not text.startswith("sqlite:"):
        text = "sqlite:///" + text
    text = re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", text)
    try:
        url = make_url(text)
    except ArgumentError:
        raise StorageError(f"invalid database URL {mask(raw)!r}") from None
    if url.get_backend_name() not in {"sqlite", "postgresql"}:
        raise StorageError(
            f"unsupported database {url.get_backend_name()!r} in {mask(raw)!r}: "
            "use sqlite:///PATH or postgresql+psycopg://USER@HOST/DB"
        )
    if url.get_backend_name() == "postgresql" and url.get_driver_name() != "psycopg":
        raise StorageError(f"unsupported PostgreSQL driver {url.get_driver_name()!r}: use +psycopg")
    return url


def mask(url: str | URL) -> str:
    """The URL with its password hidden, safe for messages and logs."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", url)


class Database:
    """One engine and its session factories; `transaction()` for writes, `session()` for reads."""

    def __init__(self, url: str | URL, *, echo: bool = False) -> None:
        self.url = url if isinstance(url, URL) else normalize_url(url)
        self.dialect = self.url.get_backend_name()
        self.engine = _create_engine(self.url, echo=echo)
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(
            self.engine.execution_options(hrkit_write=True), expire_on_commit=False
        )

    @property
    def display_url(self) -> str:
        return mask(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read session. Closing it returns the connection, whose transaction the pool rolls
        back; objects read stay usable (a rollback would expire them)."""
        with self._guard(), self._reader() as session:
            yield session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction: committed when the block ends, rolled back on any error.

        On SQLite it starts with BEGIN IMMEDIATE, so concurrent writers queue on the busy
        timeout instead of failing when a read lock cannot be upgraded.
        """
        with self._guard(), self._writer() as session, session.begin():
            yield session

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except DBAPIError as exc:
            if exc.connection_invalidated or _is_connect_error(exc):
                raise StorageError(
                    f"cannot use database {self.display_url}: {_first_line(exc.orig)}"
                ) from exc
            raise

    def ping(self) -> None:
        """Connect once, so an unreachable database fails here with a one-line error."""
        with self._guard(), self.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")

    def dispose(self) -> None:
        self.engine.dispose()


def _create_engine(url: URL, *, echo: bool) -> Engine:
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url, echo=echo)
    try:
        return create_engine(url, echo=echo, pool_pre_ping=True, future=True)
    except NoSuchModuleError as exc:  # pragma: no cover - depends on the installation
        raise StorageError(f"no driver for {mask(url)}: pip install 'hrkit[postgres]'") from exc
    except ModuleNotFoundError as exc:
        raise StorageError(
            f"PostgreSQL support is not installed ({exc.name}): pip install 'hrkit[postgres]'"
        ) from exc


def _sqlite_engine(url: URL, *, echo: bool) -> Engine:
    memory = url.database in (None, "", ":memory:")
    if not memory:
        parent = Path(str(url.database)).expanduser().resolve().parent
        if not parent.is_dir():
            raise StorageError(f"cannot open SQLite database {url.database!r}: no folder {parent}")
    kwargs: dict[str, Any] = {
        "connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False},
    }
    if memory:
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, echo=echo, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take over transaction control from pysqlite so BEGIN IMMEDIATE is ours to emit.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            if not memory:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get("hrkit_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


_CONNECT_FAILURE = re.compile(
    r"connection refused|could not connect|connection failed|unable to open database"
    r"|(database|role) \".*\" does not exist|password authentication failed"
    r"|name or service not known|nodename nor servname|timeout expired|file is not a database"
    r"|server closed the connection"
)


def _is_connect_error(exc: DBAPIError) -> bool:
    return bool(_CONNECT_FAILURE.search(str(exc.orig).lower()))


def _first_line(exc: BaseException | None) -> str:
    text = str(exc or "").strip()
    return text.splitlines()[0] if text else type(exc).__name__
