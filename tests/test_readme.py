"""The README stays true: generated sections match the code, set-up matches CI."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    block = README.split("## Set-up", 1)[1].split("```", 2)[1]
    return [line for line in block.splitlines()[1:] if line.strip()]


def test_generated_sections_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "update_readme.py"), "--check"],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_setup_is_two_commands_and_ci_runs_the_test_one() -> None:
    commands = setup_commands()
    assert len(commands) == 2
    install_and_run, install_and_test = commands
    assert "pip install ." in install_and_run and "skillcheck" in install_and_run
    assert "[test]" in install_and_test and "pytest" in install_and_test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert install_and_test in ci


def test_every_command_is_in_the_reference() -> None:
    for name in ("rubrics list", "rubrics show", "rubrics validate", "rubrics schema"):
        assert f"### `skillcheck {name}`" in README


def test_exit_codes_are_documented() -> None:
    from skillcheck.errors import ExitCode

    section = README.split("## Exit codes", 1)[1]
    for code in ExitCode:
        assert re.search(rf"\|\s*{int(code)}\s*\|", section), code
