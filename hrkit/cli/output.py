"""Printing: JSON (one object per line), readable tables, and progress on a terminal."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import click

T = TypeVar("T")


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_json(value: Any) -> str:
    return json.dumps(value, default=_default, ensure_ascii=False, separators=(",", ":"))


def echo_json(value: Any) -> None:
    """One JSON value on one line (JSON Lines when called repeatedly)."""
    click.echo(to_json(value))


def echo_table(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], title: str | None = None
) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("" if cell is None else _cell(cell) for cell in row))
    Console(soft_wrap=False).print(table)


def _cell(value: Any) -> str:
    if isinstance(value, datetime | date | Enum):
        return str(_default(value))
    return str(value)


def progress(items: Iterable[T], *, total: int | None = None, label: str = "") -> Iterator[T]:
    """`items`, with a progress bar on stderr when it is a terminal."""
    if not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        for item in items:
            yield item
            bar.advance(task)


@contextmanager
def status(message: str) -> Iterator[Callable[[str], None]]:
    """A spinner with `message` on stderr while the block runs, when stderr is a terminal;
    the block gets a function that changes the message."""
    if not sys.stderr.isatty():
        yield lambda _message: None
        return
    from rich.console import Console

    with Console(stderr=True).status(message) as spinner:
        yield lambda text: spinner.update(text)


def counted(
    items: Iterable[T], total: int, update: Callable[[str], None], label: str
) -> Iterator[T]:
    """`items`, reporting "label n/total" through `update` as they pass."""
    for done, item in enumerate(items, start=1):
        update(f"{label} {done:,}/{total:,}")
        yield item
