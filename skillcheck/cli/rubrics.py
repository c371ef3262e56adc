"""``skillcheck rubrics``: list, show, validate and describe rubric files."""

from __future__ import annotations

import click

from skillcheck.cli._common import load_rubric, make_console
from skillcheck.errors import SkillcheckError


@click.group()
def rubrics() -> None:
    """List, show and validate rubrics.

    \b
    Examples:
      skillcheck rubrics list
      skillcheck rubrics show backend
      skillcheck rubrics validate my-rubric.yaml
    """


@rubrics.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_(as_json: bool) -> None:
    """List built-in and user rubrics.

    User rubrics live in $SKILLCHECK_HOME/rubrics (else the per-user app
    folder); a user rubric shadows a built-in one with the same file name.

    \b
    Example:
      skillcheck rubrics list --json
    """
    import json

    from skillcheck.rubric import list_rubrics

    infos = list_rubrics()
    if as_json:
        click.echo(json.dumps([i._asdict() for i in infos], indent=2))
        return
    from skillcheck.render.rubric_text import rubric_table

    make_console().print(rubric_table(infos))


@rubrics.command()
@click.argument("rubric", metavar="RUBRIC")
@click.option("--json", "as_json", is_flag=True, help="Print the full validated rubric as JSON.")
def show(rubric: str, as_json: bool) -> None:
    """Show a rubric's categories, skills, scale and roles.

    RUBRIC is a built-in or user rubric id, or a path to a YAML file.

    \b
    Examples:
      skillcheck rubrics show backend
      skillcheck rubrics show ./team.yaml --json
    """
    loaded = load_rubric(rubric)
    if as_json:
        from skillcheck.render.safe import json_invisible
        from skillcheck.rubric.schema import dump_json

        # pydantic keeps bidi overrides and C1 controls raw; escaped, they are
        # the same JSON strings and safe on a terminal.
        click.echo(json_invisible(dump_json(loaded, indent=2)))
        return
    from skillcheck.render.rubric_text import rubric_tree

    make_console().print(rubric_tree(loaded))


@rubrics.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
def validate(paths: tuple[str, ...]) -> None:
    """Check rubric files and report every problem with its line and column.

    Exits 0 when all files are valid, 1 otherwise.

    \b
    Example:
      skillcheck rubrics validate rubrics/*.yaml
    """
    from skillcheck.cli import report_error
    from skillcheck.rubric import load_rubric_file

    failed = 0
    for path in paths:
        try:
            loaded = load_rubric_file(path)
        except SkillcheckError as exc:
            failed += 1
            report_error(exc)
            continue
        skills, roles = len(loaded.skills), len(loaded.roles)
        click.echo(f"{path}: ok ({_count(skills, 'skill')}, {_count(roles, 'role')})")
    if failed:
        raise SkillcheckError(f"{failed} of {len(paths)} rubric files are invalid")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@rubrics.command()
def schema() -> None:
    """Print the JSON Schema of the rubric format, for editors.

    \b
    Example:
      skillcheck rubrics schema > rubric.schema.json
    """
    import json

    from skillcheck.rubric import rubric_json_schema

    click.echo(json.dumps(rubric_json_schema(), indent=2))
