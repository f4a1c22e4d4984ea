"""What `hrkit people import` prints and the report file it writes."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import click

from hrkit.cli.output import echo_json, echo_table
from hrkit.imports.report import ReportColumn, ReportRow, write_report
from hrkit.imports.rows import ERROR
from hrkit.services.import_people import ImportResult

# The terminal shows this many problems; --json and --report carry all of them.
SHOWN_PROBLEMS = 50


def print_summary(result: ImportResult, *, as_json: bool, report: Path | None) -> None:
    summary = result.summary()
    if as_json:
        echo_json(summary)
        return
    would = "would be " if result.dry_run else ""
    click.echo(
        f"{result.filename}: sheet {summary['sheet']!r}, header in row {summary['header_row']}; "
        f"{summary['rows']} row(s): {summary['created']} {would}created, "
        f"{summary['updated']} {would}updated, {summary['unchanged']} unchanged, "
        f"{summary['merged']} merged, {summary['invalid']} with errors; "
        f"{summary['credentials']} credential(s)"
        + (" (dry run: nothing written)" if result.dry_run else "")
    )
    if result.note:
        click.echo(f"note: {result.note}")
    mapped = [m for m in summary["mapping"] if m["field"]]
    click.echo("columns: " + ", ".join(f"{m['header']} → {m['field']}" for m in mapped))
    if result.problems:
        echo_table(
            ["row", "column", "level", "code", "message"],
            (
                (p.row, p.column, p.level, p.code, p.message)
                for p in result.problems[:SHOWN_PROBLEMS]
            ),
        )
        if len(result.problems) > SHOWN_PROBLEMS:
            click.echo(f"… and {len(result.problems) - SHOWN_PROBLEMS} more problem(s)")
    if report is not None:
        click.echo(f"report: {report}")


def write_report_file(path: Path, result: ImportResult) -> None:
    """The input rows with their status and problems, as `path` (.xlsx)."""
    messages: dict[int | None, list[str]] = defaultdict(list)
    worst: dict[int | None, str] = {}
    for problem in result.problems:
        where = f"{problem.column}: " if problem.column else ""
        messages[problem.row].append(f"{where}{problem.message} [{problem.code}]")
        if worst.get(problem.row) != ERROR:
            worst[problem.row] = problem.level
    statuses = {r.row: r.status for r in result.results}
    header = result.table.header
    write_report(
        path,
        header=header.cells,
        header_row=header.row,
        rows=(
            ReportRow(
                row=number,
                cells=cells,
                status=statuses[number],
                problems=messages.get(number, []),
                level=worst.get(number, "ok"),
            )
            for number, cells in result.table.rows
        ),
        columns=[
            ReportColumn(c.letter, c.header, c.field, c.method, c.score)
            for c in header.columns
            if c.header or c.field
        ],
        summary={k: v for k, v in result.summary().items() if k not in {"errors", "mapping"}},
    )
