"""The HS256 development secret: `HRKIT_JWT_SECRET`, or one generated once per database.

Generating it on first use keeps `hrkit serve` and `hrkit token` on the same database in
agreement without shipping a well-known default secret.
"""

from __future__ import annotations

import secrets

from sqlalchemy.exc import IntegrityError

from hrkit.settings import Settings
from hrkit.store.database import Database
from hrkit.store.repositories.tenants import InstanceSettings

SECRET_SETTING = "jwt_hs256_secret"  # noqa: S105 - the name of a setting, not a secret


def development_secret(db: Database, settings: Settings) -> str:
    if settings.jwt_secret:
        return settings.jwt_secret
    with db.session() as session:
        stored = InstanceSettings(session).get(SECRET_SETTING)
    if stored:
        return stored
    try:
        with db.transaction() as session:
            generated = secrets.token_urlsafe(48)
            return InstanceSettings(session).put_if_absent(SECRET_SETTING, generated)
    except IntegrityError:  # another process stored one first: use theirs
        with db.session() as session:
            value = InstanceSettings(session).get(SECRET_SETTING)
        assert value is not None
        return value
