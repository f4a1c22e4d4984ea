"""Global ids for GraphQL objects (the same encoding the CLI prints)."""

from __future__ import annotations

from hrkit.errors import ValidationError
from hrkit.model.ids import global_id, parse_global_id

__all__ = ["global_id", "local_id"]


def local_id(value: str, expected: str) -> int | None:
    """The primary key of a global id of type `expected`; None for another type or garbage, so
    a wrong id reads like a missing object."""
    try:
        type_name, pk = parse_global_id(value)
    except ValidationError:
        return None
    return pk if type_name == expected else None
