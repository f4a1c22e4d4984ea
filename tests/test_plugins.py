"""Registries load third-party plug-ins from real entry points and survive broken ones."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from hrkit.errors import NotFoundError
from hrkit.plugins import CONNECTORS_GROUP, Registry


@pytest.fixture
def installed_plugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A distribution on sys.path declaring three connectors, one of which cannot import."""
    (tmp_path / "acme_hr.py").write_text(
        textwrap.dedent(
            """
            class AcmeTarget:
                name = "acme"
                kind = "target"

                def write(self, rows, out_dir):
                    return []

            class AcmeSource:
                name = "acme-wallet"
                kind = "source"

                def read(self, location, cursor=None):
                    return iter(())
            """
        )
    )
    dist = tmp_path / "acme_hr-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-hr\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        f"[{CONNECTORS_GROUP}]\n"
        "acme = acme_hr:AcmeTarget\n"
        "acme-wallet = acme_hr:AcmeSource\n"
        "broken = acme_hr_missing:Nope\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    sys.modules.pop("acme_hr", None)


def _targets() -> Registry:
    return Registry(CONNECTORS_GROUP, accept=lambda obj: getattr(obj, "kind", None) == "target")


def test_entry_points_are_loaded_and_filtered_by_kind(installed_plugins: Path) -> None:
    targets = _targets()
    assert "acme" in targets.names()
    assert "acme-wallet" not in targets.names()
    assert targets.get("acme").kind == "target"
    assert targets.origin("acme") == "acme-hr:acme_hr:AcmeTarget"


def test_a_broken_plugin_is_reported_not_fatal(installed_plugins: Path) -> None:
    targets = _targets()
    broken = {b.name: b for b in targets.broken()}
    assert "ModuleNotFoundError" in broken["broken"].error
    with pytest.raises(NotFoundError, match="failed to load"):
        targets.get("broken")


def test_code_registration_wins_and_unknown_names_list_the_known(installed_plugins: Path) -> None:
    targets = _targets()

    class Mine:
        name = "acme"
        kind = "target"

    targets.register("acme", Mine)
    assert targets.get("acme") is Mine
    with pytest.raises(NotFoundError, match=r"known: acme"):
        targets.get("nope")
