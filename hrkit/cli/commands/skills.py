"""`hrkit skills`, `hrkit roles`, `hrkit fit`, `hrkit matrix`."""

from __future__ import annotations

from pathlib import Path

import click

from hrkit.cli.app import App, HrkitGroup, command, pass_app
from hrkit.cli.pending import not_yet

SKILLS = "the skills engine"
in_file = click.Path(exists=False, dir_okay=False, path_type=Path)


@click.group(cls=HrkitGroup)
def skills() -> None:
    """Skill taxonomies and achievement-to-skill mapping rules."""


@skills.command("import")
@click.argument("file", type=in_file)
@click.option("--framework", type=click.Choice(["esco", "onet", "custom"]))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@pass_app
def import_(app: App, /, **_options: object) -> None:
    """Import a taxonomy (ESCO CSV, O*NET, or custom CSV)."""
    raise not_yet("skills import", SKILLS)


@skills.command("map")
@click.argument("file", type=in_file)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@pass_app
def map_(app: App, /, **_options: object) -> None:
    """Load mapping rules (CSV: achievement, skill_uri, level)."""
    raise not_yet("skills map", SKILLS)


@click.group(cls=HrkitGroup)
def roles() -> None:
    """Roles and their skill requirements."""


@roles.command("import")
@click.argument("file", type=in_file)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@pass_app
def roles_import(app: App, /, **_options: object) -> None:
    """Import roles (CSV: role, skill_uri, level, essential, weight)."""
    raise not_yet("roles import", SKILLS)


@command()
@click.option("--role", required=True, metavar="TITLE")
@click.option("--kind", type=click.Choice(["employee", "candidate"]))
@click.option("--top", type=click.IntRange(min=1), metavar="N")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines output.")
@pass_app
def fit(app: App, /, **_options: object) -> None:
    """Rank people by fit for a role."""
    raise not_yet("fit", SKILLS)


@command()
@click.option("--role", metavar="TITLE")
@click.option("--manager", metavar="EMAIL")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@pass_app
def matrix(app: App, /, **_options: object) -> None:
    """Export the skill-gap matrix (.xlsx, .csv or .json)."""
    raise not_yet("matrix", SKILLS)
