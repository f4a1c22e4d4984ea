"""Plug-in registries: built-ins registered by name, third-party ones from entry points.

Entry points are loaded only when asked for, and a plug-in that fails to import is reported as
broken instead of breaking the command that lists or uses others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from typing import Any, Generic, TypeVar

from hrkit.errors import NotFoundError

CONNECTORS_GROUP = "hrkit.connectors"
VERIFIERS_GROUP = "hrkit.verifiers"

T = TypeVar("T")


@dataclass(frozen=True)
class BrokenPlugin:
    name: str
    origin: str
    error: str


class Registry(Generic[T]):
    """Named plug-ins of one kind; `accept` tells whether a loaded object belongs here."""

    def __init__(self, group: str, accept: Callable[[Any], bool] = lambda _obj: True) -> None:
        self.group = group
        self._accept = accept
        self._items: dict[str, T] = {}
        self._origins: dict[str, str] = {}
        self._broken: dict[str, BrokenPlugin] = {}
        self._entry_points_loaded = False

    def register(self, name: str, plugin: T, origin: str = "built-in") -> T:
        self._items[name] = plugin
        self._origins[name] = origin
        return plugin

    def get(self, name: str) -> T:
        if name not in self._items:
            self._load_entry_points()
        try:
            return self._items[name]
        except KeyError:
            if name in self._broken:
                raise NotFoundError(
                    f"plug-in {name!r} failed to load: {self._broken[name].error}"
                ) from None
            known = ", ".join(self.names()) or "none"
            raise NotFoundError(f"unknown {self.group} plug-in {name!r} (known: {known})") from None

    def names(self) -> list[str]:
        self._load_entry_points()
        return sorted(self._items)

    def origin(self, name: str) -> str:
        return self._origins.get(name, "")

    def broken(self) -> list[BrokenPlugin]:
        self._load_entry_points()
        return sorted(self._broken.values(), key=lambda b: b.name)

    def _load_entry_points(self) -> None:
        if self._entry_points_loaded:
            return
        self._entry_points_loaded = True
        for ep in entry_points(group=self.group):
            if ep.name in self._items:
                continue  # a name registered in code wins over a duplicate distribution
            self._load(ep)

    def _load(self, ep: EntryPoint) -> None:
        origin = f"{ep.dist.name if ep.dist else '?'}:{ep.value}"
        try:
            plugin = ep.load()
        except Exception as exc:  # any import failure of third-party code
            self._broken[ep.name] = BrokenPlugin(ep.name, origin, f"{type(exc).__name__}: {exc}")
            return
        if self._accept(plugin):
            self.register(ep.name, plugin, origin)


def _is_kind(kind: str) -> Callable[[Any], bool]:
    return lambda obj: getattr(obj, "kind", None) == kind


# The connector registries the sync engine looks names up in; `connectors` registers the
# built-ins (from the composition root) and third parties arrive through the entry point group.
sources: Registry[Any] = Registry(CONNECTORS_GROUP, accept=_is_kind("source"))
targets: Registry[Any] = Registry(CONNECTORS_GROUP, accept=_is_kind("target"))
# Credential format verifiers (hrkit.verify registers the built-in ones).
verifiers: Registry[Any] = Registry(VERIFIERS_GROUP)
