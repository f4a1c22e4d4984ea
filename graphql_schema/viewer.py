"""viewer: who the token says the caller is."""

from __future__ import annotations

import strawberry

from graphql_schema.context import Info


@strawberry.type
class Viewer:
    subject: str
    tenant: str
    roles: list[str]


@strawberry.type
class ViewerQuery:
    @strawberry.field
    def viewer(self, info: Info) -> Viewer:
        principal = info.context.principal
        assert principal is not None, "every GraphQL request is authenticated"
        return Viewer(
            subject=principal.subject,
            tenant=principal.tenant,
            roles=sorted(role.value for role in principal.roles),
        )
