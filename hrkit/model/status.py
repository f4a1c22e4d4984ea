"""Rules about verification statuses that hold wherever a status is read."""

from __future__ import annotations

from datetime import datetime, timedelta

from hrkit.model.enums import VerificationStatus

PRECEDENCE = {status: rank for rank, status in enumerate(VerificationStatus)}
# Issuers' and verifiers' clocks disagree a little; documented in the README.
CLOCK_SKEW = timedelta(minutes=5)


def first_status(statuses: list[VerificationStatus]) -> VerificationStatus:
    """The status that comes first in the contract's table (`verified` for none)."""
    return min(statuses, key=PRECEDENCE.__getitem__, default=VerificationStatus.VERIFIED)


def effective_status(
    stored: VerificationStatus, valid_until: datetime | None, now: datetime
) -> VerificationStatus:
    """A stored result ages: once `valid_until` has passed it reads as `expired`, unless a
    status that comes earlier in the table (revoked, invalid, …) already applies."""
    if valid_until is not None and now > valid_until + CLOCK_SKEW:
        return first_status([stored, VerificationStatus.EXPIRED])
    return stored
