"""Benchmark: `hrkit people import` of a 100,000-row candidate .xlsx against a bare
python-calamine read of the same file, in the same run.

    .venv/bin/python bench/import.py [--rows 100000] [--rounds 3] [--keep]

The file (10 columns: names, e-mail, phone, position, id, a real date cell, source, city,
notes) is written once with xlsxwriter. Each round runs both, interleaved so both see the same
machine load, as fresh processes timed end to end:

- hrkit: `hrkit people import FILE --kind candidate --json` into a new, empty SQLite database
  that `hrkit db upgrade` prepared beforehand (untimed: creating the schema is a one-time
  set-up, not part of an import): process start, reading, header mapping, validation, dedupe
  and the database writes;
- floor: `python -c` that opens the file with python-calamine and touches every row, which is
  the cost of reading the spreadsheet alone.

Prints the times of every round, the best and median of each, the ratio hrkit/floor (target
<= 3.0) and hrkit's peak RSS (target <= 800 MB; the largest single process of its tree, as the
kernel reports it to os.wait4).
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter
from processes import ENVIRONMENT, compile_product, timed

VENV_BIN = Path(sys.executable).parent
HRKIT = VENV_BIN / "hrkit"
PYTHON = VENV_BIN / "python"
HEADER = [
    "First Name",
    "Last Name",
    "E-mail Address",
    "Phone",
    "Position",
    "Candidate ID",
    "Applied On",
    "Source",
    "City",
    "Notes",
]
# (as written, as it goes into an e-mail address)
FIRST = [
    ("Ada", "ada"), ("Grace", "grace"), ("Alan", "alan"), ("Margaret", "margaret"),
    ("Linus", "linus"), ("Barbara", "barbara"), ("Edsger", "edsger"), ("Frances", "frances"),
    ("Zoë", "zoe"), ("José", "jose"), ("Łukasz", "lukasz"), ("Søren", "soren"),
    ("Ayşe", "ayse"), ("François", "francois"), ("Björn", "bjorn"), ("Ngọc", "ngoc"),
]  # fmt: skip
LAST = [
    ("Lovelace", "lovelace"), ("Hopper", "hopper"), ("Turing", "turing"),
    ("Hamilton", "hamilton"), ("Torvalds", "torvalds"), ("Liskov", "liskov"),
    ("Dijkstra", "dijkstra"), ("Allen", "allen"), ("Müller", "muller"), ("García", "garcia"),
    ("Nowak", "nowak"), ("Kierkegaard", "kierkegaard"), ("Yılmaz", "yilmaz"),  # noqa: RUF001 (a Turkish name)
    ("Nguyễn", "nguyen"), ("O'Brien", "obrien"), ("van der Berg", "vanderberg"),
]  # fmt: skip
POSITIONS = ["Software Engineer", "Data Analyst", "Nurse", "Electrician", "HR Partner",
             "Project Manager", "Welder", "Teacher", "Accountant", "UX Designer"]  # fmt: skip
SOURCES = ["LinkedIn", "Referral", "Careers site", "Indeed", "Job fair", "Agency"]
CITIES = ["London", "Zürich", "München", "São Paulo", "Kraków", "Lyon", "Dublin", "Toronto"]
NOTES = ["", "", "", "Strong portfolio.", "Call back after 5 pm.", "Relocating in spring.",
         "Second interview booked.", "Speaks French and German."]  # fmt: skip

FLOOR = """
import sys
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_path(sys.argv[1])
rows = 0
for row in book.get_sheet_by_index(0).iter_rows():
    rows += 1
