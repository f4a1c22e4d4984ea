"""The small value checks every data model shares."""

from __future__ import annotations

from typing import Any

import pytest

from hrkit.verify.datamodel.values import is_url, looks_like_jws, pick_text, text_problems


@pytest.mark.parametrize(
    "value",
    [
        "https://example.org",
        "http://example.org/path?q=1#f",
        "did:example:issuer",
        "did:key:z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj",
        "urn:uuid:9c9a36f8-518f-4976-a934-6649502d0008",
        "data:application/vc-ld+jwt,eyJ",
        "mailto:a@example.org",
        "ex:compact",
    ],
)
def test_urls(value: str) -> None:
    assert is_url(value)


@pytest.mark.parametrize(
    "value",
    [
        "https ://not-a-url/x",
        "https://",
        "https:///path",
        "fake-issuer",
        "z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj",
        "_:b0",
        "1http://example.org",
        "did:example: space",
        "",
        None,
        ["https://example.org"],
        {"id": "https://example.org"},
    ],
)
def test_not_urls(value: Any) -> None:
    assert not is_url(value)


def test_jws_shape() -> None:
    assert looks_like_jws("eyJhbGciOiJFUzI1NiJ9.eyJ2YyI6e319.c2ln")
    assert not looks_like_jws("eyJhbGciOiJFUzI1NiJ9.eyJ2YyI6e319")
    assert not looks_like_jws({"jwt": "a.b.c"})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Plain", "Plain"),
        ({"@value": "Hund", "@language": "de"}, "Hund"),
        ([{"@value": "Chien", "@language": "fr"}, {"@value": "Dog", "@language": "en-US"}], "Dog"),
        ([{"@value": "Chien", "@language": "fr"}, "Hund"], "Chien"),
        (["", "x"], ""),
        ([{"no": "value"}, 3], None),  # a language map inside an array is not a text value
        ({"fr": "Chien", "en": ["Dog", "Hound"]}, "Dog"),
        ({"de": "Hund"}, "Hund"),
        ({"@id": "https://example.org/name"}, None),
        ({"not a tag": "x"}, None),
        (None, None),
        (42, None),
    ],
)
def test_pick_text_prefers_english(value: Any, expected: str | None) -> None:
    assert pick_text(value) == expected


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("text", None),
        ({"@value": "x", "@language": "en-US", "@direction": "rtl"}, None),
        ([{"@value": "x", "@language": "en"}, "y"], None),
        ({"@value": "x", "url": "y"}, "name: unexpected 'url' in a language value object"),
        ({"@language": "en"}, "name: @value must be a string"),
        ({"@value": "x", "@language": "english please"}, "name: @language must be a language tag"),
        ([], "name: must not be empty"),
        (3, "name: must be a string or a language value object"),
    ],
)
def test_text_problems(value: Any, problem: str | None) -> None:
    out: list[str] = []
    text_problems(value, "name", out)
    assert out == ([problem] if problem else [])
