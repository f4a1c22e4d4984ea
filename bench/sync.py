"""Benchmark: `hrkit sync csv --full` of 1,000,000 verified credentials against pandas reading
the same joined rows from SQLite and writing them with `DataFrame.to_csv`, in the same run; then
an incremental sync with nothing new.

    .venv/bin/python bench/sync.py [--credentials 1000000] [--rounds 3] [--keep]

The database is made once: `hrkit db upgrade`, then seeded (random.Random(11)) with bulk
inserts straight into SQLite: 100 issuers, 4,000 achievements, one person per five
credentials (employees with external ids and non-ASCII names), and the credentials — all
`verified`, a quarter with a validUntil in the future, a ~1 KB raw document each (as a VC-JWT
would be), change_seq 1..N. Each round copies that database (untimed) and runs both, as fresh
processes timed end to end, interleaved so both see the same machine load:

- hrkit: `hrkit sync csv --out DIR --full --json`: process start, the streamed join, the rows,
  formula neutralisation of every text cell, the CSV, fsync and rename, and the bookkeeping of
  what the target now holds (one sync_exports row per credential) in the same transaction;
- floor: `python -c` that runs `pandas.read_sql_query` of the same join (the columns the CSV
  carries) over sqlite3 and `DataFrame.to_csv`s it: the least a Python program pays to turn
  those rows into a CSV, with none of the sync's guarantees.

Then, on the last round's database, `hrkit sync csv --out DIR --json` again (nothing new: the
watermark is at the head; target <= 1 s end to end).

Prints the times of every round, the best and median of each, the ratio hrkit/floor (target
<= 2.0), rows per second and hrkit's peak RSS (as the kernel reports it to os.wait4).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import statistics
import string
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from processes import ENVIRONMENT, compile_product, timed

VENV_BIN = Path(sys.executable).parent
HRKIT = VENV_BIN / "hrkit"
PYTHON = VENV_BIN / "python"
CREDENTIALS_PER_PERSON = 5
ISSUERS = 100
ACHIEVEMENTS = 4_000
FIRST = ["Ada", "Grace", "Alan", "Margaret", "Linus", "Barbara", "Edsger", "Frances", "Zoë",
         "José", "Łukasz", "Søren", "Ayşe", "François", "Björn", "Ngọc"]  # fmt: skip
LAST = ["Lovelace", "Hopper", "Turing", "Hamilton", "Torvalds", "Liskov", "Dijkstra", "Allen",
        "Müller", "García", "Nowak", "Kierkegaard", "Nguyễn", "O'Brien", "van der Berg"]  # fmt: skip
TOPICS = ["Python", "Data Analysis", "Welding", "First Aid", "Cloud Security", "Forklift",
          "Project Management", "Kubernetes", "Nursing Pharmacology", "UX Research"]  # fmt: skip
LEVELS = ["Foundations", "Practitioner", "Advanced", "Expert"]
KINDS = ["badge", "badge", "badge", "micro_certificate", "certificate", "nanodegree", "license"]

# The join the CSV carries, as the floor reads it (the same tables and columns as hrkit's).
FLOOR = """
import sqlite3, sys
import pandas as pd
QUERY = '''
SELECT c.credential_uri, c.id, c.change_seq, c.status, p.email, p.name, p.external_id,
       a.uri, a.name, a.kind, i.uri, i.name, c.issued_on, c.valid_until, NULL AS ended_on,
       c.format
FROM credentials c JOIN people p ON p.id = c.holder_id
LEFT JOIN achievements a ON a.id = c.achievement_id LEFT JOIN issuers i ON i.id = c.issuer_id
WHERE c.tenant_id = ? AND c.status = 'verified' ORDER BY c.change_seq, c.id
'''
frame = pd.read_sql_query(QUERY, sqlite3.connect(sys.argv[1]), params=(int(sys.argv[3]),))
frame.to_csv(sys.argv[2], index=False)
print(len(frame))
"""


def stamp(value: datetime) -> str:
    """A datetime as hrkit's SQLite columns hold it (naive UTC, microseconds)."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def seed(db: Path, credentials: int) -> int:
    """Fill the default tenant; returns its id."""
    pick = random.Random(11)
    now = datetime.now(UTC)  # validUntil must lie in the future whenever the bench runs
    created = stamp(now)
    con = sqlite3.connect(db)
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-262144")
    (tenant,) = con.execute("SELECT id FROM tenants WHERE slug = 'default'").fetchone()
    con.executemany(
        "INSERT INTO issuers (uri, name, trusted, tenant_id, id, created_at, updated_at)"
        " VALUES (?, ?, 0, ?, ?, ?, ?)",
        [
            (f"did:web:issuer{n}.example", f"{pick.choice(LAST)} Academy {n}", tenant, n,
             created, created)
            for n in range(1, ISSUERS + 1)
        ],
    )  # fmt: skip
    con.executemany(
        "INSERT INTO achievements (issuer_id, uri, name, kind, description, alignments,"
        " tenant_id, id, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, '[]', ?, ?, ?, ?)",
        [
            (pick.randint(1, ISSUERS), f"https://badges.example/{n}",
             f"{pick.choice(TOPICS)} {pick.choice(LEVELS)} {n}", pick.choice(KINDS), tenant, n,
             created, created)
            for n in range(1, ACHIEVEMENTS + 1)
        ],
    )  # fmt: skip
    people = max(1, credentials // CREDENTIALS_PER_PERSON)
    con.executemany(
        "INSERT INTO people (kind, name, email, external_id, tenant_id, id, created_at,"
        " updated_at) VALUES ('employee', ?, ?, ?, ?, ?, ?, ?)",
        (
            (f"{pick.choice(FIRST)} {pick.choice(LAST)}", f"person{n}@example.com", f"E{n:07d}",
             tenant, n, created, created)
            for n in range(1, people + 1)
        ),
    )  # fmt: skip
    alphabet = string.ascii_letters + string.digits + "-_"
    blob = "".join(pick.choice(alphabet) for _ in range(4096))

    def rows():
        for n in range(1, credentials + 1):
            issued = now - timedelta(days=pick.randrange(1, 1500), seconds=pick.randrange(86400))
            expires = stamp(issued + timedelta(days=365 * 5)) if n % 4 == 0 else None
            start = pick.randrange(3000)
            raw = f"eyJhbGciOiJFZERTQSJ9.{blob[start : start + 900]}.{n:x}"
            yield (
                pick.randint(1, people), pick.randint(1, ISSUERS), pick.randint(1, ACHIEVEMENTS),
                f"urn:uuid:{uuid.UUID(int=pick.getrandbits(128))}", "vc-jwt", raw, f"{n:064x}",
                stamp(issued), expires, stamp(now - timedelta(days=1)), n, tenant, n, created,
                created,
            )  # fmt: skip

    con.executemany(
        "INSERT INTO credentials (holder_id, issuer_id, achievement_id, credential_uri, format,"
        " raw, raw_sha256, issued_on, valid_until, status, verified_at, change_seq,"
        " result_levels, tenant_id, id, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'verified', ?, ?, '[]', ?, ?, ?, ?)",
        rows(),
    )
    con.execute("UPDATE tenants SET change_seq = ? WHERE id = ?", (credentials, tenant))
    con.commit()
    con.execute("ANALYZE")
    con.close()
    return int(tenant)


def product(db: Path, out: Path, rows: int, scratch: Path, *, full: bool) -> tuple[float, float]:
    command = [str(HRKIT), "sync", "csv", "--out", str(out), "--json", "--db", f"sqlite:///{db}"]
    elapsed, peak, stdout, _stderr = timed([*command, "--full"] if full else command, scratch)
    summary = json.loads(stdout)
    if summary["exported"] != rows:
        raise SystemExit(f"expected {rows} rows exported, got {summary}")
    return elapsed, peak


def floor(db: Path, out: Path, tenant: int, rows: int, scratch: Path) -> tuple[float, float]:
    command = [str(PYTHON), "-c", FLOOR, str(db), str(out / "floor.csv"), str(tenant)]
    elapsed, peak, stdout, _stderr = timed(command, scratch)
    if int(stdout) != rows:
        raise SystemExit(f"the floor read {stdout.strip()} rows, expected {rows}")
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--credentials", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the databases and files")
    parser.add_argument("--seed-into", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed_into:
        print(seed(args.seed_into, args.credentials))
        return

    scratch = Path(tempfile.mkdtemp(prefix="hrkit-bench-sync-"))
    try:
        seeded = scratch / "seeded.db"
        subprocess.run(
            [str(HRKIT), "db", "upgrade", "--db", f"sqlite:///{seeded}"],
            check=True,
            capture_output=True,
            env=ENVIRONMENT,
        )
        started = time.perf_counter()
        # In a child process: a fork of this one after seeding would count the seeding's
        # memory in hrkit's peak RSS (a forked child starts with its parent's pages).
        tenant = int(
            subprocess.run(
                [str(PYTHON), __file__, "--seed-into", str(seeded), "--credentials",
                 str(args.credentials)],
                check=True,
                capture_output=True,
                text=True,
                env=ENVIRONMENT,
            ).stdout
        )  # fmt: skip
        print(
            f"database:           {args.credentials:,} verified credentials, "
            f"{args.credentials // CREDENTIALS_PER_PERSON:,} people, {ACHIEVEMENTS:,} achievements,"
            f" {ISSUERS} issuers; {seeded.stat().st_size / 1e6:,.0f} MB"
            f" (seeded in {time.perf_counter() - started:.0f} s)"
        )
        compile_product()
        products, floors = [], []
        for number in range(1, args.rounds + 1):
            database = scratch / "round.db"
            shutil.copyfile(seeded, database)  # every round starts from the same state
            out = scratch / f"out{number}"
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            products.append(product(database, out, args.credentials, scratch, full=True))
            floors.append(floor(database, out, tenant, args.credentials, scratch))
            print(
                f"round {number}:            hrkit {products[-1][0]:7.2f} s"
                f"   floor {floors[-1][0]:7.2f} s   hrkit peak RSS {products[-1][1]:5.0f} MB"
            )
        incremental = [product(database, out, 0, scratch, full=False) for _ in range(3)]
    finally:
        if args.keep:
            print(f"kept:               {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)

    product_times = [seconds for seconds, _ in products]
    floor_times = [seconds for seconds, _ in floors]
    product_s, floor_s = statistics.median(product_times), statistics.median(floor_times)
    nothing_new = statistics.median(seconds for seconds, _ in incremental)
    print(f"floor (pandas):     best {min(floor_times):7.2f} s   median {floor_s:7.2f} s")
    print(f"hrkit sync --full:  best {min(product_times):7.2f} s   median {product_s:7.2f} s")
    print(f"ratio hrkit/floor:  {product_s / floor_s:7.2f}  (medians; target <= 2.0)")
    print(f"rows per second:    {args.credentials / product_s:7.0f}  (hrkit, end to end)")
    print(
        f"hrkit peak RSS:     {max(mb for _, mb in products):7.0f} MB"
        f"  (floor {max(mb for _, mb in floors):.0f} MB)"
    )
    print(f"nothing new:        {nothing_new:7.2f} s  (median of 3, end to end; target <= 1.0)")


if __name__ == "__main__":
    main()
