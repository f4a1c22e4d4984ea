"""strawberry's ASGI view with hrkit's request context."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from graphql_schema.auth import context_of
from graphql_schema.context import Context
from graphql_schema.limits import GetMutationNotAllowedMixin


class HrkitGraphQL(GetMutationNotAllowedMixin, GraphQL[Context, None]):
    def __init__(self, *args: Any, db: Any, settings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._db = db
        self._settings = settings

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        context = context_of(request)
        if context is not None:
            return context
        # Only the GraphiQL page reaches the view unauthenticated (AuthenticatedEndpoint lets
        # nothing else through); it executes no operation, so it gets a context that sees nothing.
        return Context(
            request=None, db=self._db, settings=self._settings, principal=None, scope=None
        )
