"""The ``skillcheck`` command line.

Only click is imported here; each command module imports click alone at
module level and loads rich, pydantic, questionary and yaml inside the
command, so ``skillcheck --help`` stays fast. Errors from the library reach
the user through one place, ``SkillcheckGroup.invoke``.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any, TextIO

import click

from skillcheck import __version__
from skillcheck.errors import ExitCode, SkillcheckError

#: Command name -> "module:attribute". Modules are imported only when the
#: command runs (or when --help lists them).
COMMANDS: dict[str, str] = {
    "assess": "skillcheck.cli.assess:assess",
    "rubrics": "skillcheck.cli.rubrics:rubrics",
    "report": "skillcheck.cli.report:report",
    "compare": "skillcheck.cli.compare:compare",
    "score": "skillcheck.cli.score:score",
    "panel": "skillcheck.cli.panel:panel",
}

#: Command name -> the first sentence of its help: what ``skillcheck --help``
#: lists. Listing the commands from here instead of from the commands spares
#: --help importing every command module and what they import (about a tenth
#: of its time). tests/test_cli_startup.py checks these against the commands.
SUMMARIES: dict[str, str] = {
    "assess": "Rate yourself, skill by skill, against a rubric.",
    "compare": "Show progress from OLD to NEW: readiness, skills up and down, plan items done.",
    "panel": "Aggregate interview scorecards: medians, disagreements, coverage, fit and a ranking.",
    "report": "Report readiness, gaps, strengths and a study plan for ASSESSMENT.",
    "rubrics": "List, show and validate rubrics.",
    "score": "Score a candidate after an interview, skill by skill, against a rubric.",
}


def _debug() -> bool:
    return bool(os.environ.get("SKILLCHECK_DEBUG"))


def report_error(exc: SkillcheckError) -> None:
    """Print a SkillcheckError: its detail lines, then the one-line message.

    Messages quote file names and values people chose: each line is folded
    onto one line with control characters shown as escapes, so no name can
    break the one-line promise or send escape sequences to the terminal.
    """
    from skillcheck.render.safe import one_line

    try:
        for line in exc.details():
            click.echo(one_line(line), err=True)
        click.echo(f"skillcheck: {one_line(exc.message)}", err=True)
    except OSError:
        # No standard error left (the terminal was closed): the exit code still tells.
        _drop(sys.stderr)


#: Click (8.2+) raises this to show the help of a group run without a command;
#: it is help, not an error. Older versions exit instead.
_NO_ARGS_IS_HELP: Any = getattr(click.exceptions, "NoArgsIsHelpError", ())


def report_usage_error(exc: click.UsageError) -> None:
    """Print a usage error as click does, but end with a ``skillcheck:`` line like every error."""
    from skillcheck.render.safe import one_line

    ctx = exc.ctx
    if ctx is not None:
        help_option = ctx.command.get_help_option(ctx)
        hint = ""
        if help_option is not None:
            hint = f"Try '{ctx.command_path} {max(help_option.opts, key=len)}' for help.\n"
        click.echo(f"{ctx.get_usage()}\n{hint}", err=True, color=ctx.color)
    click.echo(f"skillcheck: {one_line(exc.format_message())}", err=True)


def terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``, without importing shutil."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    if sys.__stdout__ is None:
        return 80
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


class HelpFormatter(click.HelpFormatter):
    """click's help formatter, as wide as click makes it, without importing shutil.

    shutil imports the compression modules (zlib, bz2, lzma) on its way: a few
    percent of ``skillcheck --help``.
    """

    def __init__(
        self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None
    ) -> None:
        if width is None and click.formatting.FORCED_WIDTH is None:  # set by click's CliRunner
            widest = 80 if max_width is None else max_width
            width = max(min(terminal_columns(), widest) - 2, 50)
        super().__init__(indent_increment, width, max_width)


class Context(click.Context):
    """click's Context, with the HelpFormatter above."""

    formatter_class = HelpFormatter


