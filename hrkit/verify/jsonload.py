"""JSON parsing with limits: size, nesting depth, and no NaN/Infinity or duplicate surprises."""

from __future__ import annotations

import json
from typing import Any

from hrkit.errors import HrkitError

MAX_DOCUMENT_BYTES = 2_000_000
MAX_DEPTH = 64


class MalformedInput(HrkitError):
    """The input is not a document hrkit can read (not JSON, too large, too deep)."""

    code = "MALFORMED"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def loads(data: bytes | str, *, max_bytes: int = MAX_DOCUMENT_BYTES, what: str = "document") -> Any:
    """Parse JSON text; refuse oversized, over-deep and non-standard (NaN) documents."""
    size = len(data)
    if size > max_bytes:
        raise MalformedInput(f"{what} is larger than {max_bytes} bytes ({size})")
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise MalformedInput(f"{what} is not UTF-8 text") from None
    else:
        text = data.removeprefix("\ufeff")
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise MalformedInput(f"{what} nests deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:
        raise MalformedInput(f"{what} is not valid JSON: {str(exc)[:120]}") from None
    if _too_deep(value, MAX_DEPTH):
        raise MalformedInput(f"{what} nests deeper than {MAX_DEPTH} levels")
    return value


def _too_deep(value: Any, limit: int) -> bool:
    """Whether containers nest deeper than `limit` (iteratively: no recursion on hostile input)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(node, dict):
            stack.extend(
                (child, depth + 1) for child in node.values() if isinstance(child, dict | list)
            )
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node if isinstance(child, dict | list))
    return False
