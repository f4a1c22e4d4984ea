"""The one root error of hrkit and its families.

Every error a user can cause is an `HrkitError` with a one-line message and a stable `code`.
Adapters (CLI, GraphQL) turn them into one-line messages or typed payload errors; anything
else that escapes is a bug and is masked.
"""

from __future__ import annotations


class HrkitError(Exception):
    """Root of every expected hrkit failure; `str()` is a one-line, user-facing message."""

    code = "ERROR"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(" ".join(message.split()))
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self)


class ConfigError(HrkitError):
    """Settings or command-line values that cannot work."""

    code = "CONFIG"


class UsageError(ConfigError):
    """A command was called with arguments that make no sense together."""

    code = "USAGE"


class StorageError(HrkitError):
    """The database cannot be opened, reached or migrated."""

    code = "STORAGE"


class NotFoundError(HrkitError):
    """A named object does not exist (or is not visible to the caller, which reads the same)."""

    code = "NOT_FOUND"


class TenantNotFoundError(NotFoundError):
    code = "TENANT_NOT_FOUND"


class ValidationError(HrkitError):
    """A value given by the user violates the domain's rules."""

    code = "INVALID"


class AuthError(HrkitError):
    """A token is missing, malformed, expired or not trusted."""

    code = "UNAUTHENTICATED"


class PermissionDeniedError(HrkitError):
    code = "FORBIDDEN"


class RetryableMixin:
    """Marks an error that may go away when the same operation is tried again later."""

    retryable = True


class TerminalMixin:
    """Marks an error that the same input will always reproduce."""

    retryable = False


class FetchError(HrkitError):
    """A document could not be obtained over the network or from the document map."""

    code = "FETCH"
    retryable = True

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status_code: int | None = None,
        url: str | None = None,
    ) -> None:
        super().__init__(message, code=code)
        # The HTTP status of a non-2xx answer, so callers can tell "gone" (410) from "down".
        self.status_code = status_code
        self.url = url


class FetchRefusedError(FetchError):
    """The fetch guard refused an address (SSRF protection) or the input exceeded a limit."""

    code = "FETCH_REFUSED"
    retryable = False


class ConnectorError(HrkitError):
    """A source or target failed; subclasses say whether a retry can help."""

    code = "CONNECTOR"
    retryable = False


class TransientConnectorError(RetryableMixin, ConnectorError):
    code = "CONNECTOR_TRANSIENT"


class TerminalConnectorError(TerminalMixin, ConnectorError):
    code = "CONNECTOR_TERMINAL"


class SpreadsheetError(HrkitError):
    """A spreadsheet cannot be read at all (as opposed to per-row problems)."""

    code = "SPREADSHEET"


class SyncError(HrkitError):
    code = "SYNC"
