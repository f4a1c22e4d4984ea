"""`hrkit people`: import spreadsheets, list people."""

from __future__ import annotations

from pathlib import Path

import click

from hrkit.cli.app import App, HrkitGroup, pass_app
from hrkit.cli.output import counted, echo_json, echo_table, status
from hrkit.errors import UsageError
from hrkit.model.enums import PersonKind

KINDS = [kind.value for kind in PersonKind]


@click.group(cls=HrkitGroup)
def people() -> None:
    """People of the tenant: import, list."""


@people.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(KINDS), required=True)
@click.option("--dry-run", is_flag=True, help="Validate and report without writing.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), help="Write OUT.xlsx.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@click.option("--documents", type=click.Path(dir_okay=False, path_type=Path), help="MAP.json.")
@click.option("--allow-host", "allow_hosts", multiple=True, help="Host the fetcher may reach.")
@click.option("--offline", is_flag=True, help="Never use the network (document map only).")
@pass_app
def import_(
    app: App,
    file: Path,
    kind: str,
    dry_run: bool,
    report: Path | None,
    as_json: bool,
    documents: Path | None,
    allow_hosts: tuple[str, ...],
    offline: bool,
) -> int:
    """Import candidates or employees from FILE (.xlsx, .xls, .ods, .csv).

    Exit code 0 when the file was processed (even with row errors), 1 when it could not be
    read. Rows with errors are not imported; the summary and --report say why, by row.
    """
    from hrkit.imports.readers import ReadLimits, open_workbook, read_file

    if report is not None and report.suffix.lower() != ".xlsx":
        raise UsageError(f"--report {report} must be an .xlsx file")
    limits = ReadLimits()
    data = read_file(file, limits)
    # Opened before the rest of hrkit is imported: its first sheet parses in the meantime.
    workbook = open_workbook(data, file.name, limits)
    workbook.prefetch()
    try:
        from hrkit.cli.commands.verify import verify_options
        from hrkit.cli.import_output import print_summary, write_report_file
        from hrkit.services.import_people import ImportOptions, import_people

        verify = verify_options(app, documents, allow_hosts, offline, at=None)
        with status(f"importing {file.name}") as update:
            options = ImportOptions(
                kind=PersonKind(kind),
                dry_run=dry_run,
                verify=verify,
                limits=limits,
                track=lambda items, total: counted(items, total, update, "verifying credentials"),
            )
            result = import_people(
                app.db, app.settings.tenant, data, file.name, options, workbook=workbook
            )
    finally:
        workbook.close()
    if report is not None:
        write_report_file(report, result)
    print_summary(result, as_json=as_json, report=report)
    app.keep(result)  # a large file's rows: freed with the process
    return 0


@people.command("list")
@click.option("--kind", type=click.Choice(KINDS))
@click.option("--json", "as_json", is_flag=True, help="JSON Lines output.")
@pass_app
def list_(app: App, kind: str | None, as_json: bool) -> None:
    """List people, ordered by email."""
    from hrkit.services.people import list_people

    with app.read() as (session, scope):
        rows = list_people(session, scope, PersonKind(kind) if kind else None)
        if as_json:
            for row in rows:
                echo_json(row)
            return
        echo_table(
            ["email", "name", "kind", "external id", "manager", "department", "title"],
            (
                (
                    r["email"],
                    r["name"],
                    r["kind"],
                    r["external_id"],
                    r["manager_email"],
                    r["department"],
                    r["title"],
                )
                for r in rows
            ),
        )
