"""hrkit: verify microcredentials, serve them to HR systems, map them to skills, sync to HRIS."""

from __future__ import annotations

from hrkit.errors import HrkitError

__all__ = ["HrkitError", "__version__"]

__version__ = "0.1.0.dev0"
