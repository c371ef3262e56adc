"""``skillcheck panel``: aggregate interview scorecards per candidate."""

from __future__ import annotations

import os

import click

from skillcheck.cli._common import rubric_option

FORMATS = ("text", "md", "html", "csv", "json")


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@rubric_option(default=None)
@click.option(
    "--role", metavar="ROLE", help="Measure fit against this role (default: the scorecards' role)."
)
@click.option(
    "--self",
    "selves",
    multiple=True,
    metavar="ASSESSMENT",
    help="A candidate's own `assess` file, matched by name; repeatable.",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    help="Output format (default: from -o, else text).",
)
@click.option(
    "-o", "--output", metavar="FILE", help="Write to FILE (atomically) instead of standard output."
)
@click.option(
    "--anonymize",
    is_flag=True,
    help="Replace names with stable pseudonyms (Candidate A, Interviewer 1).",
)
def panel(
    paths: tuple[str, ...],
    rubric: str | None,
    role: str | None,
    selves: tuple[str, ...],
    fmt: str | None,
    output: str | None,
    anonymize: bool,
) -> None:
    """Aggregate interview scorecards: medians, disagreements, coverage, fit and a ranking.

    PATH is a scorecard file or a folder of them (searched recursively for
    *.json). Files that are damaged, not scorecards or for another rubric are
    reported with the reason; the panel is built from the rest and the exit
    code is 1 so scripts notice.

    \b
    Examples:
      skillcheck panel interviews/
      skillcheck panel interviews/ --self ann-self.json --format html -o panel.html
      skillcheck panel interviews/ --anonymize --format csv -o blind.csv
    """
    from skillcheck.cli import report_error
    from skillcheck.cli._common import emit, output_format, refuse_overwriting
    from skillcheck.errors import SkillcheckError
    from skillcheck.scorecards import collect_panel, scorecard_files

    fmt = output_format(fmt, output, FORMATS)
    if output and output != "-" and os.path.exists(output):
        refuse_overwriting(output, *scorecard_files(paths), *selves)
    run = collect_panel(paths, rubric, role, selves, anonymize)
    rubric_obj = run.rubric
    notes = []
    if run.other_roles:
        notes.append(
            f"Scorecards also named other roles ({', '.join(run.other_roles)}); fit is measured for one role."
        )
    skipped = [(r.path, r.reason) for r in run.rejected]
    if fmt != "text":
        from skillcheck.render.panel import render_panel

        emit(render_panel(fmt, run.panel, rubric_obj, notes, skipped), output)
    else:
        from skillcheck.cli._common import make_console
        from skillcheck.render.panel_text import panel_renderable, render_panel_text
        from skillcheck.render.text import show

        if output and output != "-":
            emit(render_panel_text(run.panel, rubric_obj), output)
        else:
            show(make_console(), panel_renderable(run.panel, rubric_obj, notes))
    for r in run.rejected:
        report_error(SkillcheckError(f"skipped {r.reason}"))
    if run.rejected:
        raise SkillcheckError(
            f"{len(run.rejected)} of {run.cards + len(run.rejected)} files could not be used"
        )
