"""`skillcheck assess` through click, with a scripted prompter in place of the terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from skillcheck.assessment import (
    Assessment,
    default_filename,
    free_path,
    load_document,
    new_assessment,
    save_document,
)
from skillcheck.cli import cli
from skillcheck.errors import SkillcheckError
from skillcheck.files import exclusive, lock_path
from skillcheck.prompting import ConfirmPrompt, ScriptedPrompter, SelectPrompt, TextPrompt
from skillcheck.rubric import load_rubric_file

FIXTURES = Path(__file__).parent / "fixtures"
MINI = str(FIXTURES / "mini.yaml")
# sql, query-tuning, git | languages checkbox, python | communication
FULL = [3, 2, "n/a", ["python"], 4, 1]


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(args: list[str], answers: list[Any] | None = None) -> tuple[Result, ScriptedPrompter]:
    prompter = ScriptedPrompter(answers or [])
    obj = {"prompter": prompter} if answers is not None else None
    result = CliRunner().invoke(cli, ["assess", *args], obj=obj)
    return result, prompter


def jane_file() -> Path:
    return Path(default_filename("assessment", "Jane Doe"))


def first_header(prompter: ScriptedPrompter) -> str:
    prompt = next(p for p in prompter.asked if isinstance(p, SelectPrompt) and p.header)
    return "\n".join(h.text for h in prompt.header)


# --- a whole run ------------------------------------------------------------------


def test_a_full_run_asks_name_and_role_then_saves_a_complete_file() -> None:
    result, prompter = invoke(["--rubric", MINI], ["Jane Doe", "mid", *FULL])
    assert result.exit_code == 0, result.output
    path = jane_file()
    doc = load_document(path, Assessment)
    assert doc.status == "complete" and doc.name == "Jane Doe" and doc.role == "mid"
    assert doc.levels()["sql"] == 3 and doc.levels()["java"] is None
    assert isinstance(prompter.asked[0], TextPrompt)  # the name comes first
    out = result.stdout
    assert "Core" in out and "SQL 3, Query tuning 2, Git n/a" in out
    assert f"Saved to {path}" in out
    assert f"skillcheck report {path}" in out


def test_the_saved_document_format(in_tmp: Path) -> None:
    invoke(["--rubric", MINI, "--name", "Jane Doe", "--role", "none"], FULL)
    data = json.loads(jane_file().read_text(encoding="utf-8"))
    assert list(data)[:3] == ["schema_version", "kind", "name"]
    assert data["schema_version"] == 1 and data["kind"] == "assessment"
    rubric = load_rubric_file(MINI)
    assert data["rubric"] == {"id": "mini", "version": "1.0", "digest": rubric.digest}
    assert data["role"] is None and data["status"] == "complete"
    assert data["ratings"]["git"]["level"] is None
    assert set(data["ratings"]["sql"]) == {"level", "note", "rated_at"}
    assert data["started"].endswith("Z") and data["updated"] >= data["started"]


def test_name_and_role_options_skip_those_questions() -> None:
    result, prompter = invoke(["-r", MINI, "--name", "Jane Doe", "--role", "mid"], FULL)
    assert result.exit_code == 0, result.output
    assert all(
        isinstance(p, SelectPrompt) or p.__class__.__name__ == "CheckboxPrompt"
        for p in prompter.asked
    )
    assert "skill 1 of 6" in first_header(prompter)


def test_only_limits_the_categories() -> None:
    result, _prompter = invoke(
        ["-r", MINI, "--name", "Jane Doe", "--role", "mid", "--only", "soft"], [2]
    )
    assert result.exit_code == 0, result.output
    doc = load_document(jane_file(), Assessment)
    assert doc.categories == ["soft"] and doc.status == "complete"
    assert doc.levels() == {"communication": 2}


def test_unknown_role_or_category_is_a_usage_error_before_any_question() -> None:
    result, prompter = invoke(["-r", MINI, "--role", "mdi"], ["Jane"])
    assert result.exit_code == 2
    assert "no role 'mdi'" in result.stderr and "did you mean 'mid'" in result.stderr
    assert prompter.asked == []
    result, prompter = invoke(["-r", MINI, "--only", "language"], ["Jane"])
    assert result.exit_code == 2 and "did you mean 'languages'" in result.stderr
    assert prompter.asked == []


def test_default_file_names_never_overwrite() -> None:
    invoke(["-r", MINI, "--name", "Jane Doe", "--role", "mid"], FULL)
    result, _ = invoke(["-r", MINI, "--name", "Jane Doe", "--role", "mid"], FULL)
    assert result.exit_code == 0
    second = free_path(Path("x")).with_name(jane_file().stem + "-2.json")
    assert second.exists() and f"Saved to {second}" in result.stdout


def test_an_existing_completed_output_is_replaced_only_when_confirmed(in_tmp: Path) -> None:
    invoke(["-r", MINI, "--name", "Jane Doe", "--role", "mid", "-o", "me.json"], FULL)
    before = Path("me.json").read_bytes()
    result, prompter = invoke(
        ["-r", MINI, "--name", "Bob", "--role", "mid", "-o", "me.json"], [False]
    )
    assert result.exit_code == 1
    confirm = prompter.asked[0]
    assert isinstance(confirm, ConfirmPrompt) and "completed assessment" in confirm.message
    assert "kept me.json" in result.stderr
    assert Path("me.json").read_bytes() == before
    result, _ = invoke(
        ["-r", MINI, "--name", "Bob", "--role", "mid", "-o", "me.json"], [True, *FULL]
    )
    assert result.exit_code == 0
    assert load_document("me.json", Assessment).name == "Bob"
    # --force replaces without asking.
    result, prompter = invoke(
        ["-r", MINI, "--name", "Eve", "--role", "mid", "-o", "me.json", "--force"], FULL
    )
    assert result.exit_code == 0 and not any(isinstance(p, ConfirmPrompt) for p in prompter.asked)
    assert load_document("me.json", Assessment).name == "Eve"


def test_an_unfinished_output_says_resume_and_ctrl_c_keeps_it() -> None:
    invoke(["-r", MINI, "--name", "Jane", "--role", "mid", "-o", "me.json"], [3, "quit"])
    before = Path("me.json").read_bytes()
    result, prompter = invoke(
        ["-r", MINI, "--name", "Bob", "--role", "mid", "-o", "me.json"], [KeyboardInterrupt()]
    )
    assert result.exit_code == 130 and "me.json was kept" in result.stderr
    confirm = prompter.asked[0]
    assert isinstance(confirm, ConfirmPrompt) and "--resume continues it" in confirm.message
    assert Path("me.json").read_bytes() == before
    Path("other.txt").write_text("notes", encoding="utf-8")
    args = ["-r", MINI, "--name", "Bob", "--role", "none", "-o", "other.txt"]
    result, prompter = invoke(args, [False])
    confirm = prompter.asked[0]
    assert isinstance(confirm, ConfirmPrompt) and "not a self-assessment" in confirm.message
    assert result.exit_code == 1
    assert Path("other.txt").read_text(encoding="utf-8") == "notes"


# --- stopping and continuing -------------------------------------------------------


def test_ctrl_c_keeps_the_answers_and_says_how_to_continue() -> None:
    result, _ = invoke(
        ["-r", MINI, "--name", "Jane Doe", "--role", "mid"], [3, 2, KeyboardInterrupt()]
    )
    assert result.exit_code == 130
    path = jane_file()
    assert f"skillcheck assess --resume {path} --rubric {MINI}" in result.stderr
    assert "2 of 6 answers saved" in result.stderr
    assert load_document(path, Assessment).levels() == {"sql": 3, "query-tuning": 2}


def test_ctrl_c_before_the_first_answer_saves_nothing() -> None:
    result, _ = invoke(["-r", MINI], [KeyboardInterrupt()])
    assert result.exit_code == 130 and "nothing was saved" in result.stderr
    assert list(Path().iterdir()) == []


def test_end_of_input_mid_run_keeps_the_answers_and_says_so() -> None:
    result, _ = invoke(["-r", MINI, "--name", "Jane Doe", "--role", "mid"], [3])
    assert result.exit_code == 1
    assert "input ended; 1 of 6 answers saved" in result.stderr and "--resume" in result.stderr
    assert load_document(jane_file(), Assessment).levels() == {"sql": 3}
    result, _ = invoke(["-r", MINI], [])
    assert result.exit_code == 1 and "nothing was saved" in result.stderr


def test_save_and_quit() -> None:
    result, _ = invoke(["-r", MINI, "--name", "Jane Doe", "--role", "mid"], [3, "quit"])
    assert result.exit_code == 0
    assert "Saved 1 of 6 answers in" in result.stdout and "--resume" in result.stdout
    assert load_document(jane_file(), Assessment).status == "in_progress"


def test_resume_continues_at_the_first_unanswered_skill() -> None:
    invoke(["-r", MINI, "--name", "Jane Doe", "--role", "mid"], [3, 2, KeyboardInterrupt()])
    path = str(jane_file())
    result, prompter = invoke(["-r", MINI, "--resume", path], ["back", 3, 1, ["python"], 4, 1])
    assert result.exit_code == 0, result.output
    assert "Resuming" in result.stdout and "2 of 6 skills answered" in result.stdout
    assert "Git" in first_header(prompter)
    second = prompter.asked[1]
    assert isinstance(second, SelectPrompt) and second.default == "2"  # back: preselected
    doc = load_document(path, Assessment)
    assert doc.status == "complete" and doc.levels()["query-tuning"] == 3


def test_resume_finds_a_built_in_rubric_by_its_id_and_asks_for_a_path_otherwise() -> None:
    invoke(["-r", MINI, "--name", "Jane Doe", "--role", "mid"], [KeyboardInterrupt()])
    result, _ = invoke(["--resume", str(jane_file())], [])
    assert result.exit_code == 1
    assert "made with rubric 'mini'" in result.stderr and "--rubric" in result.stderr


def test_resume_after_the_rubric_changed(in_tmp: Path) -> None:
    invoke(["-r", MINI, "--name", "Jane Doe", "--role", "mid", "-o", "me.json"], FULL)
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace('version: "1.0"', 'version: "1.1"')
    text = text.replace(
        "      - id: git\n        title: Git\n", "      - id: github\n        title: GitHub\n"
    )
    text = text.replace("  - id: mid\n    title: Mid\n", "  - id: middle\n    title: Mid\n")
    Path("mini2.yaml").write_text(text, encoding="utf-8")
    result, prompter = invoke(["-r", "mini2.yaml", "--resume", "me.json"], [2])
    assert result.exit_code == 0, result.output
    assert "version 1.0 -> 1.1" in result.stdout
    assert "no longer in the rubric" in result.stdout and "git" in result.stdout
    assert "The role 'mid' is no longer in the rubric" in result.stdout
    assert "GitHub" in first_header(prompter)
    doc = load_document("me.json", Assessment)
    assert doc.rubric.version == "1.1" and doc.status == "complete"
    assert doc.levels()["github"] == 2 and "git" in doc.ratings and doc.levels()["sql"] == 3


def test_resume_of_a_complete_file_asks_nothing() -> None:
    invoke(["-r", MINI, "--name", "Jane Doe", "--role", "mid", "-o", "me.json"], FULL)
    result, prompter = invoke(["-r", MINI, "--resume", "me.json"], [])
    assert result.exit_code == 0 and prompter.asked == []
    assert (
        "6 of 6 skills answered" in result.stdout and "skillcheck report me.json" in result.stdout
    )


def test_resume_can_change_role_and_name_and_do_one_category_now() -> None:
    invoke(
        ["-r", MINI, "--name", "Jane Doe", "--role", "mid", "-o", "me.json"], [KeyboardInterrupt()]
    )
    args = ["--role", "junior", "--name", "Jane D.", "--only", "soft"]
    result, prompter = invoke(["-r", MINI, "--resume", "me.json", *args], [1])
    assert result.exit_code == 0, result.output
    assert "Communication" in first_header(prompter)
    doc = load_document("me.json", Assessment)
    # --only on resume limits this run; the file keeps its whole scope.
    assert (doc.role, doc.name, doc.categories) == ("junior", "Jane D.", None)
    assert doc.levels() == {"communication": 1} and doc.status == "in_progress"
    assert "Saved 1 of 6 answers in me.json" in result.stdout
    assert "Continue with: skillcheck assess --resume me.json" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not valid JSON"),
        ('{"a": 1}', "not a skillcheck file"),
        (
            '{"kind": "scorecard", "schema_version": 1}',
            "interview scorecard, not a self-assessment",
        ),
        ('{"kind": "assessment", "schema_version": 99}', "newer skillcheck"),
        ('{"kind": "assessment", "schema_version": 1, "name": "x"}', "damaged file"),
    ],
)
def test_resume_of_a_damaged_or_foreign_file_is_a_clear_error(content: str, message: str) -> None:
    Path("x.json").write_text(content, encoding="utf-8")
    result, _ = invoke(["-r", MINI, "--resume", "x.json"], [])
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.output


def test_two_runs_on_one_file_cannot_both_write() -> None:
    invoke(
        ["-r", MINI, "--name", "Jane Doe", "--role", "mid", "-o", "me.json"], [KeyboardInterrupt()]
    )
    with exclusive("me.json"):
        result, prompter = invoke(["-r", MINI, "--resume", "me.json"], [3])
        assert result.exit_code == 1
        assert "me.json is open in another skillcheck" in result.stderr
        assert f"(process {os.getpid()})" in result.stderr
        assert prompter.asked == []
    # Released: the lock file is gone and the file can be resumed.
    assert not lock_path("me.json").exists()
    result, _ = invoke(["-r", MINI, "--resume", "me.json"], FULL)
    assert result.exit_code == 0


def test_a_lock_is_released_when_its_process_is_killed(tmp_path: Path) -> None:
    target = tmp_path / "held.json"
    code = textwrap.dedent(
        f"""
        import sys, time
        from skillcheck.files import exclusive
        with exclusive({str(target)!r}):
            print("locked", flush=True)
            time.sleep(60)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "locked"
        with pytest.raises(SkillcheckError, match=f"process {child.pid}"), exclusive(target):
            pass
    finally:
        child.kill()
        child.wait()
    with exclusive(target):  # the kernel released it; the stale lock file is reused
        pass


