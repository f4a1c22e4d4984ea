"""Helpers shared by tests: free ports, a real `hrkit serve` process, database snapshots."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from hrkit.store.database import Database
from hrkit.store.tables import Base

HRKIT = Path(sys.executable).with_name("hrkit")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def hrkit_server(args: Sequence[str], cwd: Path, timeout: float = 60) -> Iterator[str]:
    """Run `hrkit serve ARGS` on a free port; yields its base URL, stops it afterwards."""
    port = free_port()
    with subprocess.Popen(
        [str(HRKIT), "serve", "--port", str(port), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
    ) as server:
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    httpx.get(f"{base}/healthz", timeout=2)
                    break
                except httpx.TransportError:
                    if server.poll() is not None:
                        raise RuntimeError(server.stderr.read().decode() if server.stderr else "")
                    if time.monotonic() > deadline:
                        raise TimeoutError("hrkit serve did not start") from None
                    time.sleep(0.2)
            yield base
        finally:
            server.terminate()
            server.communicate(timeout=30)


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    with db.session() as session:
        return {
            table.name: [
                tuple(row)
                for row in session.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
        }
