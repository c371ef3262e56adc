"""The one error path: every user-facing failure is a SkillcheckError.

Domain code raises these with a message written for the person at the
terminal; ``skillcheck.cli`` prints the message on one line and exits with
``exit_code``. Nothing else should reach the user as a traceback.
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple


class ExitCode(IntEnum):
    """Process exit codes, documented in the README."""

    OK = 0
    FAILED = 1  # bad input, invalid file, failed check
    USAGE = 2  # wrong command line, or no terminal for an interactive command
    INTERRUPTED = 130  # Ctrl-C / SIGINT
    BROKEN_PIPE = 141  # the reader of standard output left early (as SIGPIPE would)


class SkillcheckError(Exception):
    """A failure the user can act on; ``str(err)`` is a single line."""

    exit_code: int = ExitCode.FAILED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def details(self) -> list[str]:
        """Extra lines printed before the message (e.g. one line per problem)."""
        return []


class UsageError(SkillcheckError):
    """The command line asks for something that cannot be done (exit 2)."""

    exit_code = ExitCode.USAGE


class NotATerminalError(UsageError):
    """An interactive command was started without a terminal."""


class Interrupted(SkillcheckError):
    """The user pressed Ctrl-C; ``message`` says how to continue.

    Also a run stopped by SIGTERM or SIGHUP, which exits 128 + the signal's
    number, as a process killed by it would."""

    exit_code: int = ExitCode.INTERRUPTED

    def __init__(self, message: str, signal_number: int | None = None) -> None:
        super().__init__(message)
        if signal_number is not None:
            self.exit_code = 128 + signal_number


class Problem(NamedTuple):
    """One located problem in a file a person wrote."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class InvalidFileError(SkillcheckError):
    """A file failed validation; every problem is reported at once."""

    def __init__(self, file: str, problems: list[Problem], what: str = "file") -> None:
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{file}: invalid {what} ({count} {noun})")
        self.file = file
        self.problems = problems

    def details(self) -> list[str]:
        return [str(p) for p in self.problems]
