"""runSync: export verified credentials to an HRIS target's import files."""

from __future__ import annotations

import strawberry

from graphql_schema.context import Info
from graphql_schema.errors import UserError, denied
from hrkit.model.access import AccessRole


@strawberry.input
class RunSyncInput:
    target: str
    full: bool = False
    dry_run: bool = False


@strawberry.type
class SyncRun:
    target: str
    exported: int
    files: list[str]
    watermark: int


@strawberry.type
class RunSyncPayload:
    run: SyncRun | None
    user_errors: list[UserError]


@strawberry.type
class SyncMutation:
    @strawberry.mutation(description="Run an incremental (or full) sync to an HRIS target.")
    async def run_sync(self, info: Info, input: RunSyncInput) -> RunSyncPayload:
        principal = info.context.principal
        if principal is None or not principal.has(AccessRole.HR_ADMIN, AccessRole.HRIS):
            return RunSyncPayload(run=None, user_errors=[denied()])
        return RunSyncPayload(
            run=None,
            user_errors=[
                UserError(
                    field=["input", "target"],
                    message="HRIS sync is not available yet",
                    code="NOT_IMPLEMENTED",
                )
            ],
        )
