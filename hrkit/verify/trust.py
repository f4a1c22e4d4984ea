"""Trust registries: a TOML file for the CLI, or the tenant's trusted issuers in the database."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path

from hrkit.errors import ConfigError
from hrkit.verify.did import did_of


class StaticTrustRegistry:
    """Trusted issuer ids → names. A DID issuer matches with or without a fragment."""

    def __init__(self, entries: Mapping[str, str]) -> None:
        self.entries = {_key(uri): name for uri, name in entries.items()}

    def lookup(self, issuer_id: str) -> str | None:
        return self.entries.get(_key(issuer_id))

    def __len__(self) -> int:
        return len(self.entries)


def _key(uri: str) -> str:
    uri = uri.strip()
    return did_of(uri) if uri.startswith("did:") else uri.rstrip("/")


def load_trust_file(path: str | Path) -> StaticTrustRegistry:
    """Read `[[issuer]]` tables with `id` and `name` from a TOML file."""
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"trust file {file} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read trust file {file}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"trust file {file} is not valid TOML: {exc}") from None
    issuers = data.get("issuer", [])
    if not isinstance(issuers, list):
        raise ConfigError(f"trust file {file}: `issuer` must be an array of tables ([[issuer]])")
    entries: dict[str, str] = {}
    for number, issuer in enumerate(issuers, start=1):
        if not isinstance(issuer, dict) or not isinstance(issuer.get("id"), str):
            raise ConfigError(f"trust file {file}: issuer #{number} has no string `id`")
        name = issuer.get("name", issuer["id"])
        if not isinstance(name, str):
            raise ConfigError(f"trust file {file}: issuer #{number} `name` must be a string")
        entries[issuer["id"]] = name
    return StaticTrustRegistry(entries)
