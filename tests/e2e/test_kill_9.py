"""``kill -9`` at random moments of ``assess`` and ``score``: no saved answer is ever lost.

The installed command runs in a real pseudo-terminal and is killed, many
times over, at a random moment: while starting, while waiting at a question,
or just after a key was typed (often in the middle of saving). The next run
resumes the same file. After every kill the file loads, and it holds every
answer whose save was confirmed on screen (the next question appeared, which
happens only after the save), plus at most the answer typed last.

Set SKILLCHECK_KILL_SEED to replay a run; the seed is in every failure message.
"""

from __future__ import annotations

import os
import random
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pexpect = pytest.importorskip("pexpect")

import e2e_support  # noqa: E402
from e2e_support import SCRIPT  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

#: The first three questions of the mini rubric, in order.
SKILLS = ("sql", "query-tuning", "git")
#: Kills per command, spread over LANES files run side by side.
ITERATIONS = 18
LANES = 3
#: Stop early (after MIN_RUNS_PER_LANE) when a slow machine needs longer than this.
BUDGET_SECONDS = 6.0
MIN_RUNS_PER_LANE = 3


@dataclass(frozen=True)
class Tool:
    command: str
    new: tuple[str, ...]
    question: str
    after: str
    #: Skill -> (key, level); no level far from the mid targets, so score asks no evidence.
    answers: dict[str, tuple[str, int]]


TOOLS = {
    "assess": Tool(
        "assess",
        ("--name", "Jane", "--role", "mid"),
        "How would you rate yourself?",
        "Which of these do you use?",
        {"sql": ("3", 3), "query-tuning": ("2", 2), "git": ("1", 1)},
    ),
    "score": Tool(
        "score",
        ("--candidate", "Ann Lee", "--interviewer", "Bob", "--role", "mid"),
        "What did the candidate demonstrate?",
        "Which of these did this interview cover?",
        {"sql": ("3", 3), "query-tuning": ("2", 2), "git": ("2", 2)},
    ),
}


def spawn(tool: Tool, cwd: Path, args: list[str]) -> Any:
    return e2e_support.spawn(tool.command, cwd, *args)


def kill(child: Any) -> None:
    child.kill(signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL


def saved_levels(path: Path, tool: Tool) -> dict[str, int | None] | None:
    """The ratings in ``path`` (None when there is no file); the file must load."""
    from skillcheck.assessment import Assessment, Scorecard, load_document

    if not path.exists():
        return None
    doc = (
        load_document(path, Assessment)
        if tool.command == "assess"
        else load_document(path, Scorecard)
    )
    return doc.levels()


def one_run(
    tool: Tool, cwd: Path, path: Path, saved: dict[str, int | None], rng: random.Random
) -> tuple[dict[str, int], dict[str, int]]:
    """Start or resume ``path``, answer some questions, kill -9 at a random moment.

    Returns (confirmed, typed): the answers whose save the screen confirmed,
    and every answer typed in this run.
    """
    args = ["--resume", path.name] if path.exists() else [*tool.new, "-o", path.name]
    child = spawn(tool, cwd, args)
    pending = [s for s in SKILLS if s not in saved]
    moment = rng.choice(["starting", "waiting", "typing"])
    stop = rng.randint(0, len(pending))
    confirmed: dict[str, int] = {}
    typed: dict[str, int] = {}
    if moment == "starting":
        time.sleep(rng.uniform(0, 0.4))
        kill(child)
        return confirmed, typed
    last: str | None = None
    for n, skill in enumerate([*pending, None]):
        if skill is None:
            child.expect_exact(tool.after)  # the fourth question
        else:
            child.expect_exact(f"skill {SKILLS.index(skill) + 1} of 6")
            child.expect_exact(tool.question)
        if last is not None:  # this question appears only after the last answer was saved
            confirmed[last] = typed[last]
        if (n == stop and moment == "waiting") or skill is None:
            break
        key, level = tool.answers[skill]
        child.send(key + "\r")
        typed[skill] = level
        last = skill
        if n == stop:  # "typing": kill within a few milliseconds of the key, mid-save or not
            time.sleep(rng.uniform(0, 0.015))
            break
    kill(child)
    return confirmed, typed


def lane(tool: Tool, folder: Path, seed: int, runs: int, deadline: float) -> int:
    """Kill, check and resume, ``runs`` times (fewer after ``deadline``); return how many."""
    rng = random.Random(seed)
    folder.mkdir()
    path = folder / "run-0.json"
    saved: dict[str, int | None] = {}
    done = 0
    while done < runs and (done < MIN_RUNS_PER_LANE or time.monotonic() < deadline):
        if all(s in saved for s in SKILLS):  # this file is as far as we go: start another
            path = folder / f"run-{done}.json"
            saved = {}
        confirmed, typed = one_run(tool, folder, path, saved, rng)
        done += 1
        where = f"seed {seed}, run {done}, {path}"
        levels = saved_levels(path, tool)
        if levels is None:
            assert not saved and not confirmed, f"{where}: the file is gone"
            continue
        for skill, level in {**saved, **confirmed}.items():
            assert levels.get(skill, "missing") == level, f"{where}: lost the answer for {skill}"
        for skill, level in levels.items():
            assert skill in saved or typed.get(skill, "never typed") == level, (
                f"{where}: {skill}={level} was never answered"
            )
        saved = levels
    return done


@pytest.mark.parametrize("name", list(TOOLS))
def test_kill_9_at_random_moments_never_loses_a_saved_answer(name: str, tmp_path: Path) -> None:
    if SCRIPT is None:
        pytest.skip("the skillcheck console script is not installed")
    from skillcheck.cli import COMMANDS

    if name not in COMMANDS:
        pytest.skip(f"`skillcheck {name}` is not registered yet")
    seed = int(os.environ.get("SKILLCHECK_KILL_SEED", str(time.time_ns() % 10**9)))
    deadline = time.monotonic() + BUDGET_SECONDS
    # A few independent files at once, so that the processes' start-up overlaps.
    with ThreadPoolExecutor(max_workers=LANES) as pool:
        futures = [
            pool.submit(
                lane, TOOLS[name], tmp_path / f"lane-{i}", seed + i, ITERATIONS // LANES, deadline
            )
            for i in range(LANES)
        ]
        done = sum(f.result() for f in futures)
    assert done >= LANES * MIN_RUNS_PER_LANE
