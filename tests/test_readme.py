"""The README starts with the two commands, and CI runs the same test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _first_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", text, flags=re.S)
    return [block.strip() for block in blocks[:2]]


def test_readme_starts_with_the_demo_and_the_test_commands() -> None:
    demo, tests = _first_commands()
    assert "hrkit serve --demo" in demo
    assert "pip install" in demo and "python3 -m venv" in demo
    assert "pytest" in tests and ".[test]" in tests


def test_ci_runs_the_readme_test_command() -> None:
    _demo, tests = _first_commands()
    assert tests in (ROOT / ".ci" / "run").read_text()
