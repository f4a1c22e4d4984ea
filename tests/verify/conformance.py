"""Shared helpers for the conformance tests: paths, offline sessions, synthetic issuer profiles."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from hrkit.verify.context import VerifyContext
from hrkit.verify.docmap import DocumentMap
from hrkit.verify.document import Document
from hrkit.verify.engine import Engine
from hrkit.verify.fetch import Fetcher
from hrkit.verify.result import Verification
from hrkit.verify.trust import StaticTrustRegistry

CONFORMANCE = Path(__file__).resolve().parents[3] / "shared" / "conformance"
FIXTURES = CONFORMANCE / "1edtech-validator-fixtures"
needs_conformance = pytest.mark.skipif(
    not CONFORMANCE.is_dir(), reason="../shared/conformance is not present next to the project"
)
NOW = datetime(2026, 6, 1, tzinfo=UTC)
TESTLIST_URL = (
    "https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/refs/heads/"
    "main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist"
)
# The public key of every 1EdTech OB 3.0 / CLR fixture and of the OB3/CLR spec vectors.
EDTECH_MULTIKEY = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"


def verify(
    data: bytes,
    *,
    documents: Mapping[str, Path] | None = None,
    label: str = "input",
    now: datetime = NOW,
    trust: Mapping[str, str] | None = None,
    recipient: str | None = None,
) -> list[Verification]:
    """Verify offline: only `documents` (URL → file) answer, the network is never used."""
    fetcher = Fetcher(documents=DocumentMap(dict(documents or {}), base=Path("/")), offline=True)
    ctx = VerifyContext(
        fetcher=fetcher,
        now=now,
        trust=StaticTrustRegistry(trust) if trust is not None else None,
        recipient=recipient,
    )
    try:
        return Engine().verify(Document(label, data), ctx)
    finally:
        fetcher.close()


def profile_listing(tmp_path: Path, issuer_id: str, methods: list[str], name: str) -> Path:
    """An issuer profile (written to tmp_path) that lists `methods` as Multikey verification
    methods, so keys named by URL fragment become bound to the issuer."""
    profile: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": issuer_id,
        "type": "Profile",
        "name": name,
        "verificationMethod": [
            {
                "id": method,
                "type": "Multikey",
                "controller": issuer_id,
                "publicKeyMultibase": method.rsplit("#", 1)[-1].rsplit(":", 1)[-1],
            }
            for method in methods
        ],
        "assertionMethod": methods,
    }
    path = tmp_path / (name.replace(" ", "-") + ".json")
    path.write_text(json.dumps(profile))
    return path
