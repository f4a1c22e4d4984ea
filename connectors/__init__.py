"""Issuer sources and HRIS targets, registered by name in hrkit's connector registries."""

from __future__ import annotations

from importlib import import_module

__all__ = ["register_builtins"]

PACKAGES = ("connectors.targets", "connectors.sources")


def register_builtins() -> None:
    """Register every built-in source and target (idempotent; called by the composition roots).

    Each package lists its connectors in `BUILTINS`; a package that cannot be imported is an
    error that names it, never a connector silently missing.
    """
    from hrkit import plugins

    registries = {"target": plugins.targets, "source": plugins.sources}
    for package in PACKAGES:
        try:
            builtins = import_module(package).BUILTINS
        except (ImportError, AttributeError) as exc:
            raise ImportError(f"cannot load the built-in connectors of {package}: {exc}") from exc
        for connector in builtins:
            registry = registries.get(getattr(connector, "kind", ""))
            if registry is None:
                raise ImportError(f"{connector!r} in {package}.BUILTINS has no known kind")
            registry.register(connector.name, connector)
