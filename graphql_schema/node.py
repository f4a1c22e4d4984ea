"""The Node interface: every object has an opaque global id."""

from __future__ import annotations

import strawberry


@strawberry.interface
class Node:
    id: strawberry.ID
