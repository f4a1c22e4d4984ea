"""Durations as people write them on a command line: `90s`, `30m`, `12h`, `7d`, `2w`, `1d12h`."""

from __future__ import annotations

import re
from datetime import timedelta

from hrkit.errors import UsageError

_PART = re.compile(r"(\d+)([smhdw])")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(text: str) -> timedelta:
    value = text.strip().lower()
    parts = _PART.findall(value)
    if not value or "".join(n + u for n, u in parts) != value:
        raise UsageError(f"not a duration: {text!r} (use e.g. 90s, 30m, 12h, 7d, 2w or 1d12h)")
    try:
        return sum((timedelta(**{_UNITS[u]: int(n)}) for n, u in parts), timedelta())
    except OverflowError:
        raise UsageError(f"duration {text!r} is too long") from None
