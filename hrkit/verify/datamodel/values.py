"""Small checks shared by every data model: URLs, `type` values, language-tagged text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_URI = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):\S+", re.ASCII)
_HTTP_AUTHORITY = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s/?#]+\S*", re.ASCII)
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", re.ASCII)
_JWS = re.compile(r"[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*\.[A-Za-z0-9_\-]+", re.ASCII)
_LANGUAGE_KEYS = frozenset({"@value", "@language", "@direction"})
_DIRECTIONS = frozenset({"ltr", "rtl"})


# Every document here comes from json.loads, so a dict test is exact — and several times faster
# than the ABC check isinstance(x, Mapping) on this hot path.
def is_object(value: object) -> bool:
    """A JSON object. Public entry points take `Mapping`s, but parsed JSON can be anything."""
    return isinstance(value, dict)


def is_string(value: object) -> bool:
    return isinstance(value, str)


def as_list(value: Any) -> list[Any]:
    """A JSON-LD value as a list: absent → [], a single value → [value]."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def is_url(value: Any) -> bool:
    """An absolute URL/URI string: a scheme, no whitespace, and a host for http(s)."""
    if not isinstance(value, str):
        return False
    match = _URI.fullmatch(value)
    if match is None:
        return False
    if match.group(1).lower() in ("http", "https"):
        return _HTTP_AUTHORITY.fullmatch(value) is not None
    return True


def looks_like_jws(value: Any) -> bool:
    """A compact JWS/JWT string (three base64url segments)."""
    return isinstance(value, str) and _JWS.fullmatch(value) is not None


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def ref_id(value: Any) -> str | None:
    """The id of a reference that is either a URL string or an object with an `id`."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        found = value.get("id")
        return found if isinstance(found, str) else None
    return None


def type_values(node: Mapping[str, Any]) -> list[str]:
    """The string values of a node's `type` (string or array); anything else is dropped."""
    return [t for t in as_list(node.get("type")) if isinstance(t, str)]


def type_problems(node: Mapping[str, Any], path: str, out: list[str], *, required: bool) -> None:
    """`type` must be a non-empty string or a non-empty array of such strings."""
    where = join(path, "type")
    if "type" not in node:
        if required:
            out.append(f"{where}: required")
        return
    value = node["type"]
    items = value if isinstance(value, list) else [value]
    if not items:
        out.append(f"{where}: must not be empty")
    for item in items:
        if not isinstance(item, str) or not item or item.split() != [item]:
            out.append(f"{where}: must be a string or an array of strings without spaces")
            return


def require_type(
    node: Mapping[str, Any], path: str, wanted: str, out: list[str], *, required: bool = True
) -> None:
    """`type` must be present (when `required`) and include `wanted`."""
    if "type" not in node and not required:
        return
    if wanted not in type_values(node):
        out.append(f"{join(path, 'type')}: must include {wanted}")


def text_problems(value: Any, path: str, out: list[str]) -> None:
    """A human-readable text: a string, a language value object, or an array of those."""
    items = value if isinstance(value, list) else [value]
    if not items:
        out.append(f"{path}: must not be empty")
    for item in items:
        if isinstance(item, str):
            continue
        if not isinstance(item, dict):
            out.append(f"{path}: must be a string or a language value object")
            return
        problem = _language_value_problem(item)
        if problem:
            out.append(f"{path}: {problem}")
            return


def _language_value_problem(item: Mapping[str, Any]) -> str | None:
    extra = set(item) - _LANGUAGE_KEYS
    if extra:
        return f"unexpected {sorted(extra)[0]!r} in a language value object"
    if not isinstance(item.get("@value"), str):
        return "@value must be a string"
    language = item.get("@language")
    if language is not None and (
        not isinstance(language, str) or _LANGUAGE_TAG.fullmatch(language) is None
    ):
        return "@language must be a language tag"
    direction = item.get("@direction")
    if direction is not None and direction not in _DIRECTIONS:
        return "@direction must be ltr or rtl"
    return None


def pick_text(value: Any) -> str | None:
    """The display string of a text value: a string, language value objects (`@value`,
    `@language`) or a JSON-LD language map (`{"en": …, "fr": …}`); English is preferred."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "@value" not in value:
        value = _language_map_values(value)
    first: str | None = None
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            text, language = item, None
        elif isinstance(item, dict) and isinstance(item.get("@value"), str):
            text, language = item["@value"], item.get("@language")
        else:
            continue
        if isinstance(language, str) and language.lower().split("-")[0] == "en":
            return text
        if first is None:
            first = text
    return first


def _language_map_values(value: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A language map's entries as language value objects ([] if it is not one)."""
    entries: list[dict[str, Any]] = []
    for language, texts in value.items():
        if not isinstance(language, str) or _LANGUAGE_TAG.fullmatch(language) is None:
            return []
        entries.extend({"@value": t, "@language": language} for t in as_list(texts))
    return entries
