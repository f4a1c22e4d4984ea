"""`hrkit sources pull` end to end: the JSON summary, re-pulls, flags, one-line errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.connectors.data.hosted import HostedSite
from tests.httpserver import LocalHTTPServer

DATA = Path(__file__).resolve().parents[1] / "connectors" / "data"
SUMMARY_KEYS = {
    "source",
    "location",
    "read",
    "stored",
    "created",
    "unchanged",
    "by_status",
    "cursor",
}


def test_pull_prints_the_summary_and_re_pulls_nothing_new(hrkit_cli, tmp_path: Path) -> None:
    folder = shutil.copytree(DATA / "openbadges", tmp_path / "badges")
    code, out, err = hrkit_cli("sources", "pull", "openbadges", str(folder), "--json", "--offline")
    assert (code, err) == (0, "")
    summary = json.loads(out)
    assert set(summary) >= SUMMARY_KEYS
    assert summary["source"] == "openbadges" and summary["location"] == str(folder)
    assert (summary["read"], summary["stored"], summary["created"]) == (5, 5, 5)
    assert summary["by_status"] == {"malformed": 1, "verified": 4}
    code, out, _ = hrkit_cli("sources", "pull", "openbadges", str(folder), "--json", "--offline")
    again = json.loads(out)
    assert (code, again["read"], again["cursor"]) == (0, 0, summary["cursor"])
    code, out, _ = hrkit_cli("sources", "pull", "openbadges", str(folder), "--full", "--offline")
    assert code == 0 and "read 5, stored 5 (created 0, updated 0, unchanged 5)" in out
    code, out, _ = hrkit_cli("people", "list", "--json")
    assert {json.loads(line)["email"] for line in out.splitlines()} == {
        "ada@example.org",
        "bob@example.org",
        "carol@example.org",
        "dave@example.org",
    }


def test_holder_kind_allow_host_and_documents(
    hrkit_cli, tmp_path: Path, local_http: LocalHTTPServer
) -> None:
    site = HostedSite(local_http)
    site.assertion(1, "grace@example.org")
    code, out, err = hrkit_cli(
        "sources", "pull", "credly", site.url(1), "--holder", "grace@example.org",
        "--kind", "employee", "--allow-host", "127.0.0.1", "--json",
    )  # fmt: skip
    assert (code, err, json.loads(out)["by_status"]) == (0, "", {"verified": 1})
    code, out, _ = hrkit_cli("people", "list", "--json")
    assert json.loads(out)["kind"] == "employee"
    code, out, _ = hrkit_cli(
        "sources", "pull", "badgr", str(DATA / "badgr" / "backpack.json"),
        "--documents", str(DATA / "badgr" / "map.json"), "--offline", "--json",
    )  # fmt: skip
    assert (code, json.loads(out)["by_status"]) == (0, {"verified": 2})


def test_problems_exit_1_with_one_line_errors(hrkit_cli, tmp_path: Path) -> None:
    code, out, err = hrkit_cli("sources", "pull", "openbadges", str(tmp_path / "nope"))
    assert (code, out) == (1, "")
    assert err == f"hrkit: error: no such file or folder: {tmp_path / 'nope'}\n"
    code, _, err = hrkit_cli("sources", "pull", "myspace", str(tmp_path))
    assert code == 1 and err.startswith("hrkit: error: unknown hrkit.connectors plug-in 'myspace'")
    code, _, err = hrkit_cli("sources", "pull", "openbadges", str(tmp_path), "--holder", "ada")
    assert code == 1 and err == "hrkit: error: not an email address: 'ada'\n"
    # A document whose holder cannot be told is reported; the others are stored.
    shutil.copy(DATA / "openbadges" / "carol.png", tmp_path / "carol.png")
    code, out, err = hrkit_cli("sources", "pull", "openbadges", str(tmp_path), "--offline")
    assert code == 1 and "read 1, stored 0" in out
    assert err.count("\n") == 1 and "carol.png: no holder email" in err
