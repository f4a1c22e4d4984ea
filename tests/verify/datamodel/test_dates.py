"""Strict dates: XML Schema dateTime for the VCDM, the looser OB 2.0 forms."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hrkit.errors import HrkitError
from hrkit.verify.datamodel import DataModelError, parse_datetime, parse_ob2_datetime


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2010-01-01T19:23:24Z", utc(2010, 1, 1, 19, 23, 24)),
        ("2023-02-26T01:02:58.447Z", utc(2023, 2, 26, 1, 2, 58, 447000)),
        ("2023-02-26T01:02:58.1234567891Z", utc(2023, 2, 26, 1, 2, 58, 123456)),
        ("2023-02-25T19:10:39-06:00", utc(2023, 2, 26, 1, 10, 39)),
        ("2010-01-01T00:30:00+01:00", utc(2009, 12, 31, 23, 30)),
        ("2010-01-01T00:00:00-00:00", utc(2010, 1, 1)),
        ("2010-01-01T24:00:00Z", utc(2010, 1, 2)),
        ("4023-02-26T01:02:58.447Z", utc(4023, 2, 26, 1, 2, 58, 447000)),
        ("9999-12-31T23:59:59Z", utc(9999, 12, 31, 23, 59, 59)),
        ("2024-02-29T12:00:00+14:00", utc(2024, 2, 28, 22)),
    ],
)
def test_xsd_datetime_with_a_timezone(text: str, expected: datetime) -> None:
    for require_tz in (False, True):
        parsed = parse_datetime(text, field="validFrom", require_tz=require_tz)
        assert parsed == expected
        assert parsed.tzinfo is UTC


def test_a_missing_timezone_reads_as_utc_unless_one_is_required() -> None:
    assert parse_datetime("2010-01-01T19:23:24", field="issuanceDate") == utc(
        2010, 1, 1, 19, 23, 24
    )
    with pytest.raises(DataModelError, match=r"^validFrom: a timezone is required"):
        parse_datetime("2010-01-01T19:23:24", field="validFrom", require_tz=True)


@pytest.mark.parametrize(
    "value",
    [
        "Sat 25 Feb 2023 07:16:31 PM CST",
        "Sun, 26 Feb 2023 01:22:14 +0000",
        "2010-01-01",
        "2010-01-01T19:23Z",
        "2010-01-01 19:23:24Z",
        "2010-01-01t19:23:24z",
        "2010-1-01T19:23:24Z",
        "2010-01-01T19:23:24+0100",
        "2010-01-01T19:23:24+15:00",
        "2010-01-01T19:23:24+14:30",
        "2010-02-30T00:00:00Z",
        "2010-13-01T00:00:00Z",
        "2010-01-01T25:00:00Z",
        "2010-01-01T24:00:01Z",
        "2010-01-01T23:60:00Z",
        "2010-01-01T23:59:60Z",
        "0000-01-01T00:00:00Z",
        "-0001-01-01T00:00:00Z",
        "10000-01-01T00:00:00Z",
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        " 2010-01-01T19:23:24Z",
        "2010-01-01T19:23:24Z\n",
        "",
        "PAST DATE",
        None,
        1262304000,
        True,
        ["2010-01-01T19:23:24Z"],
    ],
)
def test_anything_else_is_a_one_line_data_model_error(value: object) -> None:
    with pytest.raises(DataModelError) as caught:
        parse_datetime(value, field="validUntil")
    error = caught.value
    assert isinstance(error, HrkitError)
    assert error.code == "DATA_MODEL"
    assert error.message.startswith("validUntil: ")
    assert "\n" not in error.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-12-31T23:59:59Z", utc(2016, 12, 31, 23, 59, 59)),
        ("2016-12-31T23:59:59", utc(2016, 12, 31, 23, 59, 59)),
        ("2016-12-31T23:59:59.25+01:00", utc(2016, 12, 31, 22, 59, 59, 250000)),
        ("2016-12-31T23:59:59+0100", utc(2016, 12, 31, 22, 59, 59)),
        ("2016-12-31T23:59:59-05", utc(2017, 1, 1, 4, 59, 59)),
        ("2017-10-01T00:00Z", utc(2017, 10, 1)),
        ("2016-12-31 23:59:59z", utc(2016, 12, 31, 23, 59, 59)),
        ("2016-12-31", utc(2016, 12, 31)),
        (1483228799, utc(2016, 12, 31, 23, 59, 59)),
        (1483228799.5, utc(2016, 12, 31, 23, 59, 59, 500000)),
        ("1483228799", utc(2016, 12, 31, 23, 59, 59)),
        (" 1483228799 ", utc(2016, 12, 31, 23, 59, 59)),
        (0, utc(1970, 1, 1)),
    ],
)
def test_ob2_dates(value: object, expected: datetime) -> None:
    parsed = parse_ob2_datetime(value, field="issuedOn")
    assert parsed == expected
    assert parsed.tzinfo is UTC


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "31/12/2016",
        "2016-12-32",
        "2016-12-31T23:59:59+25:00",
        "1483228799000000",  # microseconds since the epoch: year > 9999
        253402300800,
        -1,
        float("inf"),
        float("nan"),
        True,
        None,
        {"@value": "2016-12-31"},
        "",
    ],
)
def test_ob2_garbage(value: object) -> None:
    with pytest.raises(DataModelError, match=r"^expires: "):
        parse_ob2_datetime(value, field="expires")


@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(), st.none(), st.booleans()))
def test_parsers_only_ever_raise_data_model_errors(value: object) -> None:
    for parse in (parse_datetime, parse_ob2_datetime):
        try:
            parsed = parse(value, field="f")
        except DataModelError as error:
            assert "\n" not in error.message
        else:
            assert parsed.tzinfo is UTC
