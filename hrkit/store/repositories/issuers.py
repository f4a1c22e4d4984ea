"""Issuers of a tenant, including its trust registry (`trusted`)."""

from __future__ import annotations

from hrkit.store.repositories.base import ScopedRepository
from hrkit.store.tables import Issuer


class IssuerRepository(ScopedRepository[Issuer]):
    model = Issuer

    def by_uri(self, uri: str) -> Issuer | None:
        return self.session.scalars(self.select(Issuer.uri == uri)).one_or_none()

    def upsert(self, uri: str, name: str | None = None) -> Issuer:
        """The issuer with `uri`, created when new; a given `name` replaces an empty one."""
        issuer = self.by_uri(uri)
        if issuer is None:
            issuer = self.add(Issuer(uri=uri, name=name, trusted=False))
            self.session.flush()
        elif name and not issuer.name:
            issuer.name = name
        return issuer

    def trusted(self) -> list[Issuer]:
        return self.find(Issuer.trusted.is_(True), order_by=[Issuer.uri])

    def has_registry(self) -> bool:
        """Whether the tenant trusts any issuer (an empty registry means trust is not checked)."""
        return self.count(Issuer.trusted.is_(True)) > 0
