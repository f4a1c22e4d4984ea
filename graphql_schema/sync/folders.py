"""Where the API's syncs write: one folder per tenant and target under HRKIT_SYNC_DIR."""

from __future__ import annotations

from pathlib import Path

from hrkit.errors import ValidationError
from hrkit.settings import Settings


def sync_folder(settings: Settings, tenant: str, target: str) -> Path:
    """`<sync_dir>/<tenant>/<target>`; a target name that is not one path segment is refused."""
    if Path(target).name != target or target in {"", ".", ".."} or "\\" in target:
        raise ValidationError(f"target {target!r} cannot name a folder", code="INVALID_TARGET")
    return Path(settings.sync_dir) / tenant / target
