"""`GET /ui/matrix/export.xlsx?roleId=…&managerId=…`: the matrix as an Excel download.

It sits behind the same door as /graphql (`AuthenticatedEndpoint`: the bearer token, its tenant
and roles) and builds the matrix with the same function as the skillMatrix query, so the same
people are visible and the same checks apply. Failures answer like the API's errors, with the
code in `extensions.code`: 401 without a token, 404 NOT_FOUND, 403 FORBIDDEN, 400 BAD_INPUT.
The /ui/matrix page fetches it with the token in the Authorization header and saves the Blob.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from graphql_schema.auth import context_of
from graphql_schema.context import Context
from graphql_schema.matrix.queries import matrix_in_scope, matrix_pks
from hrkit.errors import HrkitError, NotFoundError, PermissionDeniedError, ValidationError
from hrkit.skills.matrix import Matrix
from hrkit.skills.matrix_export import Export, render
from hrkit.store.repositories import Repositories

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUS = {"NOT_FOUND": 404, "FORBIDDEN": 403}


class MatrixDownload:
    """The ASGI app behind the door: answers one workbook per request."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        context = context_of(request)
        if context is None:
            # A browser opening the URL (Accept: text/html) passes the door without a token.
            response: Response = JSONResponse(
                {"errors": [{"message": "unauthenticated: send Authorization: Bearer <token>"}]},
                status_code=401,
                headers={"www-authenticate": 'Bearer error="invalid_token"'},
            )
        else:
            try:
                response = await _download(request, context)
            except (ValidationError, NotFoundError, PermissionDeniedError) as exc:
                response = _error(exc)
        await response(scope, receive, send)


async def _download(request: Request, context: Context) -> Response:
    params = request.query_params
    role_pk, manager_pk = matrix_pks(params.get("roleId") or None, params.get("managerId") or None)
    now = context.now

    def work(repos: Repositories) -> tuple[Matrix, Export]:
        matrix = matrix_in_scope(repos, now, role_pk, manager_pk).matrix
        return matrix, render(matrix, "xlsx", generated_at=now)

    matrix, export = await context.run(work)
    name = filename(matrix)
    fallback = name.encode("ascii", "ignore").decode() or "skill-matrix.xlsx"
    return Response(
        export.data,
        media_type=XLSX,
        headers={
            "content-disposition": (
                f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
            ),
            "cache-control": "no-store",
            "x-content-type-options": "nosniff",
        },
    )


def filename(matrix: Matrix) -> str:
    """`skill-matrix-<role>-<manager>.xlsx`, in plain lower-case ASCII words."""
    parts = ["skill-matrix"]
    if matrix.role:
        parts.append(_slug(matrix.role))
    if matrix.manager is not None:
        parts.append(_slug(matrix.manager.name) or "team")
    return "-".join(p for p in parts if p) + ".xlsx"


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60]


def _error(exc: HrkitError) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"message": str(exc), "extensions": {"code": exc.code}}]},
        status_code=STATUS.get(exc.code, 400),
    )
