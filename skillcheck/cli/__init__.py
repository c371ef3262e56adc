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
from typing import Any

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


def _debug() -> bool:
    return bool(os.environ.get("SKILLCHECK_DEBUG"))


def report_error(exc: SkillcheckError) -> None:
    """Print a SkillcheckError: its detail lines, then the one-line message."""
    for line in exc.details():
        click.echo(line, err=True)
    click.echo(f"skillcheck: {exc.message}", err=True)


class SkillcheckGroup(click.Group):
    """A group that loads its commands lazily and maps errors to exit codes."""

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

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SkillcheckError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            report_error(exc)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("\nskillcheck: interrupted", err=True)
            ctx.exit(ExitCode.INTERRUPTED)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # a bug: say so in one line, unless debugging
            if _debug() or (ctx.obj and ctx.obj.get("debug")):
                raise
            click.echo(
                f"skillcheck: internal error: {type(exc).__name__}: {exc} "
                "(run with --debug for details and please report it)",
                err=True,
            )
            ctx.exit(ExitCode.FAILED)


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
    try:
        cli(prog_name="skillcheck")
    except KeyboardInterrupt:  # pragma: no cover - Ctrl-C outside a command
        click.echo("\nskillcheck: interrupted", err=True)
        sys.exit(ExitCode.INTERRUPTED)
