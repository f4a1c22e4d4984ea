"""The sync loop on SQLite and PostgreSQL: windows, end rows, dry runs, names, an interrupted run."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from hrkit.errors import NotFoundError
from hrkit.model.enums import VerificationStatus
from hrkit.store.database import Database
from hrkit.store.tables import SyncExport, SyncRun, SyncState
from hrkit.sync import engine
from hrkit.sync.engine import run_sync
from tests.sync.conftest import NOW, Seeder, exported_rows, read_csv

V = VerificationStatus


def sync(db: Database, out: Path, **kw) -> engine.SyncResult:
    kw.setdefault("now", NOW)
    return run_sync(db, "default", "csv", out, **kw)


def test_first_run_exports_every_verified_credential_under_a_deterministic_name(
    db: Database, seeder: Seeder, tmp_path: Path
) -> None:
    ids = [seeder.credential(f"p{i}@example.org") for i in range(3)]
    seeder.credential("bad@example.org", status=V.INVALID)
    head = seeder.head()
    out = tmp_path / "new" / "out"  # created when missing

    result = sync(db, out)

    assert result.exported == 3 and result.ended == 0
    assert result.watermark == head
    assert [p.name for p in result.files] == [f"csv-000001-000000000001-{head:012d}.csv"]
    rows = read_csv(result.files[0])
    assert [int(r["hrkit ID"]) for r in rows] == ids
    assert {r["Action"] for r in rows} == {"upsert"}
    assert sorted(p.name for p in out.iterdir()) == [result.files[0].name]  # nothing left over


def test_incremental_runs_export_only_changes_above_the_watermark(
    db: Database, seeder: Seeder, tmp_path: Path
) -> None:
    first = seeder.credential("a@example.org")
    sync(db, tmp_path)
    after = seeder.head()
    second = seeder.credential("b@example.org")

    result = sync(db, tmp_path)

    assert result.exported == 1
    assert result.files[0].name == f"csv-000002-{after + 1:012d}-{seeder.head():012d}.csv"
    assert [int(r["hrkit ID"]) for r in read_csv(result.files[0])] == [second]
    assert sorted(int(r["hrkit ID"]) for r in exported_rows(tmp_path)) == [first, second]


def test_a_run_with_nothing_new_writes_nothing(
    db: Database, seeder: Seeder, tmp_path: Path
) -> None:
    seeder.credential()
    done = sync(db, tmp_path)
    before = sorted(tmp_path.iterdir())

    again = sync(db, tmp_path)

    assert (again.exported, again.files, again.watermark) == (0, [], done.watermark)
    assert sorted(tmp_path.iterdir()) == before
    with db.session() as session:
        assert len(session.scalars(select(SyncRun)).all()) == 1


def test_full_re_exports_everything_verified(db: Database, seeder: Seeder, tmp_path: Path) -> None:
    ids = [seeder.credential(f"p{i}@example.org") for i in range(2)]
    sync(db, tmp_path)

    result = sync(db, tmp_path, full=True)

    assert result.exported == 2
    assert result.files[0].name == f"csv-000002-000000000001-{seeder.head():012d}.csv"
    assert [int(r["hrkit ID"]) for r in read_csv(result.files[0])] == ids


def test_a_revoked_credential_is_ended_exactly_once(
    db: Database, seeder: Seeder, tmp_path: Path
) -> None:
    kept = seeder.credential("a@example.org")
    revoked = seeder.credential("b@example.org")
    sync(db, tmp_path)
    seeder.set_status(revoked, V.REVOKED)

    result = sync(db, tmp_path)
    again = sync(db, tmp_path)

    assert (result.exported, result.ended) == (1, 1)
    (row,) = read_csv(result.files[0])
    assert (int(row["hrkit ID"]), row["Action"], row["Status"]) == (revoked, "end", "revoked")
    assert row["Ended On"] == "2025-03-01T12:00:00Z"  # when the revocation was seen
    assert again.exported == 0
    with db.session() as session:
        held = dict(session.execute(select(SyncExport.credential_id, SyncExport.status)).all())
    assert held == {kept: V.VERIFIED, revoked: V.REVOKED}


def test_an_expiry_without_a_new_change_is_ended_once_on_its_valid_until(
    db: Database, seeder: Seeder, tmp_path: Path
) -> None:
    ends = NOW + timedelta(days=10)
    expiring = seeder.credential("a@example.org", valid_until=ends)
    seeder.credential("b@example.org", valid_until=NOW + timedelta(days=400))
    sync(db, tmp_path)
    assert sync(db, tmp_path, now=NOW + timedelta(days=5)).exported == 0  # not due yet

    later = NOW + timedelta(days=11)
    result = sync(db, tmp_path, now=later)
    again = sync(db, tmp_path, now=later + timedelta(days=1))

    assert (result.exported, result.ended) == (1, 1)
    (row,) = read_csv(result.files[0])
    assert (int(row["hrkit ID"]), row["Status"]) == (expiring, "expired")
    assert row["Ended On"] == "2025-03-11T12:00:00Z"
    # The range of an expiry-only run is empty; the run number keeps its name new.
    assert result.files[0].name.startswith("csv-000002-")
    assert again.exported == 0


def test_a_credential_never_exported_is_never_sent_unless_verified(
    db: Database, seeder: Seeder, tmp_path: Path
) -> None:
    sync(db, tmp_path)
    bad = seeder.credential("a@example.org", status=V.REVOKED)

    result = sync(db, tmp_path)
    assert (result.exported, result.files, result.watermark) == (0, [], seeder.head())

    seeder.set_status(bad, V.VERIFIED)  # e.g. a status list fixed upstream
    result = sync(db, tmp_path)
    assert [int(r["hrkit ID"]) for r in read_csv(result.files[0])] == [bad]


def test_a_credential_verified_again_after_its_end_is_sent_again(
    db: Database, seeder: Seeder, tmp_path: Path
) -> None:
    cid = seeder.credential()
    sync(db, tmp_path)
    seeder.set_status(cid, V.SUSPENDED)
    assert sync(db, tmp_path).ended == 1
    seeder.set_status(cid, V.VERIFIED)

    result = sync(db, tmp_path)

    assert [r["Action"] for r in read_csv(result.files[0])] == ["upsert"]


def test_a_dry_run_writes_nothing_and_keeps_the_watermark(
    db: Database, seeder: Seeder, tmp_path: Path
) -> None:
    seeder.credential("a@example.org")
    seeder.credential("b@example.org")
    out = tmp_path / "out"

    dry = sync(db, out, dry_run=True)

    assert (dry.exported, dry.files, dry.watermark, dry.dry_run) == (2, [], 0, True)
    assert not out.exists()
    with db.session() as session:
        assert session.scalars(select(SyncState)).all() == []
        assert session.scalars(select(SyncExport)).all() == []
    assert sync(db, out).exported == 2


def test_other_tenants_are_never_exported(db: Database, seeder: Seeder, tmp_path: Path) -> None:
    mine = seeder.credential()
    Seeder(db, tenant="globex").credential()

    result = sync(db, tmp_path)

    assert [int(r["hrkit ID"]) for r in read_csv(result.files[0])] == [mine]


def test_each_target_keeps_its_own_watermark(db: Database, seeder: Seeder, tmp_path: Path) -> None:
    seeder.credential()
    sync(db, tmp_path)

    other = run_sync(db, "default", "xlsx", tmp_path, now=NOW)

    assert other.exported == 1
    assert other.files[0].name == f"xlsx-000001-000000000001-{seeder.head():012d}.xlsx"


def test_an_unknown_target_names_the_known_ones(db: Database, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match=r"unknown target 'nope' \(known targets: .*csv"):
        run_sync(db, "default", "nope", tmp_path)


class Interrupted(Exception):
    pass


def interrupt_at(point: str):
    def crash(name: str) -> None:
        if name == point:
            raise Interrupted(name)

    return crash


@pytest.mark.parametrize("point", ["after_files", "after_rename", "before_commit"])
def test_a_run_interrupted_before_its_commit_is_redone_under_the_same_names(
    db: Database, seeder: Seeder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, point: str
) -> None:
    ids = [seeder.credential(f"p{i}@example.org") for i in range(3)]

    with monkeypatch.context() as patch:
        patch.setattr(engine, "_crash_point", interrupt_at(point))
        with pytest.raises(Interrupted):
            sync(db, tmp_path)
    interrupted = sorted(p.name for p in tmp_path.glob("csv-*"))
    ids.append(seeder.credential("late@example.org"))  # arrives before the rerun

    redo = sync(db, tmp_path)
    following = sync(db, tmp_path)

    if point != "after_files":  # files were in place: the rerun keeps their names
        assert interrupted == [p.name for p in redo.files]
    assert [int(r["hrkit ID"]) for r in exported_rows(tmp_path)] == ids  # each exactly once
    assert following.exported == 1  # the late change comes with the next run
    assert not (tmp_path / ".hrkit-sync").exists()


def test_a_stale_marker_of_a_committed_run_is_only_cleaned_up(
    db: Database, seeder: Seeder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeder.credential()
    with monkeypatch.context() as patch:  # killed between the commit and the clean-up
        patch.setattr(engine, "_crash_point", interrupt_at("after_commit"))
        with pytest.raises(Interrupted):
            sync(db, tmp_path)
    files = sorted(tmp_path.glob("csv-*"))

    assert sync(db, tmp_path).exported == 0

    assert sorted(tmp_path.glob("csv-*")) == files  # delivered files stay
    assert not (tmp_path / ".hrkit-sync").exists()


class Capture:
    """A target that keeps the rows it is given (and writes one small file)."""

    name = "capture"
    kind = "target"
    rows: list = []

    def write(self, rows, out_dir):
        Capture.rows = list(rows)
        path = out_dir / "capture.txt"
        path.write_text(str(len(Capture.rows)))
        return [path]


def test_rows_carry_the_skills_their_credential_gives(
    db: Database, seeder: Seeder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hrkit import plugins
    from hrkit.store.repositories import TenantRepository
    from hrkit.store.tables import Achievement, Skill, SkillMapping

    monkeypatch.setitem(plugins.targets._items, "capture", Capture)
    mapped = seeder.credential("a@example.org", badge="Python Basics")
    aligned = seeder.credential("b@example.org", badge="Welding")
    seeder.credential("c@example.org", badge="Nothing")
    with db.transaction() as session:
        tenant_id = TenantRepository(session).scope("default").tenant_id
        python = Skill(tenant_id=tenant_id, uri="http://esco/python", name="Python",
                       framework="esco", code="S1")  # fmt: skip
        welding = Skill(tenant_id=tenant_id, uri="http://esco/weld", name="Welding",
                        framework="esco", code="S2")  # fmt: skip
        session.add_all([python, welding])
        session.flush()
        session.add(SkillMapping(tenant_id=tenant_id, achievement="Python*", skill_id=python.id,
                                 level=4))  # fmt: skip
        badge = session.scalars(select(Achievement).where(Achievement.name == "Welding")).one()
        badge.alignments = [{"targetUrl": "http://esco/weld", "targetName": "Welding"}]

    result = run_sync(db, "default", "capture", tmp_path, now=NOW)

    skills = {row.credential_id: [dict(s) for s in row.skills] for row in Capture.rows}
    assert result.exported == 3
    assert skills == {
        mapped: [{"framework": "esco", "code": "S1", "url": "http://esco/python",
                  "name": "Python", "level": 4}],
        aligned: [{"framework": "esco", "code": "S2", "url": "http://esco/weld",
                   "name": "Welding", "level": 3}],
        mapped + 2: [],
    }  # fmt: skip
    assert Capture.rows[0].raw.startswith("{")  # a target that does not decline it gets raw
    assert result.files[0].name == f"capture-000001-000000000001-{seeder.head():012d}.txt"


@pytest.mark.parametrize(
    ("written", "final"),
    [
        ("workday.xlsx", "workday-000002-000000000010-000000000020.xlsx"),
        (
            "workday_certifications.xlsx",
            "workday-000002-000000000010-000000000020_certifications.xlsx",
        ),
        ("workday-part2.xlsx", "workday-000002-000000000010-000000000020-part2.xlsx"),
        ("SkillsAssignment.dat", "workday-000002-000000000010-000000000020-SkillsAssignment.dat"),
        ("people/ada.json", "workday-000002-000000000010-000000000020-people-ada.json"),
        ("workdayish.xlsx", "workday-000002-000000000010-000000000020-workdayish.xlsx"),
    ],
)
def test_final_names_start_with_the_target_the_run_and_the_range(written: str, final: str) -> None:
    from hrkit.sync.files import final_name, stem

    assert final_name("workday", stem("workday", 2, 10, 20), written) == final


class Broken:
    name = "broken"
    kind = "target"

    def write(self, rows, out_dir):
        (out_dir / "half.csv").write_text(str(next(iter(rows))))
        raise ValueError("bad cell")


class Escaping:
    name = "escaping"
    kind = "target"

    def write(self, rows, out_dir):
        list(rows)
        outside = out_dir.parent.parent / "elsewhere.csv"
        outside.write_text("x")
        return [outside]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (Broken, "target 'broken' failed: ValueError: bad cell"),
        (Escaping, "not a file it wrote in its folder"),
    ],
)
def test_a_failing_target_leaves_nothing_behind_and_the_watermark_alone(
    db: Database,
    seeder: Seeder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    target: type,
    message: str,
) -> None:
    from hrkit import plugins
    from hrkit.errors import TerminalConnectorError

    monkeypatch.setitem(plugins.targets._items, target.name, target)
    seeder.credential()

    with pytest.raises(TerminalConnectorError, match=message):
        run_sync(db, "default", target.name, tmp_path / "out", now=NOW)

    assert not list((tmp_path / "out").glob(f"{target.name}-*"))
    assert not (tmp_path / "out" / ".hrkit-sync").exists() or not any(
        (tmp_path / "out" / ".hrkit-sync").iterdir()
    )
    with db.session() as session:  # nothing recorded as exported, the watermark where it was
        assert session.scalars(select(SyncExport)).all() == []
        assert [s.watermark for s in session.scalars(select(SyncState))] in ([], [0])


def test_candidates_stay_out_until_hired_and_then_reach_the_next_incremental_run(
    db: Database, seeder: Seeder, tmp_path: Path
) -> None:
    from hrkit.model.enums import PersonKind
    from hrkit.services.import_people import ImportOptions, import_people

    employee = seeder.credential("emp@example.org")
    candidate = seeder.credential("cand@example.org", kind=PersonKind.CANDIDATE)
    first = sync(db, tmp_path)
    assert [int(r["hrkit ID"]) for r in read_csv(first.files[0])] == [employee]
    assert sync(db, tmp_path).exported == 0

    hired = b"email,name,employee_id\ncand@example.org,Cand Idate,E-7\n"
    summary = import_people(
        db, "default", hired, "hires.csv", ImportOptions(kind=PersonKind.EMPLOYEE)
    ).summary()
    assert (summary["updated"], summary["errors"]) == (1, [])

    second = sync(db, tmp_path)
    [row] = read_csv(second.files[0])
    assert (int(row["hrkit ID"]), row["Person External ID"]) == (candidate, "E-7")
    assert sync(db, tmp_path).exported == 0
