"""`hrkit sync` and `hrkit connectors list` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hrkit.plugins import CONNECTORS_GROUP
from hrkit.store.database import Database
from tests.sync.conftest import Seeder, read_csv


def url_of(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


# SQLite only: the in-process CLI leaves its engine to the garbage collector, which a
# PostgreSQL connection reports as a ResourceWarning (tests/sync runs the engine on both).
@pytest.fixture
def sqlite_db(sqlite_url: str):
    from hrkit.store.migrate import upgrade

    db = Database(sqlite_url)
    upgrade(db)
    yield db
    db.dispose()


def test_sync_json_prints_the_contract_keys_and_writes_the_files(
    hrkit_cli, sqlite_db: Database, tmp_path: Path
) -> None:
    db = sqlite_db
    seeder = Seeder(db)
    ids = [seeder.credential(f"p{i}@example.org") for i in range(2)]

    code, out, err = hrkit_cli("sync", "csv", "--out", "exports", "--json", "--db", url_of(db))

    assert (code, err) == (0, "")
    (line,) = out.splitlines()
    summary = json.loads(line)
    assert list(summary)[:4] == ["target", "exported", "files", "watermark"]
    assert summary["target"] == "csv" and summary["exported"] == 2
    assert summary["watermark"] == seeder.head() and summary["dry_run"] is False
    (path,) = summary["files"]
    assert Path(path).parent == Path("exports")
    assert [int(r["hrkit ID"]) for r in read_csv(tmp_path / path)] == ids


def test_sync_text_output_and_a_second_run_with_nothing_new(hrkit_cli, sqlite_db: Database) -> None:
    Seeder(sqlite_db).credential()
    code, out, _ = hrkit_cli("sync", "xlsx", "--out", "out", "--db", url_of(sqlite_db))
    assert code == 0
    assert out.startswith("xlsx: exported 1 credential(s) (changes 1-")
    assert "out/xlsx-000001-000000000001-" in out

    code, out, _ = hrkit_cli("sync", "xlsx", "--out", "out", "--db", url_of(sqlite_db))
    assert (code, out) == (0, "xlsx: nothing new; no files written; watermark 1\n")


def test_dry_run_writes_nothing(hrkit_cli, sqlite_db: Database, tmp_path: Path) -> None:
    Seeder(sqlite_db).credential()
    code, out, _ = hrkit_cli(
        "sync", "csv", "--out", "out", "--dry-run", "--json", "--db", url_of(sqlite_db)
    )
    summary = json.loads(out)
    assert (code, summary["exported"], summary["files"], summary["dry_run"]) == (0, 1, [], True)
    assert not (tmp_path / "out").exists()
    code, out, _ = hrkit_cli("sync", "csv", "--out", "out", "--dry-run", "--db", url_of(sqlite_db))
    assert out == "csv: would export 1 credential(s); nothing written, watermark stays 0\n"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["nope", "--out", "o"], 1, "unknown target 'nope' (known targets: bamboohr, csv, "),
        (["csv", "--out", "o", "--tenant", "ghost"], 1, "unknown tenant 'ghost'"),
        (["csv", "--out", "a-file"], 2, "is a file"),
        (["csv"], 2, "Missing option '--out'"),
    ],
)
def test_bad_input_is_one_line_and_an_exit_code(
    hrkit_cli, sqlite_db: Database, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    (tmp_path / "a-file").write_text("x")
    got, out, err = hrkit_cli("sync", *args, "--db", url_of(sqlite_db))
    assert (got, out) == (code, "")
    assert err.count("\n") == 1 and message in err, err


def test_connectors_list_json_lines(hrkit_cli) -> None:
    code, out, _ = hrkit_cli("connectors", "list", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert {(r["name"], r["kind"], r["origin"]) for r in rows} >= {
        ("csv", "target", "built-in"),
        ("xlsx", "target", "built-in"),
        ("workday", "target", "built-in"),
        ("successfactors", "target", "built-in"),
        ("bamboohr", "target", "built-in"),
        ("hropen", "target", "built-in"),
        ("oracle-hdl", "target", "built-in"),
        ("openbadges", "source", "built-in"),
        ("credly", "source", "built-in"),
        ("badgr", "source", "built-in"),
        ("wallet", "source", "built-in"),
    }


def test_connectors_list_shows_third_party_and_broken_plugins(tmp_path: Path) -> None:
    (tmp_path / "acme_hr.py").write_text(
        textwrap.dedent(
            '''
            class AcmeTarget:
                """Acme HR's import sheet."""
                name = "acme"
                kind = "target"

                def write(self, rows, out_dir):
                    return []
            '''
        )
    )
    dist = tmp_path / "acme_hr-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-hr\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        f"[{CONNECTORS_GROUP}]\nacme = acme_hr:AcmeTarget\nbroken = acme_missing:Nope\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-m", "hrkit", "connectors", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    rows = {r["name"]: r for r in map(json.loads, run.stdout.splitlines())}
    assert run.returncode == 0, run.stderr
    assert rows["acme"] == {
        "name": "acme",
        "kind": "target",
        "origin": "acme-hr:acme_hr:AcmeTarget",
        "description": "Acme HR's import sheet.",
    }
    assert rows["broken"]["kind"] is None
    assert "ModuleNotFoundError" in rows["broken"]["error"]
    table = subprocess.run(
        [sys.executable, "-m", "hrkit", "connectors", "list"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert "broken" in table.stdout and "failed to load" in table.stdout
