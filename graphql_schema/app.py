"""The ASGI application factory: the API's composition root."""

from __future__ import annotations

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from hrkit.settings import Settings
from hrkit.store.database import Database
from hrkit.store.migrate import ensure_schema


def create_app(settings: Settings | None = None, db: Database | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    db = db or Database(settings.database_url)
    ensure_schema(db)

    def ping() -> None:
        with db.session() as session:
            session.execute(text("SELECT 1"))

    async def healthz(_request: Request) -> JSONResponse:
        try:
            await run_in_threadpool(ping)
        except Exception:  # any database failure makes the instance unhealthy
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    app = Starlette(routes=[Route("/healthz", healthz, methods=["GET"])])
    app.state.settings = settings
    app.state.db = db
    return app
