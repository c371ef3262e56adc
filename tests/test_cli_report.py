"""``skillcheck report``: formats, output files, roles, rubric revisions, golden files.

Regenerate the golden files on purpose with ``SKILLCHECK_UPDATE_GOLDEN=1`` (see
docs/report.md), then review ``git diff tests/golden/``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from skillcheck.assessment import Assessment, RubricRef, Scorecard, save_document
from skillcheck.cli import cli
from skillcheck.rubric import Rubric, load_rubric_file

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_RUBRIC = GOLDEN / "rubric.yaml"
T0 = datetime(2026, 11, 2, 18, 30, tzinfo=UTC)
NOTE = "Joins are fine | subqueries less so\n<script>alert('hi')</script> `SELECT *` _always_"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def golden_doc(rubric: Rubric, *, complete: bool = True, when: datetime = T0) -> Assessment:
    """The assessment behind the golden files: every kind of line, and awkward text."""
    doc = Assessment(
        rubric=RubricRef.of(rubric),
        name="Jane | <Doe> *",
        role="mid",
        started=when - timedelta(days=2),
        updated=when,
        status="complete" if complete else "in_progress",
    )
    doc.rate("sql", 2, NOTE, when)
    doc.rate("query-tuning", 1, None, when)
    doc.rate("orm", 0, "never used one", when)
    doc.rate("git", 3, "rebases daily", when)
    doc.rate("python", 2, None, when)
    doc.rate("java", 1, None, when)
    if complete:
        doc.rate("communication", 2, None, when)
        doc.rate("mentoring", None, "n/a: no juniors yet", when)
    doc.updated = when
    return doc


def write(tmp_path: Path, doc: Assessment | Scorecard, name: str = "jane.json") -> Path:
    path = tmp_path / name
    save_document(doc, path)
    return path


@pytest.fixture
def golden_rubric() -> Rubric:
    return load_rubric_file(GOLDEN_RUBRIC)


@pytest.fixture
def jane(tmp_path: Path, golden_rubric: Rubric) -> Path:
    return write(tmp_path, golden_doc(golden_rubric))


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SKILLCHECK_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing {path}: run with SKILLCHECK_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs from the golden file; if intended, regenerate with "
        "SKILLCHECK_UPDATE_GOLDEN=1 and review the diff"
    )


def normalise(text: str) -> str:
    # The digest depends on the rubric model's serialisation, not on this feature.
    return re.sub(r"sha256:[0-9a-f]{64}", "sha256:<digest>", text)


def test_markdown_golden(jane: Path) -> None:
    result = run(
        "report",
        str(jane),
        "--rubric",
        str(GOLDEN_RUBRIC),
        "--format",
        "md",
        "--hours-per-week",
        "6",
    )
    assert result.exit_code == 0, result.output
    check_golden("report.md", result.stdout)


def test_json_golden(jane: Path) -> None:
    result = run(
        "report",
        str(jane),
        "--rubric",
        str(GOLDEN_RUBRIC),
        "--format",
        "json",
        "--hours-per-week",
        "6",
    )
    assert result.exit_code == 0, result.output
    check_golden("report.json", normalise(result.stdout))


def test_text_is_the_default_and_plain_when_piped(jane: Path) -> None:
    result = run("report", str(jane), "--rubric", str(GOLDEN_RUBRIC))
    assert result.exit_code == 0, result.output
    assert "Skill report: Jane | <Doe> *" in result.stdout
    assert "Readiness" in result.stdout and "Study plan" in result.stdout
    assert "\x1b" not in result.stdout


@pytest.mark.parametrize(
    ("name", "marker"),
    [
        ("r.md", "# Skill report:"),
        ("r.html", "<!DOCTYPE html>"),
        ("r.json", '"format": "skillcheck-report"'),
        ("r.txt", "Skill report:"),
    ],
)
def test_output_file_format_from_the_extension(
    jane: Path, tmp_path: Path, name: str, marker: str
) -> None:
    out = tmp_path / name
    result = run("report", str(jane), "--rubric", str(GOLDEN_RUBRIC), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"wrote {out}" in result.stderr
    assert out.read_text(encoding="utf-8").startswith(marker) or marker in out.read_text(
        encoding="utf-8"
    )


def test_format_option_beats_the_extension(jane: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    assert (
        run(
            "report", str(jane), "-r", str(GOLDEN_RUBRIC), "-o", str(out), "--format", "md"
        ).exit_code
        == 0
    )
    assert out.read_text(encoding="utf-8").startswith("# Skill report:")


def test_unknown_extension_is_a_usage_error(jane: Path, tmp_path: Path) -> None:
    result = run("report", str(jane), "-r", str(GOLDEN_RUBRIC), "-o", str(tmp_path / "r.pdf"))
    assert result.exit_code == 2
    assert "pass --format" in result.stderr


def test_output_into_a_missing_folder_is_one_line(jane: Path, tmp_path: Path) -> None:
    result = run("report", str(jane), "-r", str(GOLDEN_RUBRIC), "-o", str(tmp_path / "no" / "r.md"))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "does not exist" in result.stderr


def test_role_override(jane: Path) -> None:
    mid = json.loads(run("report", str(jane), "-r", str(GOLDEN_RUBRIC), "--format", "json").stdout)
    senior = json.loads(
        run(
            "report", str(jane), "-r", str(GOLDEN_RUBRIC), "--format", "json", "--role", "senior"
        ).stdout
    )
    assert mid["role"]["id"] == "mid" and senior["role"]["id"] == "senior"
    assert senior["readiness"] < mid["readiness"]
    assert {g["skill"]: g["target"] for g in senior["gaps"]}["sql"] == 4


def test_unknown_role_lists_the_roles(jane: Path) -> None:
    result = run("report", str(jane), "-r", str(GOLDEN_RUBRIC), "--role", "cto")
    assert result.exit_code == 1
    assert result.stderr == (
        "skillcheck: rubric 'golden' has no role 'cto'; its roles are: junior, mid, senior\n"
    )


def test_a_scorecard_is_refused_in_one_line(tmp_path: Path, golden_rubric: Rubric) -> None:
    card = Scorecard(
        rubric=RubricRef.of(golden_rubric),
        candidate="Sam",
        interviewer="Kim",
        started=T0,
        updated=T0,
    )
    result = run("report", str(write(tmp_path, card)), "-r", str(GOLDEN_RUBRIC))
    assert result.exit_code == 1
    assert "this is an interview scorecard, not a self-assessment" in result.stderr
    assert result.stderr.count("\n") == 1


def test_partial_assessment_is_reported_as_partial(tmp_path: Path, golden_rubric: Rubric) -> None:
    path = write(tmp_path, golden_doc(golden_rubric, complete=False))
    result = run("report", str(path), "-r", str(GOLDEN_RUBRIC), "--format", "md")
    assert result.exit_code == 0
    assert "**Partial report:**" in result.stdout
    data = json.loads(run("report", str(path), "-r", str(GOLDEN_RUBRIC), "--format", "json").stdout)
    assert data["partial"] is True and data["coverage"] < 100


def test_rubric_found_by_id_and_changed_revision_warns(
    tmp_path: Path, isolated_home: Path, golden_rubric: Rubric
) -> None:
    doc = golden_doc(golden_rubric)
    doc.rubric = RubricRef(id="golden", version="1.0", digest="sha256:" + "0" * 64)
    doc.rate("cobol", 3, None, T0)
    path = write(tmp_path, doc)
    (isolated_home / "rubrics").mkdir()
    shutil.copy(GOLDEN_RUBRIC, isolated_home / "rubrics" / "golden.yaml")
    result = run("report", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr.count("\n") == 1
    assert (
        "warning:" in result.stderr
        and "different revision of golden (1.0, now 2.1)" in result.stderr
    )
    data = json.loads(result.stdout)
    assert data["unknown_skills"] == ["cobol"]
    assert data["document_rubric"]["version"] == "1.0"


def test_rubric_not_installed_says_to_pass_rubric(tmp_path: Path, golden_rubric: Rubric) -> None:
    result = run("report", str(write(tmp_path, golden_doc(golden_rubric))))
    assert result.exit_code == 1
    assert "made with rubric 'golden', which is not installed; pass --rubric FILE" in result.stderr


def test_rubric_id_from_the_file_is_never_a_path(tmp_path: Path, golden_rubric: Rubric) -> None:
    shutil.copy(GOLDEN_RUBRIC, tmp_path / "evil.yaml")
    doc = golden_doc(golden_rubric)
    doc.rubric = RubricRef(id=str(tmp_path / "evil.yaml"), version="1", digest="x")
    result = run("report", str(write(tmp_path, doc)))
    assert result.exit_code == 1
    assert "rubric id that is not valid" in result.stderr


def test_hours_per_week_must_be_sensible(jane: Path) -> None:
    result = run("report", str(jane), "-r", str(GOLDEN_RUBRIC), "--hours-per-week", "0")
    assert result.exit_code == 2


def test_help_has_an_example() -> None:
    result = run("report", "--help")
    assert "Examples:" in result.stdout and "skillcheck report" in result.stdout


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_markdown_and_json_do_not_import_rich(jane: Path, fmt: str) -> None:
    code = (
        "import sys, json\nfrom skillcheck.cli import cli\n"
        f"try:\n    cli(['report', {str(jane)!r}, '-r', {str(GOLDEN_RUBRIC)!r}, '--format', {fmt!r}],"
        " prog_name='skillcheck')\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'rich')))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert json.loads(out.stdout.splitlines()[-1]) == []
