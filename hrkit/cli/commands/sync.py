"""`hrkit sync`, `hrkit connectors`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from hrkit.cli.app import App, HrkitGroup, command, pass_app
from hrkit.cli.output import echo_json, echo_table, status

if TYPE_CHECKING:
    from hrkit.sync.engine import SyncResult


@command()
@click.argument("target")
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the files (created when missing).",
)
@click.option("--full", is_flag=True, help="Re-export everything, not only changes.")
@click.option("--dry-run", is_flag=True, help="Write nothing; keep the watermark.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@pass_app
def sync(app: App, target: str, out: Path, full: bool, dry_run: bool, as_json: bool) -> None:
    """Export verified credentials to an HRIS target's import files.

    Incremental by default: the credentials changed since the last run of TARGET, plus end
    rows for credentials exported earlier that are no longer verified. Run `hrkit connectors
    list` for the targets. Run again with the same --out after an interruption: every change
    ends up in exactly one file.
    """
    from hrkit.sync.engine import load_target, run_sync

    load_target(target)  # an unknown target fails before the database is opened
    with status(f"{target}: reading changes") as update:
        result = run_sync(
            app.db,
            app.settings.tenant,
            target,
            out,
            full=full,
            dry_run=dry_run,
            progress=lambda done: update(f"{target}: {done:,} credentials exported"),
        )
    if as_json:
        echo_json(result.summary())
    else:
        _print(result)


def _print(result: SyncResult) -> None:
    ended = f" ({result.ended:,} ended)" if result.ended else ""
    if result.dry_run:
        click.echo(
            f"{result.target}: would export {result.exported:,} credential(s){ended}; "
            f"nothing written, watermark stays {result.watermark}"
        )
        return
    if not result.files:
        what = "nothing new" if not result.exported else f"{result.exported:,} credential(s)"
        click.echo(f"{result.target}: {what}; no files written; watermark {result.watermark}")
        return
    click.echo(
        f"{result.target}: exported {result.exported:,} credential(s){ended} "
        f"(changes {result.from_seq + 1 if not result.full else 1}-{result.to_seq}); "
        f"watermark {result.watermark}"
    )
    for path in result.files:
        click.echo(f"  {path}")


@click.group(cls=HrkitGroup)
def connectors() -> None:
    """Issuer sources and HRIS targets."""


@connectors.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines output.")
@pass_app
def list_(app: App, as_json: bool) -> None:
    """List registered sources and targets, and plug-ins that failed to load."""
    from hrkit import plugins

    rows: list[dict[str, object]] = []
    for kind, registry in (("source", plugins.sources), ("target", plugins.targets)):
        for name in registry.names():
            found = registry.get(name)
            rows.append(
                {
                    "name": name,
                    "kind": kind,
                    "origin": registry.origin(name),
                    "description": _summary(found),
                }
            )
    # Both registries read the same entry point group: a broken plug-in shows up in both.
    broken = {(b.name, b.origin): b for r in (plugins.sources, plugins.targets) for b in r.broken()}
    for plugin in sorted(broken.values(), key=lambda b: b.name):
        rows.append(
            {"name": plugin.name, "kind": None, "origin": plugin.origin, "error": plugin.error}
        )
    if as_json:
        for row in rows:
            echo_json(row)
        return
    echo_table(
        ["name", "kind", "origin", "description"],
        (
            (
                row["name"],
                row["kind"] or "broken",
                row["origin"],
                row.get("description") or f"failed to load: {row.get('error')}",
            )
            for row in rows
        ),
    )


def _summary(plugin: object) -> str:
    doc = (getattr(plugin, "__doc__", None) or "").strip()
    return doc.splitlines()[0] if doc else ""
