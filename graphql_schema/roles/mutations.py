"""upsertRole: create a role or replace its requirements."""

from __future__ import annotations

import strawberry
from starlette.concurrency import run_in_threadpool

from graphql_schema.context import Context, Info
from graphql_schema.errors import UserError, denied, user_error
from graphql_schema.roles.types import Role
from hrkit.errors import HrkitError
from hrkit.model.access import AccessRole
from hrkit.services.roles import RequirementInput as Requirement
from hrkit.services.roles import upsert_role


@strawberry.input
class RequirementInput:
    skill_uri: str
    level: int = strawberry.field(description="1 to 5")
    essential: bool = True
    weight: float | None = strawberry.field(
        default=None, description="default 1.0 when essential, 0.5 otherwise"
    )


@strawberry.input
class UpsertRoleInput:
    title: str
    open: bool = True
    description: str | None = None
    requirements: list[RequirementInput]


@strawberry.type
class UpsertRolePayload:
    role: Role | None
    user_errors: list[UserError]


def _apply(ctx: Context, given: UpsertRoleInput) -> Role:
    assert ctx.scope is not None
    with ctx.db.transaction() as session:
        row = upsert_role(
            session,
            ctx.scope,
            given.title,
            open=given.open,
            description=given.description,
            requirements=[
                Requirement(r.skill_uri, r.level, r.essential, r.weight) for r in given.requirements
            ],
        )
        return Role.from_row(row)


@strawberry.type
class RolesMutation:
    @strawberry.mutation(description="Create a role or replace its state and requirements.")
    async def upsert_role(self, info: Info, input: UpsertRoleInput) -> UpsertRolePayload:
        principal = info.context.principal
        if principal is None or not principal.has(AccessRole.HR_ADMIN):
            return UpsertRolePayload(role=None, user_errors=[denied()])
        try:
            role = await run_in_threadpool(_apply, info.context, input)
        except HrkitError as exc:
            return UpsertRolePayload(role=None, user_errors=[user_error(exc, "input")])
        return UpsertRolePayload(role=role, user_errors=[])
