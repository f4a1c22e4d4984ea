"""HRIS targets: one module per target, each an `HrisTarget` registered by name.

A target writes into the folder the sync loop gives it (a fresh staging folder) and returns
the files it wrote; the loop renames them into `--out` under names that carry the run:
`<target>-<run>-<first change>-<last change>` followed by what comes after the target's own
name in the file's name (`workday.xlsx` → `workday-000001-…-000000001234.xlsx`), or by `-` and
the whole name otherwise. A target that declares `needs_raw = False` is handed rows whose
`raw` is empty (the loop then does not read the documents at all).
"""

from __future__ import annotations

try:
    from connectors.targets.bamboohr import BambooHRTarget
    from connectors.targets.csv import CsvTarget
    from connectors.targets.hropen import HrOpenTarget
    from connectors.targets.oracle_hdl import OracleHdlTarget
    from connectors.targets.successfactors import SuccessFactorsTarget
    from connectors.targets.workday import WorkdayTarget
    from connectors.targets.xlsx import XlsxTarget
except ImportError as exc:  # a built-in must never vanish silently from `connectors list`
    raise ImportError(f"a built-in HRIS target cannot be imported: {exc}") from exc

BUILTINS: list[type] = [
    CsvTarget,
    XlsxTarget,
    WorkdayTarget,
    SuccessFactorsTarget,
    BambooHRTarget,
    HrOpenTarget,
    OracleHdlTarget,
]

__all__ = [
    "BUILTINS",
    "BambooHRTarget",
    "CsvTarget",
    "HrOpenTarget",
    "OracleHdlTarget",
    "SuccessFactorsTarget",
    "WorkdayTarget",
    "XlsxTarget",
]
