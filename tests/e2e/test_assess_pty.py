"""`skillcheck assess` end to end: the installed command in a real pseudo-terminal."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import termios
import time
from pathlib import Path
from typing import Any

import pytest

pexpect = pytest.importorskip("pexpect")

import e2e_support  # noqa: E402
from e2e_support import ENV, MINI, SCRIPT, answer, finish  # noqa: E402

pytestmark = pytest.mark.e2e


def spawn(cwd: Path, *args: str) -> Any:
    return e2e_support.spawn("assess", cwd, *args)


def rate(child: Any, progress: str, key: str) -> None:
    """Wait for the question showing ``progress`` (e.g. "skill 2 of 6"), then answer."""
    answer(child, progress, "How would you rate yourself?", key)


def pick_languages(child: Any, keys: str) -> None:
    child.expect_exact("Which of these do you use?")
    child.send(keys)
    child.send("\r")


def ratings(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["kind"] == "assessment" and data["schema_version"] == 1
    return {k: v["level"] for k, v in data["ratings"].items()}


def test_a_full_short_run(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    child.expect_exact("Your name:")
    child.send("Jane Doe\r")
    child.expect_exact("Which role")
    child.send("2\r")  # Mid
    rate(child, "skill 1 of 6", "3")
    rate(child, "skill 2 of 6", "2")
    rate(child, "skill 3 of 6", "n")
    pick_languages(child, " ")  # tick Python
    rate(child, "skill 4 of 5", "4")
    rate(child, "skill 5 of 5", "1")
    child.expect_exact("Your answers")
    child.expect(r"skillcheck report (assessment-jane-doe-[0-9-]+\.json)")
    name = child.match.group(1)
    assert finish(child) == 0
    path = tmp_path / name
    assert ratings(path) == {
        "sql": 3,
        "query-tuning": 2,
        "git": None,
        "java": None,
        "python": 4,
        "communication": 1,
    }
    assert json.loads(path.read_text())["status"] == "complete"


def test_ctrl_c_then_resume_to_completion(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--name", "Jane", "--role", "mid", "-o", "me.json")
    rate(child, "skill 1 of 6", "3")
    rate(child, "skill 2 of 6", "2")
    child.expect_exact("skill 3 of 6")
    child.expect_exact("How would you rate yourself?")
    child.send("\x03")  # Ctrl-C
    child.expect_exact("interrupted; 2 of 6 answers saved in me.json")
    child.expect_exact("skillcheck assess --resume me.json")
    assert finish(child) == 130
    assert ratings(tmp_path / "me.json") == {"sql": 3, "query-tuning": 2}

    child = spawn(tmp_path, "--resume", "me.json")
    child.expect_exact("2 of 6 skills answered")
    rate(child, "skill 3 of 6", "1")
    pick_languages(child, " ")
    rate(child, "skill 4 of 5", "4")
    rate(child, "skill 5 of 5", "2")
    child.expect_exact("skillcheck report me.json")
    assert finish(child) == 0
    assert ratings(tmp_path / "me.json") == {
        "sql": 3,
        "query-tuning": 2,
        "git": 1,
        "java": None,
        "python": 4,
        "communication": 2,
    }


def test_a_real_sigint_during_a_question(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--name", "Jane", "--role", "mid", "-o", "me.json")
    rate(child, "skill 1 of 6", "3")
    child.expect_exact("skill 2 of 6")
    child.expect_exact("How would you rate yourself?")
    time.sleep(0.2)
    child.kill(signal.SIGINT)
    child.expect_exact("interrupted; 1 of 6 answers saved")
    assert finish(child) == 130
    assert ratings(tmp_path / "me.json") == {"sql": 3}


def echoing(child: Any) -> bool:
    """Whether the terminal is back in its usual mode (echo, line editing), not raw."""
    lflag = termios.tcgetattr(child.child_fd)[3]
    return bool(lflag & termios.ECHO and lflag & termios.ICANON)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_kill_at_a_question_saves_restores_the_terminal_and_unlocks(
    tmp_path: Path, sig: signal.Signals
) -> None:
    child = spawn(tmp_path, "--name", "Jane", "--role", "mid", "-o", "me.json")
    rate(child, "skill 1 of 6", "3")
    child.expect_exact("skill 2 of 6")
    child.expect_exact("How would you rate yourself?")
    time.sleep(0.2)
    assert not echoing(child)  # the prompt has the terminal in raw mode
    child.kill(sig)
    child.expect_exact(f"stopped by {sig.name}; 1 of 6 answers saved in me.json")
    child.expect_exact("skillcheck assess --resume me.json")
    child.expect(pexpect.EOF)
    assert echoing(child)
    assert finish(child) == 128 + sig
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".home") == ["me.json"]
    assert ratings(tmp_path / "me.json") == {"sql": 3}

    child = spawn(tmp_path, "--resume", "me.json")
    child.expect_exact("1 of 6 skills answered")
    rate(child, "skill 2 of 6", "2")
    answer(child, "skill 3 of 6", "How would you rate yourself?", "q")  # save and quit
    assert finish(child) == 0
    assert ratings(tmp_path / "me.json") == {"sql": 3, "query-tuning": 2}


@pytest.mark.parametrize("note", [False, True], ids=["", "with-a-pending-note"])
@pytest.mark.parametrize("stderr", ["file", "terminal"])
def test_closing_the_terminal_at_a_question_saves_and_unlocks_quietly(
    tmp_path: Path, stderr: str, note: bool
) -> None:
    """The window closes: SIGHUP, and the terminal is gone for the clean-up and
    for the messages too (unless standard error goes to a file)."""
    command = f"exec {SCRIPT} assess --rubric {MINI} --name Jane --role mid -o me.json"
    if stderr == "file":
        command += " 2>err.txt"
    child = e2e_support.in_terminal("/bin/sh", ["-c", command], tmp_path)
    rate(child, "skill 1 of 6", "3")
    child.expect_exact("skill 2 of 6")
    child.expect_exact("How would you rate yourself?")
    if note:  # typed before its rating: printed (to the closed terminal) when the run stops
        child.send("a\r")
        child.expect_exact("Note on Query tuning")
        child.send("pending\r")
        child.expect_exact("How would you rate yourself?")
    time.sleep(0.2)
    os.close(child.child_fd)  # what closing the terminal window does
    _, status = os.waitpid(child.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 128 + signal.SIGHUP
    if stderr == "file":
        err = (tmp_path / "err.txt").read_text()
        assert err.splitlines() == [
            "skillcheck: stopped by SIGHUP; 1 of 6 answers saved in me.json; "
            f"continue with: skillcheck assess --resume me.json --rubric {MINI}"
        ]
        (tmp_path / "err.txt").unlink()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".home") == ["me.json"]
    assert ratings(tmp_path / "me.json") == {"sql": 3}


def test_kill_9_mid_run_then_resume_loses_nothing(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--name", "Jane", "--role", "mid", "-o", "me.json")
    rate(child, "skill 1 of 6", "3")
    rate(child, "skill 2 of 6", "2")
    rate(child, "skill 3 of 6", "4")
    child.expect_exact("Which of these do you use?")  # the third answer was saved before this
    child.kill(signal.SIGKILL)
    assert finish(child) == 128 + signal.SIGKILL
    assert ratings(tmp_path / "me.json") == {"sql": 3, "query-tuning": 2, "git": 4}
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []

    child = spawn(tmp_path, "--resume", "me.json")  # the dead process's lock is gone
    child.expect_exact("3 of 6 skills answered")
    pick_languages(child, "\x1b[B ")  # down, tick Java
    rate(child, "skill 4 of 5", "2")
    rate(child, "skill 5 of 5", "3")
    assert finish(child) == 0
    assert ratings(tmp_path / "me.json") == {
        "sql": 3,
        "query-tuning": 2,
        "git": 4,
        "python": None,
        "java": 2,
        "communication": 3,
    }


# kill -9 at random moments, many times, for assess and score: tests/e2e/test_kill_9.py


def test_a_second_run_on_the_same_file_is_refused(tmp_path: Path) -> None:
    first = spawn(tmp_path, "--name", "Jane", "--role", "mid", "-o", "me.json")
    rate(first, "skill 1 of 6", "3")
    first.expect_exact("skill 2 of 6")
    second = spawn(tmp_path, "--resume", "me.json")
    second.expect_exact("me.json is open in another skillcheck")
    assert finish(second) == 1
    first.send("\x03")
    assert finish(first) == 130

    # Two resumes at once: the second refuses, the first goes on, the file stays whole.
    first = spawn(tmp_path, "--resume", "me.json")
    first.expect_exact("1 of 6 skills answered")
    second = spawn(tmp_path, "--resume", "me.json")
    second.expect_exact("me.json is open in another skillcheck")
    assert finish(second) == 1
    rate(first, "skill 2 of 6", "2")
    first.expect_exact("skill 3 of 6")
    first.send("\x03")
    assert finish(first) == 130
    assert ratings(tmp_path / "me.json") == {"sql": 3, "query-tuning": 2}
    assert [p.name for p in tmp_path.iterdir() if p.name != ".home"] == ["me.json"]


def run_plain(tmp_path: Path, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    assert SCRIPT is not None
    return subprocess.run(
        [SCRIPT, "assess", "--rubric", MINI],
        check=False,
        cwd=tmp_path,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=20,
        **kwargs,
    )


@pytest.mark.parametrize("stdin", ["devnull", "pipe", "closed"])
def test_no_terminal_is_refused_before_any_question(tmp_path: Path, stdin: str) -> None:
    if stdin == "devnull":
        result = run_plain(tmp_path, stdin=subprocess.DEVNULL)
    elif stdin == "pipe":
        result = run_plain(tmp_path, input="Jane\n3\n")
    else:
        result = run_plain(tmp_path, stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(0))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--answers FILE" in lines[0]
    assert "Your name" not in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_a_redirected_stdout_is_refused(tmp_path: Path) -> None:
    assert SCRIPT is not None
    out = tmp_path / "out.txt"
    child = pexpect.spawn(
        "/bin/sh",
        ["-c", f"'{SCRIPT}' assess --rubric '{MINI}' > '{out}'"],
        cwd=str(tmp_path),
        env=ENV,
        encoding="utf-8",
        timeout=20,
    )
    child.expect_exact("--answers FILE")
    assert finish(child) == 2
    assert "Your name" not in out.read_text()
