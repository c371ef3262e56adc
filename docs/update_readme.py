"""Regenerate the generated parts of README.md.

* ``<!-- begin: commands -->`` ... ``<!-- end: commands -->``: the ``--help`` of
  every command, so the reference never drifts from the code.
* ``<!-- begin: docs/NAME.md -->`` ... ``<!-- end: docs/NAME.md -->``: the text of
  that file, so each section is written once, beside the feature it documents.

Run ``python docs/update_readme.py`` after changing help texts or docs/*.md;
``tests/test_readme.py`` fails when README.md is out of date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(
    r"(<!-- begin: (?P<name>[^ ]+) -->\n)(?P<body>.*?)(<!-- end: (?P=name) -->)", re.S
)


def command_paths() -> list[list[str]]:
    from skillcheck.cli import cli

    ctx = click.Context(cli)
    paths: list[list[str]] = [[]]

    def walk(group: click.Group, prefix: list[str]) -> None:
        for name in group.list_commands(ctx):
            cmd = group.get_command(ctx, name)
            if cmd is None or cmd.hidden:
                continue
            paths.append([*prefix, name])
            if isinstance(cmd, click.Group):
                walk(cmd, [*prefix, name])

    walk(cli, [])
    return paths


def commands_reference() -> str:
    from skillcheck.cli import cli

    runner = CliRunner()
    parts = []
    for path in command_paths():
        result = runner.invoke(cli, [*path, "--help"], terminal_width=100, env={"COLUMNS": "100"})
        title = " ".join(["skillcheck", *path])
        parts.append(f"### `{title}`\n\n```text\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


def render(text: str) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group("name")
        if name == "commands":
            body = commands_reference()
        else:
            body = (ROOT / name).read_text(encoding="utf-8").strip() + "\n"
        return f"{match.group(1)}{body}{match.group(4)}"

    return BLOCK.sub(fill, text)


def main() -> int:
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv:
        if fresh != current:
            print("README.md is out of date: run python docs/update_readme.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
