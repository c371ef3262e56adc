"""`skillcheck score` through click, with a scripted prompter in place of the terminal."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from skillcheck.assessment import (
    Scorecard,
    default_filename,
    load_document,
    new_assessment,
    save_document,
)
from skillcheck.cli import cli
from skillcheck.prompting import (
    CheckboxPrompt,
    ConfirmPrompt,
    ScriptedPrompter,
    SelectPrompt,
    TextPrompt,
)
from skillcheck.rubric import load_rubric_file

FIXTURES = Path(__file__).parent / "fixtures"
MINI = str(FIXTURES / "mini.yaml")
ANN_BOB = ["--candidate", "Ann Lee", "--interviewer", "Bob"]
#: Every skill of mini, none far from the mid targets: sql, query-tuning, git |
#: languages checkbox, python | communication.
SKILLS = [3, 2, "n/a", ["python"], 3, 2]
CLOSING = ["yes", "Solid SQL, never tuned a query."]


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(args: list[str], answers: list[Any] | None = None) -> tuple[Result, ScriptedPrompter]:
    prompter = ScriptedPrompter(answers or [])
    obj = {"prompter": prompter} if answers is not None else None
    result = CliRunner().invoke(cli, ["score", *args], obj=obj)
    return result, prompter


def ann_file() -> Path:
    return Path(default_filename("scorecard", "Ann Lee", "Bob"))


def mode(path: str | Path) -> int:
    return stat.S_IMODE(Path(path).stat().st_mode)


def selects(prompter: ScriptedPrompter) -> list[SelectPrompt]:
    return [p for p in prompter.asked if isinstance(p, SelectPrompt)]


def texts(prompter: ScriptedPrompter) -> list[str]:
    return [p.message for p in prompter.asked if isinstance(p, TextPrompt)]


def header(prompt: SelectPrompt) -> str:
    return "\n".join(h.text for h in prompt.header)


def card(path: str | Path) -> Scorecard:
    return load_document(path, Scorecard)


# --- a whole interview ------------------------------------------------------------


def test_a_full_run_asks_names_role_skills_then_recommendation_and_summary() -> None:
    result, prompter = invoke(["-r", MINI], ["Ann Lee", "Bob", "mid", *SKILLS, *CLOSING])
    assert result.exit_code == 0, result.output
    names = [p for p in prompter.asked if isinstance(p, TextPrompt)][:2]
    assert [p.message for p in names] == ["Candidate's name:", "Your name (the interviewer):"]
    role = prompter.asked[2]
    assert isinstance(role, SelectPrompt) and "candidate interviewing for" in role.message
    doc = card(ann_file())  # scorecard-ann-lee-bob-DATE.json
    assert (doc.candidate, doc.interviewer, doc.role) == ("Ann Lee", "Bob", "mid")
    assert doc.status == "complete"
    assert doc.recommendation == "yes" and doc.summary == "Solid SQL, never tuned a query."
    assert doc.levels() == {
        "sql": 3,
        "query-tuning": 2,
        "git": None,
        "java": None,
        "python": 3,
        "communication": 2,
    }
    assert prompter.remaining == 0


def test_the_questions_are_worded_for_an_interviewer() -> None:
    _, prompter = invoke(["-r", MINI, *ANN_BOB, "--role", "mid"], [*SKILLS, *CLOSING])
    first = selects(prompter)[0]
    assert first.message == "What did the candidate demonstrate?"
    actions = {o.value: o.title for o in first.extra}
    assert actions["n/a"] == "Not assessed in this interview"
    assert actions["note"] == "Add an evidence note"
    apply = next(p for p in prompter.asked if isinstance(p, CheckboxPrompt))
    assert apply.message == "Which of these did this interview cover?"


def test_not_assessed_is_not_zero() -> None:
    invoke(["-r", MINI, *ANN_BOB, "--role", "none"], [0, "n/a", 0, [], 0, *CLOSING])
    doc = card(ann_file())
    assert doc.ratings["sql"].level == 0 and doc.ratings["query-tuning"].level is None
    assert doc.levels()["python"] is None and doc.levels()["java"] is None


def test_the_end_shows_the_scorecard_where_it_is_and_how_to_build_the_panel() -> None:
    result, _ = invoke(["-r", MINI, *ANN_BOB, "--role", "mid"], [*SKILLS, "strong_yes", ""])
    out = result.stdout
    assert "Ann Lee: ratings" in out and "SQL 3, Query tuning 2, Git n/a" in out
    assert "Recommendation: Strong yes" in out and "Summary:" not in out
    assert f"Saved to {ann_file()} (readable only by you)" in out
    assert out.rstrip().endswith("skillcheck panel .")
    assert card(ann_file()).summary is None  # an empty summary is none


def test_the_panel_command_names_the_output_folder(in_tmp: Path) -> None:
    Path("interviews").mkdir()
    result, _ = invoke(
        ["-r", MINI, *ANN_BOB, "--role", "mid", "-o", "interviews/ann.json"],
        [*SKILLS, *CLOSING],
    )
    assert result.exit_code == 0, result.output
    assert "skillcheck panel interviews\n" in result.stdout


def test_the_recommendation_offers_four_answers_with_digit_keys() -> None:
    _, prompter = invoke(["-r", MINI, *ANN_BOB, "--role", "mid"], [*SKILLS, *CLOSING])
    rec = selects(prompter)[-1]
    assert [(o.key, o.value, o.title) for o in rec.options] == [
        ("1", "strong_no", "Strong no"),
        ("2", "no", "No"),
        ("3", "yes", "Yes"),
        ("4", "strong_yes", "Strong yes"),
    ]
    assert rec.extra == () and rec.default is None
    assert "Recommendation for Ann Lee" in header(rec)
    assert "You rated 4 of 6 skills (2 not assessed)" in header(rec)
    assert texts(prompter)[-1].startswith("Summary for the panel")


def test_only_scores_the_categories_this_interview_covered() -> None:
    result, prompter = invoke(
        ["-r", MINI, *ANN_BOB, "--role", "mid", "--only", "soft"], [2, "no", "Terse."]
    )
    assert result.exit_code == 0, result.output
    assert "skill 1 of 1" in header(selects(prompter)[0])
    doc = card(ann_file())
    assert doc.categories == ["soft"] and doc.status == "complete"
    assert doc.levels() == {"communication": 2} and doc.recommendation == "no"
    assert "1 skill in 1 category" in " ".join(result.stdout.split())


def test_unknown_role_or_category_is_a_usage_error_before_any_question() -> None:
    result, prompter = invoke(["-r", MINI, "--only", "language"], ["Ann"])
    assert result.exit_code == 2 and "did you mean 'languages'" in result.stderr
    assert prompter.asked == []
    result, prompter = invoke(["-r", MINI, "--role", "senior"], ["Ann"])
    assert result.exit_code == 2 and "no role 'senior'" in result.stderr
    assert prompter.asked == []


# --- evidence notes ---------------------------------------------------------------


def test_a_rating_far_from_the_target_asks_for_evidence() -> None:
    # Mid expects sql 3, query-tuning 2, git 2, python 3, communication 2.
    answers = [1, "Could not write a join", 4, "", 2, ["python"], 3, 2, *CLOSING]
    result, prompter = invoke(["-r", MINI, *ANN_BOB, "--role", "mid"], answers)
    assert result.exit_code == 0, result.output
    asked = texts(prompter)[:-1]  # the last one is the summary
    assert asked == [
        "SQL: rated 1, the role expects 3. Evidence? (Enter to skip)",
        "Query tuning: rated 4, the role expects 2. Evidence? (Enter to skip)",
    ]
    doc = card(ann_file())
    assert doc.ratings["sql"].note == "Could not write a join"
    assert doc.ratings["query-tuning"].note is None  # skipped
    assert doc.ratings["git"].note is None  # one level off: no question


def test_no_role_means_no_evidence_question_and_a_note_can_still_be_added() -> None:
    answers = [0, "note", "Never used SQL", 0, 4, ["java"], 4, 4, *CLOSING]
    result, prompter = invoke(["-r", MINI, *ANN_BOB, "--role", "none"], answers)
    assert result.exit_code == 0, result.output
    assert texts(prompter)[0].startswith("Evidence for Query tuning:")
    assert len(texts(prompter)) == 2  # that note and the summary
    assert card(ann_file()).ratings["query-tuning"].note == "Never used SQL"


def test_a_rating_that_already_has_evidence_is_not_asked_again() -> None:
    answers = ["note", "Explained MVCC", 0, 2, 2, ["python"], 3, 2, *CLOSING]
    _, prompter = invoke(["-r", MINI, *ANN_BOB, "--role", "mid"], answers)
    assert texts(prompter) == [
        "Evidence for SQL: what did the candidate say or do? (empty to remove)",
        "Summary for the panel (optional, Enter to skip):",
    ]
    assert card(ann_file()).ratings["sql"].note == "Explained MVCC"


# --- personal data: owner-only files ----------------------------------------------


def test_a_new_scorecard_is_readable_only_by_its_owner() -> None:
    invoke(["-r", MINI, *ANN_BOB, "--role", "mid"], [3, KeyboardInterrupt()])
    assert mode(ann_file()) == 0o600
    invoke(["-r", MINI, *ANN_BOB, "--role", "mid"], [*SKILLS, *CLOSING])
    second = ann_file().with_name(ann_file().stem + "-2.json")
    assert second.exists() and mode(second) == 0o600


def test_a_resumed_or_replaced_scorecard_becomes_owner_only_again() -> None:
    invoke(["-r", MINI, *ANN_BOB, "--role", "mid", "-o", "ann.json"], [3, "quit"])
    Path("ann.json").chmod(0o644)
    result, _ = invoke(["-r", MINI, "--resume", "ann.json"], [KeyboardInterrupt()])
    assert result.exit_code == 130 and mode("ann.json") == 0o600
    Path("ann.json").chmod(0o644)
    result, _ = invoke(["-r", MINI, "--resume", "ann.json"], [2, "n/a", [], 2, *CLOSING])
    assert result.exit_code == 0, result.output
    assert mode("ann.json") == 0o600
    Path("ann.json").chmod(0o666)
    result, _ = invoke(
        ["-r", MINI, *ANN_BOB, "--role", "mid", "-o", "ann.json", "--force"], [*SKILLS, *CLOSING]
    )
    assert result.exit_code == 0 and mode("ann.json") == 0o600


# --- stopping and continuing -------------------------------------------------------


def test_ctrl_c_keeps_the_answers_and_says_how_to_continue() -> None:
    result, _ = invoke(["-r", MINI, *ANN_BOB, "--role", "mid"], [3, 2, KeyboardInterrupt()])
    assert result.exit_code == 130
    path = ann_file()
    assert "interrupted; 2 of 6 answers saved" in result.stderr
    assert f"skillcheck score --resume {path} --rubric {MINI}" in result.stderr
    assert card(path).levels() == {"sql": 3, "query-tuning": 2}


def test_ctrl_c_before_the_first_answer_saves_nothing() -> None:
    result, _ = invoke(["-r", MINI], ["Ann Lee", KeyboardInterrupt()])
    assert result.exit_code == 130 and "nothing was saved" in result.stderr
    assert list(Path().iterdir()) == []


def test_end_of_input_mid_run_keeps_the_answers() -> None:
    result, _ = invoke(["-r", MINI, *ANN_BOB, "--role", "mid"], [3])
    assert result.exit_code == 1
    assert "input ended; 1 of 6 answers saved" in result.stderr and "--resume" in result.stderr


def test_save_and_quit_then_resume_to_the_end() -> None:
    result, _ = invoke(["-r", MINI, *ANN_BOB, "--role", "mid", "-o", "ann.json"], [3, "quit"])
    assert result.exit_code == 0
    assert "Continue with: skillcheck score --resume ann.json" in result.stdout
    assert card("ann.json").recommendation is None
    result, prompter = invoke(["-r", MINI, "--resume", "ann.json"], ["back", 2, 2, "n/a"])
    assert "Resuming ann.json: 1 of 6 skills answered" in result.stdout
    first = selects(prompter)[0]
    assert "Query tuning" in header(first)
    assert first.message == "What did the candidate demonstrate?"
    back = selects(prompter)[1]
    assert "SQL" in header(back) and back.default == "3"
    result, prompter = invoke(["-r", MINI, "--resume", "ann.json"], [[], 1, "strong_no", "No."])
    assert result.exit_code == 0, result.output
    doc = card("ann.json")
    assert doc.status == "complete" and doc.recommendation == "strong_no"
    assert doc.levels()["sql"] == 2 and doc.summary == "No."


def test_ctrl_c_at_the_recommendation_is_resumed_at_the_recommendation() -> None:
    args = ["-r", MINI, *ANN_BOB, "--role", "mid", "-o", "ann.json"]
    result, _ = invoke(args, [*SKILLS, KeyboardInterrupt()])
    assert result.exit_code == 130
    assert "6 of 6 answers saved in ann.json (no recommendation yet)" in result.stderr
    assert "skillcheck score --resume ann.json" in result.stderr
    doc = card("ann.json")
    assert doc.status == "complete" and doc.recommendation is None
    result, prompter = invoke(["-r", MINI, "--resume", "ann.json"], ["no", KeyboardInterrupt()])
    assert result.exit_code == 130 and card("ann.json").recommendation == "no"
    # The summary was not given: the resume asks both again, the answer given preselected.
    result, prompter = invoke(["-r", MINI, "--resume", "ann.json"], ["yes", "Changed my mind."])
    assert result.exit_code == 0, result.output
    assert [type(p).__name__ for p in prompter.asked] == ["SelectPrompt", "TextPrompt"]
    assert selects(prompter)[0].default == "no"
    doc = card("ann.json")
    assert (doc.recommendation, doc.summary) == ("yes", "Changed my mind.")


def test_resume_of_a_finished_scorecard_asks_nothing() -> None:
    invoke(["-r", MINI, *ANN_BOB, "--role", "mid", "-o", "ann.json"], [*SKILLS, *CLOSING])
    result, prompter = invoke(["-r", MINI, "--resume", "ann.json"], [])
    assert result.exit_code == 0 and prompter.asked == []
    assert "Recommendation: Yes" in result.stdout and "skillcheck panel ." in result.stdout


def test_resume_can_fix_the_names() -> None:
    invoke(["-r", MINI, *ANN_BOB, "--role", "mid", "-o", "ann.json"], [KeyboardInterrupt()])
    args = ["--candidate", "Ann Lee-Smith", "--interviewer", "Robert", "--only", "soft"]
    result, _ = invoke(["-r", MINI, "--resume", "ann.json", *args], [2])
    assert result.exit_code == 0, result.output
    doc = card("ann.json")
    assert (doc.candidate, doc.interviewer, doc.categories) == ("Ann Lee-Smith", "Robert", None)
    assert "Saved 1 of 6 answers in ann.json" in result.stdout


def test_an_existing_file_is_replaced_only_when_confirmed() -> None:
    invoke(["-r", MINI, *ANN_BOB, "--role", "mid", "-o", "ann.json"], [*SKILLS, *CLOSING])
    before = Path("ann.json").read_bytes()
    result, prompter = invoke(["-r", MINI, *ANN_BOB, "--role", "mid", "-o", "ann.json"], [False])
    assert result.exit_code == 1 and "kept ann.json" in result.stderr
    confirm = prompter.asked[0]
    assert isinstance(confirm, ConfirmPrompt) and "a completed scorecard" in confirm.message
    assert Path("ann.json").read_bytes() == before
    rubric = load_rubric_file(MINI)
    save_document(new_assessment(rubric, "Jane"), "jane.json")
    result, prompter = invoke(["-r", MINI, *ANN_BOB, "--role", "mid", "-o", "jane.json"], [False])
    confirm = prompter.asked[0]
    assert isinstance(confirm, ConfirmPrompt) and "not an interview scorecard" in confirm.message


def test_resume_of_a_self_assessment_is_refused() -> None:
    save_document(new_assessment(load_rubric_file(MINI), "Jane"), "jane.json")
    result, _ = invoke(["-r", MINI, "--resume", "jane.json"], [])
    assert result.exit_code == 1
    assert "this is a self-assessment, not an interview scorecard" in result.stderr


# --- no terminal ------------------------------------------------------------------


def test_no_terminal_is_a_usage_error_naming_answers() -> None:
    result, _ = invoke(["-r", MINI, *ANN_BOB])  # no injected prompter: no terminal
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "skillcheck score asks its questions" in lines[0]
    assert "--answers FILE" in lines[0]
    assert list(Path().iterdir()) == []


# --- answers files ----------------------------------------------------------------

ANSWERS = """\
candidate: Ann Lee
interviewer: Bob
role: mid
recommendation: yes
summary: Solid SQL; never tuned a query.
ratings:
  sql: {level: 3, note: "window functions unaided"}
  query-tuning: 0
  git: n/a
  python: 3
  communication: 2
