"""Open Badges 3.0 and CLR 2.0 on top of the VCDM: the classes of the OB 3.0 JSON schemas.

`validate_ob3` adds the OB rules to what `vc.validate_credential` checks; it returns nothing for
a credential that is not an Open Badge (no OB credential type and no OB/CLR context). Credentials
nested in a CLR or an endorsement are validated in full (VCDM and OB).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hrkit.verify.datamodel.contexts import V2, base_version, context_problems
from hrkit.verify.datamodel.dates import parse_datetime
from hrkit.verify.datamodel.errors import DataModelError
from hrkit.verify.datamodel.values import (
    as_list,
    is_object,
    is_url,
    join,
    looks_like_jws,
    require_type,
    type_problems,
    type_values,
)
from hrkit.verify.datamodel.vc import credential_body

OB_CONTEXT_PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/context"
CLR_CONTEXT_PREFIXES = (
    "https://purl.imsglobal.org/spec/clr/v2p0/context",
    "https://dc.imsglobal.org/draft/clr/v2p0/context",
)
ACHIEVEMENT_TYPES = ("OpenBadgeCredential", "AchievementCredential")
OB_CREDENTIAL_TYPES = (*ACHIEVEMENT_TYPES, "EndorsementCredential", "ClrCredential")
_MAX_DEPTH = 16  # objects within objects: far beyond real credentials, bounded


@dataclass(frozen=True)
class _Class:
    """One class of the OB 3.0 schemas: its `type`, required and URL properties, children."""

    type: str | None = None
    type_required: bool = True
    required: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    children: tuple[tuple[str, str], ...] = ()


_ALIGNED = (("alignment", "Alignment"),)
_CLASSES: dict[str, _Class] = {
    "Profile": _Class(
        "Profile", False, ("id",), ("id", "url"),
        (("parentOrg", "Profile"), ("otherIdentifier", "IdentifierEntry"),
         ("address", "Address"), ("image", "Image"), ("endorsement", "Credential")),
    ),
    "Achievement": _Class(
        "Achievement", True, ("id", "name", "description", "criteria"), ("id",),
        (*_ALIGNED, ("creator", "Profile"), ("resultDescription", "ResultDescription"),
         ("otherIdentifier", "IdentifierEntry"), ("image", "Image"),
         ("endorsement", "Credential"), ("related", "Related"), ("criteria", "Criteria")),
    ),
    "Criteria": _Class(None, False),
    "Alignment": _Class("Alignment", True, ("targetName", "targetUrl"), ("targetUrl",)),
    "ResultDescription": _Class(
        "ResultDescription", True, ("id", "name", "resultType"), (),
        (*_ALIGNED, ("rubricCriterionLevel", "RubricCriterionLevel")),
    ),
    "RubricCriterionLevel": _Class("RubricCriterionLevel", True, ("id", "name"), (), _ALIGNED),
    "Result": _Class("Result", True, (), (), _ALIGNED),
    "Evidence": _Class("Evidence", False),
    "IdentityObject": _Class("IdentityObject", True, ("hashed", "identityHash", "identityType")),
    "IdentifierEntry": _Class("IdentifierEntry", True, ("identifier", "identifierType")),
    "Image": _Class("Image", True, ("id",), ("id",)),
    "Address": _Class("Address", False, (), (), (("geo", "GeoCoordinates"),)),
    "GeoCoordinates": _Class("GeoCoordinates", False, ("latitude", "longitude")),
    "Related": _Class("Related", True, ("id",), ("id",)),
    "Association": _Class("Association", True, ("associationType", "sourceId", "targetId")),
    "AchievementSubject": _Class(
        "AchievementSubject", True, ("achievement",), ("id",),
        (("achievement", "Achievement"), ("identifier", "IdentityObject"),
         ("result", "Result"), ("source", "Profile"), ("image", "Image")),
    ),
    "EndorsementSubject": _Class("EndorsementSubject", True, ("id",), ("id",)),
    "ClrSubject": _Class(
        "ClrSubject", True, ("verifiableCredential",), ("id",),
        (("achievement", "Achievement"), ("association", "Association"),
         ("identifier", "IdentityObject")),
    ),
}  # fmt: skip
_SUBJECT_CLASS = {
    "ClrCredential": "ClrSubject",
    "EndorsementCredential": "EndorsementSubject",
    "AchievementCredential": "AchievementSubject",
}


def is_open_badge(doc: Mapping[str, Any]) -> bool:
    """Whether a credential claims to be an OB 3.0 / CLR 2.0 one (by type or by context)."""
    if any(t in OB_CREDENTIAL_TYPES for t in type_values(doc)):
        return True
    return any(_is_ob_context(c) or _is_clr_context(c) for c in _context_urls(doc))


def credential_kind(doc: Mapping[str, Any]) -> str | None:
    """ClrCredential, EndorsementCredential or AchievementCredential (also for the
    OpenBadgeCredential alias); None when the type names none of them."""
    types = type_values(doc)
    for kind in ("ClrCredential", "EndorsementCredential"):
        if kind in types:
            return kind
    return "AchievementCredential" if any(t in ACHIEVEMENT_TYPES for t in types) else None


def validate_ob3(doc: Mapping[str, Any]) -> list[str]:
    """OB 3.0 / CLR 2.0 problems of a credential (not repeating the VCDM ones)."""
    out: list[str] = []
    if is_object(doc) and is_open_badge(doc):
        _credential(doc, "", out, 0)
    return out


def _credential(
    doc: Mapping[str, Any], path: str, out: list[str], depth: int, *, embedded: bool = False
) -> None:
    kind = credential_kind(doc)
    if kind is None:
        out.append(f"{join(path, 'type')}: must include one of {', '.join(OB_CREDENTIAL_TYPES)}")
        return
    contexts = _context_urls(doc)
    if kind == "ClrCredential":
        if not any(_is_clr_context(c) for c in contexts):
            out.append(f"{join(path, '@context')}: must include the CLR 2.0 context")
    elif not any(_is_ob_context(c) for c in contexts):
        out.append(f"{join(path, '@context')}: must include the Open Badges 3.0 context")
    version = base_version(doc)
    # Endorsements embedded by earlier OB 3.0 drafts often lack `id` and `name`; they are shown,
    # never verified on their own, so only a credential's own identity is insisted on.
    identity = () if embedded else ("id", "name")
    for key in (*identity, *(("validFrom",) if version == V2 else ())):
        if doc.get(key) is None:
            out.append(f"{join(path, key)}: required")
    issuer = doc.get("issuer")
    if isinstance(issuer, Mapping):
        _node(issuer, "Profile", join(path, "issuer"), out, depth + 1)
    elif issuer is not None:
        out.append(f"{join(path, 'issuer')}: must be a Profile object")
    if "awardedDate" in doc:
        field = join(path, "awardedDate")
        try:
            parse_datetime(doc["awardedDate"], field=field, require_tz=version == V2)
        except DataModelError as error:
            out.append(error.message)
    subject = doc.get("credentialSubject")
    if isinstance(subject, Mapping):
        _node(subject, _SUBJECT_CLASS[kind], join(path, "credentialSubject"), out, depth + 1)
        if kind == "AchievementCredential":
            _results_link(subject, join(path, "credentialSubject"), out)
    elif isinstance(subject, list):
        out.append(f"{join(path, 'credentialSubject')}: must be a single object")
    for key, cls in (("evidence", "Evidence"), ("image", "Image"), ("endorsement", "Credential")):
        _children(doc, key, cls, path, out, depth)


def _node(node: Mapping[str, Any], cls: str, path: str, out: list[str], depth: int) -> None:
    if depth > _MAX_DEPTH:
        out.append(f"{path}: nested too deeply")
        return
    if cls == "Credential":
        _nested_credential(node, path, out, depth, embedded=True)
        return
    spec = _CLASSES[cls]
    if "type" in node:
        type_problems(node, path, out, required=False)
    if spec.type is not None:
        require_type(node, path, spec.type, out, required=spec.type_required)
    for key in spec.required:
        if node.get(key) is None:
            out.append(f"{path}.{key}: required")
    for key in spec.urls:
        if key in node and not is_url(node[key]):
            out.append(f"{path}.{key}: must be a URL")
    for key, child in spec.children:
        _children(node, key, child, path, out, depth)
    if cls == "Criteria" and "id" not in node and "narrative" not in node:
        out.append(f"{path}: must have an id or a narrative")
    elif cls == "IdentityObject" and "hashed" in node and not isinstance(node["hashed"], bool):
        out.append(f"{path}.hashed: must be a boolean")
    elif cls == "AchievementSubject" and "id" not in node and not node.get("identifier"):
        out.append(f"{path}: must have an id or an identifier")
    elif cls == "ClrSubject":
        _clr_credentials(node, path, out, depth)


def _children(
    node: Mapping[str, Any], key: str, cls: str, path: str, out: list[str], depth: int
) -> None:
    if key not in node:
        return
    value = node[key]
    for index, child in enumerate(as_list(value)):
        where = join(path, f"{key}[{index}]" if isinstance(value, list) else key)
        if isinstance(child, Mapping):
            _node(child, cls, where, out, depth + 1)
        elif not (cls == "Credential" and looks_like_jws(child)):
            out.append(f"{where}: must be an object")


def _nested_credential(
    doc: Mapping[str, Any], path: str, out: list[str], depth: int, *, embedded: bool
) -> None:
    """An endorsement or a CLR's credential: the whole VCDM and OB validation, under `path`."""
    nested: list[str] = []
    version = context_problems(doc, nested)
    credential_body(doc, version, "", nested)
    _credential(doc, "", nested, depth + 1, embedded=embedded)
    out.extend(f"{path}.{problem}" for problem in nested)


