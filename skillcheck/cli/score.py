"""``skillcheck score``: an interviewer's scorecard for one candidate (or an answers file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from skillcheck.cli._common import make_console, rubric_option, session_options


@click.command()
@click.option("--candidate", metavar="NAME", help="The candidate's name. Asked if left out.")
@click.option("--interviewer", metavar="NAME", help="Your name. Asked if left out.")
@rubric_option(default=None)
@click.option(
    "--role", metavar="ROLE", help="The role interviewed for, or 'none'. Asked if left out."
)
@session_options(
    "scorecard",
    only_help="Score only this category, one this interview covered (repeatable).",
    answers_help="Read the scores from a YAML/JSON file; no questions.",
)
@click.pass_obj
def score(
    obj: dict[str, Any] | None,
    candidate: str | None,
    interviewer: str | None,
    rubric: str | None,
    role: str | None,
    only: tuple[str, ...],
    output: Path | None,
    resume: Path | None,
    answers: Path | None,
    force: bool,
) -> None:
    """Score a candidate after an interview, skill by skill, against a rubric.

    For each skill, press the level the candidate demonstrated (or n: not
    assessed in this interview, which is not 0). A rating far from the role's
    target asks for an evidence note. The scorecard ends with your overall
    recommendation (strong no, no, yes, strong yes) and a summary for the
    panel. It is saved after every answer, readable only by you: Ctrl-C keeps
    every answer, and --resume FILE continues. The rubric defaults to the
    built-in 'backend' (or, with --resume, the one the file was made with).

    \b
    Saved by default in the current folder as:
      scorecard-CANDIDATE-INTERVIEWER-DATE.json

    \b
    Examples:
      skillcheck score --candidate "Ann Lee" --interviewer Bob --role mid --only databases
      skillcheck score --resume scorecard-ann-lee-bob-2026-11-23.json
      skillcheck score --answers bob-on-ann.yaml -o interviews/ann-bob.json
      skillcheck panel interviews/
    """
    from skillcheck.session import SCORE, Request, run

    names = {"candidate": candidate, "interviewer": interviewer}
    request = Request(
        rubric=rubric,
        role=role,
        names=names,
        only=only,
        output=output,
        resume=resume,
        answers=answers,
        force=force,
    )
    run(SCORE, request, prompter=(obj or {}).get("prompter"), console=make_console)
