"""Fixtures of the service tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrkit.services.demo import DemoSummary, seed_demo
from hrkit.store.database import Database


@pytest.fixture
def seeded(db: Database, tmp_path: Path) -> DemoSummary:
    """The demo tenant, seeded with its status lists under `tmp_path`."""
    return seed_demo(db, data_dir=tmp_path / "demo-data")
