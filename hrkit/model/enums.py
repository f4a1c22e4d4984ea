"""Enumerations of the domain model; their values are the contract's spellings."""

from __future__ import annotations

from enum import StrEnum


class PersonKind(StrEnum):
    EMPLOYEE = "employee"
    CANDIDATE = "candidate"


class AchievementKind(StrEnum):
    BADGE = "badge"
    MICRO_CERTIFICATE = "micro_certificate"
    NANODEGREE = "nanodegree"
    CERTIFICATE = "certificate"
    LICENSE = "license"
    DEGREE = "degree"
    OTHER = "other"


class CredentialFormat(StrEnum):
    OB2_HOSTED = "ob2-hosted"
    OB2_SIGNED = "ob2-signed"
    VC_JWT = "vc-jwt"
    VC_DATA_INTEGRITY = "vc-data-integrity"
    VP_JSON = "vp-json"
    VP_JWT = "vp-jwt"
    # Beyond the contract's list: the other VC-JOSE-COSE securing mechanisms.
    VC_SD_JWT = "vc-sd-jwt"
    VC_COSE = "vc-cose"
    VP_SD_JWT = "vp-sd-jwt"
    VP_COSE = "vp-cose"


class CheckName(StrEnum):
    PARSE = "parse"
    SCHEMA = "schema"
    SIGNATURE = "signature"
    KEY_BINDING = "key_binding"
    STATUS = "status"
    VALIDITY_PERIOD = "validity_period"
    RECIPIENT = "recipient"
    ISSUER_TRUST = "issuer_trust"


class CheckResult(StrEnum):
    PASS = "pass"  # noqa: S105 - a check result, not a password
    FAIL = "fail"
    INDETERMINATE = "indeterminate"
    SKIPPED = "skipped"


class VerificationStatus(StrEnum):
    """Overall outcome of a verification; declaration order is the contract's precedence."""

    MALFORMED = "malformed"
    INVALID = "invalid"
    REVOKED = "revoked"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    RECIPIENT_MISMATCH = "recipient_mismatch"
    UNTRUSTED_ISSUER = "untrusted_issuer"
    UNVERIFIABLE = "unverifiable"
    VERIFIED = "verified"
