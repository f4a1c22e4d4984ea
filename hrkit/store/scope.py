"""What a repository may see: one tenant (and, for API callers, the people their role shows)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    """The tenant a unit of work runs in; every repository query is filtered by it."""

    tenant_id: int
    tenant_slug: str
