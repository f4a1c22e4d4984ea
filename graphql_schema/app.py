"""The ASGI application factory: the API's composition root."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

import connectors
from graphql_schema.auth import AuthenticatedEndpoint
from graphql_schema.imports.mutations import MAX_UPLOAD_BYTES
from graphql_schema.limits import BodySizeLimitMiddleware, Limits, protection_extensions
from graphql_schema.matrix.download import MatrixDownload
from graphql_schema.schema import build_schema
from graphql_schema.sync.files import SyncFileDownload
from graphql_schema.view import HrkitGraphQL
from hrkit.auth.jwt_verify import TokenVerifier
from hrkit.auth.secret import development_secret
from hrkit.settings import Settings
from hrkit.store.database import Database
from hrkit.store.migrate import ensure_schema

UI = Path(__file__).with_name("ui")


def create_app(settings: Settings | None = None, db: Database | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    connectors.register_builtins()  # runSync looks targets up by name
    db = db or Database(settings.database_url)
    ensure_schema(db)
    secret = None if settings.jwks else development_secret(db, settings)
    limits = Limits.from_settings(settings)
    schema = build_schema(protection_extensions(limits))
    view = HrkitGraphQL(
        schema,
        graphql_ide="graphiql",
        allow_queries_via_get=True,
        multipart_uploads_enabled=True,
        db=db,
        settings=settings,
    )
    verifier = TokenVerifier(settings, secret=secret)
    endpoint = AuthenticatedEndpoint(view, verifier, db, settings)
    # The matrix page's .xlsx download: behind the same door, with skillMatrix's checks.
    matrix_download = AuthenticatedEndpoint(MatrixDownload(), verifier, db, settings)
    # runSync's files: behind the same door, for hr_admin and hris of the run's tenant.
    sync_download = AuthenticatedEndpoint(SyncFileDownload(), verifier, db, settings)

    def ping() -> None:
        with db.session() as session:
            session.execute(text("SELECT 1"))

    async def healthz(_request: Request) -> JSONResponse:
        try:
            await run_in_threadpool(ping)
        except Exception:  # any database failure makes the instance unhealthy
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    app = Starlette(
        routes=[
            Route("/healthz", healthz, methods=["GET"]),
            Route("/graphql", endpoint, methods=["GET", "POST"]),
            Route("/ui/matrix/export.xlsx", matrix_download, methods=["GET"]),
            Route("/sync/files/{run_id:int}/{name}", sync_download, methods=["GET"]),
            Mount("/ui", StaticFiles(directory=UI, html=True), name="ui"),
        ]
    )
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_body_bytes=limits.max_body_bytes,
        max_upload_bytes=MAX_UPLOAD_BYTES,
    )
    app.state.settings = settings
    app.state.db = db
    app.state.schema = schema
    return app
