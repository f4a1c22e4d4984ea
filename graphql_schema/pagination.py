"""Relay connections: opaque cursors, keyset pagination, `totalCount`, `first` ≤ 500."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

import strawberry
from graphql import GraphQLError
from sqlalchemy import Select, func, select, tuple_

MAX_FIRST = 500
N = TypeVar("N")
E = TypeVar("E")
R = TypeVar("R")
C = TypeVar("C")


@strawberry.type
class EdgeBase:
    """An edge's cursor is encoded only when a client selects it (most never do)."""

    key: strawberry.Private[list[Any]]

    @strawberry.field
    def cursor(self) -> str:
        return encode_cursor(self.key)


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


class EdgeLike(Protocol[N]):
    def __init__(self, *, key: Sequence[Any], node: N) -> None: ...


class ConnectionLike(Protocol[E]):
    def __init__(self, *, edges: list[E], page_info: PageInfo, total_count: int) -> None: ...


def check_first(first: int | None) -> int:
    if first is None:
        return 50
    if first < 0 or first > MAX_FIRST:
        raise GraphQLError(
            f"`first` must be between 0 and {MAX_FIRST}",
            extensions={"code": "INVALID_ARGUMENT"},
        )
    return first


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps(list(values), separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, width: int) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error):
        values = None
    if not isinstance(values, list) or len(values) != width:
        raise GraphQLError("invalid cursor", extensions={"code": "INVALID_CURSOR"})
    return values


@dataclass(frozen=True)
class Page(Generic[R]):
    rows: list[R]
    has_next: bool
    total: int
    after: bool


def fetch_page(
    session: Any,
    stmt: Select[Any],
    order: Sequence[Any],
    *,
    first: int | None,
    after: str | None,
    count: bool = True,
    entities: bool = True,
) -> Page[Any]:
    """One page of `stmt` in `order` (its last column must be unique, e.g. the id), after the
    cursor; `first + 1` rows are read to know whether another page follows."""
    limit = check_first(first)
    base = stmt
    if after:
        values = decode_cursor(after, len(order))
        stmt = stmt.where(tuple_(*order) > tuple_(*values))
    # `entities`: ORM objects (one entity selected); otherwise plain rows of several columns.
    ordered = stmt.order_by(*order).limit(limit + 1)
    rows = list(session.scalars(ordered) if entities else session.execute(ordered))
    total = (
        int(session.scalar(select(func.count()).select_from(base.order_by(None).subquery())) or 0)
        if count
        else 0
    )
    return Page(rows[:limit], len(rows) > limit, total, after is not None)


def connection(
    page: Page[Any],
    key: Callable[[Any], Sequence[Any]],
    node: Callable[[Any], Any],
    connection_type: type[C],
    edge_type: type[Any],
) -> C:
    """The Relay connection of one page: each domain declares its own XConnection/XEdge types
    (the contract's names), this builds them."""
    edges = [edge_type(key=key(row), node=node(row)) for row in page.rows]
    return connection_type(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.after,
            start_cursor=encode_cursor(edges[0].key) if edges else None,
            end_cursor=encode_cursor(edges[-1].key) if edges else None,
        ),
        total_count=page.total,
    )
