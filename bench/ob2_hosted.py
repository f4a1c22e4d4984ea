"""Benchmark: Open Badges 2.0 hosted assertions — `hrkit verify` per badge, and the official
OB 2.0 validator (`openbadges` on PyPI, 1EdTech's openbadges-validator-core) per badge, in the
same run, against the same badges served by a real HTTP server on 127.0.0.1.

    .venv/bin/python bench/ob2_hosted.py [--count 300] [--validator-python PATH]

The validator is not a dependency of hrkit (its last release needs Python-2-era packages). To
measure it, give the Python of a separate virtualenv where it imports:

    python3 -m venv /tmp/ob2 && /tmp/ob2/bin/pip install openbadges \\
        && /tmp/ob2/bin/pip install -U --force-reinstall pycryptodome python-jose pytz

Without it, only hrkit's figure is printed. Both run offline: the validator's JSON-LD context
request for https://w3id.org/openbadges/v2 is answered from hrkit's bundled copy.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.httpserver import LocalHTTPServer  # noqa: E402

OB2_CONTEXT = ROOT / "hrkit" / "verify" / "contexts" / "ob-v2p0.json"

VALIDATOR = textwrap.dedent(
    """
    import json, sys, time, requests
    context = open(sys.argv[1]).read()
    real_get = requests.Session.get
    class Answer:
        status_code = 200
        from_cache = True
        headers = {"Content-Type": "application/ld+json"}
        def __init__(self, text): self.text = text
        def json(self): return json.loads(self.text)
        def raise_for_status(self): pass
    def get(self, url, *args, **kwargs):
        if url.startswith("https://w3id.org/openbadges"):
            return Answer(context)
        return real_get(self, url, *args, **kwargs)
    requests.Session.get = get
    from openbadges import verify
    urls = sys.argv[2:]
    verify(urls[0])  # warm-up: imports, context
    started = time.perf_counter()
    valid = 0
    for url in urls:
        result = verify(url)
        valid += bool(result["report"]["valid"])
    print(json.dumps({"seconds": time.perf_counter() - started, "valid": valid}))
    """
)


def serve(server: LocalHTTPServer, count: int) -> list[str]:
    issuer_url = server.url("/issuer.json")
    badge_url = server.url("/badge.json")
    server.route(
        "/issuer.json",
        json.dumps(
            {
                "@context": "https://w3id.org/openbadges/v2",
                "type": "Issuer",
                "id": issuer_url,
                "name": "Bench Issuer",
                "url": server.url("/"),
                "email": "badges@bench.example",
            }
        ),
        headers={"Content-Type": "application/ld+json"},
    )
    server.route(
        "/badge.json",
        json.dumps(
            {
                "@context": "https://w3id.org/openbadges/v2",
                "type": "BadgeClass",
                "id": badge_url,
                "name": "Bench Badge",
                "description": "A badge for benchmarks.",
                "image": server.url("/badge.png"),
                "criteria": {"narrative": "Run the benchmark."},
                "issuer": issuer_url,
            }
        ),
        headers={"Content-Type": "application/ld+json"},
    )
    urls = []
    for number in range(count):
        url = server.url(f"/assertions/{number}.json")
        server.route(
            f"/assertions/{number}.json",
            json.dumps(
                {
                    "@context": "https://w3id.org/openbadges/v2",
                    "type": "Assertion",
                    "id": url,
                    "recipient": {"type": "email", "hashed": False, "identity": f"p{number}@x.org"},
                    "badge": badge_url,
                    "issuedOn": "2024-01-01T00:00:00Z",
                    "verification": {"type": "HostedBadge"},
                }
            ),
            headers={"Content-Type": "application/ld+json"},
        )
        urls.append(url)
    return urls


def run_hrkit(urls: list[str]) -> tuple[float, int]:
    hrkit = str(Path(sys.executable).with_name("hrkit"))
    started = time.perf_counter()
    result = subprocess.run(
        [hrkit, "verify", *urls, "--json", "--allow-host", "127.0.0.1", "--workers", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    statuses = [json.loads(line)["status"] for line in result.stdout.splitlines()]
    return elapsed, statuses.count("verified")


def run_validator(python: str, urls: list[str]) -> tuple[float, int]:
    result = subprocess.run(
        [python, "-W", "ignore", "-c", VALIDATOR, str(OB2_CONTEXT), *urls],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"the OB 2.0 validator failed: {result.stderr.strip()[-500:]}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return report["seconds"], report["valid"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--validator-python", help="python of a venv with `openbadges`")
    args = parser.parse_args()
    with LocalHTTPServer() as server:
        urls = serve(server, args.count)
        hrkit_s, hrkit_ok = run_hrkit(urls)
        print(f"badges:              {args.count} hosted OB 2.0 assertions over HTTP (127.0.0.1)")
        print(
            f"hrkit verify:        {hrkit_s:8.3f} s  {hrkit_s / args.count * 1000:7.2f} ms/badge"
            f"  ({hrkit_ok} verified; end to end, process start included, one process)"
        )
        if args.validator_python:
            validator_s, validator_ok = run_validator(args.validator_python, urls)
            print(
                f"official validator:  {validator_s:8.3f} s  "
                f"{validator_s / args.count * 1000:7.2f} ms/badge  ({validator_ok} valid; "
                "in-process loop, start-up excluded)"
            )
            print(f"ratio validator/hrkit per badge: {validator_s / hrkit_s:6.2f}")
        else:
            print("official validator:  not measured (give --validator-python)")


if __name__ == "__main__":
    main()