book.close()
print(rows)
"""


def make_file(path: Path, rows: int) -> None:
    """A candidate export as an ATS would produce it (seeded, so every run reads the same file)."""
    pick = random.Random(5)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    bold = book.add_format({"bold": True})
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet("Candidates")
    sheet.write_row(0, 0, HEADER, bold)
    first_day = datetime.date(2023, 1, 1)
    for n in range(rows):
        first, first_ascii = pick.choice(FIRST)
        last, last_ascii = pick.choice(LAST)
        line = n + 1
        sheet.write_string(line, 0, first)
        sheet.write_string(line, 1, last)
        sheet.write_string(line, 2, f"{first_ascii}.{last_ascii}.{n}@example.com")
        sheet.write_string(line, 3, f"+44 20 7946 {pick.randrange(10_000):04d}")
        sheet.write_string(line, 4, pick.choice(POSITIONS))
        sheet.write_string(line, 5, f"C-{n:06d}")
        applied = first_day + datetime.timedelta(days=pick.randrange(700))
        sheet.write_datetime(line, 6, datetime.datetime.combine(applied, datetime.time()), dates)
        sheet.write_string(line, 7, pick.choice(SOURCES))
        sheet.write_string(line, 8, pick.choice(CITIES))
        note = pick.choice(NOTES)
        if note:
            sheet.write_string(line, 9, note)
    book.close()


def prepare(db: Path) -> None:
    """An empty hrkit database at the current schema, as any import finds it."""
    subprocess.run(
        [str(HRKIT), "db", "upgrade", "--db", f"sqlite:///{db}"],
        check=True,
        capture_output=True,
        env=ENVIRONMENT,
    )


def product(path: Path, db: Path, rows: int, scratch: Path) -> tuple[float, float]:
    command = [str(HRKIT), "people", "import", str(path), "--kind", "candidate", "--json"]
    elapsed, peak, stdout, _stderr = timed([*command, "--db", f"sqlite:///{db}"], scratch)
    try:
        summary = json.loads(stdout)
    except ValueError:
        raise SystemExit(f"hrkit printed no JSON summary: {stdout[:500]!r}") from None
    counts = {key: summary.get(key) for key in ("rows", "created", "updated", "unchanged")}
    if counts != {"rows": rows, "created": rows, "updated": 0, "unchanged": 0}:
        raise SystemExit(f"expected {rows} rows all created on an empty database, got {counts}")
    return elapsed, peak


def floor(path: Path, rows: int, scratch: Path) -> tuple[float, float]:
    elapsed, peak, stdout, _stderr = timed([str(PYTHON), "-c", FLOOR, str(path)], scratch)
    if int(stdout) != rows + 1:  # the header row too
        raise SystemExit(f"the floor read {stdout.strip()} rows, expected {rows + 1}")
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the file and databases")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="hrkit-bench-import-"))
    try:
        path = scratch / "candidates.xlsx"
        started = time.perf_counter()
        make_file(path, args.rows)
        made = time.perf_counter() - started
        print(
            f"file:               {path.name}, {args.rows} rows x {len(HEADER)} columns, "
            f"{path.stat().st_size / 1e6:.1f} MB (written in {made:.1f} s)"
        )
        compile_product()
        products, floors = [], []
        for number in range(1, args.rounds + 1):
            # Interleaved, so both see the same machine load; a new database every round.
            database = scratch / f"round{number}.db"
            prepare(database)
            products.append(product(path, database, args.rows, scratch))
            floors.append(floor(path, args.rows, scratch))
            print(
                f"round {number}:            hrkit {products[-1][0]:7.2f} s"
                f"   floor {floors[-1][0]:7.2f} s   hrkit peak RSS {products[-1][1]:5.0f} MB"
            )
    finally:
        if args.keep:
            print(f"kept:               {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)

    product_times = [seconds for seconds, _ in products]
    floor_times = [seconds for seconds, _ in floors]
    product_s, floor_s = statistics.median(product_times), statistics.median(floor_times)
    peak = max(mb for _, mb in products)
    print(f"floor (calamine):   best {min(floor_times):7.2f} s   median {floor_s:7.2f} s")
    print(f"hrkit import:       best {min(product_times):7.2f} s   median {product_s:7.2f} s")
    print(f"ratio hrkit/floor:  {product_s / floor_s:7.2f}  (medians; target <= 3.0)")
    print(f"hrkit peak RSS:     {peak:7.0f} MB  (target <= 800; floor {floors[0][1]:.0f} MB)")
    print(f"rows per second:    {args.rows / product_s:7.0f}  (hrkit, end to end)")


if __name__ == "__main__":
    main()
