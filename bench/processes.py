"""What the benchmarks share: running hrkit and its floor as fresh processes, timed end to end."""

from __future__ import annotations

import compileall
import os
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Both sides run as an installed program runs: with its bytecode cached. A shell that sets
# PYTHONDONTWRITEBYTECODE would otherwise make every hrkit run recompile the editable checkout's
# modules (0.2-0.3 s) while the floor's compiled library needs none.
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def compile_product() -> None:
    for package in ("hrkit", "graphql_schema", "connectors"):
        compileall.compile_dir(ROOT / package, quiet=1)


def timed(command: list[str], scratch: Path) -> tuple[float, float, str, str]:
    """(seconds, peak RSS in MB, stdout, stderr) of `command` run to its end."""
    out, err = scratch / "stdout", scratch / "stderr"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, env=ENVIRONMENT)
        # os.wait4, not Popen.wait: it also returns this child's own resource usage.
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(
            f"{' '.join(command[:3])} failed ({code}): {err.read_text(errors='replace')[-1000:]}"
        )
    # ru_maxrss is in KiB on Linux.
    return elapsed, usage.ru_maxrss / 1024, out.read_text(), err.read_text()
