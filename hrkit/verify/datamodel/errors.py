"""The error raised when a value breaks a credential data model."""

from __future__ import annotations

from hrkit.errors import HrkitError


class DataModelError(HrkitError):
    """A value (a date, a structure) that the credential's data model does not allow."""

    code = "DATA_MODEL"
