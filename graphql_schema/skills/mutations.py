"""importSkills: a taxonomy file (ESCO, O*NET, custom), uploaded with the multipart spec."""

from __future__ import annotations

from enum import Enum

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.file_uploads import Upload

from graphql_schema.context import Context, Info
from graphql_schema.errors import UserError, denied, file_too_large, user_error
from hrkit.errors import HrkitError
from hrkit.model.access import AccessRole
from hrkit.services.skills_import import import_skills
from hrkit.skills.import_report import ImportReport
from hrkit.skills.table import LIMITS

MAX_UPLOAD_BYTES = LIMITS.max_bytes


@strawberry.enum
class SkillFramework(Enum):
    ESCO = "esco"
    ONET = "onet"
    CUSTOM = "custom"


@strawberry.input
class ImportSkillsInput:
    file: Upload
    framework: SkillFramework | None = strawberry.field(
        default=None, description="The taxonomy's framework; detected from the headers if null."
    )


@strawberry.type
class SkillImportProblem:
    row: int = strawberry.field(description="The file's own row number (the header is row 1).")
    code: str
    message: str


@strawberry.type
class SkillImportReport:
    framework: SkillFramework
    format: str = strawberry.field(
        description="The layout read: esco-skills, esco-hierarchy, esco-broader, "
        "esco-occupation-skills, onet-technology or custom."
    )
    rows: int
    created: int
    updated: int
    unchanged: int
    invalid: int = strawberry.field(description="Rows not imported; `errors` say why.")
    errors: list[SkillImportProblem]

    @classmethod
    def of(cls, report: ImportReport) -> SkillImportReport:
        return cls(
            framework=SkillFramework(report.framework),
            format=report.format,
            rows=report.rows,
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            invalid=report.invalid,
            errors=[SkillImportProblem(**e) for e in report.summary()["errors"]],
        )


@strawberry.type
class ImportSkillsPayload:
    report: SkillImportReport | None
    user_errors: list[UserError]


def _import(ctx: Context, data: bytes, filename: str, framework: str | None) -> ImportReport:
    assert ctx.scope is not None
    with ctx.db.transaction() as session:
        return import_skills(session, ctx.scope, data, filename, framework)


@strawberry.type
class SkillsMutation:
    @strawberry.mutation(
        description="Import a skill taxonomy (ESCO CSV, O*NET Technology Skills, custom CSV); "
        "skills are matched by uri, so importing the same file again changes nothing."
    )
    async def import_skills(self, info: Info, input: ImportSkillsInput) -> ImportSkillsPayload:
        principal = info.context.principal
        upload = input.file
        if principal is None or not principal.has(AccessRole.HR_ADMIN):
            await upload.close()
            return ImportSkillsPayload(report=None, user_errors=[denied()])
        try:
            data = await upload.read(MAX_UPLOAD_BYTES + 1)
        finally:
            await upload.close()  # the spooled temporary file, not left to the GC
        if len(data) > MAX_UPLOAD_BYTES:
            return ImportSkillsPayload(report=None, user_errors=[file_too_large(MAX_UPLOAD_BYTES)])
        framework = input.framework.value if input.framework else None
        try:
            report = await run_in_threadpool(
                _import, info.context, data, upload.filename or "upload", framework
            )
        except HrkitError as exc:
            return ImportSkillsPayload(report=None, user_errors=[user_error(exc, "input", "file")])
        return ImportSkillsPayload(report=SkillImportReport.of(report), user_errors=[])
