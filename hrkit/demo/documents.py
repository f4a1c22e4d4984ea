"""The demo's documents: OB 3.0 VC-JWTs, the issuers' status lists and the offline document map.

The status lists live in `data_dir` with a document map (`documents.json`) that answers their
URLs, so the demo verifies — and re-verifies with `hrkit reverify --documents …` — without
any network.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from hrkit.demo.catalog import TRUSTED, DemoAchievement
from hrkit.demo.plan import PlannedCredential, revoked_indexes
from hrkit.demo.signing import VC_V2
from hrkit.demo.skills import demo_skills

OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DOCUMENT_MAP = "documents.json"
STATUS_LISTS_VALID_FROM = "2021-01-01T00:00:00Z"


def credential(planned: PlannedCredential) -> dict[str, Any]:
    """The Open Badges 3.0 credential (VCDM 2.0) `planned` describes."""
    # A salt per credential, as issuers do, so equal emails do not give equal hashes.
    salt = hashlib.sha256(f"hrkit-demo-salt/{planned.key}".encode()).hexdigest()[:16]
    identity = hashlib.sha256((planned.holder.email + salt).encode()).hexdigest()
    document: dict[str, Any] = {
        "@context": [VC_V2, OB3],
        "id": planned.id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": planned.issuer.profile(),
        "validFrom": planned.valid_from,
    }
    if planned.valid_until is not None:
        document["validUntil"] = planned.valid_until
    document["name"] = planned.achievement.name
    document["credentialSubject"] = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": f"sha256${identity}",
                "identityType": "emailAddress",
                "hashed": True,
                "salt": salt,
            }
        ],
        "achievement": _achievement(planned.achievement),
    }
    if planned.status_index is not None:
        document["credentialStatus"] = planned.issuer.status_entry(planned.status_index)
    return document


def _achievement(achievement: DemoAchievement) -> dict[str, Any]:
    return {
        "id": achievement.uri,
        "type": ["Achievement"],
        "achievementType": achievement.achievement_type,
        "name": achievement.name,
        "description": achievement.description,
        "criteria": {"narrative": f"Passed the {achievement.issuer.name} assessment."},
        "alignment": [
            {
                "type": ["Alignment"],
                "targetName": name,
                "targetUrl": uri,
                "targetCode": uri.rsplit("/", 1)[-1],
                "targetFramework": "ESCO",
            }
            for uri, name in _skill_names(achievement)
        ],
    }


def _skill_names(achievement: DemoAchievement) -> list[tuple[str, str]]:
    labels = {skill.uri: skill.label for skill in demo_skills()}
    return [(uri, labels[uri]) for uri, _level in achievement.skills]


def token(planned: PlannedCredential) -> str:
    """The signed VC-JWT of `planned` (the same bytes on every run)."""
    return planned.issuer.sign(credential(planned))


def write_status_lists(planned: list[PlannedCredential], data_dir: Path) -> Path:
    """Write each trusted issuer's status list and the document map; returns the map's path.

    Files are replaced only when their content differs, atomically.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    entries: dict[str, str] = {}
    for issuer in TRUSTED:
        assert issuer.status_list_url is not None
        name = f"status/{issuer.url.removeprefix('https://')}.jwt"
        listed = issuer.status_list(
            revoked_indexes(planned, issuer), valid_from=STATUS_LISTS_VALID_FROM
        )
        _write(data_dir / name, listed)
        entries[issuer.status_list_url] = name
    map_path = data_dir / DOCUMENT_MAP
    _write(map_path, json.dumps(entries, indent=2, sort_keys=True) + "\n")
    return map_path


def _write(path: Path, text: str) -> None:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
