"""How verification results are printed: JSON Lines, or a readable table."""

from __future__ import annotations

import sys
from collections.abc import Iterable

from hrkit.cli.output import echo_json, echo_table, to_json
from hrkit.model.enums import CheckResult, VerificationStatus
from hrkit.verify.result import Verification


def reason(result: Verification) -> str:
    """The first failing (or undecided) check's message: why the status is what it is."""
    for wanted in (CheckResult.FAIL, CheckResult.INDETERMINATE):
        for check in result.checks:
            if check.result is wanted:
                return f"{check.check.value}: {check.message}"
    return ""


def json_line(result: Verification) -> tuple[bool, str]:
    """(verified?, the JSON line): what a worker process sends back for `--json`."""
    line = result.to_json()
    return line["status"] == VerificationStatus.VERIFIED.value, to_json(line)


def print_json_lines(lines: Iterable[tuple[bool, str]]) -> bool:
    """Write pre-rendered JSON lines; returns whether all were verified."""
    all_verified = True
    write = sys.stdout.write
    for verified, line in lines:
        all_verified &= verified
        write(line + "\n")
    return all_verified


def print_results(results: Iterable[Verification], *, as_json: bool) -> bool:
    """Print every result; returns whether all were verified."""
    all_verified = True
    rows = []
    for result in results:
        all_verified &= result.status.value == "verified"
        if as_json:
            echo_json(result.to_json())
        else:
            f = result.facts
            rows.append(
                (
                    result.input,
                    result.status.value,
                    result.presentation["format"]
                    if result.presentation
                    else (result.format.value if result.format else ""),
                    f.issuer_name or f.issuer_id or "",
                    f.achievement_name or "",
                    reason(result),
                )
            )
    if not as_json:
        echo_table(["input", "status", "format", "issuer", "achievement", "why"], rows)
    return all_verified
