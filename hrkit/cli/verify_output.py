"""How verification results are printed: JSON Lines, or a readable table."""

from __future__ import annotations

from collections.abc import Iterable

from hrkit.cli.output import echo_json, echo_table
from hrkit.model.enums import CheckResult
from hrkit.verify.result import Verification


def reason(result: Verification) -> str:
    """The first failing (or undecided) check's message: why the status is what it is."""
    for wanted in (CheckResult.FAIL, CheckResult.INDETERMINATE):
        for check in result.checks:
            if check.result is wanted:
                return f"{check.check.value}: {check.message}"
    return ""


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
