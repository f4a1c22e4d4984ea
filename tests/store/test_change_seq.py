"""change_seq under concurrent writers: unique, gap-free, and visible in order.

Syncs use change_seq as a cursor, so a reader must never see change N+1 committed while N is
still invisible; otherwise a sync could advance its watermark past N and miss it forever.
"""

from __future__ import annotations

import hashlib
import threading
import time

from sqlalchemy import select

from hrkit.model.enums import PersonKind, VerificationStatus
from hrkit.store.database import Database
from hrkit.store.repositories import Repositories, TenantRepository
from hrkit.store.tables import Credential, Person

WRITERS = 4
TRANSACTIONS = 30


def test_concurrent_writers_get_unique_ordered_change_numbers(db: Database) -> None:
    with db.transaction() as session:
        scope = TenantRepository(session).scope("default")
        holder = Repositories(session, scope).people.add(
            Person(kind=PersonKind.EMPLOYEE, name="Holder", email="holder@example.org")
        )
        session.flush()
        holder_id = holder.id

    seqs: dict[int, list[int]] = {w: [] for w in range(WRITERS)}
    violations: list[str] = []
    observations = 0
    done = threading.Event()
    start = threading.Barrier(WRITERS + 1)

    def writer(wid: int) -> None:
        start.wait()
        for i in range(TRANSACTIONS):
            with db.transaction() as session:
                raw = f"writer {wid} credential {i}"
                credential = Repositories(session, scope).credentials.save(
                    Credential(
                        holder_id=holder_id,
                        raw=raw,
                        raw_sha256=hashlib.sha256(raw.encode()).hexdigest(),
                        status=VerificationStatus.VERIFIED,
                    )
                )
                time.sleep(0.002)  # widen the window between taking a number and committing
                seqs[wid].append(credential.change_seq)

    def reader() -> None:
        nonlocal observations
        start.wait()
        while not done.is_set():
            with db.session() as session:
                visible = sorted(
                    session.scalars(
                        select(Credential.change_seq).where(Credential.tenant_id == scope.tenant_id)
                    )
                )
            if visible != list(range(1, len(visible) + 1)):
                violations.append(f"visible change numbers have a gap: {visible}")
            observations += 1

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
    observer = threading.Thread(target=reader)
    for thread in [*threads]:
        thread.start()
    observer.start()
    for thread in threads:
        thread.join(timeout=120)
    done.set()
    observer.join(timeout=30)

    every = sorted(s for values in seqs.values() for s in values)
    assert every == list(range(1, WRITERS * TRANSACTIONS + 1))
    for values in seqs.values():
        assert values == sorted(values)
    assert observations > 0
    assert violations == []
    with db.session() as session:
        assert TenantRepository(session).current_change_seq(scope.tenant_id) == len(every)
