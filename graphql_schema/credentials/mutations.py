"""submitCredential: verify a document against the tenant's registry and store it."""

from __future__ import annotations

from dataclasses import dataclass

import strawberry
from starlette.concurrency import run_in_threadpool

from graphql_schema.context import Context, Info
from graphql_schema.credentials.dataloaders import credential_by_id
from graphql_schema.credentials.types import Credential
from graphql_schema.enums import PersonKind
from graphql_schema.errors import UserError, denied, user_error
from hrkit.errors import HrkitError, ValidationError
from hrkit.model.access import AccessRole
from hrkit.model.enums import PersonKind as Kind
from hrkit.model.people import parse_email
from hrkit.services.credentials import holder, store, trust_registry
from hrkit.store.repositories import PeopleRepository
from hrkit.store.scope import Scope
from hrkit.verify.inputs import InputRef
from hrkit.verify.runner import VerifyOptions, verify_all

MAX_DOCUMENT_CHARS = 2_000_000


@strawberry.input
class SubmitCredentialInput:
    holder_email: str
    holder_name: str | None = None
    holder_kind: PersonKind = Kind.CANDIDATE
    document: str = strawberry.field(description="The credential: JSON, a JWT, or a URL.")


@strawberry.type
class SubmitCredentialPayload:
    credential: Credential | None
    user_errors: list[UserError]


@dataclass(frozen=True)
class _Stored:
    credential_pk: int


def _submit(ctx: Context, email: str, given: SubmitCredentialInput) -> _Stored:
    """Check the holder, verify (no transaction open meanwhile), then store."""
    scope = ctx.scope
    principal = ctx.principal
    assert scope is not None and principal is not None
    system = Scope(scope.tenant_id, scope.tenant_slug)  # to see clashes the caller cannot see
    with ctx.db.session() as session:
        existing = PeopleRepository(session, system).by_email(email)
        registry = trust_registry(session, system)
    kind = Kind(existing.kind) if existing is not None else Kind(given.holder_kind)
    if not principal.sees_all(kind) and not principal.has(AccessRole.HRIS):
        # A recruiter may submit for candidates only; an employee's email reads as forbidden
        # without saying that such an employee exists.
        raise _Forbidden("you may not submit credentials for this holder")
    options = VerifyOptions(
        now=ctx.now,
        trust=registry.entries if registry else None,
        recipient=email,
        allow_hosts=ctx.settings.fetch_allow,
        offline=ctx.settings.fetch_offline,
        fetch_timeout=ctx.settings.fetch_timeout,
        fetch_max_bytes=ctx.settings.fetch_max_bytes,
    )
    [result] = list(
        verify_all([InputRef("submitCredential", data=given.document.encode())], options, workers=1)
    )
    with ctx.db.transaction() as session:
        person = holder(session, system, email, kind=kind, name=given.holder_name)
        stored = store(session, system, person, result, now=ctx.now, source="api")
    return _Stored(stored.credential_id)


class _Forbidden(HrkitError):
    code = "FORBIDDEN"


@strawberry.type
class CredentialsMutation:
    @strawberry.mutation(description="Verify a credential and store it for its holder.")
    async def submit_credential(
        self, info: Info, input: SubmitCredentialInput
    ) -> SubmitCredentialPayload:
        ctx = info.context
        if ctx.principal is None or not ctx.principal.has(
            AccessRole.HR_ADMIN, AccessRole.RECRUITER, AccessRole.HRIS
        ):
            return SubmitCredentialPayload(credential=None, user_errors=[denied()])
        try:
            email = parse_email(input.holder_email)
        except ValidationError as exc:
            return SubmitCredentialPayload(
                credential=None, user_errors=[user_error(exc, "input", "holderEmail")]
            )
        if len(input.document) > MAX_DOCUMENT_CHARS or not input.document.strip():
            error = ValidationError(
                f"the document must be 1 to {MAX_DOCUMENT_CHARS} characters",
                code="INVALID_DOCUMENT",
            )
            return SubmitCredentialPayload(
                credential=None, user_errors=[user_error(error, "input", "document")]
            )
        try:
            stored = await run_in_threadpool(_submit, ctx, email, input)
        except _Forbidden as exc:
            return SubmitCredentialPayload(credential=None, user_errors=[denied(str(exc))])
        except HrkitError as exc:
            return SubmitCredentialPayload(credential=None, user_errors=[user_error(exc)])
        return SubmitCredentialPayload(
            credential=await credential_by_id(info).load(stored.credential_pk), user_errors=[]
        )
