"""Benchmark: `hrkit verify <folder>` on 20,000 EdDSA VC-JWTs from did:key issuers, against a
bare `cryptography` Ed25519 loop over the same signatures, in the same run.

    .venv/bin/python bench/verify.py [--count 20000] [--workers N]

Prints both throughputs and hrkit's ratio to the floor (target: >= 0.5). The hrkit figure is end
to end: process start, reading every file, parsing, did:key resolution, key binding, the data
model checks, validity, and JSON Lines output. The floor verifies signatures already in memory
with public key objects already built, so it is the cost of the cryptography alone.
"""

from __future__ import annotations

import argparse
import base64
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hrkit.verify.multibase import b58encode  # noqa: E402


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_tokens(count: int, keys_per_issuer: int = 1) -> list[tuple[str, ed25519.Ed25519PublicKey]]:
    tokens = []
    for number in range(count):
        key = ed25519.Ed25519PrivateKey.generate()
        raw = key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        multikey = "z" + b58encode(b"\xed\x01" + raw)
        did = f"did:key:{multikey}"
        header = {"alg": "EdDSA", "typ": "vc+jwt", "kid": f"{did}#{multikey}"}
        claims = {
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            ],
            "id": f"urn:uuid:bench-{number:08d}",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": did, "type": ["Profile"], "name": f"Issuer {number}"},
            "iss": did,
            "validFrom": "2024-01-01T00:00:00Z",
            "name": f"Badge {number}",
            "credentialSubject": {
                "id": f"did:example:learner-{number}",
                "type": ["AchievementSubject"],
                "achievement": {
                    "id": f"https://badges.example/achievements/{number % 50}",
                    "type": ["Achievement"],
                    "name": f"Achievement {number % 50}",
                    "description": "Shows the skill.",
                    "criteria": {"narrative": "Passed."},
                },
            },
        }
        signing_input = (
            f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
        )
        token = f"{signing_input}.{b64url(key.sign(signing_input.encode()))}"
        tokens.append((token, key.public_key()))
    return tokens


def floor(tokens: list[tuple[str, ed25519.Ed25519PublicKey]]) -> float:
    prepared = []
    for token, public in tokens:
        signing_input, _, signature = token.rpartition(".")
        prepared.append(
            (public, base64.urlsafe_b64decode(signature + "=="), signing_input.encode())
        )
    started = time.perf_counter()
    for public, signature, data in prepared:
        public.verify(signature, data)
    return time.perf_counter() - started


def product(folder: Path, workers: int | None) -> tuple[float, list[str]]:
    command = [
        str(Path(sys.executable).with_name("hrkit")),
        "verify",
        str(folder),
        "--json",
        "--offline",
    ]
    if workers:
        command += ["--workers", str(workers)]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    statuses = [json.loads(line)["status"] for line in result.stdout.splitlines()]
    if result.returncode != 0 or result.stderr:
        raise SystemExit(f"hrkit verify failed ({result.returncode}): {result.stderr[:500]}")
    return elapsed, statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()

    tokens = make_tokens(args.count)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for number, (token, _public) in enumerate(tokens):
            (folder / f"{number:06d}.jwt").write_text(token)
        floor_s = floor(tokens)
        product_s, statuses = product(folder, args.workers)
    verified = statuses.count("verified")
    if verified != args.count:
        raise SystemExit(f"only {verified} of {args.count} verified")
    floor_rate = args.count / floor_s
    product_rate = args.count / product_s
    print(f"credentials:        {args.count} EdDSA VC-JWTs, did:key issuers, all verified")
    print(f"floor (bare loop):  {floor_s:8.3f} s  {floor_rate:10.0f} /s")
    print(f"hrkit verify:       {product_s:8.3f} s  {product_rate:10.0f} /s  (end to end)")
    print(f"ratio hrkit/floor:  {product_rate / floor_rate:8.2f}  (target >= 0.5)")


if __name__ == "__main__":
    main()
