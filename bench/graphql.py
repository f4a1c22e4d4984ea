"""Benchmark: the GraphQL API over HTTP against its floor, in the same run.

    .venv/bin/python bench/graphql.py [--people 500] [--rounds 5]

1. `people(first: 500)` with 5 credentials each (issuer and achievement names) over HTTP from a
   real `hrkit serve` (uvicorn, one worker, one kept-alive connection), against a floor of the
   same rows read with one SQL join and `json.dumps` in this process, the two interleaved round
   by round. Target ratio <= 4.
2. Requests per second of a small query (the parser and validation caches hit) with 16
   concurrent clients.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
# This file is named graphql.py: its own folder on sys.path would shadow the graphql package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

from hrkit.model.enums import PersonKind, VerificationStatus  # noqa: E402
from hrkit.store.database import Database  # noqa: E402
from hrkit.store.migrate import upgrade  # noqa: E402
from hrkit.store.repositories import Repositories, TenantRepository  # noqa: E402
from hrkit.store.tables import Achievement, Credential, Issuer, Person  # noqa: E402
from tests.helpers import HRKIT, hrkit_server  # noqa: E402

SECRET = "bench-secret-" + "b" * 40
QUERY = """query($first: Int!) { people(first: $first) { edges { node { id name email
  credentials(first: 5) { edges { node { id status issuer { name } achievement { name } } } } } } } }"""
SMALL = "{ viewer { subject tenant } }"
FLOOR_SQL = """
SELECT p.id, p.name, p.email, c.id, c.status, i.name, a.name
FROM people p
JOIN credentials c ON c.holder_id = p.id
LEFT JOIN issuers i ON i.id = c.issuer_id
LEFT JOIN achievements a ON a.id = c.achievement_id
WHERE p.tenant_id = :tenant AND p.id IN (
    SELECT id FROM people WHERE tenant_id = :tenant ORDER BY id LIMIT :first)
ORDER BY p.id, c.id
"""


def seed(db: Database, people: int) -> int:
    with db.transaction() as session:
        tenants = TenantRepository(session)
        tenants.create("bench")
        repos = Repositories(session, tenants.scope("bench"))
        tenant = repos.scope.tenant_id
        issuers = [
            repos.issuers.add(Issuer(uri=f"did:web:i{n}.example", name=f"Issuer {n}"))
            for n in range(10)
        ]
        achievements = [
            repos.achievements.add(
                Achievement(uri=f"https://a.example/{n}", name=f"Achievement {n}")
            )
            for n in range(40)
        ]
        session.flush()
        rows = [
            Person(
                kind=PersonKind.EMPLOYEE,
                name=f"Person {n}",
                email=f"p{n}@bench.example",
                tenant_id=tenant,
            )
            for n in range(people)
        ]
        session.add_all(rows)
        session.flush()
        credentials = []
        for person in rows:
            for _n in range(5):
                seq = len(credentials) + 1
                credentials.append(
                    Credential(
                        tenant_id=tenant,
                        holder_id=person.id,
                        issuer_id=issuers[seq % 10].id,
                        achievement_id=achievements[seq % 40].id,
                        raw=f"r{seq}",
                        raw_sha256=f"{seq:064d}",
                        status=VerificationStatus.VERIFIED,
                        change_seq=seq,
                        format="vc-jwt",
                    )
                )
        session.add_all(credentials)
        return tenant


def floor(db: Database, tenant: int, first: int) -> tuple[float, int]:
    started = time.perf_counter()
    with db.engine.connect() as conn:
        rows = conn.execute(text(FLOOR_SQL), {"tenant": tenant, "first": first}).all()
    people: dict[int, dict] = {}
    for pid, name, email, cid, status, issuer, achievement in rows:
        person = people.setdefault(
            pid, {"id": pid, "name": name, "email": email, "credentials": []}
        )
        person["credentials"].append(
            {
                "id": cid,
                "status": status,
                "issuer": {"name": issuer},
                "achievement": {"name": achievement},
            }
        )
    body = json.dumps({"data": {"people": list(people.values())}})
    return time.perf_counter() - started, len(body)


def product(http: httpx.Client, base: str, bearer: str, first: int) -> tuple[float, int]:
    started = time.perf_counter()
    response = http.post(
        f"{base}/graphql",
        json={"query": QUERY, "variables": {"first": first}},
        headers={"Authorization": f"Bearer {bearer}"},
        timeout=60,
    )
    elapsed = time.perf_counter() - started
    body = response.json()
    assert "errors" not in body, body["errors"]
    edges = body["data"]["people"]["edges"]
    assert len(edges) == first and all(len(e["node"]["credentials"]["edges"]) == 5 for e in edges)
    return elapsed, len(response.content)


async def throughput(base: str, bearer: str, clients: int, seconds: float) -> float:
    done = 0
    deadline = time.perf_counter() + seconds
    headers = {"Authorization": f"Bearer {bearer}"}

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            response = await http.post(f"{base}/graphql", json={"query": SMALL}, headers=headers)
            assert response.status_code == 200
            done += 1

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=30) as http:
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        return done / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        db = Database(f"sqlite:///{folder / 'bench.db'}")
        upgrade(db)
        tenant = seed(db, max(args.people, 500))
        env = {**os.environ, "HRKIT_JWT_SECRET": SECRET}
        bearer = subprocess.run(
            [
                str(HRKIT),
                "token",
                "--tenant",
                "bench",
                "--role",
                "hr_admin",
                "--db",
                str(folder / "bench.db"),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        os.environ["HRKIT_JWT_SECRET"] = SECRET
        with (
            hrkit_server(["--db", str(folder / "bench.db")], cwd=folder) as base,
            httpx.Client() as http,  # one kept-alive connection, as an HR system's client keeps
        ):
            product(http, base, bearer, args.people)  # warm-up: imports, caches, connection
            floor(db, tenant, args.people)
            products, floors = [], []
            for _ in range(args.rounds):  # interleaved, so both see the same machine load
                products.append(product(http, base, bearer, args.people))
                floors.append(floor(db, tenant, args.people))
            rps = asyncio.run(throughput(base, bearer, args.clients, 5.0))
    product_s = statistics.median(t for t, _ in products)
    floor_s = statistics.median(t for t, _ in floors)
    print(
        f"query:              people(first: {args.people}) x credentials(first: 5), "
        f"issuer and achievement names ({products[0][1]} bytes)"
    )
    print(f"floor (SQL + json): {floor_s * 1000:8.1f} ms  (one join, json.dumps, in process)")
    print(f"hrkit over HTTP:    {product_s * 1000:8.1f} ms  (median of {args.rounds})")
    print(f"ratio hrkit/floor:  {product_s / floor_s:8.2f}  (target <= 4)")
    print(f"small cached query: {rps:8.0f} requests/s with {args.clients} concurrent clients")


if __name__ == "__main__":
    main()
