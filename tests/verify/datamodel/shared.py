"""Where the public conformance fixtures live, and how the data-model tests read them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
CONFORMANCE = SHARED / "conformance"
HAVE_FIXTURES = CONFORMANCE.is_dir()
MISSING = f"the conformance fixtures are not there ({CONFORMANCE} is absent)"
needs_fixtures = pytest.mark.skipif(not HAVE_FIXTURES, reason=MISSING)


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def fixture_params(folder: str, *, leave_out: frozenset[str] = frozenset()) -> list[Any]:
    """One pytest param per JSON file under `folder` (id: its relative path; `leave_out` names
    relative paths and sub-folders to skip), or one skipped param when the fixtures are absent."""
    root = CONFORMANCE / folder
    if not root.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=MISSING), id="missing")]
    params = []
    for path in sorted(root.rglob("*.json")):
        relative = path.relative_to(root)
        if str(relative) in leave_out or relative.parts[0] in leave_out:
            continue
        params.append(pytest.param(path, id=str(relative)))
    return params
