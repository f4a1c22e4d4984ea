"""What a credential says about itself, as `Facts`: ids, names, dates, alignments, results.

Fact extraction never raises: a value that cannot be read becomes None (the validators report
it). Nothing here is trusted before the verification checks pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from hrkit.model.enums import AchievementKind
from hrkit.verify.datamodel.contexts import V1, V2, base_version
from hrkit.verify.datamodel.dates import parse_datetime, parse_ob2_datetime
from hrkit.verify.datamodel.errors import DataModelError
from hrkit.verify.datamodel.openbadges3 import ACHIEVEMENT_TYPES, credential_kind
from hrkit.verify.datamodel.values import (
    as_list,
    is_object,
    is_string,
    pick_text,
    ref_id,
    type_values,
)
from hrkit.verify.result import Facts

ALIGNMENT_KEYS = ("targetUrl", "targetCode", "targetName", "targetFramework", "targetType")
_GENERIC_TYPES = frozenset({"VerifiableCredential", "VerifiablePresentation"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_CERTIFICATES = frozenset(
    {
        "certificate", "certification", "certificateofcompletion", "apprenticeshipcertificate",
        "journeymancertificate", "mastercertificate",
    }
)  # fmt: skip
_DIPLOMAS = frozenset({"diploma", "secondaryschooldiploma"})


def achievement_kind(
    achievement_type: str | None, *, credential_types: Sequence[str]
) -> AchievementKind:
    """The domain's kind for an OB 3.0 `achievementType` (any case; `ext:` values too)."""
    if not achievement_type or not is_string(achievement_type):
        if any(t in ACHIEVEMENT_TYPES for t in credential_types):
            return AchievementKind.BADGE
        return AchievementKind.OTHER
    key = achievement_type.strip().lower()
    key = _NOT_ALNUM.sub("", key.removeprefix("ext:"))
    if "nanodegree" in key:
        return AchievementKind.NANODEGREE
    if key == "badge":
        return AchievementKind.BADGE
    if key == "microcredential":
        return AchievementKind.MICRO_CERTIFICATE
    if key in _CERTIFICATES:
        return AchievementKind.CERTIFICATE
    if key in ("license", "licence"):
        return AchievementKind.LICENSE
    if key in _DIPLOMAS or key.endswith(("degree", "doctorate")):
        return AchievementKind.DEGREE
    return AchievementKind.OTHER


def credential_facts(doc: Mapping[str, Any]) -> Facts:
    """Facts of a VCDM 1.1/2.0 credential, OB 3.0 and CLR 2.0 included."""
    if not is_object(doc):
        return Facts()
    version = base_version(doc)
    types = type_values(doc)
    issuer = doc.get("issuer")
    subjects = as_list(doc.get("credentialSubject"))
    subject = subjects[0] if subjects and isinstance(subjects[0], Mapping) else {}
    achievements = _achievements(doc, subject)
    is_badge = credential_kind(doc) == "AchievementCredential"
    achievement = achievements[0] if achievements and is_badge else None
    start_keys = {V2: ("validFrom",), V1: ("issuanceDate",)}.get(
        version or "", ("validFrom", "issuanceDate")
    )
    end_keys = {V2: ("validUntil",), V1: ("expirationDate",)}.get(
        version or "", ("validUntil", "expirationDate")
    )
    valid_from = _first_date(doc, start_keys, _vc_date)
    facts = Facts(
        credential_id=_string(doc.get("id")),
        issuer_id=_string(ref_id(issuer)),
        issuer_name=pick_text(issuer.get("name")) if isinstance(issuer, Mapping) else None,
        subject_id=_string(subject.get("id")),
        issued_on=valid_from or _first_date(doc, ("awardedDate",), _vc_date),
        valid_from=valid_from,
        valid_until=_first_date(doc, end_keys, _vc_date),
        alignments=[a for item in achievements for a in _alignments(item.get("alignment"))],
    )
    if achievement is not None:
        facts.achievement_id = _string(achievement.get("id"))
        facts.achievement_name = pick_text(achievement.get("name"))
        facts.achievement_description = pick_text(achievement.get("description"))
        kind = achievement.get("achievementType")
        facts.achievement_kind = achievement_kind(
            kind if isinstance(kind, str) else None, credential_types=types
        )
        facts.results = _results(subject, achievement)
    else:
        # No achievement object: the credential names itself. Its `id` is one issuance, not an
        # achievement, so the achievement has no id of its own.
        specific = [t for t in types if t not in _GENERIC_TYPES]
        facts.achievement_name = pick_text(doc.get("name")) or (specific[-1] if specific else None)
        facts.achievement_description = pick_text(doc.get("description"))
        facts.achievement_kind = achievement_kind(None, credential_types=types)
    return facts


