"""Who may call what (the contract's role table); row visibility lives in the repositories."""

from __future__ import annotations

from typing import Any, ClassVar

from strawberry.permission import BasePermission

from graphql_schema.context import Info
from hrkit.model.access import AccessRole


class _HasRole(BasePermission):
    roles: ClassVar[frozenset[AccessRole]] = frozenset()
    message = "forbidden: your roles do not allow this"
    error_extensions: ClassVar[dict[str, Any]] = {"code": "FORBIDDEN"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        principal = info.context.principal
        return principal is not None and principal.has(*self.roles)


def require(*roles: AccessRole) -> type[BasePermission]:
    """A permission class allowing exactly the callers holding one of `roles`."""
    names = "Or".join(role.value.title().replace("_", "") for role in roles)
    return type(f"Has{names}", (_HasRole,), {"roles": frozenset(roles)})


def allowed(info: Info, *roles: AccessRole) -> bool:
    """The same rule inside a mutation resolver, which answers with a FORBIDDEN userError."""
    principal = info.context.principal
    return principal is not None and principal.has(*roles)


EVERYONE = tuple(AccessRole)
