"""Strict date parsing for credential data models: XML Schema dateTime (VCDM) and OB 2.0 dates.

Every parser returns an aware UTC `datetime` or raises `DataModelError` with a one-line message.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hrkit.verify.datamodel.errors import DataModelError

# XML Schema 1.1 dateTime (VCDM): the seconds are required, the timezone is optional except in
# dateTimeStamp. Years beyond four digits match so that they get a precise message below.
_XSD_DATETIME = re.compile(
    r"(\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?", re.ASCII
)
# OB 2.0 accepts ISO 8601 more loosely: seconds optional, `±HHMM`/`±HH` offsets, a space or a
# lower-case `t`/`z` as some issuers write them.
_ISO_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?"
    r"([Zz]|[+-]\d{2}(?::?\d{2})?)?",
    re.ASCII,
)
_DATE_ONLY = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_NUMERIC = re.compile(r"\d{1,15}(\.\d{1,9})?", re.ASCII)
# 9999-12-31T23:59:59Z: anything later cannot be a real date for a credential.
_MAX_TIMESTAMP = 253_402_300_799
_SHOWN = 40


def parse_datetime(value: Any, *, field: str, require_tz: bool = False) -> datetime:
    """Parse an XML Schema dateTime (`2010-01-01T19:23:24Z`, fractions, `+01:00` offsets).

    `require_tz=True` is the dateTimeStamp rule of VCDM 2.0 `validFrom`/`validUntil`; without
    it (VCDM 1.1 `issuanceDate`/`expirationDate`) a missing timezone reads as UTC.
    """
    if not isinstance(value, str):
        raise DataModelError(f"{field}: must be a dateTime string, not {_kind(value)}")
    match = _XSD_DATETIME.fullmatch(value)
    if match is None:
        raise DataModelError(f"{field}: not an XML Schema dateTime: {_show(value)}")
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    if zone is None and require_tz:
        raise DataModelError(f"{field}: a timezone is required: {_show(value)}")
    return _build(field, value, year, month, day, hour, minute, second, fraction, zone)


def parse_ob2_datetime(value: Any, *, field: str) -> datetime:
    """Parse an OB 2.0 date: ISO 8601 dateTime, `YYYY-MM-DD` (midnight UTC) or a Unix timestamp
    (int or numeric string)."""
    if isinstance(value, bool):
        raise DataModelError(f"{field}: must be a date, not a boolean")
    if isinstance(value, int | float):
        return _from_timestamp(field, value)
    if not isinstance(value, str):
        raise DataModelError(f"{field}: must be a date string or a timestamp, not {_kind(value)}")
    text = value.strip()
    if _NUMERIC.fullmatch(text):
        return _from_timestamp(field, float(text))
    if match := _DATE_ONLY.fullmatch(text):
        year, month, day = match.groups()
        return _build(field, value, year, month, day, "00", "00", "00", None, None)
    match = _ISO_DATETIME.fullmatch(text)
    if match is None:
        raise DataModelError(f"{field}: not an ISO 8601 date: {_show(value)}")
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    return _build(field, value, year, month, day, hour, minute, second or "00", fraction, zone)


def _build(
    field: str,
    raw: str,
    year: str,
    month: str,
    day: str,
    hour: str,
    minute: str,
    second: str,
    fraction: str | None,
    zone: str | None,
) -> datetime:
    y, h = int(year), int(hour)
    if not 1 <= y <= 9999:
        raise DataModelError(f"{field}: year out of range: {_show(raw)}")
    micro = int(fraction[1:7].ljust(6, "0")) if fraction else 0
    # XML Schema allows 24:00:00 for the end of a day; it is the next day's midnight.
    end_of_day = h == 24 and minute == "00" and second == "00" and micro == 0
    try:
        stamp = datetime(
            y,
            int(month),
            int(day),
            0 if end_of_day else h,
            int(minute),
            int(second),
            micro,
            tzinfo=_zone(field, raw, zone),
        )
        if end_of_day:
            stamp += timedelta(days=1)
        return stamp.astimezone(UTC)
    except (ValueError, OverflowError):
        raise DataModelError(f"{field}: not a valid date and time: {_show(raw)}") from None


def _zone(field: str, raw: str, zone: str | None) -> timezone:
    if zone is None or zone in "Zz":
        return UTC
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 14 or minutes > 59 or (hours == 14 and minutes):
        raise DataModelError(f"{field}: timezone offset out of range: {_show(raw)}")
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if zone[0] == "-" else offset)


def _from_timestamp(field: str, value: float) -> datetime:
    if not math.isfinite(value) or not 0 <= value <= _MAX_TIMESTAMP:
        raise DataModelError(f"{field}: timestamp out of range: {_show(value)}")
    return datetime.fromtimestamp(value, UTC)


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
