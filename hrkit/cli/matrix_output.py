"""`hrkit matrix`: build the skill-gap matrix and write it as .xlsx, .csv or .json."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from hrkit.cli.app import App
from hrkit.cli.output import echo_json, status
from hrkit.errors import UsageError
from hrkit.model.enums import PersonKind


def export_matrix(
    app: App,
    *,
    role: str | None,
    manager: str | None,
    kind: str | None,
    out: Path,
    as_json: bool,
) -> None:
    """Write the matrix of `role` and/or `manager`'s team to `out` and print what was written."""
    from hrkit.services.matrix import skill_matrix
    from hrkit.skills.matrix_export import format_of, write_matrix

    if role is None and manager is None:
        raise UsageError("name a role (--role TITLE), a team (--manager EMAIL), or both")
    format = format_of(out)  # a wrong extension fails before the database is opened
    now = datetime.now(UTC)
    with status(f"building the matrix for {out.name}"), app.read() as (session, scope):
        matrix = skill_matrix(
            session,
            scope,
            role_title=role,
            manager_email=manager,
            kind=PersonKind(kind) if kind else None,
            now=now,
        ).matrix
        export = write_matrix(out, matrix, generated_at=now)
    summary = {
        "out": str(out),
        "format": format,
        "people": len(matrix.people),
        "skills": len(matrix.skills),
        "sheets": list(export.sheets),
    }
    if as_json:
        echo_json(summary)
        return
    what = " against " + repr(matrix.role) if matrix.role else ""
    team = f" for the team of {matrix.manager.email}" if matrix.manager else ""
    sheets = f"; sheets: {', '.join(export.sheets)}" if export.sheets else ""
    click.echo(
        f"{out}: {len(matrix.people)} people, {len(matrix.skills)} skills{what}{team}{sheets}"
    )
