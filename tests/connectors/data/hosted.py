"""An Open Badges 2.0 issuer on the local HTTP server: profile, badge class, hosted assertions."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from tests.httpserver import LocalHTTPServer

HERE = Path(__file__).resolve().parent
OB2 = "https://w3id.org/openbadges/v2"
JSON = {"Content-Type": "application/json"}


class HostedSite:
    """`assertion(n, email)` serves `/assertions/n.json`, issued to `email` (salted hash)."""

    def __init__(self, server: LocalHTTPServer) -> None:
        self.server = server
        self.issuer = server.url("/issuer.json")
        self.badge = server.url("/badge.json")
        self._serve("/issuer.json", {
            "@context": OB2, "type": "Issuer", "id": self.issuer, "name": "Local Badges",
            "url": server.url("/"), "email": "badges@example.org",
        })  # fmt: skip
        self._serve("/badge.json", {
            "@context": OB2, "type": "BadgeClass", "id": self.badge, "name": "Team Player",
            "description": "Works well with others.", "image": server.url("/badge.png"),
            "criteria": {"narrative": "Nominated by peers."}, "issuer": self.issuer,
        })  # fmt: skip

    @property
    def base(self) -> str:
        return self.server.url("").rstrip("/")

    def url(self, number: int) -> str:
        return self.server.url(f"/assertions/{number}.json")

    def assertion(
        self, number: int, email: str, issued: str = "2024-01-02T03:04:05Z", *, hashed: bool = True
    ) -> dict[str, Any]:
        salt = f"salt{number}"
        identity = "sha256$" + hashlib.sha256((email + salt).encode()).hexdigest()
        recipient = (
            {"type": "email", "hashed": True, "salt": salt, "identity": identity}
            if hashed
            else {"type": "email", "hashed": False, "identity": email}
        )
        value = {
            "@context": OB2,
            "type": "Assertion",
            "id": self.url(number),
            "recipient": recipient,
            "badge": self.badge,
            "issuedOn": issued,
            "verification": {"type": "hosted"},
        }
        self._serve(f"/assertions/{number}.json", value)
        return value

    def answer(self, number: int, status: int) -> None:
        """`/assertions/number.json` answers `status` with no document."""
        self.server.route(f"/assertions/{number}.json", b"{}", status=status, headers=JSON)

    def file(self, template: str, out: Path) -> Path:
        """The data file `template` (under data/) with `{base}` pointing at this site."""
        text = (HERE / template).read_text(encoding="utf-8").replace("{base}", self.base)
        out.write_text(text, encoding="utf-8")
        return out

    def _serve(self, path: str, value: dict[str, Any]) -> None:
        self.server.route(path, json.dumps(value), headers=JSON)
