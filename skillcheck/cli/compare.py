"""``skillcheck compare``: progress between two self-assessments of the same person."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from skillcheck.cli._common import (
    emit,
    make_console,
    output_format,
    refuse_overwriting,
    rubric_option,
)
from skillcheck.cli.report import rubric_for

if TYPE_CHECKING:
    from skillcheck.rubric import Rubric

FORMATS = ("text", "md", "json")


@click.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option(
    "--role",
    metavar="ROLE",
    help="Measure both against this role (default: the role saved in NEW, else in OLD).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Output format. Default: from the -o file's extension, else text.",
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of standard output.")
@rubric_option(default=None)
def compare(
    old: str,
    new: str,
    role: str | None,
    fmt: str | None,
    output: str | None,
    rubric: str | None,
) -> None:
    """Show progress from OLD to NEW: readiness, skills up and down, plan items done.

    OLD and NEW are two self-assessments of the same person. When they were made
    with different rubrics or revisions, the skills both have are compared and
    the rest is listed.

    \b
    Examples:
      skillcheck compare jane-2026-05.json jane-2026-11.json
      skillcheck compare old.json new.json --format md -o progress.md
    """
    fmt = output_format(fmt, output, FORMATS)
    refuse_overwriting(output, old, new, rubric)
    from skillcheck.analysis.compare import compare_reports
    from skillcheck.analysis.report import report_for_document, resolve_role
    from skillcheck.assessment import Assessment, load_document

    old_doc = load_document(old, Assessment)
    new_doc = load_document(new, Assessment)
    loaded: dict[str, Rubric] = {}
    old_rubric = rubric_for(old_doc, old, rubric, loaded)
    new_rubric = rubric_for(new_doc, new, rubric, loaded)
    role_id = role or new_doc.role or old_doc.role
    new_role = resolve_role(new_rubric, role_id)
    old_role = resolve_role(old_rubric, role_id) if old_rubric is not new_rubric else new_role
    before = report_for_document(old_rubric, old_doc, old_role)
    after = report_for_document(new_rubric, new_doc, new_role)
    result = compare_reports(before, after, rubric=new_rubric, role=new_role)
    if fmt == "md":
        from skillcheck.render.markdown import render_comparison_markdown

        emit(render_comparison_markdown(result), output)
    elif fmt == "json":
        from skillcheck.render.json_ import render_comparison_json

        emit(render_comparison_json(result), output)
    elif output is None or output == "-":
        from skillcheck.render.text import comparison_renderable, show

        show(make_console(), comparison_renderable(result))
    else:
        from skillcheck.render.text import render_comparison_text

        emit(render_comparison_text(result), output)
