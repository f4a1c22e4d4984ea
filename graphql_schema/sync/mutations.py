"""runSync: export verified credentials to an HRIS target's import files.

The files go to the server's folder for the tenant and target (`HRKIT_SYNC_DIR`, see
`folders.py`); each run's `downloadUrls` serve them to hr_admin and hris callers of the same
tenant (`files.py`). The run itself happens in a worker thread: it streams every change.
"""

from __future__ import annotations

from urllib.parse import quote

import strawberry
from starlette.concurrency import run_in_threadpool

from graphql_schema.context import Context, Info
from graphql_schema.errors import UserError, denied, user_error
from graphql_schema.sync.folders import sync_folder
from hrkit.errors import HrkitError
from hrkit.model.access import AccessRole
from hrkit.sync.engine import SyncResult, load_target
from hrkit.sync.engine import run_sync as run_target_sync


@strawberry.input
class RunSyncInput:
    target: str
    full: bool = False
    dry_run: bool = False


@strawberry.type
class SyncRun:
    target: str
    exported: int
    files: list[str] = strawberry.field(description="File names (no server paths).")
    watermark: int
    ended: int = strawberry.field(description="Rows that end-date a credential exported before.")
    full: bool
    dry_run: bool
    download_urls: list[str] = strawberry.field(
        description="GET each with the same bearer token (hr_admin or hris)."
    )

    @classmethod
    def of(cls, result: SyncResult) -> SyncRun:
        urls = (
            [f"/sync/files/{result.run_id}/{quote(name)}" for name in result.file_names]
            if result.run_id is not None
            else []
        )
        return cls(
            target=result.target,
            exported=result.exported,
            files=result.file_names,
            watermark=result.watermark,
            ended=result.ended,
            full=result.full,
            dry_run=result.dry_run,
            download_urls=urls,
        )


@strawberry.type
class RunSyncPayload:
    run: SyncRun | None
    user_errors: list[UserError]


def _run(ctx: Context, target: str, full: bool, dry_run: bool) -> SyncResult:
    assert ctx.scope is not None
    load_target(target)  # an unknown name is reported before any folder is made for it
    tenant = ctx.scope.tenant_slug
    out = sync_folder(ctx.settings, tenant, target)
    return run_target_sync(ctx.db, tenant, target, out, full=full, dry_run=dry_run)


@strawberry.type
class SyncMutation:
    @strawberry.mutation(description="Run an incremental (or full) sync to an HRIS target.")
    async def run_sync(self, info: Info, input: RunSyncInput) -> RunSyncPayload:
        principal = info.context.principal
        if principal is None or not principal.has(AccessRole.HR_ADMIN, AccessRole.HRIS):
            return RunSyncPayload(run=None, user_errors=[denied()])
        try:
            result = await run_in_threadpool(
                _run, info.context, input.target, input.full, input.dry_run
            )
        except HrkitError as exc:
            return RunSyncPayload(run=None, user_errors=[user_error(exc, "input", "target")])
        return RunSyncPayload(run=SyncRun.of(result), user_errors=[])
