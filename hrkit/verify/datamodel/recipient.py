"""Open Badges recipient identities: plain values and salted `sha256$…`/`md5$…` hashes."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from typing import Any

from hrkit.verify.datamodel.values import is_string

HASHED_IDENTITY = re.compile(r"(sha256)\$([0-9a-fA-F]{64})|(md5)\$([0-9a-fA-F]{32})", re.ASCII)
_EMAIL_TYPES = frozenset({"email", "emailaddress"})


def recipient_matches(recipient: Mapping[str, Any], identity: str) -> bool | None:
    """Whether an OB IdentityObject names `identity` (an email, URL, telephone …).

    Hashes are of identity + salt. Emails compare case-insensitively (lower-cased, stripped).
    None when the recipient object cannot be used (no identity, unknown hash, bad types).
    """
    if not isinstance(recipient, Mapping) or not is_string(identity):
        return None
    value = recipient.get("identity")
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    hashed = recipient.get("hashed")
    if hashed is None:
        hashed = HASHED_IDENTITY.fullmatch(value) is not None
    elif not isinstance(hashed, bool):
        return None
    kind = recipient.get("type", "email")
    is_email = isinstance(kind, str) and kind.lower() in _EMAIL_TYPES
    wanted = identity.strip()
    if not hashed:
        return value.lower() == wanted.lower() if is_email else value == wanted
    salt = recipient.get("salt")
    if salt is None:
        salt = ""
    if not isinstance(salt, str):
        return None
    match = HASHED_IDENTITY.fullmatch(value)
    if match is None:
        return None
    algorithm = match.group(1) or match.group(3)
    digest = (match.group(2) or match.group(4)).lower()
    candidates = {wanted, wanted.lower()} if is_email else {wanted}
    return any(
        hmac.compare_digest(_hash(algorithm, candidate + salt), digest) for candidate in candidates
    )


def _hash(algorithm: str, text: str) -> str:
    # md5 is what OB 2.0 allows issuers to use; it identifies, it does not protect anything.
    return hashlib.new(algorithm, text.encode("utf-8"), usedforsecurity=False).hexdigest()
