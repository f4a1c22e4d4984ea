"""Inserting many rows at driver speed: one executemany with values already in driver form.

SQLAlchemy's executemany runs every value of every row through its type processors; for
100,000 people that costs more than SQLite's own work. Here the statement is compiled once by
the dialect, the columns whose value is the same in every row (tenant, kind, timestamps) are
processed once, and the varying columns — text, which needs no processing on SQLite or
PostgreSQL — go to the driver as they are, as tuples. A column whose type does need
processing is processed per row, so nothing is ever stored differently from the ORM's own
writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import repeat
from operator import add, itemgetter
from typing import Any

from sqlalchemy import Connection, Table, bindparam, insert

# SQLite's default page cache (2 MB) makes a large insert spill index pages; 64 MiB fits the
# indexes of a few hundred thousand people. It applies to the importing connection only.
SQLITE_BULK_CACHE_KIB = 65_536


def insert_rows(
    connection: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    constants: Mapping[str, Any],
) -> None:
    """INSERT `rows` (tuples of the `columns`' values) with `constants` added to each, in one go."""
    if not rows:
        return
    dialect = connection.dialect
    names = [*columns, *constants]
    stmt = insert(table).values({name: bindparam(name) for name in names})
    compiled = stmt.compile(dialect=dialect)
    processors = {name: table.c[name].type._cached_bind_processor(dialect) for name in names}
    fixed = tuple(_processed(processors[name], value) for name, value in constants.items())
    converters = [(at, processors[name]) for at, name in enumerate(columns) if processors[name]]
    if converters:  # a column whose values the driver cannot take as they are
        rows = [_converted(row, converters) for row in rows]
    if dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_BULK_CACHE_KIB}")
    params: list[Any]
    if compiled.positiontup is not None:  # qmark / numeric paramstyles (SQLite)
        order = list(compiled.positiontup)
        missing = set(order) - set(names)
        if missing:  # a column default the driver would not see: never store NULL by accident
            raise ValueError(f"insert_rows needs values for {sorted(missing)}")
        # Each row + the constants, rearranged into the statement's order: C loops only.
        positions = [names.index(name) for name in order]
        if len(positions) > 1:
            arrange = itemgetter(*positions)
            params = list(map(arrange, map(add, rows, repeat(fixed))))
        else:  # itemgetter of one position gives the value, not a tuple
            params = [((row + fixed)[positions[0]],) for row in rows]
    else:  # named / pyformat paramstyles (psycopg)
        params = [dict(zip(names, row + fixed, strict=True)) for row in rows]
    connection.exec_driver_sql(compiled.string, params)


def _converted(row: tuple[Any, ...], converters: list[tuple[int, Any]]) -> tuple[Any, ...]:
    values = list(row)
    for at, convert in converters:
        if values[at] is not None:
            values[at] = convert(values[at])
    return tuple(values)


def _processed(processor: Any, value: Any) -> Any:
    return processor(value) if processor is not None and value is not None else value
