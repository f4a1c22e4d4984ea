"""Rules about people that every adapter shares (email normalisation is the dedupe key)."""

from __future__ import annotations

import re
import unicodedata

from hrkit.errors import ValidationError

# Deliberately permissive: one "@", no whitespace, a dot in the domain. RFC 5322 in full accepts
# addresses no HR system can store; anything stricter rejects real addresses.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def normalize_email(value: str) -> str:
    """The canonical form of an email: NFC, no surrounding space or `mailto:`, lower case.

    Two addresses that normalise equally are the same person within a tenant. Lower-casing
    the local part is what every mainstream mail provider does in practice.
    """
    text = (value if value.isascii() else unicodedata.normalize("NFC", value)).strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :]
    return text.strip().lower()


def parse_email(value: str) -> str:
    """Normalise `value` and reject anything that is not an email address."""
    email = email_or_none(value)
    if email is None:
        raise ValidationError(f"not an email address: {value!r}", code="INVALID_EMAIL")
    return email


def email_or_none(value: str) -> str | None:
    """`value` normalised when it is an email address, else None (a column of 100,000 cells
    is checked without an exception per bad cell)."""
    email = normalize_email(value)
    return email if len(email) <= 320 and _EMAIL.match(email) else None
