"""The `hrkit` entry point: the command tree and one-line errors with stable exit codes.

Exit codes: 0 success, 1 failure (bad input, unreachable database, unknown tenant, or a
command's own "not everything passed", e.g. verify), 2 usage errors and commands that have not
landed yet, 130 interrupted.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence
from typing import NoReturn

import click

from hrkit import __version__
from hrkit.cli.app import App, HrkitGroup
from hrkit.cli.commands import (
    db,
    people,
    schema,
    serve,
    skills,
    sources,
    sync,
    tenants,
    token,
    trust,
    verify,
)
from hrkit.errors import ConfigError, HrkitError

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


# Commands that look connectors up by name; the others never pay for importing them.
CONNECTOR_COMMANDS = frozenset({"sync", "connectors", "sources"})


@click.group(cls=HrkitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hrkit")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """hrkit: verify microcredentials, serve them to HR systems, map them to skills, sync HRIS.

    Every command takes --tenant T and --db URL after its name.
    """
    if ctx.invoked_subcommand in CONNECTOR_COMMANDS:
        register_connectors()


def register_connectors() -> None:
    """Wire the built-in sources and targets into hrkit's registries (this is the CLI's
    composition root; they load openpyxl and httpx, hence only for the commands using them)."""
    import connectors

    connectors.register_builtins()


for command in (
    serve.serve,
    serve.demo,
    db.db,
    token.token,
    verify.verify,
    trust.trust,
    verify.credentials,
    verify.reverify,
    people.people,
    skills.skills,
    skills.roles,
    skills.fit,
    skills.matrix,
    sync.sync,
    sync.connectors,
    sources.sources,
    schema.schema,
    tenants.tenants,
):
    cli.add_command(command)


def main(argv: Sequence[str] | None = None, *, app: App | None = None) -> int:
    """Run the CLI; every failure becomes one line on stderr and an exit code.

    `app` holds the invocation's settings, database and what commands keep (a new one when
    not given); its database connections are closed before this returns.
    """
    app = app or App()
    try:
        return _main(argv, app)
    finally:
        app.close()


def _main(argv: Sequence[str] | None, app: App) -> int:
    try:
        result = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="hrkit",
            standalone_mode=False,
            obj=app,
        )
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        _error("aborted")
        return EXIT_INTERRUPTED
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "hrkit"
        _error(f"{exc.format_message()} (see `{where} --help`)", where)
        return EXIT_USAGE
    except click.ClickException as exc:
        _error(exc.format_message())
        return exc.exit_code
    except ConfigError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except HrkitError as exc:
        _error(str(exc))
        return EXIT_FAILURE
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); make the interpreter's final flush harmless too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILURE
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get("HRKIT_DEBUG", "").lower() in {"1", "true", "yes"}:
            traceback.print_exc()
        _error(
            f"internal error: {type(exc).__name__}: {_one_line(str(exc))} "
            "(set HRKIT_DEBUG=1 for the traceback)"
        )
        return EXIT_FAILURE
    return result if isinstance(result, int) else 0


def run() -> NoReturn:
    """The `hrkit` executable: `main()`, then the process ends without tearing down the
    interpreter.

    By the time `main()` returns, what the command opened is closed (database connections are
    disposed, files are closed by their `with` blocks). What is left is memory: after a
    100,000-row import, freeing its million objects one by one takes 0.2 s that nobody waits
    for. The App keeps them (`App.keep`), the output is flushed and the process ends (as mypy
    ends, for the same reason).
    """
    app = App()
    code = main(app=app)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # the reader went away, or the disk is full: output was lost
            code = code or EXIT_FAILURE
    if "logging" in sys.modules:  # handlers that buffer
        sys.modules["logging"].shutdown()
    os._exit(code)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:500]


def _error(message: str, where: str = "hrkit") -> None:
    click.echo(f"{where}: error: {_one_line(message)}", err=True)


if __name__ == "__main__":  # pragma: no cover
    run()
