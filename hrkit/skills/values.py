"""Cells of rules and roles files read as skill uris, levels, yes/no flags and weights."""

from __future__ import annotations

import math

from hrkit.skills.records import uri_problem

MIN_LEVEL, MAX_LEVEL = 1, 5
TRUE = frozenset({"true", "yes", "y", "1", "essential", "required", "t", "x"})
FALSE = frozenset({"false", "no", "n", "0", "optional", "f"})


class CellError(ValueError):
    """A cell that does not hold what its column needs; `code` names the problem."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def skill_uri(value: str | None, column: str) -> str:
    """An absolute URI naming a skill."""
    problem = uri_problem(value, column)
    if problem is not None:
        code, message = problem
        raise CellError(message, code)
    assert value is not None
    return value


def level(value: str | None, default: int | None = None) -> int:
    """A whole number from 1 to 5 ("3" or "3.0"); `default` when empty, if there is one."""
    if value is None:
        if default is None:
            raise CellError("no level (1 to 5)", "INVALID_LEVEL")
        return default
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not number.is_integer() or not MIN_LEVEL <= number <= MAX_LEVEL:
        raise CellError(
            f"level {value!r} is not a whole number from {MIN_LEVEL} to {MAX_LEVEL}",
            "INVALID_LEVEL",
        )
    return int(number)


def flag(value: str | None, default: bool, column: str) -> bool:
    """true/false, yes/no, y/n, 1/0 (and essential/optional), any case; `default` when empty."""
    if value is None:
        return default
    lowered = value.casefold()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise CellError(
        f"{column} {value!r} is neither yes nor no (true/false, yes/no, y/n, 1/0)",
        "INVALID_VALUE",
    )


def weight(value: str | None) -> float | None:
    """A number above 0 ("0,5" too), or None when empty (the caller's default applies)."""
    if value is None:
        return None
    try:
        number = float(value.replace(",", ".")) if value.count(",") == 1 else float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number <= 0:
        raise CellError(f"weight {value!r} is not a number above 0", "INVALID_WEIGHT")
    return number
