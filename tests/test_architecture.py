"""The dependency rule and the one-concept-per-module size rule, checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADAPTERS = {"graphql_schema", "connectors"}
MAX_LINES = 400


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def _is_composition_root(path: Path) -> bool:
    rel = path.relative_to(ROOT / "hrkit")
    return rel.parts[0] == "cli" or rel.name == "__main__.py"


def test_core_never_imports_the_adapters() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & ADAPTERS)
        for path in (ROOT / "hrkit").rglob("*.py")
        if not _is_composition_root(path) and _imports(path) & ADAPTERS
    }
    assert offenders == {}


def test_connectors_do_not_import_the_api_and_vice_versa() -> None:
    for package, forbidden in (("connectors", "graphql_schema"), ("graphql_schema", "connectors")):
        for path in (ROOT / package).rglob("*.py"):
            if package == "graphql_schema" and path.name == "app.py":
                continue  # the ASGI app factory is a composition root
            assert forbidden not in _imports(path), f"{path} imports {forbidden}"


@pytest.mark.parametrize("package", ["hrkit", "graphql_schema", "connectors"])
def test_modules_stay_one_concept_sized(package: str) -> None:
    too_long = {
        str(path.relative_to(ROOT)): n
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts and (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert too_long == {}