def _clr_credentials(subject: Mapping[str, Any], path: str, out: list[str], depth: int) -> None:
    entries = as_list(subject.get("verifiableCredential"))
    if "verifiableCredential" in subject and not entries:
        out.append(f"{path}.verifiableCredential: must not be empty")
    for index, entry in enumerate(entries):
        where = f"{path}.verifiableCredential[{index}]"
        if isinstance(entry, Mapping):
            if credential_kind(entry) != "AchievementCredential":
                out.append(f"{where}.type: must include AchievementCredential")
            _nested_credential(entry, where, out, depth + 1, embedded=False)
        elif not looks_like_jws(entry):
            out.append(f"{where}: must be an AchievementCredential")


def _results_link(subject: Mapping[str, Any], path: str, out: list[str]) -> None:
    """Each result's `resultDescription` must name one of the achievement's descriptions."""
    results = as_list(subject.get("result"))
    achievement = subject.get("achievement")
    if not results or not isinstance(achievement, Mapping):
        return
    described = {
        d.get("id") for d in as_list(achievement.get("resultDescription")) if isinstance(d, Mapping)
    }
    for index, result in enumerate(results):
        if (
            isinstance(result, Mapping)
            and "resultDescription" in result
            and result["resultDescription"] not in described
        ):
            out.append(
                f"{path}.result[{index}].resultDescription: "
                "not a resultDescription of the achievement"
            )


def _context_urls(doc: Mapping[str, Any]) -> list[str]:
    return [c for c in as_list(doc.get("@context")) if isinstance(c, str)]


def _is_ob_context(url: str) -> bool:
    return url.startswith(OB_CONTEXT_PREFIX)


def _is_clr_context(url: str) -> bool:
    return url.startswith(CLR_CONTEXT_PREFIXES)
