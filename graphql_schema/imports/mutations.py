"""importCandidates: a recruiter's spreadsheet, uploaded with the GraphQL multipart spec."""

from __future__ import annotations

import strawberry
from strawberry.file_uploads import Upload

from graphql_schema.context import Info
from graphql_schema.errors import UserError, denied
from hrkit.model.access import AccessRole

MAX_UPLOAD_BYTES = 50_000_000


@strawberry.type
class ImportProblem:
    row: int | None
    column: str | None
    code: str
    message: str


@strawberry.type
class ImportReport:
    rows: int
    created: int
    updated: int
    unchanged: int
    credentials: int
    errors: list[ImportProblem]


@strawberry.input
class ImportCandidatesInput:
    file: Upload
    dry_run: bool = False


@strawberry.type
class ImportCandidatesPayload:
    report: ImportReport | None
    user_errors: list[UserError]


@strawberry.type
class ImportsMutation:
    @strawberry.mutation(description="Import a candidate spreadsheet (.xlsx, .xls, .ods, .csv).")
    async def import_candidates(
        self, info: Info, input: ImportCandidatesInput
    ) -> ImportCandidatesPayload:
        principal = info.context.principal
        if principal is None or not principal.has(AccessRole.HR_ADMIN, AccessRole.RECRUITER):
            return ImportCandidatesPayload(report=None, user_errors=[denied()])
        try:
            data = await input.file.read(MAX_UPLOAD_BYTES + 1)
        finally:
            await input.file.close()  # the spooled temporary file, not left to the GC
        if len(data) > MAX_UPLOAD_BYTES:
            return ImportCandidatesPayload(
                report=None,
                user_errors=[
                    UserError(
                        field=["input", "file"],
                        message=f"the file is larger than {MAX_UPLOAD_BYTES} bytes",
                        code="FILE_TOO_LARGE",
                    )
                ],
            )
        return ImportCandidatesPayload(
            report=None,
            user_errors=[
                UserError(
                    field=["input", "file"],
                    message=f"received {len(data)} bytes; the spreadsheet import engine is not "
                    "available yet",
                    code="NOT_IMPLEMENTED",
                )
            ],
        )
