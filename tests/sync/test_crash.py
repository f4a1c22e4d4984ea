"""A real `hrkit sync` killed (SIGKILL) at each step, then run again: every change once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

from hrkit.model.enums import VerificationStatus
from hrkit.store.database import Database
from hrkit.sync.engine import CRASH_ENV
from tests.sync.conftest import Seeder, exported_rows

HRKIT = [sys.executable, "-m", "hrkit"]
POINTS = ["after_files", "after_rename", "before_commit", "after_commit"]


def hrkit_sync(db: Database, out: Path, crash_at: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != CRASH_ENV}
    if crash_at:
        env[CRASH_ENV] = crash_at
    url = db.url.render_as_string(hide_password=False)
    return subprocess.run(
        [*HRKIT, "sync", "csv", "--out", str(out), "--json", "--db", url],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def check_exactly_once(out: Path, expected: list[tuple[int, str]]) -> None:
    rows = [(int(r["hrkit ID"]), r["Action"]) for r in exported_rows(out)]  # in run order
    assert Counter(rows) == Counter(expected)
    for cid, action in rows:  # an end row always follows its credential's upsert
        if action == "end":
            assert rows.index((cid, "upsert")) < rows.index((cid, "end"))
    # Only whole files carry final names; unfinished work stays under .hrkit-sync.
    assert all(
        p.name.startswith("csv-") and p.suffix == ".csv" for p in out.iterdir() if p.is_file()
    )


def test_killed_at_every_step_each_change_is_exported_exactly_once(
    db: Database, seeder: Seeder, tmp_path: Path
) -> None:
    # Every point on SQLite; on PostgreSQL the two around the commit, where the database acts.
    points = POINTS if db.dialect == "sqlite" else ["after_rename", "before_commit"]
    out = tmp_path / "out"
    expected: list[tuple[int, str]] = []
    previous = None
    for number, point in enumerate(points):
        fresh = seeder.credential(f"p{number}@example.org")
        expected.append((fresh, "upsert"))
        if previous is not None:  # exported by the previous step's rerun; now revoked
            seeder.set_status(previous, VerificationStatus.REVOKED)
            expected.append((previous, "end"))
        killed = hrkit_sync(db, out, crash_at=point)
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        rerun = hrkit_sync(db, out)
        assert rerun.returncode == 0, rerun.stderr
        previous = fresh

    nothing_new = hrkit_sync(db, out)

    assert '"exported":0' in nothing_new.stdout
    check_exactly_once(out, expected)
    assert not (out / ".hrkit-sync").exists()
