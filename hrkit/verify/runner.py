"""Verifying many inputs: in order, in parallel across processes for large batches.

Each worker process builds its own fetcher and engine once; inputs travel as paths (cheap to
pickle) and results come back in input order. A failing input becomes a malformed line, never a
stopped batch.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar

from hrkit.errors import HrkitError
from hrkit.fileio import FileTooLarge
from hrkit.model.enums import CheckName, CheckResult
from hrkit.verify.context import VerifyContext
from hrkit.verify.document import Document
from hrkit.verify.formats.base import malformed
from hrkit.verify.inputs import InputRef
from hrkit.verify.result import Check, Verification

logger = logging.getLogger(__name__)
T = TypeVar("T")
Render = Callable[[Verification], T]

# Below this many inputs a process pool costs more (start-up, pickling) than it saves.
PARALLEL_THRESHOLD = 400
CHUNK = 250


@dataclass(frozen=True)
class VerifyOptions:
    """Everything a worker needs to rebuild the verification context (picklable)."""

    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    trust: dict[str, str] | None = None
    recipient: str | None = None
    documents: str | None = None
    allow_hosts: tuple[str, ...] = ()
    offline: bool = False
    fetch_timeout: float = 10.0
    fetch_max_bytes: int = 5_000_000
    keep_documents: bool = False


class Session:
    """A fetcher, an engine and a context for one process; reused across inputs."""

    def __init__(self, options: VerifyOptions) -> None:
        from hrkit.verify.docmap import DocumentMap
        from hrkit.verify.engine import Engine
        from hrkit.verify.fetch import Fetcher
        from hrkit.verify.trust import StaticTrustRegistry

        documents = DocumentMap.load(options.documents) if options.documents else None
        self.options = options
        self.fetcher = Fetcher(
            allow_hosts=options.allow_hosts,
            documents=documents,
            timeout=options.fetch_timeout,
            max_bytes=options.fetch_max_bytes,
            offline=options.offline,
        )
        self.engine = Engine.with_plugins()
        self.trust = StaticTrustRegistry(options.trust) if options.trust is not None else None

    def context(self, recipient: str | None = None) -> VerifyContext:
        # A fresh memo per input keeps one input's documents from leaking into another's
        # verdict beyond the fetcher's own TTL cache.
        return VerifyContext(
            fetcher=self.fetcher,
            now=self.options.now,
            trust=self.trust,
            recipient=recipient or self.options.recipient,
        )

    def verify(self, ref: InputRef) -> list[Verification]:
        if ref.problem:
            return [malformed(Document(ref.label, b""), ref.problem)]
        try:
            document = ref.load()
        except (OSError, FileTooLarge) as exc:
            return [malformed(Document(ref.label, b""), f"cannot read {ref.label}: {exc}")]
        try:
            results = self.engine.verify(document, self.context(ref.recipient))
        except HrkitError as exc:
            results = [malformed(document, str(exc))]
        except (RecursionError, MemoryError, ValueError, TypeError, KeyError, IndexError) as exc:
            # A defect of ours on a hostile input must cost that input, never the batch: it
            # reads as "could not be checked", never as a verdict on the credential.
            logger.exception("internal error verifying %s", ref.label)
            results = [_internal_error(document, exc)]
        if not self.options.keep_documents:
            for result in results:
                result.document = None
        return results

    def close(self) -> None:
        self.fetcher.close()


def _internal_error(document: Document, exc: BaseException) -> Verification:
    message = f"hrkit could not process this input (internal error: {type(exc).__name__})"
    return Verification(
        input=document.label,
        format=None,
        checks=[Check(CheckName.PARSE, CheckResult.INDETERMINATE, message)],
        raw=document.stripped,
    )


_worker: Session | None = None


def _init_worker(options: VerifyOptions) -> None:
    global _worker
    _worker = Session(options)


def _verify_chunk(refs: Sequence[InputRef], render: Render[T]) -> list[T]:
    assert _worker is not None
    return [render(result) for ref in refs for result in _worker.verify(ref)]


def _verify_chunk_grouped(refs: Sequence[InputRef]) -> list[list[Verification]]:
    assert _worker is not None
    return [_worker.verify(ref) for ref in refs]


def _identity(result: Verification) -> Verification:
    return result


def verify_all(
    refs: Sequence[InputRef], options: VerifyOptions, workers: int | None = None
) -> Iterator[Verification]:
    """Every verification of every input, in input order."""
    return verify_rendered(refs, options, _identity, workers)


def verify_each(
    refs: Sequence[InputRef], options: VerifyOptions, workers: int | None = None
) -> Iterator[list[Verification]]:
    """The verifications of each input (a presentation gives several), in input order."""
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(refs) < PARALLEL_THRESHOLD:
        session = Session(options)
        try:
            for ref in refs:
                yield session.verify(ref)
        finally:
            session.close()
        return
    for grouped in _in_pool(refs, options, workers, _verify_chunk_grouped):
        yield from grouped


def verify_rendered(
    refs: Sequence[InputRef], options: VerifyOptions, render: Render[T], workers: int | None = None
) -> Iterator[T]:
    """`render(verification)` of every verification, in input order. In the parallel path
    `render` runs in the worker (it must be a module-level function), so only what it returns
    (e.g. a JSON line) crosses the process boundary."""
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(refs) < PARALLEL_THRESHOLD:
        session = Session(options)
        try:
            for ref in refs:
                for result in session.verify(ref):
                    yield render(result)
        finally:
            session.close()
        return
    for rendered in _in_pool(refs, options, workers, partial(_verify_chunk, render=render)):
        yield from rendered


def _in_pool(
    refs: Sequence[InputRef],
    options: VerifyOptions,
    workers: int,
    work: Callable[[Sequence[InputRef]], T],
) -> Iterator[T]:
    """`work(chunk)` for chunks of `refs` in worker processes, in order."""
    chunks = [refs[i : i + CHUNK] for i in range(0, len(refs), CHUNK)]
    # Forked workers inherit what the parent imported: load the engine once, here.
    import hrkit.verify.engine  # noqa: F401

    with ProcessPoolExecutor(
        max_workers=min(workers, len(chunks)), initializer=_init_worker, initargs=(options,)
    ) as pool:
        yield from pool.map(work, chunks)


def summary(results: Sequence[Verification]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for result in results:
        counts[result.status.value] = counts.get(result.status.value, 0) + 1
    return counts
