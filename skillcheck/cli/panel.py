"""``skillcheck panel``: aggregate interview scorecards per candidate."""

from __future__ import annotations

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
    from skillcheck.cli._common import emit, output_format, wrote
    from skillcheck.errors import SkillcheckError
    from skillcheck.panelrun import build_panel, prepare, render_files, workers_for
    from skillcheck.startup import exit_quickly

    exit_quickly()  # a panel's heap is freed by the end of the process, not object by object
    fmt = output_format(fmt, output, FORMATS)
    # The -o file is checked against every file read, as it is read.
    job = prepare(paths, rubric, role, selves, anonymize, output)
    rubric_obj = job.rubric
    if fmt == "text":
        from skillcheck.cli._common import make_console
        from skillcheck.render.panel_text import panel_parts, render_panel_text
        from skillcheck.render.text import show

        run = build_panel(job)
        rejected, cards = run.rejected, run.cards
        if output and output != "-":
            emit(render_panel_text(run.panel, rubric_obj), output)
        else:
            console = make_console()
            for part in panel_parts(run.panel, rubric_obj):
                show(console, part)
    else:
        from skillcheck.render.panel import renderer

        render = renderer(fmt, rubric_obj)
        workers = workers_for(len(job.files))
        if output and output != "-":
            from skillcheck.files import atomic_file

            # Opened first: the workers write their candidates straight into it.
            with atomic_file(output) as out:
                done = render_files(job, render, workers, out)
            wrote(output)
        else:
            import sys

            # The UTF-8 bytes, as in an -o file, written in order without
            # making the whole text first (a text stream without bytes below
            # it gets the text).
            stdout = getattr(sys.stdout, "buffer", None)
            done = render_files(job, render, workers, to=stdout)
            if stdout is None:
                click.echo(done.text, nl=False)
        rejected, cards = done.rejected, done.cards
    for r in rejected:
        report_error(SkillcheckError(f"skipped {r.reason}"))
    if rejected:
        raise SkillcheckError(f"{len(rejected)} of {cards + len(rejected)} files could not be used")
