"""``skillcheck report``: readiness, gaps, strengths and a study plan for one assessment."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from skillcheck.cli._common import (
    emit,
    load_rubric,
    make_console,
    output_format,
    refuse_overwriting,
    rubric_option,
    warn,
)

if TYPE_CHECKING:
    from skillcheck.assessment import Assessment
    from skillcheck.rubric import Rubric

FORMATS = ("text", "md", "html", "json")


def rubric_for(
    doc: Assessment, path: str, rubric_ref: str | None, cache: dict[str, Rubric] | None = None
) -> Rubric:
    """The rubric to measure ``doc`` with; warns on stderr when it is not the one it was made with.

    ``cache`` (key: RUBRIC or the document's rubric id) avoids loading a rubric twice.
    """
    ref = doc.rubric
    key = rubric_ref or ref.id
    if cache is not None and key in cache:
        rubric = cache[key]
    else:
        if rubric_ref is None:
            from skillcheck.rubric import load_rubric_id

            rubric = load_rubric_id(ref.id, path)
        else:
            rubric = load_rubric(rubric_ref)
        if cache is not None:
            cache[key] = rubric
    if ref.id != rubric.id:
        warn(
            f"{path} was made with rubric {ref.id} {ref.version}; measuring it against "
            f"{rubric.id} {rubric.version} (only skills with the same id count)"
        )
    elif ref.digest != rubric.digest:
        warn(
            f"{path} was made with a different revision of {ref.id} ({ref.version}, now "
            f"{rubric.version}); reporting on the skills that still exist"
        )
    return rubric


@click.command()
@click.argument("assessment", metavar="ASSESSMENT")
@click.option(
    "--role",
    metavar="ROLE",
    help="Measure against this role instead of the one saved in the assessment "
    "(e.g. the next level up).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Output format. Default: from the -o file's extension, else text.",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Write the report to FILE (atomically) instead of standard output.",
)
@click.option(
    "--hours-per-week",
    type=click.FloatRange(min=0.5, max=168),
    metavar="N",
    help="Add a week-by-week schedule of the study plan at N hours a week.",
)
@rubric_option(default=None)
def report(
    assessment: str,
    role: str | None,
    fmt: str | None,
    output: str | None,
    hours_per_week: float | None,
    rubric: str | None,
) -> None:
    """Report readiness, gaps, strengths and a study plan for ASSESSMENT.

    ASSESSMENT is a file saved by `skillcheck assess` (an unfinished one gives a
    partial report). Its rubric is found by id; use --rubric for one that is
    not built in.

    \b
    Examples:
      skillcheck report assessment-jane-2026-11-23.json
      skillcheck report jane.json --role senior --hours-per-week 5
      skillcheck report jane.json -o jane.html      # format from the extension
      skillcheck report jane.json --format json | jq .readiness
    """
    fmt = output_format(fmt, output, FORMATS)
    refuse_overwriting(output, assessment, rubric)
    from skillcheck.analysis.report import report_for_document, resolve_role
    from skillcheck.assessment import Assessment, load_document

    doc = load_document(assessment, Assessment)
    loaded = rubric_for(doc, assessment, rubric)
    measured = resolve_role(loaded, role or doc.role)
    result = report_for_document(loaded, doc, measured, hours_per_week=hours_per_week)
    if fmt == "md":
        from skillcheck.render.markdown import render_report_markdown

        emit(render_report_markdown(result), output)
    elif fmt == "json":
        from skillcheck.render.json_ import render_report_json

        emit(render_report_json(result), output)
    elif fmt == "html":
        from skillcheck.render.html import render_report_html

        emit(render_report_html(result), output)
    elif output is None or output == "-":
        from skillcheck.render.text import report_renderable, show

        show(make_console(), report_renderable(result))
    else:
        from skillcheck.render.text import render_report_text

        emit(render_report_text(result), output)
