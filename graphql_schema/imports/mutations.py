"""importCandidates: a recruiter's spreadsheet, uploaded with the GraphQL multipart spec."""

from __future__ import annotations

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.file_uploads import Upload

from graphql_schema.context import Context, Info
from graphql_schema.errors import UserError, denied, file_too_large, user_error
from graphql_schema.imports.types import ImportReport
from hrkit.errors import HrkitError
from hrkit.model.access import AccessRole
from hrkit.model.enums import PersonKind
from hrkit.services.import_people import ImportOptions, ImportResult, import_people
from hrkit.verify.runner import VerifyOptions

MAX_UPLOAD_BYTES = 50_000_000


@strawberry.input
class ImportCandidatesInput:
    file: Upload
    dry_run: bool = False


@strawberry.type
class ImportCandidatesPayload:
    report: ImportReport | None
    user_errors: list[UserError]


def _import(ctx: Context, data: bytes, filename: str, dry_run: bool) -> ImportResult:
    scope, principal, settings = ctx.scope, ctx.principal, ctx.settings
    assert scope is not None and principal is not None
    options = ImportOptions(
        kind=PersonKind.CANDIDATE,
        dry_run=dry_run,
        verify=VerifyOptions(
            now=ctx.now,
            allow_hosts=settings.fetch_allow,
            offline=settings.fetch_offline,
            fetch_timeout=settings.fetch_timeout,
            fetch_max_bytes=settings.fetch_max_bytes,
        ),
        # A recruiter's sheet never touches the employees the recruiter cannot see.
        protected=frozenset(k for k in PersonKind if not principal.sees_all(k)),
        source="api-import",
        person_ids=True,
    )
    return import_people(ctx.db, scope.tenant_slug, data, filename, options)


@strawberry.type
class ImportsMutation:
    @strawberry.mutation(description="Import a candidate spreadsheet (.xlsx, .xls, .ods, .csv).")
    async def import_candidates(
        self, info: Info, input: ImportCandidatesInput
    ) -> ImportCandidatesPayload:
        principal = info.context.principal
        upload = input.file
        if principal is None or not principal.has(AccessRole.HR_ADMIN, AccessRole.RECRUITER):
            await upload.close()
            return ImportCandidatesPayload(report=None, user_errors=[denied()])
        try:
            data = await upload.read(MAX_UPLOAD_BYTES + 1)
        finally:
            await upload.close()  # the spooled temporary file, not left to the GC
        if len(data) > MAX_UPLOAD_BYTES:
            return ImportCandidatesPayload(
                report=None, user_errors=[file_too_large(MAX_UPLOAD_BYTES)]
            )
        filename = upload.filename or "upload"
        try:
            result = await run_in_threadpool(_import, info.context, data, filename, input.dry_run)
        except HrkitError as exc:
            return ImportCandidatesPayload(
                report=None, user_errors=[user_error(exc, "input", "file")]
            )
        return ImportCandidatesPayload(report=ImportReport.of(result), user_errors=[])
