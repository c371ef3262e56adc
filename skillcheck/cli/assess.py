"""``skillcheck assess``: the self-assessment questionnaire (or an answers file)."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING

import click

from skillcheck.cli._common import make_console, rubric_option
from skillcheck.errors import Interrupted, SkillcheckError, UsageError

if TYPE_CHECKING:
    from skillcheck.assessment import Assessment, Document
    from skillcheck.prompting import Prompter
    from skillcheck.questionnaire import Outcome
    from skillcheck.rubric import Rubric

NO_TERMINAL = (
    "skillcheck assess asks its questions in a terminal, and stdin or stdout is not one; "
    "to answer from a file instead, use --answers FILE"
)

_FILE = click.Path(dir_okay=False, path_type=Path)


@click.command()
@rubric_option(default=None)
@click.option(
    "--role", metavar="ROLE", help="Role to compare yourself with, or 'none'. Asked if left out."
)
@click.option("--name", metavar="NAME", help="Your name. Asked if left out.")
@click.option(
    "--only", multiple=True, metavar="CATEGORY", help="Rate only this category (repeatable)."
)
@click.option("-o", "--output", type=_FILE, metavar="FILE", help="Where to save the assessment.")
@click.option("--resume", type=_FILE, metavar="FILE", help="Continue an unfinished assessment.")
@click.option(
    "--answers",
    type=_FILE,
    metavar="FILE",
    help="Read the answers from a YAML/JSON file; no questions.",
)
@click.option("--force", is_flag=True, help="Replace an existing output file without asking.")
def assess(
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
    if answers is not None and resume is not None:
        raise UsageError("--answers and --resume cannot be combined")
    if resume is not None and output is not None:
        raise UsageError("--resume saves back into FILE; leave out -o/--output")
    if answers is not None:
        _from_answers(rubric, role, name, list(only), output, answers, force)
        return
    prompter = _prompter()
    if resume is not None:
        _resume(prompter, rubric, role, name, list(only), resume)
    else:
        _start(prompter, rubric, role, name, list(only), output, force)


def _prompter() -> Prompter:
    """The terminal prompter, or the one tests put in ``obj["prompter"]``."""
    obj = click.get_current_context().obj
    injected = obj.get("prompter") if isinstance(obj, dict) else None
    if injected is not None:
        return injected  # type: ignore[no-any-return]
    from skillcheck.prompting import QuestionaryPrompter

    return QuestionaryPrompter(hint=NO_TERMINAL)  # refuses before anything is asked


def _load(ref: str) -> Rubric:
    from skillcheck.cli._common import load_rubric

    return load_rubric(ref)


def _check_options(rub: Rubric, role: str | None, only: list[str]) -> str | None:
    """Validate --role and --only against the rubric; return the role (None for 'none')."""
    from skillcheck.questionnaire import check_role, check_scope

    problems = check_scope(rub, only)
    if role is not None and role.lower() != "none" and (why := check_role(rub, role)):
        problems.append(why)
    if problems:
        raise UsageError("; ".join(problems))
    return None if role is None or role.lower() == "none" else role


def _start(
    prompter: Prompter,
    rubric: str | None,
    role: str | None,
    name: str | None,
    only: list[str],
    output: Path | None,
    force: bool,
) -> None:
    from skillcheck.prompting import ask_name

    rub: Rubric | None = None
    chosen_role: str | None = None
    if role is not None or only:
        # Check the options before asking anything.
        rub = _load(rubric or "backend")
        chosen_role = _check_options(rub, role, only)
    try:
        # The name comes first: it needs no rubric, so the first question
        # appears before pydantic and the rubric are loaded.
        who = name.strip() if name and name.strip() else ask_name(prompter, "Your name:")
        if rub is None:
            rub = _load(rubric or "backend")
        if role is None:
            from skillcheck.questionnaire import SELF_ASSESSMENT, ask_role

            chosen_role = ask_role(rub, prompter, SELF_ASSESSMENT)
    except KeyboardInterrupt:
        raise Interrupted("interrupted before the first answer; nothing was saved") from None
    except EOFError:
        raise SkillcheckError("input ended before the first answer; nothing was saved") from None
    from skillcheck.assessment import default_filename, free_path, new_assessment
    from skillcheck.files import exclusive
    from skillcheck.prompting import ConfirmPrompt

    path = output or free_path(Path(default_filename("assessment", who)))
    with exclusive(path):
        if output is not None and output.exists() and not force:
            question = ConfirmPrompt(f"{output} already exists ({_describe(output)}). Replace it?")
            try:
                replace = prompter.confirm(question)
            except KeyboardInterrupt:
                raise Interrupted(f"interrupted; {output} was kept as it was") from None
            except EOFError:
                replace = False
            if not replace:
                raise SkillcheckError(
                    f"kept {output} as it was; choose another file with -o, "
                    f"or continue it with --resume {shlex.quote(str(output))}"
                )
        doc = new_assessment(rub, who, chosen_role, only or None)
        _intro(rub, doc, path, resumed=False)
        _run(prompter, rub, doc, path, rubric)


def _resume(
    prompter: Prompter,
    rubric: str | None,
    role: str | None,
    name: str | None,
    only: list[str],
    path: Path,
) -> None:
    from skillcheck.assessment import Assessment, load_document, reconcile
    from skillcheck.files import exclusive

    with exclusive(path):
        doc = load_document(path, Assessment)
        try:
            rub = _load(rubric or doc.rubric.id)
        except SkillcheckError as exc:
            if rubric:
                raise
            raise SkillcheckError(
                f"{exc.message} (the file was made with rubric {doc.rubric.id!r}: "
                "pass it with --rubric ID_OR_PATH)"
            ) from None
        changes = reconcile(doc, rub)
        if role is not None:
            doc.role = _check_options(rub, role, [])
        if only:
            # This run only: the file keeps its own scope.
            _check_options(rub, None, only)
        if name and name.strip():
            doc.name = name.strip()
        _intro(rub, doc, path, resumed=True)
        _say_changes(changes, path)
        _run(prompter, rub, doc, path, rubric, only or None)


def _run(
    prompter: Prompter,
    rub: Rubric,
    doc: Assessment,
    path: Path,
    ref: str | None,
    only: list[str] | None = None,
) -> None:
    from skillcheck.assessment import save_document
    from skillcheck.questionnaire import SELF_ASSESSMENT, run_questionnaire

    def save(d: Document) -> None:
        save_document(d, path)

    save(doc)  # the file exists from the start: --resume works even before an answer
    outcome = run_questionnaire(rub, doc, prompter, save, wording=SELF_ASSESSMENT, only=only)
    _finish(outcome, rub, doc, path, ref)


def _finish(outcome: Outcome, rub: Rubric, doc: Assessment, path: Path, ref: str | None) -> None:
    from skillcheck.render.safe import visible

    where = shlex.quote(str(path))
    rubric_arg = f" --rubric {shlex.quote(ref)}" if ref and ref != doc.rubric.id else ""
    again = f"skillcheck assess --resume {where}{rubric_arg}"
    counts = f"{outcome.answered} of {outcome.total} answers"
    progress = f"{counts} saved in {visible(str(path))}"
    if outcome.stopped == "interrupted":
        raise Interrupted(f"interrupted; {progress}; continue with: {again}")
    if outcome.stopped == "end_of_input":
        raise SkillcheckError(f"input ended; {progress}; continue with: {again}")
    console = make_console()
    if not outcome.complete:
        console.print(f"\nSaved {counts} in {visible(str(path))}.", markup=False, soft_wrap=True)
        console.print(f"Continue with: {again}", markup=False, soft_wrap=True)
        return
    _summary(rub, doc)
    console.print(f"\nSaved to {visible(str(path))}", markup=False, soft_wrap=True)
    console.print(f"See your report: skillcheck report {where}", markup=False, soft_wrap=True)


def _intro(rub: Rubric, doc: Assessment, path: Path, *, resumed: bool) -> None:
    from skillcheck.assessment import in_scope
    from skillcheck.render.safe import one_line, visible

    scope = in_scope(rub, doc)
    done = sum(s in doc.ratings for s in scope)
    console = make_console()
    title = f"{one_line(rub.title)} (rubric {rub.id} {one_line(rub.version)})"
    if resumed:
        head = f"Resuming {visible(str(path))}: {done} of {len(scope)} skills answered. {title}"
    else:
        cats = sum(1 for c in rub.categories if doc.categories is None or c.id in doc.categories)
        head = f"Self-assessment: {title}, {len(scope)} skills in {cats} categories."
        head += f"\nSaved to {visible(str(path))} after every answer; Ctrl-C stops and keeps them."
    console.print(head, markup=False, style="bold")


def _say_changes(changes: object, path: Path) -> None:
    from skillcheck.assessment import Reconciliation

    assert isinstance(changes, Reconciliation)
    console = make_console()
    if changes.changed:
        console.print(
            f"The rubric changed since this file was started (version {changes.old_version} -> "
            f"{changes.new_version}); your answers to the skills it still has are kept.",
            markup=False,
            soft_wrap=True,
        )
    if changes.gone:
        console.print(
            f"Answers for skills no longer in the rubric stay in the file but are not used: "
            f"{', '.join(changes.gone)}",
            markup=False,
            soft_wrap=True,
        )
    if changes.gone_role:
        console.print(
            f"The role {changes.gone_role!r} is no longer in the rubric; choose one with --role.",
            markup=False,
            soft_wrap=True,
        )
    if changes.gone_categories:
        console.print(
            f"Categories no longer in the rubric: {', '.join(changes.gone_categories)}",
            markup=False,
            soft_wrap=True,
        )


def _summary(rub: Rubric, doc: Assessment) -> None:
    from rich.table import Table
    from rich.text import Text

    from skillcheck.questionnaire import summarize
    from skillcheck.render.safe import one_line

    table = Table(title="Your answers", title_justify="left", show_edge=False, pad_edge=False)
    table.add_column("Category")
    table.add_column("Answered", justify="right")
    table.add_column("Levels")
    for cat in summarize(rub, doc):
        parts = [
            f"{one_line(s.title)} {s.level if s.level is not None else 'n/a'}"
            for s in cat.skills
            if s.answered
        ]
        table.add_row(
            Text(one_line(cat.title)),
            f"{cat.answered}/{len(cat.skills)}",
            Text(", ".join(parts) or "-"),
        )
    console = make_console()
    console.print()
    console.print(table)


def _describe(path: Path) -> str:
    from skillcheck.files import parse_json, read_text

    try:
        data = parse_json(read_text(path), str(path))
    except SkillcheckError:
        data = None
    if not isinstance(data, dict) or data.get("kind") != "assessment":
        return "not a self-assessment"
    if data.get("status") == "complete":
        return "a completed assessment"
    return "an unfinished assessment; --resume continues it"


def _from_answers(
    rubric: str | None,
    role: str | None,
    name: str | None,
    only: list[str],
    output: Path | None,
    answers: Path,
    force: bool,
) -> None:
    from skillcheck.answers import apply_ratings, load_assessment_answers
    from skillcheck.assessment import (
        default_filename,
        in_scope,
        new_assessment,
        save_document,
    )
    from skillcheck.files import exclusive
    from skillcheck.render.safe import visible

    rub = _load(rubric or "backend")
    chosen_role = _check_options(rub, role, only)
    given = load_assessment_answers(answers, rub, name_required=not (name and name.strip()))
    who = name.strip() if name and name.strip() else given.name
    assert who is not None  # load_assessment_answers requires it otherwise
    doc = new_assessment(rub, who, chosen_role if role is not None else given.role, only or None)
    apply_ratings(doc, rub, given.ratings)
    path = output or Path(default_filename("assessment", who))
    with exclusive(path):
        if path.exists() and not force:
            raise SkillcheckError(
                f"{path} already exists; use --force to replace it, or -o to choose another file"
            )
        save_document(doc, path)
    scope = in_scope(rub, doc)
    done = sum(s in doc.ratings for s in scope)
    where = shlex.quote(str(path))
    console = make_console()
    if doc.status == "complete":
        _summary(rub, doc)
        console.print(f"\nSaved to {visible(str(path))}", markup=False, soft_wrap=True)
        console.print(f"See your report: skillcheck report {where}", markup=False, soft_wrap=True)
    else:
        rubric_arg = f" --rubric {shlex.quote(rubric)}" if rubric and rubric != rub.id else ""
        console.print(
            f"Saved {visible(str(path))}: {done} of {len(scope)} skills answered.\n"
            f"Answer the rest with: skillcheck assess --resume {where}{rubric_arg}",
            markup=False,
            soft_wrap=True,
        )
