"""The per-request context: who is asking, their scope, one database session, the loaders."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any, TypeVar

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from strawberry.types import Info as StrawberryInfo

from hrkit.auth.principal import Principal
from hrkit.settings import Settings
from hrkit.store.database import Database
from hrkit.store.repositories import Repositories
from hrkit.store.scope import Scope
from hrkit.store.types import utcnow

T = TypeVar("T")


@dataclass
class Context:
    """What every resolver gets as `info.context`."""

    request: Request | None
    db: Database
    settings: Settings
    principal: Principal | None
    scope: Scope | None
    now: datetime = field(default_factory=utcnow)
    _session: Session | None = None
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    loaders: dict[str, Any] = field(default_factory=dict)

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = self.db._reader()  # one read session per request, closed at the end
        return self._session

    @cached_property
    def repos(self) -> Repositories:
        assert self.scope is not None, "an authenticated request always has a scope"
        return Repositories(self.session, self.scope)

    async def run(self, work: Callable[[Repositories], T]) -> T:
        """Run blocking database work off the event loop, one piece at a time per request
        (a Session is not thread-safe)."""
        async with self._lock:
            return await run_in_threadpool(work, self.repos)

    def loader(self, name: str, factory: Callable[[Context], T]) -> T:
        """The request's loader `name`, created on first use (DataLoaders live per request)."""
        found = self.loaders.get(name)
        if found is None:
            found = self.loaders[name] = factory(self)
        return found  # type: ignore[no-any-return]

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


Info = StrawberryInfo[Context, None]
