"""`hrkit skills`, `hrkit roles`, `hrkit fit`, `hrkit matrix`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from hrkit.cli.app import App, HrkitGroup, command, pass_app

in_file = click.Path(exists=False, dir_okay=False, path_type=Path)


@click.group(cls=HrkitGroup)
def skills() -> None:
    """Skill taxonomies and achievement-to-skill mapping rules."""


@skills.command("import")
@click.argument("file", type=in_file)
@click.option(
    "--framework",
    type=click.Choice(["esco", "onet", "custom"]),
    help="The file's framework (default: told from its headers).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@pass_app
def import_(app: App, file: Path, framework: str | None, as_json: bool) -> int:
    """Import a taxonomy: ESCO CSV (skills, collections, hierarchy, broader relations),
    O*NET Technology Skills, or custom CSV (uri, name, framework, broader_uri).

    The layout is told from the headers unless --framework narrows it. Skills are matched by
    uri: importing the same file again changes nothing. Rows with problems are skipped and
    reported; exit code 1 only when the file cannot be read at all.
    """
    from hrkit.cli.output import status
    from hrkit.services.skills_import import import_skills

    data = _read(file)
    with status(f"importing {file.name}"), app.write() as (session, scope):
        report = import_skills(session, scope, data, file.name, framework)
    _print_report(report.summary(), as_json=as_json, noun="skill")
    return 0


@skills.command("map")
@click.argument("file", type=in_file)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@pass_app
def map_(app: App, file: Path, as_json: bool) -> int:
    """Load mapping rules (CSV: achievement, skill_uri, level).

    The achievement is a uri, an exact name or a `*` glob on the name; the level is 1 to 5.
    Rules are matched by achievement and skill; rules the file does not name are kept.
    """
    from hrkit.services.skill_mappings import import_skill_mappings

    data = _read(file)
    with app.write() as (session, scope):
        report = import_skill_mappings(session, scope, data, file.name)
    _print_report(report.summary(), as_json=as_json, noun="rule")
    return 0


@click.group(cls=HrkitGroup)
def roles() -> None:
    """Roles and their skill requirements."""


@roles.command("import")
@click.argument("file", type=in_file)
@click.option(
    "--occupations",
    type=in_file,
    help="Occupation titles (ESCO occupations CSV or O*NET Occupation Data) for FILE.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@pass_app
def roles_import(app: App, file: Path, occupations: Path | None, as_json: bool) -> int:
    """Import roles (CSV: role, skill_uri, level, essential, weight).

    Empty level: 3; empty essential: yes; empty weight: 1.0 when essential, 0.5 otherwise.
    Also reads ESCO occupation-skill relations and O*NET Technology Skills (one role per
    occupation, level 3). Each role is replaced as a whole; a role with a bad row is
    reported and left as it was, the others are imported.
    """
    from hrkit.cli.output import status
    from hrkit.services.roles_import import import_roles

    data = _read(file)
    titles = (_read(occupations), occupations.name) if occupations else None
    with status(f"importing {file.name}"), app.write() as (session, scope):
        report = import_roles(session, scope, data, file.name, titles)
    _print_report(report.summary(), as_json=as_json, noun="role")
    return 0


# The terminal shows this many row problems; --json carries all of them.
SHOWN_PROBLEMS = 50


def _read(path: Path) -> bytes:
    from hrkit.imports.readers import read_file
    from hrkit.skills.table import LIMITS

    return read_file(path, LIMITS)


def _print_report(summary: dict[str, Any], *, as_json: bool, noun: str) -> None:
    from hrkit.cli.output import echo_json, echo_table

    if as_json:
        echo_json(summary)
        return
    click.echo(
        f"{summary['file']} ({summary['format']}, {summary['rows']} row(s)): "
        f"{summary['created']} {noun}(s) created, {summary['updated']} updated, "
        f"{summary['unchanged']} unchanged, {summary['invalid']} invalid"
    )
    errors = summary["errors"]
    if errors:
        echo_table(
            ["row", "code", "message"],
            ((e["row"], e["code"], e["message"]) for e in errors[:SHOWN_PROBLEMS]),
        )
        if len(errors) > SHOWN_PROBLEMS:
            click.echo(f"… and {len(errors) - SHOWN_PROBLEMS} more problem(s) (see --json)")


@command()
@click.option("--role", required=True, metavar="TITLE")
@click.option("--kind", type=click.Choice(["employee", "candidate"]))
@click.option("--top", type=click.IntRange(min=1), metavar="N")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines output.")
@pass_app
def fit(app: App, role: str, kind: str | None, top: int | None, as_json: bool) -> None:
    """Rank people by fit for a role: score descending, then email.

    Every person of the kind (all kinds without --kind) unless --top N; --json prints JSON
    Lines {person_email, role, score, ready, gaps [{skill_uri, required, held, essential}]}.
    """
    from hrkit.cli.fit_output import print_fit
    from hrkit.cli.output import status
    from hrkit.model.enums import PersonKind
    from hrkit.services.fit import role_fit

    with app.read() as (session, scope), status(f"ranking people for {role}"):
        result = role_fit(
            session, scope, role_title=role, kind=PersonKind(kind) if kind else None, top=top
        )
    print_fit(result, as_json=as_json)


@command()
@click.option("--role", metavar="TITLE")
@click.option("--manager", metavar="EMAIL")
@click.option("--kind", type=click.Choice(["employee", "candidate"]), help="Without --manager.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@pass_app
def matrix(
    app: App, role: str | None, manager: str | None, kind: str | None, out: Path, as_json: bool
) -> None:
    """Export the skill-gap matrix of a role and/or a manager's team (.xlsx, .csv or .json)."""
    from hrkit.cli.matrix_output import export_matrix

    export_matrix(app, role=role, manager=manager, kind=kind, out=out, as_json=as_json)
