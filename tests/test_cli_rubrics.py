"""`skillcheck rubrics ...`, `--version` and `--help` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from skillcheck import __version__
from skillcheck.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def all_commands() -> list[tuple[str, ...]]:
    """Every command path, e.g. ('rubrics', 'validate')."""
    found: list[tuple[str, ...]] = [()]
    ctx = click.Context(cli)

    def walk(group: click.Group, prefix: tuple[str, ...]) -> None:
        for name in group.list_commands(ctx):
            cmd = group.get_command(ctx, name)
            assert cmd is not None
            found.append((*prefix, name))
            if isinstance(cmd, click.Group):
                walk(cmd, (*prefix, name))

    walk(cli, ())
    return found


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert out.strip() == f"skillcheck, version {__version__}"


@pytest.mark.parametrize("path", all_commands(), ids=lambda p: " ".join(p) or "skillcheck")
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_every_command_has_help_with_an_example(path: tuple[str, ...], flag: str) -> None:
    code, out, _ = run(*path, flag)
    assert code == 0
    assert "Usage: skillcheck" in out
    assert "Example" in out


def test_validate_ok(fixtures: Path) -> None:
    code, out, err = run(
        "rubrics", "validate", str(fixtures / "mini.yaml"), str(fixtures / "scale15.yaml")
    )
    assert code == 0, err
    assert f"{fixtures / 'mini.yaml'}: ok (6 skills, 2 roles)" in out
    assert "(2 skills, 1 role)" in out


def test_validate_reports_all_problems_and_exits_1(fixtures: Path) -> None:
    code, out, err = run(
        "rubrics", "validate", str(fixtures / "mini.yaml"), str(fixtures / "broken.yaml")
    )
    assert code == 1
    assert "mini.yaml: ok" in out
    lines = err.strip().splitlines()
    assert sum(line.startswith(str(fixtures / "broken.yaml") + ":") for line in lines) == 11
    assert lines[-1] == "skillcheck: 1 of 2 rubric files are invalid"
    assert "Traceback" not in err


def test_validate_needs_a_path() -> None:
    code, _, err = run("rubrics", "validate")
    assert code == 2
    assert "Missing argument" in err


def test_validate_missing_and_folder(tmp_path: Path) -> None:
    code, _, err = run("rubrics", "validate", str(tmp_path / "none.yaml"), str(tmp_path))
    assert code == 1
    assert "none.yaml: no such file" in err
    assert "is a folder" in err


def test_show_tree(mini_path: Path) -> None:
    code, out, _ = run("rubrics", "show", str(mini_path))
    assert code == 0
    assert "Mini backend (mini 1.0, 6 skills)" in out
    assert "Query tuning" in out and "needs sql" in out
    assert "at least one of these" in out
    assert "Scale: 0 No exposure" in out
    assert "junior" in out


def test_show_json_is_the_full_validated_rubric(mini_path: Path) -> None:
    code, out, _ = run("rubrics", "show", str(mini_path), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["id"] == "mini"
    assert data["scale"][0]["label"] == "No exposure"  # defaults filled in
    assert data["categories"][1]["scoring"] == "best"


def test_show_builtin_by_id() -> None:
    code, out, _ = run("rubrics", "show", "backend")
    assert code == 0
    assert "Backend" in out


def test_show_unknown_rubric_is_one_line() -> None:
    code, _, err = run("rubrics", "show", "nope")
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("skillcheck: no rubric 'nope'")


def test_show_hostile_rubric_text_is_literal(tmp_path: Path) -> None:
    p = tmp_path / "evil.yaml"
    p.write_text(
        'id: evil\ntitle: "[bold red]x[/] \\e[31mred"\nversion: "1"\ncategories:\n'
        '  - id: c\n    title: "[link=http://example.invalid]c[/link]"\n'
        "    skills: [{id: s, title: '[/]'}]\n"
    )
    code, out, _ = run("rubrics", "show", str(p))
    assert code == 0, out
    assert "[bold red]x[/]" in out
    assert "\x1b" not in out and "\\x1b[31mred" in out
    assert "[link=http://example.invalid]c[/link]" in out
    assert "[/]" in out


def test_list_table_and_json(isolated_home: Path, mini_path: Path) -> None:
    (isolated_home / "rubrics").mkdir()
    (isolated_home / "rubrics" / "mini.yaml").write_text(mini_path.read_text())
    code, out, _ = run("rubrics", "list", "--json")
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["backend"]["source"] == "built-in"
    assert rows["mini"] == rows["mini"] | {"source": "user", "skills": 6, "version": "1.0"}
    code, out, _ = run("rubrics", "list")
    assert code == 0
    assert "backend" in out and "mini" in out and "user" in out


def test_schema_is_json_schema() -> None:
    code, out, _ = run("rubrics", "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "categories" in schema["properties"]


def test_unknown_command_is_a_usage_error() -> None:
    code, _, err = run("frobnicate")
    assert code == 2
    assert "No such command" in err


def test_internal_errors_are_one_line(monkeypatch: pytest.MonkeyPatch, mini_path: Path) -> None:
    import skillcheck.rubric as rubric_pkg

    def boom(ref: str) -> None:
        raise RuntimeError("surprise")

    monkeypatch.setattr(rubric_pkg, "load_rubric", boom)
    code, _, err = run("rubrics", "show", str(mini_path))
    assert code == 1
    assert err.strip() == (
        "skillcheck: internal error: RuntimeError: surprise "
        "(run with --debug for details and please report it)"
    )
