"""`python -m hrkit`."""

from __future__ import annotations

from hrkit.cli.main import run

run()