# --- no terminal ------------------------------------------------------------------


def test_no_terminal_is_a_usage_error_naming_answers() -> None:
    result, _ = invoke(["-r", MINI])  # no injected prompter: CliRunner's stdin is no terminal
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--answers FILE" in lines[0]
    assert list(Path().iterdir()) == []


def test_answers_and_resume_do_not_mix() -> None:
    result, _ = invoke(["--answers", "a.yaml", "--resume", "b.json"])
    assert result.exit_code == 2 and "cannot be combined" in result.stderr
    result, _ = invoke(["--resume", "b.json", "-o", "c.json"])
    assert result.exit_code == 2


# --- answers files ----------------------------------------------------------------

ANSWERS = """\
name: Jane Doe
role: mid
ratings:
  sql: 3
  query-tuning: {level: 2, note: "EXPLAIN only"}
  git: n/a
  python: 4
  communication: 2
"""


def test_answers_file_writes_a_complete_assessment_without_prompts() -> None:
    Path("a.yaml").write_text(ANSWERS, encoding="utf-8")
    result, _ = invoke(["-r", MINI, "--answers", "a.yaml"])
    assert result.exit_code == 0, result.output
    doc = load_document(jane_file(), Assessment)
    assert doc.status == "complete" and doc.role == "mid"
    assert doc.ratings["query-tuning"].note == "EXPLAIN only"
    assert doc.levels()["java"] is None and doc.levels()["git"] is None
    assert f"skillcheck report {jane_file()}" in result.stdout


