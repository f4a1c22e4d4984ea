"""`GET /sync/files/{run_id}/{name}`: a file of an API sync run, for hr_admin and hris.

It sits behind the same door as /graphql (`AuthenticatedEndpoint`: bearer token, tenant,
roles): 401 without a valid token, 403 for other roles, and 404 for a run of another tenant, a
name that is not one of the run's files, or a file no longer on disk. Names are looked up in
the run's record, never joined onto a path as given.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.types import Receive, Scope, Send

from graphql_schema.auth import context_of
from graphql_schema.sync.folders import sync_folder
from hrkit.errors import ValidationError
from hrkit.model.access import AccessRole
from hrkit.store.repositories import Repositories
from hrkit.sync.ledger import SyncLedger

TYPES = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class SyncFileDownload:
    """The ASGI app behind the door: one file per request."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        context = context_of(request)
        response: Response
        if context is None:
            # A browser opening the URL (Accept: text/html) passes the door without a token.
            response = _error(401, "unauthenticated: send Authorization: Bearer <token>")
            response.headers["www-authenticate"] = 'Bearer error="invalid_token"'
        elif context.principal is None or not context.principal.has(
            AccessRole.HR_ADMIN, AccessRole.HRIS
        ):
            response = _error(403, "you are not allowed to do this", "FORBIDDEN")
        else:
            run_id = int(request.path_params["run_id"])
            name = str(request.path_params["name"])
            settings = context.settings

            def locate(repos: Repositories) -> Path | None:
                run = SyncLedger(repos.session, repos.scope.tenant_id).run(run_id)
                if run is None or run.dry_run or name not in run.files:
                    return None
                try:
                    folder = sync_folder(settings, repos.scope.tenant_slug, run.target).resolve()
                except ValidationError:
                    return None
                path = (folder / name).resolve()
                return path if path.parent == folder and path.is_file() else None

            found = await context.run(locate)
            if found is None:
                response = _error(404, "no such file", "NOT_FOUND")
            else:
                media = TYPES.get(found.suffix) or mimetypes.guess_type(found.name)[0]
                response = FileResponse(
                    found,
                    media_type=media or "application/octet-stream",
                    filename=found.name,
                    headers={"cache-control": "no-store", "x-content-type-options": "nosniff"},
                )
        await response(scope, receive, send)


def _error(status: int, message: str, code: str = "UNAUTHENTICATED") -> JSONResponse:
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status
    )
