"""What a repository may see: one tenant, and — for API callers — the people their roles show."""

from __future__ import annotations

from dataclasses import dataclass

from hrkit.auth.principal import Principal


@dataclass(frozen=True)
class Scope:
    """The tenant a unit of work runs in, and whose eyes it looks through.

    `principal` None is the system (CLI, background jobs): the whole tenant. Otherwise every
    repository query is narrowed to what the principal's roles may see (PRODUCT.md §6), in one
    place — ScopedRepository.select — so no resolver can forget it.
    """

    tenant_id: int
    tenant_slug: str
    principal: Principal | None = None

    def as_principal(self, principal: Principal) -> Scope:
        return Scope(self.tenant_id, self.tenant_slug, principal)
