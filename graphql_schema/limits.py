"""The GraphQL API's protection layer: size, depth, alias, token and cost limits, error masking."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cross_web import HTTPException  # what strawberry's views raise for HTTP errors
from graphql import (
    DocumentNode,
    GraphQLError,
    OperationDefinitionNode,
    ValidationRule,
)
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.exceptions import InvalidOperationTypeError

from graphql_schema.cost import CostExtension, alias_count, fold_fragments, query_depth
from graphql_schema.cost import query_cost as query_cost
from hrkit.errors import (
    AuthError,
    FetchError,
    HrkitError,
    NotFoundError,
    PermissionDeniedError,
    SpreadsheetError,
    ValidationError,
)

if TYPE_CHECKING:
    from hrkit.settings import Settings

logger = logging.getLogger("graphql_schema")

# Errors the caller caused and can act on. Storage, configuration, connector and sync errors
# describe the server (paths, hosts, SQL) and stay masked like any other exception.
USER_ERRORS: tuple[type[HrkitError], ...] = (
    ValidationError,
    NotFoundError,
    AuthError,
    PermissionDeniedError,
    FetchError,
    SpreadsheetError,
)

# Both caches are module-level LRUs shared by every instance with the same size (strawberry).
CACHE_SIZE = 512

_SUGGESTION = re.compile(r" ?Did you mean [^?]*\?")


@dataclass(frozen=True)
class Limits:
    """Every bound the API puts on one request."""

    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5_000
    cost_limit: int = 100_000
    max_first: int = 500
    default_first: int = 50
    max_body_bytes: int = 1_000_000

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        """The defaults, with the cost cap from `HRKIT_GRAPHQL_COST_LIMIT`."""
        return cls(cost_limit=settings.cost_limit)


def protection_extensions(
    limits: Limits,
) -> list[type[SchemaExtension] | Callable[[], SchemaExtension]]:
    """Everything to pass to `strawberry.Schema(extensions=...)`, in order."""
    # Factories, not instances: strawberry deprecates shared instances (one per request keeps
    # `execution_context` from leaking between concurrent requests).
    return [
        lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
        lambda: ParserCache(maxsize=CACHE_SIZE),
        # One rule class per limit value, built once: ValidationCache keys on the rule classes,
        # so a class per request would never hit the cache.
        functools.partial(
            AddValidationRules, [depth_rule(limits.max_depth), alias_rule(limits.max_aliases)]
        ),
        lambda: ValidationCache(maxsize=CACHE_SIZE),
        lambda: CostExtension(
            limit=limits.cost_limit,
            default_first=limits.default_first,
            max_first=limits.max_first,
        ),
        MaskUnexpectedErrors,
        HideSuggestions,
    ]


# Strawberry's QueryDepthLimiter and MaxAliasesLimiter re-walk a fragment at every spread, which
# is exponential: 22 fragments that each spread the next one twice (under 1 KB) keep them busy
# for 14 s and 5 s, and every further fragment doubles that. These rules measure each fragment
# once, in leave_document, after graphql-core's own check of the fragments' nesting has passed.
@functools.cache
def depth_rule(max_depth: int) -> type[ValidationRule]:
    """A rule refusing operations nested deeper than `max_depth` (introspection aside)."""

    class DepthLimitRule(ValidationRule):
        def leave_document(self, node: DocumentNode, *_args: object) -> None:
            fragments = fold_fragments(node, query_depth)
            for operation in _operations(node):
                if query_depth(operation.selection_set, fragments) > max_depth:
                    name = operation.name.value if operation.name else "anonymous"
                    self.report_error(
                        GraphQLError(
                            f"'{name}' exceeds maximum operation depth of {max_depth}",
                            operation,
                            extensions={"code": "DEPTH_LIMIT_EXCEEDED"},
                        )
                    )

    return DepthLimitRule


@functools.cache
def alias_rule(max_aliases: int) -> type[ValidationRule]:
    """A validation rule refusing documents with more than `max_aliases` aliased fields."""

    class AliasLimitRule(ValidationRule):
        def leave_document(self, node: DocumentNode, *_args: object) -> None:
            fragments = fold_fragments(node, alias_count)
            total = sum(alias_count(op.selection_set, fragments) for op in _operations(node))
            if total > max_aliases:
                self.report_error(
                    GraphQLError(
                        f"{total} aliases found. Allowed: {max_aliases}",
                        extensions={"code": "ALIAS_LIMIT_EXCEEDED"},
                    )
                )

    return AliasLimitRule


def _operations(document: DocumentNode) -> Iterator[OperationDefinitionNode]:
    return (d for d in document.definitions if isinstance(d, OperationDefinitionNode))


def is_unexpected(error: GraphQLError) -> bool:
    """Whether an error must be masked: it wraps an exception that is not meant for users."""
    # Syntax and validation errors, and GraphQLErrors raised on purpose (permission classes,
    # the cost and argument checks), carry no original exception or a GraphQLError one.
    original = error.original_error
    return not (original is None or isinstance(original, (GraphQLError, *USER_ERRORS)))


class MaskUnexpectedErrors(MaskErrors):
    """Masks unexpected errors as "Unexpected error." (code INTERNAL), logging the original."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected, error_message="Unexpected error.")

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed = super()._process_errors(errors)
        return [
            _replace(error, extensions={**(error.extensions or {}), "code": original.code})
            if isinstance(original := error.original_error, HrkitError)
            else error
            for error in processed
        ]

    def get_results(self) -> dict[str, Any]:
        # An exception raised by an extension (not a resolver) unwinds past on_operation and
        # would reach the client as str(exception). Strawberry passes that error list here as
        # `pre_execution_errors`, the very list it returns, so it is masked in place. Lists
        # without such errors are left alone: ValidationCache shares its lists across requests.
        errors = self.execution_context.pre_execution_errors
        if errors and any(self.should_mask_error(error) for error in errors):
            errors[:] = self._process_errors(errors)
        return {}

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        assert original is not None  # is_unexpected() is false without one
        logger.error(
            "Unexpected error at %s: %s",
            ".".join(map(str, error.path or ())) or "(operation)",
            error.message,
            exc_info=(type(original), original, original.__traceback__),
        )
        return GraphQLError(
            self.error_message,
            error.nodes,
            error.source,
            error.positions,
            error.path,
            extensions={"code": "INTERNAL"},
        )


