"""Configuration from the environment, overridable per call (the CLI's `--db`/`--tenant`)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from hrkit.errors import ConfigError

DEFAULT_DATABASE_URL = "sqlite:///hrkit.db"
DEFAULT_TENANT = "default"

_TENANT_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


@dataclass(frozen=True)
class Settings:
    """Every knob of hrkit; `ENV` maps each field to its environment variable."""

    database_url: str = DEFAULT_DATABASE_URL
    tenant: str = DEFAULT_TENANT
    jwt_secret: str | None = None
    jwt_issuer: str = "hrkit"
    jwt_audience: str = "hrkit"
    jwks: str | None = None
    fetch_allow: tuple[str, ...] = ()
    fetch_timeout: float = 10.0
    fetch_max_bytes: int = 5_000_000
    fetch_offline: bool = False
    cost_limit: int = 100_000
    debug: bool = False
    extra: Mapping[str, str] = field(default_factory=dict)
    # Where the API's runSync writes: <sync_dir>/<tenant>/<target>/ (relative to the server's
    # working folder unless absolute).
    sync_dir: str = "hrkit-sync"

    ENV = {
        "database_url": "HRKIT_DATABASE_URL",
        "tenant": "HRKIT_TENANT",
        "jwt_secret": "HRKIT_JWT_SECRET",
        "jwt_issuer": "HRKIT_JWT_ISSUER",
        "jwt_audience": "HRKIT_JWT_AUDIENCE",
        "jwks": "HRKIT_JWKS",
        "fetch_allow": "HRKIT_FETCH_ALLOW",
        "fetch_timeout": "HRKIT_FETCH_TIMEOUT",
        "fetch_max_bytes": "HRKIT_FETCH_MAX_BYTES",
        "fetch_offline": "HRKIT_FETCH_OFFLINE",
        "cost_limit": "HRKIT_GRAPHQL_COST_LIMIT",
        "debug": "HRKIT_DEBUG",
        "sync_dir": "HRKIT_SYNC_DIR",
    }

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from `environ` (default `os.environ`); `overrides` that are not None win."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        types = {f.name: f.type for f in fields(cls)}
        for name, var in cls.ENV.items():
            raw = env.get(var)
            if raw is None or raw.strip() == "":
                continue
            values[name] = _parse(var, str(types[name]), raw.strip())
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        settings.validate()
        return settings

    def with_overrides(self, **overrides: Any) -> Settings:
        changed = replace(self, **{k: v for k, v in overrides.items() if v is not None})
        changed.validate()
        return changed

    def validate(self) -> None:
        check_tenant_slug(self.tenant)
        if self.fetch_timeout <= 0:
            raise ConfigError("HRKIT_FETCH_TIMEOUT must be a positive number of seconds")
        if self.fetch_max_bytes <= 0:
            raise ConfigError("HRKIT_FETCH_MAX_BYTES must be a positive number of bytes")
        if self.cost_limit <= 0:
            raise ConfigError("HRKIT_GRAPHQL_COST_LIMIT must be a positive number")


def check_tenant_slug(slug: str) -> str:
    """A tenant name is a lower-case slug: letters, digits, `-` and `_`, at most 63 characters."""
    if not _TENANT_SLUG.match(slug):
        raise ConfigError(
            f"invalid tenant name {slug!r}: use lower-case letters, digits, '-' and '_' "
            "(at most 63 characters)"
        )
    return slug


def _parse(var: str, type_name: str, raw: str) -> Any:
    try:
        if type_name.startswith("bool"):
            return raw.lower() in {"1", "true", "yes", "on"}
        if type_name.startswith("int"):
            return int(raw)
        if type_name.startswith("float"):
            return float(raw)
    except ValueError:
        raise ConfigError(f"{var}={raw!r} is not a number") from None
    if type_name.startswith("tuple"):
        return tuple(part for part in re.split(r"[\s,]+", raw) if part)
    return raw
