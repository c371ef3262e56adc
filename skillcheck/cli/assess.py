"""``skillcheck assess``: the self-assessment questionnaire (or an answers file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from skillcheck.cli._common import make_console, rubric_option, session_options


@click.command()
@rubric_option(default=None)
@click.option(
    "--role", metavar="ROLE", help="Role to compare yourself with, or 'none'. Asked if left out."
)
@click.option("--name", metavar="NAME", help="Your name. Asked if left out.")
@session_options(
    "assessment",
    only_help="Rate only this category (repeatable).",
    answers_help="Read the answers from a YAML/JSON file; no questions.",
)
@click.pass_obj
def assess(
    obj: dict[str, Any] | None,
    rubric: str | None,
    role: str | None,
    name: str | None,
    only: tuple[str, ...],
    output: Path | None,
    resume: Path | None,
    answers: Path | None,
    force: bool,
) -> None:
    """Rate yourself, skill by skill, against a rubric.

    Each question shows the skill and what every level looks like for it;
    press the level's digit, then Enter. The file is saved after every answer:
    Ctrl-C (or a crash) keeps every answer given, and --resume FILE continues
    at the first unanswered skill. The rubric defaults to the built-in
    'backend' (or, with --resume, the one the file was made with); the file
    to assessment-NAME-DATE.json in the current folder.

    \b
    Examples:
      skillcheck assess --name "Jane Doe" --role mid
      skillcheck assess --only languages --only databases -o langs.json
      skillcheck assess --resume assessment-jane-doe-2026-11-23.json
      skillcheck assess --answers answers.yaml -o jane.json
    """
    from skillcheck.session import ASSESS, Request, run

    request = Request(
        rubric=rubric,
        role=role,
        names={"name": name},
        only=only,
        output=output,
        resume=resume,
        answers=answers,
        force=force,
    )
    run(ASSESS, request, prompter=(obj or {}).get("prompter"), console=make_console)
