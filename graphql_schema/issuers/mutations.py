"""trustIssuer: add an issuer to (or remove it from) the tenant's trust registry."""

from __future__ import annotations

import strawberry
from starlette.concurrency import run_in_threadpool

from graphql_schema.context import Context, Info
from graphql_schema.errors import UserError, denied, user_error
from graphql_schema.issuers.types import Issuer
from hrkit.errors import HrkitError
from hrkit.model.access import AccessRole
from hrkit.services.trust import trust_issuer, untrust_issuer


@strawberry.input
class TrustIssuerInput:
    uri: str = strawberry.field(description="A DID or an https URL.")
    name: str
    trusted: bool = strawberry.field(default=True, description="false removes it from the registry")


@strawberry.type
class TrustIssuerPayload:
    issuer: Issuer | None
    user_errors: list[UserError]


def _apply(ctx: Context, given: TrustIssuerInput) -> Issuer:
    assert ctx.scope is not None
    with ctx.db.transaction() as session:
        if given.trusted:
            row = trust_issuer(session, ctx.scope, given.uri, given.name)
        else:
            row = untrust_issuer(session, ctx.scope, given.uri)
        return Issuer.from_row(row)


@strawberry.type
class IssuersMutation:
    @strawberry.mutation(description="Trust an issuer; stored credentials are re-decided at once.")
    async def trust_issuer(self, info: Info, input: TrustIssuerInput) -> TrustIssuerPayload:
        principal = info.context.principal
        if principal is None or not principal.has(AccessRole.HR_ADMIN):
            return TrustIssuerPayload(issuer=None, user_errors=[denied()])
        try:
            issuer = await run_in_threadpool(_apply, info.context, input)
        except HrkitError as exc:
            return TrustIssuerPayload(issuer=None, user_errors=[user_error(exc, "input", "uri")])
        return TrustIssuerPayload(issuer=issuer, user_errors=[])