def test_answers_options_override_the_file() -> None:
    Path("a.yaml").write_text("ratings: {sql: 1}\n", encoding="utf-8")
    result, _ = invoke(
        ["-r", MINI, "--answers", "a.yaml", "--name", "Bob", "--role", "junior", "-o", "b.json"]
    )
    assert result.exit_code == 0, result.output
    doc = load_document("b.json", Assessment)
    assert (doc.name, doc.role, doc.status) == ("Bob", "junior", "in_progress")
    assert "1 of 6 skills answered" in result.stdout
    assert f"skillcheck assess --resume b.json --rubric {MINI}" in result.stdout


def test_a_bad_answers_file_is_reported_with_lines_and_nothing_is_written() -> None:
    Path("a.yaml").write_text("name: Jane\nratings:\n  sqll: 3\n  git: 9\n", encoding="utf-8")
    result, _ = invoke(["-r", MINI, "--answers", "a.yaml", "-o", "out.json"])
    assert result.exit_code == 1
    assert "a.yaml:3:3: ratings.sqll: unknown skill 'sqll' (did you mean 'sql'?)" in result.stderr
    assert "a.yaml:4:3: ratings.git: level 9 is outside the scale" in result.stderr
    assert "invalid answers file (2 problems)" in result.stderr
    assert not Path("out.json").exists()


