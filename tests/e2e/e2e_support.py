"""What the end-to-end tests share: the installed script and a real pseudo-terminal."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

pexpect = pytest.importorskip("pexpect")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MINI = str(FIXTURES / "mini.yaml")
BIN = Path(sys.executable).parent
#: The console script installed next to this Python (the one a user runs).
SCRIPT = shutil.which("skillcheck", path=str(BIN)) or shutil.which("skillcheck")
#: TERM=dumb and no cursor-position requests, or every prompt waits ~1 s for a reply.
ENV = {
    # Standard output buffered, as for anyone who has not set PYTHONUNBUFFERED.
    **{k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
    # Never the real user's rubrics or cache.
    "SKILLCHECK_HOME": tempfile.mkdtemp(prefix="skillcheck-e2e-"),
    "TERM": "dumb",
    "PROMPT_TOOLKIT_NO_CPR": "1",
    "NO_COLOR": "1",
    "COLUMNS": "120",
}


def spawn(command: str, cwd: Path, *args: str) -> Any:
    """``skillcheck COMMAND --rubric mini.yaml ARGS`` in a 40x120 pseudo-terminal."""
    assert SCRIPT is not None
    return in_terminal(SCRIPT, [command, "--rubric", MINI, *args], cwd)


def in_terminal(program: str, args: list[str], cwd: Path) -> Any:
    """``program ARGS`` in a 40x120 pseudo-terminal, in the tests' environment."""
    child = pexpect.spawn(
        program,
        args,
        cwd=str(cwd),
        env={**ENV, "SKILLCHECK_HOME": str(cwd / ".home")},
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 120),
    )
    child.delaybeforesend = None
    return child


def answer(child: Any, progress: str, question: str, key: str) -> None:
    """Wait for the question showing ``progress`` (e.g. "skill 2 of 6"), then answer."""
    child.expect_exact(progress)
    child.expect_exact(question)
    child.send(key)
    child.send("\r")


def finish(child: Any) -> int:
    """Wait for the end; the exit status (128 + N when killed by signal N)."""
    child.expect(pexpect.EOF)
    child.close()
    status: int = child.exitstatus if child.exitstatus is not None else 128 + child.signalstatus
    return status