class SkillcheckGroup(click.Group):
    """A group that loads its commands lazily and maps errors to exit codes."""

    context_class = Context

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The "Commands" section of --help, as click writes it, from SUMMARIES."""
        rows: list[tuple[str, click.Command]] = []
        for name in self.list_commands(ctx):
            summary = SUMMARIES.get(name)
            # A stand-in with the summary as its help shortens it exactly as
            # the command itself would; a command without one is imported.
            command = click.Command(name, help=summary) if summary else self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section("Commands"):
                formatter.write_dl([(name, c.get_short_help_str(limit)) for name, c in rows])

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except _NO_ARGS_IS_HELP:
            raise
        except click.UsageError as exc:  # e.g. an unknown option before the command
            report_usage_error(exc)
            raise click.exceptions.Exit(exc.exit_code) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            # Here, not at exit: a reader gone or a full disk is then reported
            # (or kept quiet) below instead of by Python as it shuts down.
            sys.stdout.flush()
            return result
        except _NO_ARGS_IS_HELP:
            raise
        except click.UsageError as exc:
            report_usage_error(exc)
            ctx.exit(exc.exit_code)
        except SkillcheckError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            _flush_stdout()
            report_error(exc)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            _flush_stdout()
            try:
                click.echo("\nskillcheck: interrupted", err=True)
            except OSError:
                _drop(sys.stderr)
            ctx.exit(ExitCode.INTERRUPTED)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:
            # The reader of standard output went away (`skillcheck panel DIR | head`):
            # stop without a word, as Unix tools do.
            _drop(sys.stdout)
            ctx.exit(ExitCode.BROKEN_PIPE)
        except OSError as exc:  # the system refused, e.g. standard output on a full disk
            if _debug() or (ctx.obj and ctx.obj.get("debug")):
                raise
            from skillcheck.files import os_error_message

            _drop(sys.stdout)
            report_error(SkillcheckError(os_error_message(exc)))
            ctx.exit(ExitCode.FAILED)
        except Exception as exc:  # a bug: say so in one line, unless debugging
            if _debug() or (ctx.obj and ctx.obj.get("debug")):
                raise
            from skillcheck.render.safe import one_line

            click.echo(
                f"skillcheck: internal error: {type(exc).__name__}: {one_line(str(exc))} "
                "(run with --debug for details and please report it)",
                err=True,
            )
            ctx.exit(ExitCode.FAILED)


def _flush_stdout() -> None:
    """Write out what standard output holds before an error is reported; if it
    cannot be written (the terminal was closed, the reader left), drop it, so
    that Python does not fail on it at exit (exit 120) instead of our exit code."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        _drop(sys.stdout)


def _drop(stream: TextIO) -> None:
    """Send what is left in a standard stream's buffer nowhere, so that Python
    does not fail again (and say so) when it flushes it at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real file behind it (a test runner)
        pass


CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(name="skillcheck", cls=SkillcheckGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="skillcheck")
@click.option("--debug", is_flag=True, hidden=True, help="Show tracebacks.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Rate software skills against a rubric.

    Developers rate themselves and get a study plan; interviewers score
    candidates and aggregate a panel; rubric authors validate their files.

    \b
    Examples:
      skillcheck assess                      # rate yourself on the built-in backend rubric
      skillcheck report assessment-jane-2026-11-23.json --format md -o report.md
      skillcheck rubrics validate my-rubric.yaml
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug or _debug()


def main() -> None:
    """Console-script entry point."""
    from skillcheck.startup import end_process, prepare

    prepare()  # faster start: see skillcheck.startup
    try:
        cli(prog_name="skillcheck")
    except SystemExit as exc:
        end_process(exc.code)  # (a quick exit, when a command asked for one)
        raise
    except KeyboardInterrupt:  # pragma: no cover - Ctrl-C outside a command
        click.echo("\nskillcheck: interrupted", err=True)
        sys.exit(ExitCode.INTERRUPTED)
