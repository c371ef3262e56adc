"""Small helpers shared by the command modules (click only at import time)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from skillcheck.errors import UsageError

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


def session_options(noun: str, only_help: str, answers_help: str) -> Callable[[F], F]:
    """The options ``assess`` and ``score`` share: --only, -o, --resume, --answers, --force."""
    from pathlib import Path

    file = click.Path(dir_okay=False, path_type=Path)
    options = [
        click.option("--only", multiple=True, metavar="CATEGORY", help=only_help),
        click.option(
            "-o", "--output", type=file, metavar="FILE", help=f"Where to save the {noun}."
        ),
        click.option("--resume", type=file, metavar="FILE", help=f"Continue an unfinished {noun}."),
        click.option("--answers", type=file, metavar="FILE", help=answers_help),
        click.option(
            "--force", is_flag=True, help="Replace an existing output file without asking."
        ),
    ]

    def decorate(func: F) -> F:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


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


_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".csv": "csv",
}


def output_format(fmt: str | None, output: str | None, allowed: tuple[str, ...]) -> str:
    """--format if given, else the -o file's extension, else text."""
    if fmt is not None:
        return fmt
    if output is None or output == "-":
        return "text"
    ext = os.path.splitext(output)[1].lower()
    found = _EXTENSIONS.get(ext)
    if found is None or found not in allowed:
        known = ", ".join(e for e, f in _EXTENSIONS.items() if f in allowed)
        raise UsageError(
            f"cannot tell the format from {output!r} (known extensions: {known}); pass --format"
        )
    return found


def refuse_overwriting(output: str | None, *inputs: str | None) -> None:
    """Refuse (usage error) when -o names one of the files the command reads: it would be lost."""
    if output is None or output == "-":
        return
    try:
        out = os.stat(output)
    except OSError:
        return
    for name in inputs:
        if not name:
            continue
        try:
            st = os.stat(name)  # one call per input: a panel may read thousands
        except OSError:
            continue
        if (st.st_ino, st.st_dev) == (out.st_ino, out.st_dev):
            from skillcheck.files import output_is_input

            raise output_is_input(output, name)


def emit(text: str, output: str | None) -> None:
    """Write ``text`` atomically to ``output``, or to stdout without one (or with '-')."""
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    from skillcheck.files import atomic_write_text

    atomic_write_text(output, text)
    wrote(output)


def wrote(output: str) -> None:
    """Say on stderr that ``output`` was written."""
    from skillcheck.render.safe import one_line

    click.echo(f"skillcheck: wrote {one_line(output)}", err=True)


def warn(message: str) -> None:
    """One warning line on stderr (user text folded onto one visible line)."""
    from skillcheck.render.safe import one_line

    click.echo(f"skillcheck: warning: {one_line(message)}", err=True)
