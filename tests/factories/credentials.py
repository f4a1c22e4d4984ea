"""Fresh issuers and credentials for tests: did:key or https issuers, VC-JWT, Data Integrity,
Bitstring status lists. Every key is generated per issuer; nothing is reused between tests."""

from __future__ import annotations

import base64
import copy
import gzip
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import rfc8785
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from hrkit.verify.jose import public_key_to_jwk
from hrkit.verify.jsonld import Budget, canonicalize
from hrkit.verify.multibase import b58encode

V2 = "https://www.w3.org/ns/credentials/v2"
OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ED25519_MULTICODEC = b"\xed\x01"
P256_MULTICODEC = b"\x80\x24"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def salted_email_hash(email: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((email + salt).encode()).hexdigest()


@dataclass
class Issuer:
    """A credential issuer with a fresh key. `did:key` issuers are their own key; others
    (`https://…`) publish their keys through `jwks()` / `profile()` documents the test maps."""

    alg: str = "EdDSA"
    url: str | None = None
    name: str = "Test Issuer"
    key: Any = field(init=False)
    id: str = field(init=False)
    vm: str = field(init=False)
    kid: str = field(init=False)

    def __post_init__(self) -> None:
        self.key = {
            "EdDSA": ed25519.Ed25519PrivateKey.generate,
            "ES256": lambda: ec.generate_private_key(ec.SECP256R1()),
            "ES384": lambda: ec.generate_private_key(ec.SECP384R1()),
            "RS256": lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048),
        }[self.alg]()
        if self.url is None:
            multikey = self.multikey()
            self.id = f"did:key:{multikey}"
            self.vm = f"{self.id}#{multikey}"
            self.kid = self.vm
        else:
            self.id = self.url
            self.kid = "key-1"
            self.vm = f"{self.url}#key-1"

    # --- keys ------------------------------------------------------------------------------
    def multikey(self) -> str:
        public = self.key.public_key()
        if self.alg == "EdDSA":
            raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            return "z" + b58encode(ED25519_MULTICODEC + raw)
        if self.alg == "ES256":
            point = public.public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint
            )
            return "z" + b58encode(P256_MULTICODEC + point)
        raise ValueError(f"no multikey for {self.alg}")

    def public_jwk(self) -> dict[str, Any]:
        return {**public_key_to_jwk(self.key.public_key()), "kid": self.kid}

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.public_jwk()]}

    def profile(self, *, extra_methods: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """The issuer's published profile, listing its key as a JsonWebKey method."""
        method = {
            "id": self.vm,
            "type": "JsonWebKey",
            "controller": self.id,
            "publicKeyJwk": self.public_jwk(),
        }
        return {
            "@context": [V2],
            "id": self.id,
            "type": "Profile",
            "name": self.name,
            "verificationMethod": [method, *(extra_methods or [])],
            "assertionMethod": [self.vm],
        }

    # --- credentials -------------------------------------------------------------------------
    def credential(
        self, subject_email: str = "ada@example.org", **overrides: Any
    ) -> dict[str, Any]:
        """An Open Badges 3.0 credential (VCDM 2.0) to this issuer's name."""
        salt = "pepper"
        vc: dict[str, Any] = {
            "@context": [V2, OB3],
            "id": f"urn:uuid:{hashlib.sha256(repr(overrides).encode() + self.id.encode()).hexdigest()[:32]}",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": self.id, "type": ["Profile"], "name": self.name},
            "validFrom": "2024-01-01T00:00:00Z",
            "name": "Python Programming",
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "identifier": [
                    {
                        "type": "IdentityObject",
                        "identityHash": salted_email_hash(subject_email, salt),
                        "identityType": "emailAddress",
                        "hashed": True,
                        "salt": salt,
                    }
                ],
                "achievement": {
                    "id": "https://badges.example/achievements/python",
                    "type": ["Achievement"],
                    "name": "Python Programming",
                    "description": "Writes and tests Python programs.",
                    "criteria": {"narrative": "Passed the assessment."},
                    "achievementType": "Badge",
                    "alignment": [
                        {
                            "type": ["Alignment"],
                            "targetName": "Python (computer programming)",
                            "targetUrl": "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d",
                            "targetCode": "ccd0a1d9-afda-43d9-b901-96344886e14d",
                            "targetFramework": "ESCO",
                        }
                    ],
                },
            },
        }
        vc.update(overrides)
        return vc

    def sign_jwt(
        self,
        claims: dict[str, Any],
        *,
        header: dict[str, Any] | None = None,
        key: Any = None,
    ) -> str:
        head = {"alg": self.alg, "kid": self.kid, "typ": "vc+jwt", **(header or {})}
        head = {k: v for k, v in head.items() if v is not None}
        signing_input = f"{b64url(json.dumps(head).encode())}.{b64url(json.dumps(claims).encode())}"
        return f"{signing_input}.{b64url(self._sign(signing_input.encode(), key))}"

    def jwt(self, vc: dict[str, Any] | None = None, **header: Any) -> str:
        """A VC-JOSE (VCDM 2.0) token: the credential is the claims set, plus `iss`."""
        vc = vc or self.credential()
        return self.sign_jwt({**vc, "iss": self.id}, header=header)

    def legacy_jwt(self, vc: dict[str, Any] | None = None, **claims: Any) -> str:
        """A VCDM 1.1-style VC-JWT: the credential in the `vc` claim, registered claims beside."""
        vc = vc or self.credential()
        base = {"iss": self.id, "jti": vc.get("id"), "nbf": 1704067200, "vc": vc}
        return self.sign_jwt({**base, **claims}, header={"typ": "JWT"})

    def di(
        self, vc: dict[str, Any] | None = None, suite: str = "eddsa-rdfc-2022"
    ) -> dict[str, Any]:
        """The credential with an embedded Data Integrity proof (Ed25519 issuers only)."""
        vc = copy.deepcopy(vc or self.credential())
        proof: dict[str, Any] = {
            "type": "DataIntegrityProof",
            "cryptosuite": suite,
            "created": "2024-01-01T00:00:00Z",
            "verificationMethod": self.vm,
            "proofPurpose": "assertionMethod",
        }
        config = {**proof, "@context": vc["@context"]}
        if suite == "eddsa-jcs-2022":
            proof["@context"] = vc["@context"]
            data = _sha(rfc8785.dumps(config)) + _sha(rfc8785.dumps(vc))
        else:
            data = _sha(canonicalize(config, budget=Budget())) + _sha(
                canonicalize(vc, budget=Budget())
            )
        proof["proofValue"] = "z" + b58encode(self._sign(data))
        return {**vc, "proof": proof}

    def status_list(
        self,
        url: str,
        *,
        set_bits: dict[int, int] | None = None,
        purpose: str = "revocation",
        size: int = 1,
        entries: int = 131_072,
        encoded: str | None = None,
    ) -> str:
        """A Bitstring Status List credential (as a VC-JWT) where index→value in `set_bits`."""
        bits = bytearray(entries * size // 8)
        for index, value in (set_bits or {}).items():
            for offset in range(size):
                if value >> (size - 1 - offset) & 1:
                    position = index * size + offset
                    bits[position // 8] |= 0x80 >> (position % 8)
        vc = {
            "@context": [V2],
            "id": url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": self.id,
            "validFrom": "2024-01-01T00:00:00Z",
            "credentialSubject": {
                "id": f"{url}#list",
                "type": "BitstringStatusList",
                "statusPurpose": purpose,
                "encodedList": encoded or "u" + b64url(gzip.compress(bytes(bits))),
            },
        }
        return self.jwt(vc)

    def _sign(self, data: bytes, key: Any = None) -> bytes:
        key = key or self.key
        if isinstance(key, ed25519.Ed25519PrivateKey):
            return key.sign(data)
        if isinstance(key, rsa.RSAPrivateKey):
            return key.sign(data, padding.PKCS1v15(), hashes.SHA256())
        size = (key.curve.key_size + 7) // 8
        digest = hashes.SHA256() if size == 32 else hashes.SHA384()
        r, s = decode_dss_signature(key.sign(data, ec.ECDSA(digest)))
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")


def status_entry(
    url: str, index: int, purpose: str = "revocation", size: int = 1
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }
    if size != 1:
        entry["statusSize"] = size
    return entry


def _sha(data: str | bytes) -> bytes:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).digest()
