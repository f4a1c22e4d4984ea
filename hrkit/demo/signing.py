"""Demo issuers: did:key Ed25519 keys derived from fixed seeds, VC-JWTs and status lists."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hrkit.verify.multibase import ED25519_PUB, b58encode, b64url_encode

VC_V2 = "https://www.w3.org/ns/credentials/v2"
# Bitstring Status List: at least 16 KiB of bits (131,072 entries) so a list hides its holders.
STATUS_LIST_ENTRIES = 131_072


@dataclass(frozen=True)
class DemoIssuer:
    """An issuer whose Ed25519 key is derived from `seed`: the same did:key on every run."""

    seed: bytes
    name: str
    url: str
    status_list_url: str | None = None

    @cached_property
    def key(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(self.seed).digest())

    @cached_property
    def multikey(self) -> str:
        raw = self.key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return "z" + b58encode(ED25519_PUB + raw)

    @property
    def did(self) -> str:
        return f"did:key:{self.multikey}"

    @property
    def verification_method(self) -> str:
        return f"{self.did}#{self.multikey}"

    def profile(self) -> dict[str, Any]:
        """The issuer as OB 3.0 embeds it in a credential."""
        return {"id": self.did, "type": ["Profile"], "name": self.name, "url": self.url}

    def sign(self, credential: Mapping[str, Any]) -> str:
        """A VC-JOSE (VCDM 2.0) token: the credential is the claims set, plus `iss`.

        Ed25519 signatures are deterministic, so the same credential gives the same token.
        """
        header = {"alg": "EdDSA", "kid": self.verification_method, "typ": "vc+jwt"}
        claims = {**credential, "iss": self.did}
        signing_input = f"{_segment(header)}.{_segment(claims)}"
        signature = self.key.sign(signing_input.encode("ascii"))
        return f"{signing_input}.{b64url_encode(signature)}"

    def status_list(self, revoked: Iterable[int], *, valid_from: str) -> str:
        """The issuer's revocation list as a signed Bitstring Status List credential."""
        if self.status_list_url is None:
            raise ValueError(f"{self.name} publishes no status list")
        bits = bytearray(STATUS_LIST_ENTRIES // 8)
        for index in revoked:
            bits[index // 8] |= 0x80 >> (index % 8)  # bit 0 is the most significant
        credential = {
            "@context": [VC_V2],
            "id": self.status_list_url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": self.did,
            "validFrom": valid_from,
            "credentialSubject": {
                "id": f"{self.status_list_url}#list",
                "type": "BitstringStatusList",
                "statusPurpose": "revocation",
                # mtime=0: gzip otherwise stamps the current time and the list would differ
                # on every run.
                "encodedList": "u" + b64url_encode(gzip.compress(bytes(bits), mtime=0)),
            },
        }
        return self.sign(credential)

    def status_entry(self, index: int) -> dict[str, Any]:
        """The `credentialStatus` of the credential at `index` of the issuer's list."""
        if self.status_list_url is None:
            raise ValueError(f"{self.name} publishes no status list")
        return {
            "id": f"{self.status_list_url}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": self.status_list_url,
        }


def _segment(value: Mapping[str, Any]) -> str:
    return b64url_encode(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())
