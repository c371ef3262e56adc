"""`skillcheck score` end to end: the installed command in a real pseudo-terminal."""

from __future__ import annotations

import json
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest

pexpect = pytest.importorskip("pexpect")

import e2e_support  # noqa: E402
from e2e_support import ENV, MINI, SCRIPT, answer, finish  # noqa: E402

pytestmark = pytest.mark.e2e


def spawn(cwd: Path, *args: str) -> Any:
    return e2e_support.spawn("score", cwd, *args)


def rate(child: Any, progress: str, key: str) -> None:
    """Wait for the question showing ``progress`` (e.g. "skill 2 of 6"), then answer."""
    answer(child, progress, "What did the candidate demonstrate?", key)


def test_score_ctrl_c_then_resume_to_a_recommendation(tmp_path: Path) -> None:
    child = spawn(
        tmp_path, "--candidate", "Ann Lee", "--interviewer", "Bob", "--role", "mid", "-o", "a.json"
    )
    child.expect_exact("Scorecard for Ann Lee by Bob (Mid)")
    rate(child, "skill 1 of 6", "3")
    rate(child, "skill 2 of 6", "n")  # not assessed in this interview
    child.expect_exact("skill 3 of 6")
    child.expect_exact("What did the candidate demonstrate?")
    child.send("\x03")  # Ctrl-C
    child.expect_exact("interrupted; 2 of 6 answers saved in a.json")
    child.expect_exact("skillcheck score --resume a.json")
    assert finish(child) == 130
    path = tmp_path / "a.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["kind"] == "scorecard" and data["recommendation"] is None
    assert {k: v["level"] for k, v in data["ratings"].items()} == {"sql": 3, "query-tuning": None}

    child = spawn(tmp_path, "--resume", "a.json")
    child.expect_exact("2 of 6 skills answered")
    rate(child, "skill 3 of 6", "2")
    child.expect_exact("Which of these did this interview cover?")
    child.send(" \r")  # Python
    rate(child, "skill 4 of 5", "0")  # the role expects 3: evidence is asked
    child.expect_exact("Python: rated 0, the role expects 3. Evidence?")
    child.send("could not read a stack trace\r")
    rate(child, "skill 5 of 5", "2")
    child.expect_exact("Your overall recommendation?")
    child.send("2\r")  # No
    child.expect_exact("Summary for the panel")
    child.send("Good SQL, no Python yet.\r")
    child.expect_exact("Recommendation: No")
    child.expect_exact("Saved to a.json (readable only by you)")
    child.expect_exact("skillcheck panel .")
    assert finish(child) == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["status"] == "complete"
    assert (data["recommendation"], data["summary"]) == ("no", "Good SQL, no Python yet.")
    assert data["ratings"]["python"] == {
        "level": 0,
        "note": "could not read a stack trace",
        "rated_at": data["ratings"]["python"]["rated_at"],
    }
    assert data["ratings"]["java"]["level"] is None


def test_score_without_a_terminal_is_refused(tmp_path: Path) -> None:
    assert SCRIPT is not None
    result = subprocess.run(
        [SCRIPT, "score", "--rubric", MINI],
        check=False,
        cwd=tmp_path,
        env=ENV,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--answers FILE" in lines[0]
    assert list(tmp_path.iterdir()) == []
