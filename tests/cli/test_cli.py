"""The command tree, global options, and one-line errors with stable exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jwt
import pytest

from hrkit.store.migrate import HEAD

CONTRACT = {
    ("serve",): ["--host", "--port", "--demo", "--workers"],
    ("demo",): [],
    ("db", "upgrade"): [],
    ("token",): ["--tenant", "--role", "--sub", "--ttl"],
    ("verify",): ["--json", "--trust", "--documents", "--allow-host", "--recipient", "--at"],
    ("trust", "add"): ["--name"],
    ("trust", "list"): [],
    ("trust", "remove"): [],
    ("credentials", "add"): ["--holder", "--kind", "--json", "--documents", "--allow-host"],
    ("reverify",): ["--older-than", "--json"],
    ("people", "import"): [
        "--kind",
        "--dry-run",
        "--report",
        "--json",
        "--documents",
        "--allow-host",
    ],
    ("people", "list"): ["--kind", "--json"],
    ("skills", "import"): ["--framework"],
    ("skills", "map"): [],
    ("roles", "import"): [],
    ("fit",): ["--role", "--kind", "--top", "--json"],
    ("matrix",): ["--role", "--manager", "--out"],
    ("sync",): ["--out", "--full", "--dry-run", "--json"],
    ("connectors", "list"): [],
    ("schema",): [],
}


def test_help_lists_every_contract_command(hrkit_cli) -> None:
    code, out, _ = hrkit_cli("--help")
    assert code == 0
    listed = {line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.strip()}
    assert {path[0] for path in CONTRACT} <= listed


@pytest.mark.parametrize("path", sorted(CONTRACT), ids=" ".join)
def test_every_contract_command_takes_its_flags_and_the_global_options(hrkit_cli, path) -> None:
    code, out, _ = hrkit_cli(*path, "--help")
    assert code == 0
    for flag in [*CONTRACT[path], "--tenant", "--db"]:
        assert flag in out, f"{' '.join(path)} lacks {flag}"


@pytest.fixture
def sqlite_db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.db")


def test_first_use_upgrades_an_empty_database_then_db_upgrade_is_a_no_op(
    hrkit_cli, sqlite_db
) -> None:
    code, out, _ = hrkit_cli("trust", "list", "--db", sqlite_db)
    assert code == 0 and "empty" in out
    code, out, _ = hrkit_cli("db", "upgrade", "--json", "--db", sqlite_db)
    assert code == 0
    summary = json.loads(out)
    assert summary["from"] == summary["to"] == HEAD


def test_trust_add_list_remove_round_trip(hrkit_cli, sqlite_db) -> None:
    assert (
        hrkit_cli(
            "trust", "add", "did:web:badges.example", "--name", "Badges Inc", "--db", sqlite_db
        )[0]
        == 0
    )
    assert (
        hrkit_cli(
            "trust", "add", "https://issuer.example/profile", "--name", "Issuer", "--db", sqlite_db
        )[0]
        == 0
    )
    # Adding again renames, never duplicates.
    assert (
        hrkit_cli(
            "trust", "add", "did:web:badges.example", "--name", "Badges Ltd", "--db", sqlite_db
        )[0]
        == 0
    )
    code, out, _ = hrkit_cli("trust", "list", "--json", "--db", sqlite_db)
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows == [
        {"uri": "did:web:badges.example", "name": "Badges Ltd", "trusted": True},
        {"uri": "https://issuer.example/profile", "name": "Issuer", "trusted": True},
    ]
    assert hrkit_cli("trust", "remove", "did:web:badges.example", "--db", sqlite_db)[0] == 0
    code, out, _ = hrkit_cli("trust", "list", "--json", "--db", sqlite_db)
    assert [json.loads(line)["uri"] for line in out.splitlines()] == [
        "https://issuer.example/profile"
    ]
    # Trust is per tenant.
    assert hrkit_cli("tenants", "add", "globex", "--db", sqlite_db)[0] == 0
    code, out, _ = hrkit_cli("trust", "list", "--json", "--tenant", "globex", "--db", sqlite_db)
    assert (code, out) == (0, "")


def test_global_options_work_before_and_after_the_command(hrkit_cli, sqlite_db, tmp_path) -> None:
    other = str(tmp_path / "other.db")
    hrkit_cli("trust", "add", "did:web:a.example", "--name", "A", "--db", sqlite_db)
    code, out, _ = hrkit_cli("--db", other, "trust", "list", "--json", "--db", sqlite_db)
    assert code == 0 and "did:web:a.example" in out
    code, out, _ = hrkit_cli("--db", sqlite_db, "trust", "list", "--json")
    assert code == 0 and "did:web:a.example" in out


def test_token_is_signed_with_the_database_secret(hrkit_cli, sqlite_db) -> None:
    code, out, _ = hrkit_cli(
        "token", "--role", "manager", "--sub", "m@example.org", "--ttl", "60", "--db", sqlite_db
    )
    assert code == 0
    token = out.strip()
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["roles"] == ["manager"] and claims["tenant"] == "default"
    assert claims["exp"] - claims["iat"] == 60
    code, again, _ = hrkit_cli("token", "--role", "hris", "--db", sqlite_db)
    from hrkit.auth.secret import development_secret
    from hrkit.settings import Settings
    from hrkit.store.database import Database

    secret = development_secret(Database(sqlite_db), Settings())
    for t in (token, again.strip()):
        jwt.decode(t, secret, algorithms=["HS256"], audience="hrkit", issuer="hrkit")


def test_token_uses_hrkit_jwt_secret_when_set(hrkit_cli, sqlite_db, monkeypatch) -> None:
    monkeypatch.setenv("HRKIT_JWT_SECRET", "k" * 32)
    code, out, _ = hrkit_cli("token", "--role", "hris", "--db", sqlite_db)
    assert code == 0
    jwt.decode(out.strip(), "k" * 32, algorithms=["HS256"], audience="hrkit")


def test_tenants_add_and_list(hrkit_cli, sqlite_db) -> None:
    assert hrkit_cli("tenants", "add", "acme", "--name", "Acme Corp", "--db", sqlite_db)[0] == 0
    code, out, _ = hrkit_cli("tenants", "list", "--json", "--db", sqlite_db)
    assert [json.loads(line)["tenant"] for line in out.splitlines()] == ["acme", "default"]
    code, _, err = hrkit_cli("tenants", "add", "acme", "--db", sqlite_db)
    assert code == 1 and err == "hrkit: error: tenant 'acme' already exists\n"


def test_people_list_is_empty_json_lines_on_a_new_tenant(hrkit_cli, sqlite_db) -> None:
    assert hrkit_cli("people", "list", "--json", "--db", sqlite_db) == (0, "", "")


BAD_DATABASES = [
    ("notadb://x", "unsupported database 'notadb'"),
    ("postgresql+psycopg://nobody@127.0.0.1:1/x", "cannot use database"),
    ("mysql://root@localhost/x", "unsupported database 'mysql'"),
    ("/no/such/folder/hrkit.db", "no folder"),
    ("postgresql+asyncpg://u@h/db", "unsupported PostgreSQL driver"),
]


@pytest.mark.parametrize(("url", "message"), BAD_DATABASES)
def test_bad_db_url_is_a_one_line_error(hrkit_cli, url, message) -> None:
    code, out, err = hrkit_cli("people", "list", "--db", url)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("hrkit: error: ")
    assert message in err
    assert "Traceback" not in err


def test_a_file_that_is_not_a_database_is_a_one_line_error(hrkit_cli, tmp_path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    code, _, err = hrkit_cli("trust", "list", "--db", str(junk))
    assert code == 1 and err.count("\n") == 1 and "file is not a database" in err


def test_unknown_tenant_is_a_one_line_error(hrkit_cli, sqlite_db) -> None:
    for args in (("trust", "list"), ("token", "--role", "hris"), ("people", "list")):
        code, out, err = hrkit_cli(*args, "--tenant", "nope", "--db", sqlite_db)
        assert code == 1 and out == ""
        assert (
            err == "hrkit: error: unknown tenant 'nope' (create it with `hrkit tenants add nope`)\n"
        )


def test_usage_errors_are_one_line_with_exit_code_2(hrkit_cli, sqlite_db) -> None:
    code, _, err = hrkit_cli("token", "--role", "boss", "--db", sqlite_db)
    assert code == 2 and err.count("\n") == 1 and "'boss' is not one of" in err
    code, _, err = hrkit_cli("trust", "add", "did:web:x.example", "--db", sqlite_db)
    assert code == 2 and "Missing option '--name'" in err
    code, _, err = hrkit_cli("frobnicate")
    assert code == 2 and "No such command 'frobnicate'" in err
    code, _, err = hrkit_cli("trust", "list", "--tenant", "Bad Name", "--db", sqlite_db)
    assert code == 2 and "invalid tenant name" in err


def test_invalid_issuer_uri_is_refused(hrkit_cli, sqlite_db) -> None:
    code, _, err = hrkit_cli(
        "trust", "add", "javascript:alert(1)", "--name", "x", "--db", sqlite_db
    )
    assert code == 1 and "not an issuer id" in err


def test_the_installed_console_script_prints_no_traceback(tmp_path) -> None:
    hrkit = Path(sys.executable).with_name("hrkit")
    result = subprocess.run(
        [str(hrkit), "people", "list", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/x"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
