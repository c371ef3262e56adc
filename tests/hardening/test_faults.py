"""Every command that writes a file, when writing fails: a clear error, and nothing lost.

The output folder is missing, read-only (simulated: tests often run as root,
who may write anywhere) or on a full disk (simulated: ``os.write`` fails with
ENOSPC). Each time the command exits 1 with one ``skillcheck: ...`` line that
names the file and the reason, and the folder is exactly as it was: an
existing file at the target path keeps its bytes and mode, and no temporary
or lock file is left behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hardening_cases import GoodFiles, failure_problems, need, run_cli, snapshot

# sql, query-tuning, git | languages checkbox, python | communication
ASSESS_ANSWERS: list[Any] = [3, 2, "n/a", ["python"], 4, 1]


@dataclass(frozen=True)
class WriteCase:
    """A command line that writes ``{target}``; interactive ones get scripted answers."""

    id: str
    command: str
    args: tuple[str, ...]
    suffix: str
    answers: tuple[Any, ...] | None = None


WRITE_CASES = (
    WriteCase(
        "assess",
        "assess",
        ("assess", "-r", "{rubric}", "--name", "Jane", "--role", "mid", "-o", "{target}"),
        ".json",
        (True, *ASSESS_ANSWERS),  # True: replace the existing file
    ),
    WriteCase(
        "assess-answers",
        "assess",
        ("assess", "-r", "{rubric}", "--answers", "{answers}", "-o", "{target}", "--force"),
        ".json",
    ),
    WriteCase("report", "report", ("report", "{assessment}", "-o", "{target}"), ".md"),
    WriteCase(
        "compare", "compare", ("compare", "{assessment}", "{assessment}", "-o", "{target}"), ".md"
    ),
    WriteCase(
        "score",
        "score",
        (
            "score",
            "-r",
            "{rubric}",
            "--candidate",
            "Ann",
            "--interviewer",
            "Bob",
            "--role",
            "mid",
            "-o",
            "{target}",
        ),
        ".json",
        (True, 3, 2, "n/a", ["python"], 3, 2, "yes", "Solid SQL."),  # ... recommendation, summary
    ),
    WriteCase(
        "score-answers",
        "score",
        ("score", "-r", "{rubric}", "--answers", "{score_answers}", "-o", "{target}", "--force"),
        ".json",
    ),
    WriteCase("panel", "panel", ("panel", "{scorecard}", "-o", "{target}"), ".md"),
)

PREVIOUS = b'{"this": "was here before", "and": "must stay"}\n'


def command_line(case: WriteCase, good: GoodFiles, target: Path) -> list[str]:
    return [
        a.format(
            rubric=good.rubric,
            answers=good.answers,
            score_answers=good.score_answers,
            assessment=good.assessment,
            scorecard=good.scorecard,
            target=target,
        )
        for a in case.args
    ]


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Creating or opening for writing anything in ``folder`` fails with EACCES."""
    real_open = os.open
    writing = os.O_CREAT | os.O_WRONLY | os.O_RDWR

    def guarded(name: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        inside = Path(os.path.abspath(name)).parent == folder
        if inside and flags & writing:
            raise PermissionError(errno.EACCES, "Permission denied", str(name))
        return real_open(name, flags, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "open", guarded)
        yield


@contextlib.contextmanager
def disk_full() -> Iterator[None]:
    """Every write to a file fails with ENOSPC (the standard streams still work)."""
    real_write = os.write

    def full(fd: int, data: Any) -> int:
        if fd > 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "write", full)
        mp.setattr(os, "pwrite", lambda fd, data, offset: full(fd, data))
        yield


