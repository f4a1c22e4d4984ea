"""The /graphql endpoint's door: every request but the GraphiQL page needs a valid bearer token.

Anything wrong with the token — missing, malformed, `alg: none`, wrong key, HS/RS confusion,
expired, wrong `aud`/`iss`, a missing claim, an unknown role or tenant — is HTTP 401 with a short
reason and no data, decided before GraphQL sees the request.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from graphql_schema.context import Context
from graphql_schema.media import answer_as_graphql_response, wants_graphql_response
from hrkit.auth.jwt_verify import TokenVerifier
from hrkit.auth.principal import Principal
from hrkit.errors import AuthError
from hrkit.settings import Settings
from hrkit.store.database import Database
from hrkit.store.repositories import TenantRepository
from hrkit.store.scope import Scope as DataScope

STATE_KEY = "hrkit_context"


class AuthenticatedEndpoint:
    """Wraps the GraphQL view: authenticates, builds the request context, closes it after."""

    def __init__(
        self, view: ASGIApp, verifier: TokenVerifier, db: Database, settings: Settings
    ) -> None:
        self.view = view
        self.verifier = verifier
        self.db = db
        self.settings = settings
        self._tenants: dict[str, DataScope] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        if _is_ide_page(request):
            await self.view(scope, receive, send)  # the GraphiQL page itself needs no token
            return
        try:
            principal = self.verifier.verify(request.headers.get("authorization"))
            data_scope = await self._scope(principal)
        except AuthError as exc:
            await _unauthorized(str(exc), send)
            return
        context = Context(
            request=request,
            db=self.db,
            settings=self.settings,
            principal=principal,
            scope=data_scope,
        )
        scope.setdefault("state", {})[STATE_KEY] = context
        try:
            if wants_graphql_response(scope.get("headers", [])):
                await answer_as_graphql_response(self.view, scope, receive, send)
            else:
                await self.view(scope, receive, send)
        finally:
            await run_in_threadpool(context.close)

    async def _scope(self, principal: Principal) -> DataScope:
        cached = self._tenants.get(principal.tenant)
        if cached is None:
            cached = await run_in_threadpool(self._load_tenant, principal.tenant)
            self._tenants[principal.tenant] = cached
        return cached.as_principal(principal)

    def _load_tenant(self, slug: str) -> DataScope:
        with self.db.session() as session:
            tenant = TenantRepository(session).by_slug(slug)
        if tenant is None:
            raise AuthError("unknown tenant")
        return DataScope(tenant.id, tenant.slug)


def _is_ide_page(request: Request) -> bool:
    return (
        request.method == "GET"
        and "text/html" in request.headers.get("accept", "")
        and "query" not in request.query_params
    )


async def _unauthorized(reason: str, send: Send) -> None:
    body = json.dumps({"errors": [{"message": f"unauthenticated: {reason}"}]}).encode()
    headers: list[tuple[bytes, bytes]] = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"www-authenticate", b'Bearer error="invalid_token"'),
    ]
    await send({"type": "http.response.start", "status": 401, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def context_of(request: Any) -> Context | None:
    state = request.scope.get("state", {})
    found = state.get(STATE_KEY)
    return found if isinstance(found, Context) else None
