"""What importing a skills file did: counts of what it holds, and its row problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hrkit.skills.table import RowError


@dataclass
class ImportReport:
    """`created`/`updated`/`unchanged`/`invalid` count the things the file holds (skills,
    rules or roles); `invalid` ones were not imported, and `errors` say why, by row."""

    file: str
    format: str
    rows: int
    framework: str | None = None
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0
    errors: list[RowError] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The `--json` object (the API's report has the same figures)."""
        framework = {"framework": self.framework} if self.framework else {}
        return {
            "file": self.file,
            **framework,
            "format": self.format,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "invalid": self.invalid,
            "errors": [e.as_dict() for e in sorted(self.errors, key=lambda e: e.row)],
        }