def strip_suggestions(message: str) -> str:
    """`message` without graphql-core's "Did you mean …?" hints."""
    return _SUGGESTION.sub("", message)


class HideSuggestions(SchemaExtension):
    """Strips field/type/argument suggestions from errors for callers without a principal."""

    # Suggestions let an anonymous caller enumerate the schema one typo at a time.
    def on_operation(self) -> Iterator[None]:
        yield
        context = self.execution_context
        if getattr(context.context, "principal", None) is not None:
            return
        result = context.result
        if result is not None and result.errors:
            # New errors, never edits: ValidationCache shares the cached errors between requests.
            result.errors = [
                _replace(error, message=strip_suggestions(error.message))
                if _SUGGESTION.search(error.message)
                else error
                for error in result.errors
            ]


def _replace(error: GraphQLError, **changes: Any) -> GraphQLError:
    fields: dict[str, Any] = {
        "message": error.message,
        "nodes": error.nodes,
        "source": error.source,
        "positions": error.positions,
        "path": error.path,
        "original_error": error.original_error,
        "extensions": error.extensions,
    }
    return GraphQLError(**{**fields, **changes})


class GetMutationNotAllowedMixin:
    """Mix into strawberry's `GraphQL` view: a mutation over GET answers 405, not 400."""

    # GraphQL-over-HTTP: a GET naming a mutation MUST be answered 405 Method Not Allowed.
    # Strawberry already refuses it, unexecuted, but with a 400 and no flag to change that.
    async def execute_single(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return await super().execute_single(*args, **kwargs)  # type: ignore[misc]
        except HTTPException as error:
            if isinstance(error.__cause__, InvalidOperationTypeError):
                raise HTTPException(405, error.reason) from error.__cause__
            raise


class _BodyTooLarge(Exception):
    pass


class BodySizeLimitMiddleware:
    """Answers 413 (GraphQL-shaped JSON) to request bodies larger than `max_body_bytes`."""

    def __init__(
        self,
        app: ASGIApp,
        max_body_bytes: int = Limits.max_body_bytes,
        max_upload_bytes: int | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        # Multipart requests carry files (spreadsheet uploads): they get their own, larger cap.
        self.max_upload_bytes = max_upload_bytes or max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        limit = (
            self.max_upload_bytes
            if headers.get("content-type", "").startswith("multipart/form-data")
            else self.max_body_bytes
        )
        await _Guard(self.app, limit)(scope, receive, send)


class _Guard:
    """One request's body limit (see BodySizeLimitMiddleware)."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._refuse(scope, receive, send)  # the body is never read
            return

        received = 0
        started = refused = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}  # the app read on after the refusal
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes and not started:
                    # Answer here: the app may turn the exception below into its own 500.
                    refused = True
                    await self._refuse(scope, receive, send)
                if received > self.max_body_bytes:
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 is already out; drop whatever the app answers after it
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            # _BodyTooLarge, or whatever the app made of it: the caller already has its answer.
            if not refused:
                raise

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"Request body exceeds the limit of {self.max_body_bytes} bytes."
        response = JSONResponse(
            {"errors": [{"message": message, "extensions": {"code": "PAYLOAD_TOO_LARGE"}}]},
            status_code=413,
        )
        await response(scope, receive, send)