FAULTS = {
    "missing-folder": ("does not exist", "no such file or folder"),
    "read-only-folder": ("permission denied",),
    "disk-full": ("no space left",),
}


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("case", WRITE_CASES, ids=[c.id for c in WRITE_CASES])
def test_a_failed_write_is_a_clear_error_and_the_old_file_is_kept(
    case: WriteCase, fault: str, tmp_path: Path, good: GoodFiles
) -> None:
    need(case.command)
    folder = tmp_path / "out"
    if fault == "missing-folder":
        target = folder / "no-such-folder" / f"result{case.suffix}"
        folder.mkdir()
    else:
        folder.mkdir()
        target = folder / f"result{case.suffix}"
        target.write_bytes(PREVIOUS)
        target.chmod(0o640)
    args = command_line(case, good, target)
    before = snapshot(tmp_path)
    with contextlib.ExitStack() as stack:
        if fault == "read-only-folder":
            stack.enter_context(read_only(folder))
        elif fault == "disk-full":
            stack.enter_context(disk_full())
        result = run_cli(args, answers=list(case.answers) if case.answers else None)
    assert failure_problems(result.exit_code, result.stdout, result.stderr) == [], result.stderr
    assert result.exit_code == 1
    message = result.stderr.rstrip("\n").split("\n")[-1]
    assert str(target) in message, message
    assert any(reason in message for reason in FAULTS[fault]), message
    assert snapshot(tmp_path) == before, "the folder changed: a file was lost, changed or left"


@pytest.mark.parametrize("case", WRITE_CASES, ids=[c.id for c in WRITE_CASES])
def test_the_same_command_lines_write_when_nothing_fails(
    case: WriteCase, tmp_path: Path, good: GoodFiles
) -> None:
    # The control: each failure above comes from the fault, not the command line.
    need(case.command)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / f"result{case.suffix}"
    target.write_bytes(PREVIOUS)
    result = run_cli(
        command_line(case, good, target), answers=list(case.answers) if case.answers else None
    )
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes() != PREVIOUS
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


def test_every_command_with_an_output_option_is_covered() -> None:
    import click

    from skillcheck.cli import COMMANDS, cli

    ctx = click.Context(cli)
    writers = set()
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None
        if any("--output" in getattr(p, "opts", ()) for p in command.params):
            writers.add(name)
    assert writers <= {c.command for c in WRITE_CASES}


@pytest.mark.parametrize("command", ["assess", "score"])
def test_a_second_resume_of_an_open_file_is_refused_and_the_file_stays_whole(
    command: str, tmp_path: Path, good: GoodFiles
) -> None:
    # The end-to-end version with two real processes: tests/e2e/test_assess_pty.py.
    from skillcheck.files import exclusive

    need(command)
    path = good.assessment if command == "assess" else good.scorecard
    before = snapshot(tmp_path)
    with exclusive(path):  # another skillcheck has it open
        result = run_cli([command, "--resume", str(path)], answers=[3, 2, 1])
    assert failure_problems(result.exit_code, result.stdout, result.stderr) == []
    assert "is open in another skillcheck" in result.stderr
    assert snapshot(tmp_path) == before


OVERWRITE_CASES = [
    pytest.param("report", ("report", "{assessment}", "-o", "{assessment}"), id="report"),
    pytest.param(
        "compare", ("compare", "{assessment}", "{assessment}", "-o", "{assessment}"), id="compare"
    ),
    pytest.param(
        "panel",
        ("panel", "{scorecard}", "--format", "json", "-o", "{scorecard}"),
        id="panel",
    ),
]


@pytest.mark.parametrize(("command", "args"), OVERWRITE_CASES)
def test_an_output_file_that_is_an_input_is_refused(
    command: str, args: tuple[str, ...], tmp_path: Path, good: GoodFiles
) -> None:
    need(command)
    before = snapshot(tmp_path)
    result = run_cli([a.format(assessment=good.assessment, scorecard=good.scorecard) for a in args])
    assert failure_problems(result.exit_code, result.stdout, result.stderr) == [], result.stderr
    assert "would replace it" in result.stderr
    assert snapshot(tmp_path) == before