"""


def test_an_answers_file_writes_an_owner_only_scorecard_without_prompts() -> None:
    Path("bob.yaml").write_text(ANSWERS, encoding="utf-8")
    result, _ = invoke(["-r", MINI, "--answers", "bob.yaml"])
    assert result.exit_code == 0, result.output
    path = ann_file()
    assert mode(path) == 0o600
    doc = card(path)
    assert doc.status == "complete" and doc.role == "mid"
    assert doc.recommendation == "yes" and doc.summary == "Solid SQL; never tuned a query."
    assert doc.ratings["sql"].note == "window functions unaided"
    assert doc.levels()["query-tuning"] == 0 and doc.levels()["git"] is None
    assert doc.levels()["java"] is None  # not among the languages given
    assert "Recommendation: Yes" in result.stdout and "skillcheck panel ." in result.stdout
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data)[:4] == ["schema_version", "kind", "candidate", "interviewer"]


def test_answers_replaced_with_force_stay_owner_only() -> None:
    Path("bob.yaml").write_text(ANSWERS, encoding="utf-8")
    Path("out.json").write_text("{}", encoding="utf-8")
    Path("out.json").chmod(0o644)
    result, _ = invoke(["-r", MINI, "--answers", "bob.yaml", "-o", "out.json"])
    assert result.exit_code == 1 and "--force" in result.stderr
    assert Path("out.json").read_text(encoding="utf-8") == "{}"
    result, _ = invoke(["-r", MINI, "--answers", "bob.yaml", "-o", "out.json", "--force"])
    assert result.exit_code == 0 and mode("out.json") == 0o600


@pytest.mark.parametrize(
    ("written", "stored"),
    [("strong yes", "strong_yes"), ("Strong-No", "strong_no"), ("no", "no"), ("yes", "yes")],
)
def test_recommendation_spellings(written: str, stored: str) -> None:
    text = ANSWERS.replace("recommendation: yes", f"recommendation: {written}")
    Path("bob.yaml").write_text(text, encoding="utf-8")
    result, _ = invoke(["-r", MINI, "--answers", "bob.yaml", "-o", "out.json"])
    assert result.exit_code == 0, result.output
    assert card("out.json").recommendation == stored


def test_answers_options_override_the_file_and_a_partial_file_is_resumable() -> None:
    text = "recommendation: no\nratings: {sql: 1}\n"
    Path("bob.yaml").write_text(text, encoding="utf-8")
    args = ["-r", MINI, "--answers", "bob.yaml", "-o", "ann.json"]
    result, _ = invoke([*args, *ANN_BOB, "--role", "junior"])
    assert result.exit_code == 0, result.output
    doc = card("ann.json")
    assert (doc.candidate, doc.interviewer, doc.role) == ("Ann Lee", "Bob", "junior")
    assert doc.status == "in_progress" and doc.recommendation == "no"
    assert "1 of 6 skills answered" in result.stdout
    assert f"skillcheck score --resume ann.json --rubric {MINI}" in result.stdout
    result, prompter = invoke(["-r", MINI, "--resume", "ann.json"], [*SKILLS[1:], "no", ""])
    assert result.exit_code == 0, result.output
    assert selects(prompter)[-1].default == "no"  # the file's recommendation, preselected
    assert card("ann.json").status == "complete"


def test_a_bad_answers_file_is_reported_with_lines_and_nothing_is_written() -> None:
    text = """\
