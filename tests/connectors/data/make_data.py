"""Regenerate the static source fixtures: `python -m tests.connectors.data.make_data`.

Every credential is signed by a fresh did:key issuer (so it verifies offline, forever: no
validUntil); the files are committed, so the tests read real files and never sign anything.
"""

from __future__ import annotations

import copy
import hashlib
import json
import struct
import zlib
from pathlib import Path
from typing import Any

from tests.factories.credentials import V2, Issuer, salted_email_hash

HERE = Path(__file__).resolve().parent
NOW = "2024-01-01T00:00:00Z"
OB2 = "https://w3id.org/openbadges/v2"
SITE = "https://badges.example.org"


def plain_identifier(email: str) -> dict[str, Any]:
    return {
        "type": "IdentityObject",
        "identityHash": email,
        "identityType": "emailAddress",
        "hashed": False,
    }


def hashed_identifier(email: str, salt: str = "pepper") -> dict[str, Any]:
    return {
        "type": "IdentityObject",
        "identityHash": salted_email_hash(email, salt),
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def credential(issuer: Issuer, name: str, subject: dict[str, Any]) -> dict[str, Any]:
    vc = issuer.credential(name=name)
    vc["id"] = f"urn:uuid:{hashlib.sha256(name.encode()).hexdigest()[:32]}"
    vc["credentialSubject"] = {**vc["credentialSubject"], **subject}
    vc["credentialSubject"]["achievement"] = {
        **vc["credentialSubject"]["achievement"],
        "id": f"https://badges.example/achievements/{name.lower().replace(' ', '-')}",
        "name": name,
    }
    return vc


def without_identifier(vc: dict[str, Any], subject_id: str) -> dict[str, Any]:
    vc = copy.deepcopy(vc)
    del vc["credentialSubject"]["identifier"]
    vc["credentialSubject"]["id"] = subject_id
    return vc


def png(payload: bytes) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00\x00")
    text = b"openbadgecredential\x00\x00\x00\x00\x00" + payload
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"iTXt", text)
        + chunk(b"IDAT", idat)
        + chunk(b"IEND", b"")
    )


def svg(token: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" width="10" height="10">\n'
        f'  <openbadges:credential verify="{token}"/>\n'
        '  <circle cx="5" cy="5" r="4"/>\n'
        "</svg>\n"
    )


def write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")


def openbadges(issuer: Issuer) -> None:
    root = HERE / "openbadges"
    ada = credential(
        issuer, "Python Programming", {"identifier": [plain_identifier("ada@example.org")]}
    )
    write(root / "ada.json", json.dumps(issuer.di(ada), indent=2))
    bob = credential(issuer, "SQL Basics", {"identifier": [plain_identifier("bob@example.org")]})
    write(root / "nested" / "bob.jwt", issuer.jwt(bob) + "\n")
    carol = credential(
        issuer, "Data Analysis", {"identifier": [hashed_identifier("carol@example.org")]}
    )
    write(root / "carol.png", png(json.dumps(issuer.di(carol)).encode()))
    dave = without_identifier(
        credential(issuer, "Cloud Foundations", {"identifier": []}), "did:example:dave"
    )
    write(root / "badges" / "dave.svg", svg(issuer.jwt(dave)))
    write(root / "broken.json", '{"@context": ["https://www.w3.org/ns/credentials/v2"], "id": ')
    write(root / "notes.md", "Not a credential: sources skip files with other extensions.\n")
    write(
        root / "holders.csv",
        "email,name,file,id\n"
        "carol@example.org,Carol Jones,carol.png,\n"
        "dave@example.org,Dave Smith,,did:example:dave\n"
        "ada@example.org,,broken.json,\n",
    )


