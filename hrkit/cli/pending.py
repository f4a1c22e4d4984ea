"""Contract commands whose capability has not landed yet answer this, with exit code 2."""

from __future__ import annotations

from hrkit.errors import NotImplementedYetError


def not_yet(command: str, arrives_with: str) -> NotImplementedYetError:
    return NotImplementedYetError(
        f"`hrkit {command}` is not implemented yet: it arrives with {arrives_with}"
    )
