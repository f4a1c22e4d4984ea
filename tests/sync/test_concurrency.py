"""Two syncs of the same target at once, with credentials changing meanwhile: no change twice.

PostgreSQL: the second sync finds the target's state row locked (SKIP LOCKED) and says so.
SQLite: BEGIN IMMEDIATE makes it wait for the first to commit, then it exports what is new.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from connectors.targets.csv import CsvTarget
from hrkit import plugins
from hrkit.model.enums import VerificationStatus
from hrkit.store.database import Database
from hrkit.sync.engine import SyncResult, run_sync
from hrkit.sync.ledger import SyncBusyError
from tests.sync.conftest import Seeder, exported_rows

writing = threading.Event()


class SlowCsv(CsvTarget):
    """The csv target, holding its run open for a while once it has started writing."""

    name = "slowcsv"

    def write(self, rows, out_dir):
        writing.set()
        time.sleep(1.0)
        return super().write(rows, out_dir)


@pytest.fixture
def slow_target(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setitem(plugins.targets._items, "slowcsv", SlowCsv)
    writing.clear()
    return "slowcsv"


def test_concurrent_syncs_never_export_a_change_twice(
    db: Database, seeder: Seeder, tmp_path: Path, slow_target: str
) -> None:
    ids = [seeder.credential(f"p{i}@example.org") for i in range(20)]
    results: dict[str, SyncResult | Exception] = {}

    def sync(key: str) -> None:
        try:
            results[key] = run_sync(db, "default", slow_target, tmp_path)
        except Exception as exc:  # the busy error is an expected outcome
            results[key] = exc

    first = threading.Thread(target=sync, args=("first",))
    first.start()
    assert writing.wait(30)
    second = threading.Thread(target=sync, args=("second",))
    second.start()
    # Changes made while the first run streams (on SQLite they queue behind its lock).
    late = seeder.credential("late@example.org")
    seeder.set_status(ids[0], VerificationStatus.REVOKED)
    first.join(60)
    second.join(60)
    final = run_sync(db, "default", slow_target, tmp_path)

    assert isinstance(results["first"], SyncResult) and results["first"].exported == 20
    if db.dialect == "postgresql":
        assert isinstance(results["second"], SyncBusyError)
        assert results["second"].code == "SYNC_BUSY"
    else:
        assert isinstance(results["second"], SyncResult)
    assert final.exported + getattr(results["second"], "exported", 0) == 2
    seen = Counter((int(r["hrkit ID"]), r["Action"]) for r in exported_rows(tmp_path, "slowcsv-*"))
    assert seen == Counter([*((cid, "upsert") for cid in ids), (late, "upsert"), (ids[0], "end")])
