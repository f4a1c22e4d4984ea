"""The server's event loop, run above a deterministic stretch of interpreter frame stack.

CPython keeps Python frames on per-thread stack chunks (16 KiB, or the next power of two for a
bigger frame) and frees a chunk the moment the frame at its base returns. Code that recurses back
and forth across a chunk boundary then pays an mmap and a munmap at every crossing. GraphQL
execution does exactly that, once per field of every list item, so the same request ran anywhere
from 190 ms to 590 ms depending only on how deep the caller's stack happened to be when the loop
started (measured on CPython 3.11 with `people(first: 500)` and five credentials each; `hrkit
serve` from the CLI landed on a slow depth).

`new_event_loop` returns a loop whose `run_forever` first enters `runway`, a function whose frame
is too big for any 16 KiB chunk: entering it always starts a fresh 128 KiB chunk, leaving about
64 KiB (some 300 frames, far more than the depth limit lets a query use) of room above it wherever
the loop was started from. uvicorn builds it in every worker through `--loop` (an import string).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import cache
from typing import TypeVar

T = TypeVar("T")

# Value stack slots (8 bytes each) reserved by `runway`'s frame: 64 KiB plus the interpreter's
# per-chunk overhead (1,000 slots) needs a 128 KiB chunk, the first power of two that fits.
RUNWAY_SLOTS = 8 * 1024


def runway(fn: Callable[[], T]) -> T:
    """Call `fn` from the base of a fresh interpreter stack chunk with ~64 KiB of room."""
    return fn()


# The code declares a value stack big enough to need a chunk of its own (a larger stack than the
# code uses is harmless: the interpreter never initialises those slots).
runway.__code__ = runway.__code__.replace(co_stacksize=RUNWAY_SLOTS)


class RunwayLoop(asyncio.SelectorEventLoop):
    """The standard selector loop, running its callbacks above a runway."""

    def run_forever(self) -> None:
        runway(super().run_forever)


@cache
def _uvloop_class() -> type[asyncio.AbstractEventLoop] | None:
    try:
        import uvloop
    except ImportError:
        return None

    class UvloopRunwayLoop(uvloop.Loop):  # type: ignore[misc,name-defined]
        """uvloop (used when installed, as uvicorn's `auto` does), above a runway."""

        def run_forever(self) -> None:
            runway(super().run_forever)

    return UvloopRunwayLoop


def new_event_loop() -> asyncio.AbstractEventLoop:
    """The loop `hrkit serve` runs uvicorn on: uvloop when installed, asyncio otherwise."""
    cls = _uvloop_class() or RunwayLoop
    return cls()
