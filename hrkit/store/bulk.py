"""Inserting many rows at driver speed: one executemany with values already in driver form.

SQLAlchemy's executemany runs every value of every row through its type processors; for
100,000 people that costs more than SQLite's own work. Here the statement is compiled once by
the dialect, the columns whose value is the same in every row (tenant, kind, timestamps) are
processed once, and the varying columns — text, which needs no processing on SQLite or
PostgreSQL — go to the driver as they are. A column whose type does need processing is
processed per row, so nothing is ever stored differently from the ORM's own writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, bindparam, insert

# SQLite's default page cache (2 MB) makes a large insert spill index pages; 64 MiB fits the
# indexes of a few hundred thousand people. It applies to the importing connection only.
SQLITE_BULK_CACHE_KIB = 65_536


def insert_rows(
    connection: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    constants: Mapping[str, Any],
) -> None:
    """INSERT `rows` (dicts with the same keys) with `constants` added to each, in one go."""
    if not rows:
        return
    dialect = connection.dialect
    varying = list(rows[0])
    names = [*varying, *constants]
    stmt = insert(table).values({name: bindparam(name) for name in names})
    compiled = stmt.compile(dialect=dialect)
    processors = {name: table.c[name].type._cached_bind_processor(dialect) for name in names}
    fixed = {name: _processed(processors[name], value) for name, value in constants.items()}
    converters = [(name, processors[name]) for name in varying]
    if dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_BULK_CACHE_KIB}")
    params: list[Any]
    if compiled.positiontup is not None:  # qmark / numeric paramstyles (SQLite)
        order = list(compiled.positiontup)
        missing = set(order) - set(names)
        if missing:  # a column default the driver would not see: never store NULL by accident
            raise ValueError(f"insert_rows needs values for {sorted(missing)}")
        moving = [position for position, name in enumerate(order) if name not in fixed]
        contiguous = moving == list(range(moving[0], moving[-1] + 1)) if moving else False
        if contiguous and not any(convert for _, convert in converters):
            # The common case: one C-level tuple per row between the constant columns.
            head = tuple(fixed[name] for name in order[: moving[0]])
            tail = tuple(fixed[name] for name in order[moving[-1] + 1 :])
            picked = order[moving[0] : moving[-1] + 1]
            pick = itemgetter(*picked) if len(picked) > 1 else lambda row: (row[picked[0]],)
            params = [head + pick(row) + tail for row in rows]
        else:
            at = {name: position for position, name in enumerate(order)}
            template = [fixed.get(name) for name in order]
            slots = [(name, at[name], convert) for name, convert in converters]
            params = []
            for row in rows:
                values = template.copy()
                for name, slot, convert in slots:
                    value = row[name]
                    values[slot] = convert(value) if convert and value is not None else value
                params.append(tuple(values))
    else:  # named / pyformat paramstyles (psycopg)
        params = [
            {
                **fixed,
                **{
                    name: convert(row[name]) if convert and row[name] is not None else row[name]
                    for name, convert in converters
                },
            }
            for row in rows
        ]
    connection.exec_driver_sql(compiled.string, params)


def _processed(processor: Any, value: Any) -> Any:
    return processor(value) if processor is not None and value is not None else value