def test_answers_never_overwrite_without_force() -> None:
    Path("a.yaml").write_text(ANSWERS, encoding="utf-8")
    invoke(["-r", MINI, "--answers", "a.yaml", "-o", "out.json"])
    before = Path("out.json").read_bytes()
    result, _ = invoke(["-r", MINI, "--answers", "a.yaml", "-o", "out.json", "--name", "Other"])
    assert result.exit_code == 1 and "--force" in result.stderr
    assert Path("out.json").read_bytes() == before
    result, _ = invoke(
        ["-r", MINI, "--answers", "a.yaml", "-o", "out.json", "--name", "Other", "--force"]
    )
    assert result.exit_code == 0
    assert load_document("out.json", Assessment).name == "Other"


def test_an_answers_file_can_be_finished_interactively() -> None:
    Path("a.yaml").write_text("name: Jane\nratings: {sql: 1, python: 3}\n", encoding="utf-8")
    invoke(["-r", MINI, "--answers", "a.yaml", "-o", "me.json"])
    result, prompter = invoke(["-r", MINI, "--resume", "me.json"], [2, 2, 1])
    assert result.exit_code == 0, result.output
    assert "Query tuning" in first_header(prompter)
    doc = load_document("me.json", Assessment)
    assert doc.status == "complete" and doc.levels()["python"] == 3 and doc.levels()["java"] is None


