"""Opaque global ids (Relay style): the same id names an object in the CLI and the API."""

from __future__ import annotations

import base64
import binascii

from hrkit.errors import ValidationError


def global_id(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def parse_global_id(value: str) -> tuple[str, int]:
    """(type name, primary key) of a global id; ValidationError for anything else."""
    try:
        text = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode("ascii")
        type_name, _, pk = text.partition(":")
        if not type_name.isidentifier() or not pk.isdigit() or len(pk) > 19:
            raise ValueError
        return type_name, int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ValidationError(f"not an id: {value[:80]!r}", code="INVALID_ID") from None