candidate: Ann Lee
interviewr: Bob
recommendation: maybe
summary: 42
ratings:
  sqll: 3
  git: 9
"""
    Path("bob.yaml").write_text(text, encoding="utf-8")
    result, _ = invoke(["-r", MINI, "--answers", "bob.yaml", "-o", "out.json"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "bob.yaml:1:1: missing required key 'interviewer' (or pass --interviewer)",
        "bob.yaml:1:1: missing required key 'role' (a role id or none; or pass --role)",
        "bob.yaml:2:1: interviewr: unknown key 'interviewr' (did you mean 'interviewer'?)",
        "bob.yaml:3:1: recommendation: expected one of strong_no, no, yes, strong_yes, "
        "got text 'maybe'",
        "bob.yaml:4:1: summary: expected text, got a number",
        "bob.yaml:6:3: ratings.sqll: unknown skill 'sqll' (did you mean 'sql'?)",
        "bob.yaml:7:3: ratings.git: level 9 is outside the scale (0, 1, 2, 3, 4)",
        "skillcheck: bob.yaml: invalid answers file (7 problems)",
    ]
    assert not Path("out.json").exists()


def test_an_answers_file_needs_a_recommendation() -> None:
    Path("bob.yaml").write_text(
        "candidate: Ann\ninterviewer: Bob\nrole: none\nratings: {sql: 1}\n", encoding="utf-8"
    )
    result, _ = invoke(["-r", MINI, "--answers", "bob.yaml", "-o", "out.json"])
    assert result.exit_code == 1
    assert "bob.yaml:1:1: missing required key 'recommendation'" in result.stderr
    assert not Path("out.json").exists()


def test_answers_and_resume_do_not_mix() -> None:
    result, _ = invoke(["--answers", "a.yaml", "--resume", "b.json"])
    assert result.exit_code == 2 and "cannot be combined" in result.stderr
