"""The built-in issuer sources: where credentials come from, and whom they belong to."""

from __future__ import annotations

from connectors.sources.badgr import BadgrSource
from connectors.sources.credly import CredlySource
from connectors.sources.openbadges import OpenBadgesSource
from connectors.sources.wallet import WalletSource

BUILTINS: list[type] = [OpenBadgesSource, CredlySource, BadgrSource, WalletSource]

__all__ = ["BUILTINS", "BadgrSource", "CredlySource", "OpenBadgesSource", "WalletSource"]