def test_a_document_saved_by_hand_round_trips(in_tmp: Path) -> None:
    rubric = load_rubric_file(MINI)
    doc = new_assessment(rubric, "Jane")
    save_document(doc, in_tmp / "x.json")
    assert load_document(in_tmp / "x.json", Assessment) == doc


#: A schema-1 file as this version writes it. Every later skillcheck must read it
#: (add a migration step in skillcheck.assessment rather than change this text).
V1_DOCUMENT = """\
{
  "schema_version": 1,
  "kind": "assessment",
  "name": "Jane Doe",
  "rubric": {"id": "mini", "version": "1.0", "digest": "sha256:0000"},
  "role": "mid",
  "started": "2026-11-23T09:12:40Z",
  "updated": "2026-11-23T09:31:02Z",
  "status": "in_progress",
  "categories": null,
  "ratings": {
    "sql": {"level": 3, "note": "Postgres only", "rated_at": "2026-11-23T09:14:05Z"},
    "git": {"level": null, "note": null, "rated_at": "2026-11-23T09:15:30Z"}
  },
  "applies": {}
}
"""


def test_a_schema_1_file_stays_readable_and_resumable() -> None:
    Path("v1.json").write_text(V1_DOCUMENT, encoding="utf-8")
    doc = load_document("v1.json", Assessment)
    assert doc.levels() == {"sql": 3, "git": None}
    assert doc.ratings["sql"].note == "Postgres only"
    # Its digest differs from the current rubric's: the resume says the rubric changed.
    result, prompter = invoke(["-r", MINI, "--resume", "v1.json"], [2, ["python"], 4, 1])
    assert result.exit_code == 0, result.output
    assert "Query tuning" in first_header(prompter)
    assert load_document("v1.json", Assessment).status == "complete"
