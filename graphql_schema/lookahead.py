"""Looking ahead at the selection: what nested fields a list query will ask for.

A page resolver that knows its nodes' `credentials(first: 5)` will be asked for can fetch them
for the whole page in the same database round trip, instead of 500 separate awaitables
meeting in a DataLoader — same statements, much less per-node overhead.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from graphql_schema.context import Info
from graphql_schema.pagination import MAX_FIRST


def _fields(selections: Sequence[Selection]) -> Iterator[SelectedField]:
    """The fields of a selection set, fragments (named or inline) flattened."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, FragmentSpread | InlineFragment):
            yield from _fields(selection.selections)


def nested_arguments(info: Info, path: Sequence[str]) -> list[dict[str, Any]]:
    """The arguments of every occurrence of the field at `path` below the current field."""
    level: list[SelectedField] = list(_fields(info.selected_fields))
    for name in path:
        level = [
            child for field in level for child in _fields(field.selections) if child.name == name
        ]
    return [field.arguments for field in level]


def page_size(value: Any) -> int | None:
    """A `first` seen by look-ahead (a literal arrives as text), when it is a valid page size;
    None leaves the field to its own resolver, which reports any error."""
    try:
        size = int(value) if value is not None else 50
    except (TypeError, ValueError):
        return None
    return size if 0 <= size <= MAX_FIRST else None
