"""`hrkit verify` end to end: inputs, JSON Lines with every contract key, exit codes, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories.credentials import Issuer
from tests.verify.conformance import FIXTURES, needs_conformance

CONTRACT_KEYS = {
    "input",
    "status",
    "format",
    "credential_id",
    "issuer",
    "subject",
    "achievement",
    "issued_on",
    "valid_until",
    "skills",
    "checks",
}
HRKIT = Path(sys.executable).with_name("hrkit")


@pytest.fixture(scope="module")
def issuer() -> Issuer:
    return Issuer()


def lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_json_lines_carry_every_contract_key(hrkit_cli, tmp_path: Path, issuer: Issuer) -> None:
    path = tmp_path / "badge.jwt"
    path.write_text(issuer.jwt())
    code, out, err = hrkit_cli("verify", str(path), "--json", "--offline", "--at", "2025-01-01")
    assert (code, err) == (0, "")
    [line] = lines(out)
    assert set(line) >= CONTRACT_KEYS
    assert line["status"] == "verified" and line["format"] == "vc-jwt"
    assert line["issuer"] == {"id": issuer.id, "name": "Test Issuer", "trusted": None}
    assert set(line["subject"]) == {"id"} and set(line["achievement"]) == {"id", "name", "kind"}
    assert line["achievement"]["kind"] == "badge"
    assert line["skills"] == [
        {
            "framework": "ESCO",
            "code": "ccd0a1d9-afda-43d9-b901-96344886e14d",
            "url": "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d",
            "name": "Python (computer programming)",
        }
    ]
    assert [c["check"] for c in line["checks"]] == [
        "parse",
        "schema",
        "signature",
        "key_binding",
        "status",
        "validity_period",
        "recipient",
        "issuer_trust",
    ]
    assert line["checks"][-1] == {
        "check": "issuer_trust",
        "result": "skipped",
        "message": "no trust registry",
    }


def test_a_folder_is_verified_in_name_order_and_one_failure_means_exit_1(
    hrkit_cli, tmp_path: Path, issuer: Issuer
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "b.jwt").write_text(issuer.jwt(issuer.credential(validUntil="2024-06-01T00:00:00Z")))
    (folder / "a.json").write_text(json.dumps(issuer.di()))
    (folder / "c.txt").write_text("garbage")
    (folder / ".hidden").write_text("ignored")
    code, out, _ = hrkit_cli("verify", str(folder), "--json", "--offline", "--at", "2025-01-01")
    assert code == 1
    assert [(Path(l["input"]).name, l["status"]) for l in lines(out)] == [
        ("a.json", "verified"),
        ("b.jwt", "expired"),
        ("c.txt", "malformed"),
    ]
    c = lines(out)[2]
    assert c["format"] is None and c["credential_id"] is None and c["issuer"]["id"] is None


def test_stdin_and_missing_files_do_not_stop_the_batch(
    hrkit_cli, tmp_path: Path, issuer: Issuer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(issuer.jwt().encode())))
    code, out, _ = hrkit_cli("verify", "-", str(tmp_path / "nope.json"), "--json", "--offline")
    assert code == 1
    got = lines(out)
    assert [(l["input"], l["status"]) for l in got] == [
        ("-", "verified"),
        (str(tmp_path / "nope.json"), "malformed"),
    ]
    assert "no such file" in got[1]["checks"][0]["message"]


def test_trust_file_recipient_and_at(hrkit_cli, tmp_path: Path, issuer: Issuer) -> None:
    path = tmp_path / "badge.json"
    path.write_text(json.dumps(issuer.di(issuer.credential(validUntil="2026-01-01T00:00:00Z"))))
    trust = tmp_path / "trust.toml"
    trust.write_text(f'[[issuer]]\nid = "{issuer.id}"\nname = "Known Issuer"\n')
    code, out, _ = hrkit_cli(
        "verify",
        str(path),
        "--json",
        "--offline",
        "--trust",
        str(trust),
        "--recipient",
        "ada@example.org",
        "--at",
        "2025-06-01T12:00:00Z",
    )
    [line] = lines(out)
    assert (code, line["status"], line["issuer"]["trusted"]) == (0, "verified", True)
    code, out, _ = hrkit_cli("verify", str(path), "--json", "--offline", "--at", "2027-01-01")
    assert (code, lines(out)[0]["status"]) == (1, "expired")
    other = tmp_path / "other.toml"
    other.write_text('[[issuer]]\nid = "did:web:other.example"\nname = "Other"\n')
    code, out, _ = hrkit_cli(
        "verify", str(path), "--json", "--offline", "--trust", str(other), "--at", "2025-06-01"
    )
    assert (code, lines(out)[0]["status"], lines(out)[0]["issuer"]["trusted"]) == (
        1,
        "untrusted_issuer",
        False,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--at", "yesterday"], "--at 'yesterday' is not an ISO-8601"),
        (["--trust", "{tmp}/missing.toml"], "trust file"),
        (["--trust", "{tmp}/bad.toml"], "is not valid TOML"),
        (["--documents", "{tmp}/bad.json"], "document map"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(
    hrkit_cli, tmp_path: Path, issuer: Issuer, args: list[str], message: str
) -> None:
    (tmp_path / "bad.toml").write_text("[[issuer]\n")
    (tmp_path / "bad.json").write_text("[1, 2]")
    path = tmp_path / "badge.jwt"
    path.write_text(issuer.jwt())
    code, out, err = hrkit_cli("verify", str(path), *[a.format(tmp=tmp_path) for a in args])
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err


def test_readable_table_without_json(hrkit_cli, tmp_path: Path, issuer: Issuer) -> None:
    path = tmp_path / "badge.jwt"
    path.write_text(issuer.jwt())
    code, out, _ = hrkit_cli("verify", str(path), "--offline")
    assert code == 0 and "verified" in out and "Test Issuer" in out


@needs_conformance
def test_document_map_lets_a_fixture_bind(hrkit_cli, tmp_path: Path) -> None:
    from tests.verify.conformance import EDTECH_MULTIKEY, profile_listing

    issuer_id = "https://example.com/issuers/876543"
    profile = profile_listing(tmp_path, issuer_id, [f"{issuer_id}#{EDTECH_MULTIKEY}"], "p")
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({issuer_id: profile.name}))
    fixture = str(FIXTURES / "ob30/simple.json")
    code, out, _ = hrkit_cli("verify", fixture, "--json", "--offline")
    assert (code, lines(out)[0]["status"]) == (1, "unverifiable")
    code, out, _ = hrkit_cli("verify", fixture, "--json", "--offline", "--documents", str(mapping))
    assert (code, lines(out)[0]["status"]) == (0, "verified")


def test_large_batches_use_worker_processes_and_keep_input_order(tmp_path: Path) -> None:
    issuer = Issuer()
    folder = tmp_path / "many"
    folder.mkdir()
    expected = []
    for number in range(450):  # above the pool threshold
        name = f"{number:04d}.jwt"
        if number % 50 == 7:
            (folder / name).write_text("broken")
            expected.append("malformed")
        else:
            (folder / name).write_text(issuer.jwt(issuer.credential(name=f"badge {number}")))
            expected.append("verified")
    result = subprocess.run(
        [str(HRKIT), "verify", str(folder), "--json", "--offline", "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    got = lines(result.stdout)
    assert result.returncode == 1
    assert [Path(l["input"]).name for l in got] == sorted(p.name for p in folder.iterdir())
    assert [l["status"] for l in got] == expected
    assert result.stderr == ""
