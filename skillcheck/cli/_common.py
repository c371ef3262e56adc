"""Small helpers shared by the command modules (click only at import time)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from rich.console import Console

    from skillcheck.rubric import Rubric

F = TypeVar("F", bound=Callable[..., Any])

RUBRIC_HELP = "A built-in or user rubric id, or a path to a rubric YAML file."


def rubric_option(default: str | None = "backend") -> Callable[[F], F]:
    """The --rubric option every command shares."""
    return click.option(
        "--rubric",
        "-r",
        default=default,
        show_default=default is not None,
        metavar="RUBRIC",
        help=RUBRIC_HELP,
    )


def load_rubric(ref: str) -> Rubric:
    """Load a rubric by id or path (imports pydantic and yaml on first use)."""
    from skillcheck.rubric import load_rubric as _load

    return _load(ref)


def make_console(*, stderr: bool = False, width: int | None = None) -> Console:
    """A rich Console: no highlighting, no markup surprises; plain when piped or NO_COLOR."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    return Console(
        file=stream,
        highlight=False,
        width=width,
        no_color="NO_COLOR" in os.environ,
        soft_wrap=False,
        emoji=False,
    )
