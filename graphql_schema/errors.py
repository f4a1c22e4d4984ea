"""Expected failures as data: `userErrors { field message code }` with the domain's codes."""

from __future__ import annotations

import strawberry

from hrkit.errors import HrkitError


@strawberry.type
class UserError:
    field: list[str] | None
    message: str
    code: str


def user_error(error: HrkitError, *field: str) -> UserError:
    return UserError(field=list(field) or None, message=str(error), code=error.code)


def denied(message: str = "you are not allowed to do this") -> UserError:
    return UserError(field=None, message=message, code="FORBIDDEN")


def file_too_large(limit: int) -> UserError:
    """The userError of an upload above `limit` bytes (it names the `input.file` field)."""
    return UserError(
        field=["input", "file"],
        message=f"the file is larger than {limit:,} bytes",
        code="FILE_TOO_LARGE",
    )