def ob2_facts(
    assertion: Mapping[str, Any],
    badge_class: Mapping[str, Any] | None = None,
    issuer: Mapping[str, Any] | None = None,
) -> Facts:
    """Facts of an OB 2.0 assertion with its BadgeClass and Issuer (embedded ones are used when
    the fetched documents are not given)."""
    if not is_object(assertion):
        return Facts()
    badge_ref = assertion.get("badge")
    if badge_class is None and isinstance(badge_ref, Mapping):
        badge_class = badge_ref
    badge: Mapping[str, Any] = badge_class if isinstance(badge_class, Mapping) else {}
    issuer_ref = badge.get("issuer")
    if issuer is None and isinstance(issuer_ref, Mapping):
        issuer = issuer_ref
    profile: Mapping[str, Any] = issuer if isinstance(issuer, Mapping) else {}
    recipient = assertion.get("recipient")
    subject = None
    if isinstance(recipient, Mapping) and recipient.get("hashed") is False:
        subject = _string(recipient.get("identity"))
    issued = _first_date(assertion, ("issuedOn",), _ob2_date)
    return Facts(
        credential_id=_string(assertion.get("id")),
        issuer_id=_string(profile.get("id")) or _string(ref_id(issuer_ref)),
        issuer_name=pick_text(profile.get("name")),
        subject_id=subject,
        achievement_id=_string(badge.get("id")) or _string(ref_id(badge_ref)),
        achievement_name=pick_text(badge.get("name")),
        achievement_kind=AchievementKind.BADGE,
        achievement_description=pick_text(badge.get("description")),
        issued_on=issued,
        valid_from=issued,
        valid_until=_first_date(assertion, ("expires",), _ob2_date),
        alignments=_alignments(badge.get("alignment")),
    )


def _achievements(doc: Mapping[str, Any], subject: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The achievements a credential asserts: its subject's `achievement` (one for OB 3.0, a
    list for a CLR)."""
    if credential_kind(doc) not in ("AchievementCredential", "ClrCredential"):
        return []
    return [a for a in as_list(subject.get("achievement")) if isinstance(a, Mapping)]


def _alignments(value: Any) -> list[dict[str, Any]]:
    return [
        {key: _string(item.get(key)) for key in ALIGNMENT_KEYS}
        for item in as_list(value)
        if isinstance(item, Mapping)
    ]


def _results(subject: Mapping[str, Any], achievement: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The subject's results with what their `resultDescription` and achieved level say."""
    descriptions: dict[str, Mapping[str, Any]] = {}
    levels: dict[str, Mapping[str, Any]] = {}
    for description in as_list(achievement.get("resultDescription")):
        if not isinstance(description, Mapping):
            continue
        if isinstance(description.get("id"), str):
            descriptions[description["id"]] = description
        for level in as_list(description.get("rubricCriterionLevel")):
            if isinstance(level, Mapping) and isinstance(level.get("id"), str):
                levels[level["id"]] = level
    results: list[dict[str, Any]] = []
    for result in as_list(subject.get("result")):
        if not isinstance(result, Mapping):
            continue
        described = _string(result.get("resultDescription"))
        achieved = _string(result.get("achievedLevel"))
        description = descriptions.get(described or "", {})
        level = levels.get(achieved or "")
        results.append(
            {
                "resultDescription": described,
                "achievedLevel": achieved,
                "value": result.get("value"),
                "status": _string(result.get("status")),
                "resultType": _string(description.get("resultType")),
                "name": pick_text(description.get("name")),
                "requiredLevel": _string(description.get("requiredLevel")),
                "requiredValue": description.get("requiredValue"),
                "allowedValue": description.get("allowedValue"),
                "level": None
                if level is None
                else {
                    "id": achieved,
                    "name": pick_text(level.get("name")),
                    "level": _string(level.get("level")),
                    "points": level.get("points"),
                },
                "alignments": _alignments(result.get("alignment")),
                "descriptionAlignments": _alignments(description.get("alignment")),
            }
        )
    return results


def _vc_date(value: Any, field: str) -> datetime:
    # Lenient on the timezone: a missing one reads as UTC (validation reports it for VCDM 2.0).
    return parse_datetime(value, field=field)


def _ob2_date(value: Any, field: str) -> datetime:
    return parse_ob2_datetime(value, field=field)


def _first_date(
    doc: Mapping[str, Any], keys: Sequence[str], parse: Callable[[Any, str], datetime]
) -> datetime | None:
    for key in keys:
        if doc.get(key) is not None:
            try:
                return parse(doc[key], key)
            except DataModelError:
                return None
    return None


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