def wallet(issuer: Issuer) -> None:
    root = HERE / "wallet"
    ada_wallet = Issuer()
    first = credential(issuer, "Statistics", {"identifier": [hashed_identifier("ada@example.org")]})
    second = credential(
        issuer, "Machine Learning", {"identifier": [hashed_identifier("ada@example.org")]}
    )
    vp = {
        "@context": [V2],
        "type": ["VerifiablePresentation"],
        "holder": "did:example:ada-wallet",
        "verifiableCredential": [
            issuer.di(first),
            {
                "@context": [V2],
                "type": "EnvelopedVerifiableCredential",
                "id": "data:application/vc+jwt," + issuer.jwt(second),
            },
        ],
    }
    write(root / "ada-presentation.json", json.dumps(vp, indent=2))
    erin = credential(issuer, "Kubernetes", {"identifier": [plain_identifier("erin@example.org")]})
    token = issuer.legacy_jwt(erin)
    presentation = {
        "iss": ada_wallet.id,
        "vp": {
            "@context": ["https://www.w3.org/2018/credentials/v1"],
            "type": ["VerifiablePresentation"],
            "verifiableCredential": [token],
        },
    }
    write(root / "erin.jwt", ada_wallet.sign_jwt(presentation, header={"typ": "JWT"}) + "\n")
    write(root / "holders.csv", "email,id\nada@example.org,did:example:ada-wallet\n")


def badgr() -> None:
    root = HERE / "badgr"
    salt = "s4lt"
    issuer = {
        "@context": OB2,
        "type": "Issuer",
        "id": f"{SITE}/issuer.json",
        "name": "Example Badges",
        "url": SITE,
        "email": "badges@example.org",
    }
    badge = {
        "@context": OB2,
        "type": "BadgeClass",
        "id": f"{SITE}/badge.json",
        "name": "Team Player",
        "description": "Works well with others.",
        "image": f"{SITE}/badge.png",
        "criteria": {"narrative": "Nominated by peers."},
        "issuer": issuer["id"],
    }

    def assertion(number: int, issued: str) -> dict[str, Any]:
        return {
            "@context": OB2,
            "type": "Assertion",
            "id": f"{SITE}/assertions/{number}.json",
            "recipient": {
                "type": "email",
                "hashed": True,
                "salt": salt,
                "identity": "sha256$"
                + hashlib.sha256(f"frank@example.org{salt}".encode()).hexdigest(),
            },
            "badge": badge["id"],
            "issuedOn": issued,
            "verification": {"type": "hosted"},
        }

    first, second, third = (
        assertion(1, "2024-02-01T09:00:00Z"),
        assertion(2, "2024-03-01T09:00:00Z"),
        assertion(3, "2024-04-01T09:00:00Z"),
    )
    hosted = {"issuer.json": issuer, "badge.json": badge}
    hosted |= {f"assertions/{n}.json": a for n, a in ((1, first), (2, second), (3, third))}
    for name, value in hosted.items():
        write(root / "hosted" / name, json.dumps(value, indent=2))
    write(
        root / "map.json",
        json.dumps({f"{SITE}/{name}": f"hosted/{name}" for name in hosted}, indent=2),
    )
    recipient = {
        "identity": first["recipient"]["identity"],
        "hashed": True,
        "type": "email",
        "plaintextIdentity": "frank@example.org",
    }
    export = {
        "status": {"success": True, "description": "ok"},
        "result": [
            {
                "entityType": "Assertion",
                "entityId": "aaaa1111",
                "openBadgeId": first["id"],
                "badgeclassOpenBadgeId": badge["id"],
                "recipient": recipient,
                "issuedOn": first["issuedOn"],
                "createdAt": "2024-02-02T10:00:00Z",
                "acceptance": "Accepted",
                "revoked": False,
            },
            {
                "id": "bbbb2222",
                "json": second,
                "recipient_identifier": "frank@example.org",
                "acceptance": "Accepted",
                "createdAt": "2024-03-02T10:00:00Z",
            },
            {
                "entityType": "Assertion",
                "entityId": "cccc3333",
                "openBadgeId": third["id"],
                "recipient": recipient,
                "issuedOn": third["issuedOn"],
                "createdAt": "2024-04-02T10:00:00Z",
                "acceptance": "Rejected",
            },
        ],
    }
    write(root / "backpack.json", json.dumps(export, indent=2))


def main() -> None:
    issuer = Issuer(name="Example Academy")
    openbadges(issuer)
    wallet(issuer)
    badgr()


if __name__ == "__main__":
    main()
