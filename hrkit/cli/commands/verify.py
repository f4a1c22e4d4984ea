"""`hrkit verify`, `hrkit credentials add`, `hrkit reverify`."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from hrkit.cli.app import App, HrkitGroup, command, pass_app
from hrkit.errors import UsageError
from hrkit.model.enums import PersonKind

if TYPE_CHECKING:
    from hrkit.verify.runner import VerifyOptions

file_option = click.Path(dir_okay=False, path_type=Path)


@command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one per credential.")
@click.option("--trust", type=file_option, help="Trust registry TRUST.toml.")
@click.option("--documents", type=file_option, help="Offline document map MAP.json.")
@click.option("--allow-host", "allow_hosts", multiple=True, help="Host the fetcher may reach.")
@click.option("--recipient", help="Email the credential must be issued to.")
@click.option("--at", "at", help="Verify as of this ISO-8601 time.")
@click.option("--offline", is_flag=True, help="Never use the network (document map only).")
@click.option("--workers", type=click.IntRange(min=1), help="Processes for large batches.")
@pass_app
def verify(
    app: App,
    inputs: tuple[str, ...],
    as_json: bool,
    trust: Path | None,
    documents: Path | None,
    allow_hosts: tuple[str, ...],
    recipient: str | None,
    at: str | None,
    offline: bool,
    workers: int | None,
) -> int:
    """Verify credentials: files, folders, URLs or - for stdin.

    Exit code 0 when every credential is verified, 1 otherwise, 2 on usage errors.
    """
    import sys

    from hrkit.cli.verify_output import json_line, print_json_lines, print_results
    from hrkit.verify.inputs import expand
    from hrkit.verify.runner import verify_all, verify_rendered
    from hrkit.verify.trust import load_trust_file

    registry = load_trust_file(trust) if trust else None
    options = replace(
        verify_options(app, documents, allow_hosts, offline, at),
        trust=registry.entries if registry is not None else None,
        recipient=recipient,
    )
    stdin = sys.stdin.buffer.read() if "-" in inputs else None
    refs = expand(list(inputs), stdin)
    if as_json:
        ok = print_json_lines(verify_rendered(refs, options, json_line, workers))
    else:
        ok = print_results(verify_all(refs, options, workers), as_json=False)
    return 0 if ok else 1


def verify_options(
    app: App, documents: Path | None, allow_hosts: tuple[str, ...], offline: bool, at: str | None
) -> VerifyOptions:
    from hrkit.verify.runner import VerifyOptions

    if documents is not None:
        from hrkit.verify.docmap import DocumentMap

        DocumentMap.load(documents)  # a broken map is a usage error before any work starts
    settings = app.settings
    return VerifyOptions(
        now=parse_at(at),
        documents=str(documents) if documents else None,
        allow_hosts=(*settings.fetch_allow, *allow_hosts),
        offline=offline or settings.fetch_offline,
        fetch_timeout=settings.fetch_timeout,
        fetch_max_bytes=settings.fetch_max_bytes,
    )


def parse_at(value: str | None) -> datetime:
    """`--at`: an ISO-8601 instant (UTC when no offset is given); now when absent."""
    if value is None:
        return datetime.now(UTC)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--at {value!r} is not an ISO-8601 date or time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@click.group(cls=HrkitGroup)
def credentials() -> None:
    """Credentials of the tenant: add."""


@credentials.command("add")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--holder", required=True, help="Email of the person holding the credentials.")
@click.option("--kind", type=click.Choice([k.value for k in PersonKind]), default="candidate")
@click.option("--json", "as_json", is_flag=True, help="verify's JSON Lines plus the stored id.")
@click.option("--documents", type=file_option, help="Offline document map MAP.json.")
@click.option("--allow-host", "allow_hosts", multiple=True, help="Host the fetcher may reach.")
@click.option("--name", "holder_name", help="The holder's name, when the person is new.")
@click.option("--offline", is_flag=True, help="Never use the network (document map only).")
@pass_app
def add(
    app: App,
    inputs: tuple[str, ...],
    holder: str,
    kind: str,
    as_json: bool,
    documents: Path | None,
    allow_hosts: tuple[str, ...],
    holder_name: str | None,
    offline: bool,
) -> int:
    """Verify and store credentials for a holder (against the tenant's trust registry).

    Exit code 0 when every credential is verified, 1 otherwise (all are stored either way).
    """
    import sys

    from hrkit.cli.output import echo_json
    from hrkit.cli.verify_output import print_results
    from hrkit.model.ids import global_id
    from hrkit.services.add_credentials import add_credentials
    from hrkit.verify.inputs import expand

    options = verify_options(app, documents, allow_hosts, offline, at=None)
    stdin = sys.stdin.buffer.read() if "-" in inputs else None
    added = add_credentials(
        app.db,
        app.settings.tenant,
        holder_email=holder,
        kind=PersonKind(kind),
        refs=expand(list(inputs), stdin),
        options=options,
        holder_name=holder_name,
    )
    if as_json:
        for item in added:
            line = item.verification.to_json()
            line.update(
                id=global_id("Credential", item.stored.credential_id),
                created=item.stored.created,
                changed=item.stored.changed,
                change_seq=item.stored.change_seq,
            )
            echo_json(line)
        ok = all(item.verification.status.value == "verified" for item in added)
    else:
        ok = print_results((item.verification for item in added), as_json=False)
    return 0 if ok else 1


@command()
@click.option("--older-than", help="Only results older than DURATION (e.g. 12h, 7d).")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines of changed outcomes.")
@click.option("--documents", type=file_option, help="Offline document map MAP.json.")
@click.option("--allow-host", "allow_hosts", multiple=True, help="Host the fetcher may reach.")
@click.option("--offline", is_flag=True, help="Never use the network (document map only).")
@click.option("--at", "at", help="Re-check as of this ISO-8601 time.")
@pass_app
def reverify(
    app: App,
    older_than: str | None,
    as_json: bool,
    documents: Path | None,
    allow_hosts: tuple[str, ...],
    offline: bool,
    at: str | None,
) -> None:
    """Re-check stored credentials and record every change of outcome (new change_seq).

    --json prints one line per changed credential; the counts go to stderr.
    """
    from hrkit.cli.output import echo_json, echo_table
    from hrkit.model.duration import parse_duration
    from hrkit.model.ids import global_id
    from hrkit.services.reverify import Progress
    from hrkit.services.reverify import reverify as run

    age = parse_duration(older_than) if older_than else None
    options = verify_options(app, documents, allow_hosts, offline, at)
    progress = Progress()
    rows = []
    for change in run(
        app.db, app.settings.tenant, options=options, older_than=age, progress=progress
    ):
        line = {
            "id": global_id("Credential", change.credential_pk),
            "credential_id": change.credential_id,
            "holder": change.holder_email,
            "from": change.before.value,
            "to": change.after.value,
            "change_seq": change.change_seq,
        }
        if as_json:
            echo_json(line)
        else:
            rows.append(tuple(line.values()))
    if rows:
        echo_table(["id", "credential", "holder", "from", "to", "change_seq"], rows)
    click.echo(
        f"re-checked {progress.checked} credential(s); {progress.changed} changed",
        err=as_json,
    )
