"""The server loop: a working asyncio loop whose callbacks run above a fresh stack chunk."""

from __future__ import annotations

import asyncio
import sys

import pytest

from graphql_schema import loop as server_loop


def test_runway_frame_needs_a_chunk_of_its_own() -> None:
    # A 16 KiB chunk holds 2,048 slots; the runway declares four times that.
    assert server_loop.runway.__code__.co_stacksize >= server_loop.RUNWAY_SLOTS > 2 * 2048
    assert server_loop.runway(lambda: 42) == 42


def test_runway_propagates_exceptions_and_deep_recursion_still_works() -> None:
    def boom() -> None:
        raise ValueError("inside")

    with pytest.raises(ValueError, match="inside"):
        server_loop.runway(boom)

    def depth(n: int) -> int:
        return 0 if n == 0 else 1 + depth(n - 1)

    # Recursion far beyond the runway spills into ordinary chunks as usual.
    assert server_loop.runway(lambda: depth(sys.getrecursionlimit() // 2)) > 400


@pytest.mark.parametrize("factory", [server_loop.new_event_loop, server_loop.RunwayLoop])
def test_loops_run_coroutines_tasks_and_executor_calls(factory) -> None:
    frames: list[str] = []

    async def main() -> int:
        frame = sys._getframe()
        while frame is not None:
            frames.append(frame.f_code.co_name)
            frame = frame.f_back
        results = await asyncio.gather(asyncio.sleep(0, 1), asyncio.to_thread(lambda: 2))
        return sum(results)

    with asyncio.Runner(loop_factory=factory) as runner:
        assert runner.run(main()) == 3
        assert isinstance(runner.get_loop(), asyncio.AbstractEventLoop)
    # The coroutine ran from inside the runway (uvloop's C frames do not show, its caller does).
    assert "runway" in frames


def test_uvicorn_accepts_the_factory_import_string() -> None:
    from uvicorn.config import Config

    config = Config(
        "graphql_schema.app:create_app", factory=True, loop="graphql_schema.loop:new_event_loop"
    )
    assert config.get_loop_factory() is server_loop.new_event_loop
