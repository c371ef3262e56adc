"""``skillcheck compare``: progress between two assessments, golden files, rubric changes."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from skillcheck.assessment import Assessment, RubricRef, save_document
from skillcheck.cli import cli
from skillcheck.rubric import Rubric, load_rubric_file

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_RUBRIC = GOLDEN / "rubric.yaml"
MAY = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
NOV = datetime(2026, 11, 2, 18, 30, tzinfo=UTC)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def assessment(
    rubric: Rubric, when: datetime, levels: dict[str, int | None], **kw: str
) -> Assessment:
    doc = Assessment(
        rubric=RubricRef.of(rubric),
        name=kw.get("name", "Jane | <Doe>"),
        role=kw.get("role", "mid"),
        started=when,
        updated=when,
        status="complete",
    )
    for skill, level in levels.items():
        doc.rate(skill, level, None, when)
    return doc


OLD_LEVELS: dict[str, int | None] = {
    "sql": 1,
    "query-tuning": 1,
    "orm": 0,
    "git": 3,
    "python": 2,
    "java": 1,
    "communication": None,
}
NEW_LEVELS: dict[str, int | None] = {
    "sql": 3,
    "query-tuning": 2,
    "orm": 1,
    "git": 1,
    "python": 2,
    "java": 1,
    "communication": 2,
    "mentoring": 1,
}


@pytest.fixture
def rubric() -> Rubric:
    return load_rubric_file(GOLDEN_RUBRIC)


@pytest.fixture
def pair(tmp_path: Path, rubric: Rubric) -> tuple[Path, Path]:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    save_document(assessment(rubric, MAY, OLD_LEVELS), old)
    save_document(assessment(rubric, NOV, NEW_LEVELS), new)
    return old, new


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SKILLCHECK_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing {path}: run with SKILLCHECK_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from the golden file"


def test_markdown_golden(pair: tuple[Path, Path]) -> None:
    result = run("compare", *map(str, pair), "-r", str(GOLDEN_RUBRIC), "--format", "md")
    assert result.exit_code == 0, result.output
    check_golden("compare.md", result.stdout)


def test_json_golden(pair: tuple[Path, Path]) -> None:
    result = run("compare", *map(str, pair), "-r", str(GOLDEN_RUBRIC), "--format", "json")
    assert result.exit_code == 0, result.output
    text = re.sub(r"sha256:[0-9a-f]{64}", "sha256:<digest>", result.stdout)
    check_golden("compare.json", text)
    data = json.loads(text)
    assert [c["skill"] for c in data["improved"]] == ["sql", "query-tuning", "orm"]
    assert [c["skill"] for c in data["dropped"]] == ["git"]
    assert [c["skill"] for c in data["done"]] == ["sql", "query-tuning"]
    # Mentoring was not assessed before: a gap found now is a new gap too.
    assert [g["skill"] for g in data["new_gaps"]] == ["git", "mentoring"]
    assert data["readiness"]["after"] > data["readiness"]["before"]


def test_text_output(pair: tuple[Path, Path]) -> None:
    result = run("compare", *map(str, pair), "-r", str(GOLDEN_RUBRIC))
    assert result.exit_code == 0, result.output
    assert "Progress: Jane | <Doe>" in result.stdout
    assert "Improved (3)" in result.stdout and "Plan items done (2)" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_html_is_not_offered(pair: tuple[Path, Path]) -> None:
    result = run("compare", *map(str, pair), "-r", str(GOLDEN_RUBRIC), "--format", "html")
    assert result.exit_code == 2


def test_different_rubric_versions_compare_what_is_common(
    tmp_path: Path, rubric: Rubric, isolated_home: Path
) -> None:
    (isolated_home / "rubrics").mkdir()
    (isolated_home / "rubrics" / "golden.yaml").write_text(
        GOLDEN_RUBRIC.read_text(encoding="utf-8"), encoding="utf-8"
    )
    old_doc = assessment(rubric, MAY, {**OLD_LEVELS, "cobol": 2})
    old_doc.rubric = RubricRef(id="golden", version="1.0", digest="sha256:old")
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    save_document(old_doc, old)
    save_document(assessment(rubric, NOV, NEW_LEVELS), new)
    result = run("compare", str(old), str(new), "--format", "json")
    assert result.exit_code == 0, result.output
    assert "different revision of golden" in result.stderr
    data = json.loads(result.stdout)
    assert data["same_rubric"] is False
    assert data["only_in_old"] == [{"skill": "cobol", "title": "cobol"}]
    assert any("golden 1.0" in n for n in data["notices"])


def test_role_missing_from_a_rubric_lists_roles(pair: tuple[Path, Path]) -> None:
    result = run("compare", *map(str, pair), "-r", str(GOLDEN_RUBRIC), "--role", "cto")
    assert result.exit_code == 1
    assert "its roles are: junior, mid, senior" in result.stderr


def test_help_has_an_example() -> None:
    result = run("compare", "--help")
    assert "Examples:" in result.stdout and "skillcheck compare" in result.stdout
