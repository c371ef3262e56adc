"""The questionnaire flow, driven by a scripted prompter."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar, overload

import pytest

from skillcheck.assessment import (
    Assessment,
    Document,
    RubricRef,
    Scorecard,
    new_assessment,
    reconcile,
)
from skillcheck.errors import SkillcheckError
from skillcheck.prompting import (
    Answer,
    CheckboxPrompt,
    ScriptedPrompter,
    SelectPrompt,
    TextPrompt,
)
from skillcheck.questionnaire import (
    SELF_ASSESSMENT,
    ApplyStep,
    RateStep,
    SaveFailed,
    Wording,
    ask_role,
    build_steps,
    check_role,
    check_scope,
    note_nudge,
    run_questionnaire,
    summarize,
)
from skillcheck.rubric import Rubric, load_rubric_file, parse_rubric
from skillcheck.rubric.schema import dump_json, validated

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
D = TypeVar("D", Assessment, Scorecard)


@pytest.fixture
def mini() -> Rubric:
    return load_rubric_file(FIXTURES / "mini.yaml")


class Saves:
    """A save callback that keeps a copy of every saved document."""

    def __init__(self) -> None:
        self.snapshots: list[dict[str, Any]] = []

    def __call__(self, doc: Document) -> None:
        self.snapshots.append(doc.model_dump(mode="json"))

    @property
    def last(self) -> dict[str, Any]:
        return self.snapshots[-1]


@overload
def run(
    rubric: Rubric,
    answers: list[Any],
    doc: None = None,
    **kwargs: Any,
) -> tuple[Assessment, ScriptedPrompter, Saves, Any]: ...


@overload
def run(
    rubric: Rubric,
    answers: list[Any],
    doc: D,
    **kwargs: Any,
) -> tuple[D, ScriptedPrompter, Saves, Any]: ...


def run(
    rubric: Rubric,
    answers: list[Any],
    doc: Document | None = None,
    **kwargs: Any,
) -> tuple[Document, ScriptedPrompter, Saves, Any]:
    doc = doc or new_assessment(rubric, "Jane", "mid", now=NOW)
    prompter = ScriptedPrompter(answers)
    saves = Saves()
    outcome = run_questionnaire(rubric, doc, prompter, saves, now=lambda: NOW, **kwargs)
    return doc, prompter, saves, outcome


def selects(prompter: ScriptedPrompter) -> list[SelectPrompt]:
    return [p for p in prompter.asked if isinstance(p, SelectPrompt)]


def header_text(prompt: SelectPrompt | CheckboxPrompt) -> str:
    return "\n".join(line.text for line in prompt.header)


def levels(doc: Document) -> dict[str, int | None]:
    return doc.levels()


# The order of mini: sql, query-tuning, git | languages checkbox, python, java | communication.
FULL = [3, 2, "n/a", ["python"], 4, 1]


def test_a_full_run_records_every_answer_and_completes(mini: Rubric) -> None:
    doc, prompter, _, outcome = run(mini, FULL)
    assert outcome.complete and outcome.answered == outcome.total == 6
    assert doc.status == "complete"
    assert levels(doc) == {
        "sql": 3,
        "query-tuning": 2,
        "git": None,
        "java": None,
        "python": 4,
        "communication": 1,
    }
    assert doc.applies == {"languages": ["python"]}
    assert prompter.remaining == 0


def test_the_document_is_saved_after_every_answer(mini: Rubric) -> None:
    _, _, saves, _ = run(mini, FULL)
    rated = [len(s["ratings"]) for s in saves.snapshots]
    # sql, query-tuning, git, the checkbox (java n/a), python, communication, then "complete".
    assert rated == [1, 2, 3, 4, 5, 6, 6]
    assert [s["status"] for s in saves.snapshots][-2:] == ["in_progress", "complete"]


def test_a_question_shows_progress_title_description_and_each_levels_descriptor(
    mini: Rubric,
) -> None:
    _, prompter, _, _ = run(mini, FULL)
    first = selects(prompter)[0]
    assert first.message == "How would you rate yourself?"
    assert "category 1 of 3" in header_text(first) and "skill 1 of 6" in header_text(first)
    assert [h.kind for h in first.header][:3] == ["progress", "title", "text"]
    assert "SQL" in header_text(first) and "Writing queries." in header_text(first)
    assert [o.title for o in first.options][2] == "Guided"
    assert [o.detail for o in first.options][2] == "Writes joins"
    assert [o.detail for o in first.options][4] == "Tunes a planner"
    # Digit keys select a level; letters the actions.
    assert [o.key for o in first.options] == ["0", "1", "2", "3", "4"]
    assert {o.value: o.key for o in first.extra} == {"n/a": "n", "note": "a", "quit": "q"}
    # No "back" on the very first question.
    assert "back" not in first.values()


def test_progress_counts_only_the_skills_that_apply(mini: Rubric) -> None:
    _, prompter, _, _ = run(mini, FULL)
    python, communication = selects(prompter)[3:5]
    assert "Languages" in header_text(python) and "category 2 of 3" in header_text(python)
    assert "skill 4 of 5" in header_text(python)  # java was ruled out
    assert "category 3 of 3" in header_text(communication)
    assert "skill 5 of 5" in header_text(communication)


def test_not_assessed_is_recorded_as_none_not_zero(mini: Rubric) -> None:
    doc, *_ = run(mini, [0, "n/a", 3, ["python"], 2, 2])
    assert doc.ratings["sql"].level == 0
    assert doc.ratings["query-tuning"].level is None


def test_back_goes_to_the_previous_question_with_its_answer_preselected(mini: Rubric) -> None:
    doc, prompter, _, _ = run(mini, [3, "back", 1, 2, "n/a", ["python"], 4, 1])
    asked = selects(prompter)
    assert "SQL" in header_text(asked[2])
    assert asked[2].default == "3"  # the earlier answer
    assert "back" in asked[1].values()
    assert levels(doc)["sql"] == 1
    assert levels(doc)["query-tuning"] == 2


def test_after_going_back_next_walks_forward_through_answered_questions(mini: Rubric) -> None:
    # Answer sql and query-tuning, back twice to sql, change it, then confirm query-tuning.
    answers = [3, 2, "back", "back", 1, 2, "n/a", ["python"], 4, 1]
    doc, prompter, _, _ = run(mini, answers)
    asked = selects(prompter)
    assert "Query tuning" in header_text(asked[5]) and asked[5].default == "2"
    assert levels(doc)["sql"] == 1 and doc.status == "complete"


def test_back_from_the_first_language_returns_to_the_checkbox(mini: Rubric) -> None:
    answers = [3, 2, 1, ["python"], "back", ["python", "java"], 4, 2, 1]
    doc, prompter, _, _ = run(mini, answers)
    boxes = [p for p in prompter.asked if isinstance(p, CheckboxPrompt)]
    assert len(boxes) == 2
    assert boxes[1].checked == {"python"}  # the earlier choice is preselected
    assert levels(doc)["java"] == 2 and levels(doc)["python"] == 4
    assert doc.applies["languages"] == ["python", "java"]


def test_back_from_the_checkbox_returns_to_the_last_question_before_it(mini: Rubric) -> None:
    # sql, query-tuning, git, then "back" at the languages: git again (answer kept),
    # then the checkbox again, and on to the end.
    answers = [3, 2, 1, "back", 4, ["python"], 4, 1]
    doc, prompter, _, _ = run(mini, answers)
    boxes = [p for p in prompter.asked if isinstance(p, CheckboxPrompt)]
    assert len(boxes) == 2 and boxes[0].back_key == "b"
    assert "b: back" in (boxes[0].instruction or "")
    asked = selects(prompter)
    assert "Git" in header_text(asked[3]) and asked[3].default == "1"
    assert levels(doc)["git"] == 4 and levels(doc)["python"] == 4
    assert doc.status == "complete"


def test_no_way_back_from_a_checkbox_that_comes_first(mini: Rubric) -> None:
    doc, prompter, _, _ = run(mini, [["java"], 3], only=["languages"])
    box = next(p for p in prompter.asked if isinstance(p, CheckboxPrompt))
    assert box.back_key is None
    assert "back" not in (box.instruction or "")
    assert levels(doc)["java"] == 3


def test_the_language_checkbox_rates_only_chosen_skills(mini: Rubric) -> None:
    doc, prompter, _, _ = run(mini, [3, 2, 1, ["java"], 3, 2])
    box = next(p for p in prompter.asked if isinstance(p, CheckboxPrompt))
    assert [o.value for o in box.options] == ["python", "java"]
    assert box.message == "Which of these do you use?"
    assert "Java" in header_text(selects(prompter)[3])
    assert levels(doc)["python"] is None and levels(doc)["java"] == 3


def test_choosing_no_language_marks_them_all_not_applicable(mini: Rubric) -> None:
    doc, prompter, _, outcome = run(mini, [3, 2, 1, [], 2])
    assert outcome.complete
    assert levels(doc)["python"] is None and levels(doc)["java"] is None
    assert len(selects(prompter)) == 4


def test_a_note_is_asked_shown_and_saved_with_the_rating(mini: Rubric) -> None:
    answers = ["note", "Postgres only", 3, 2, 1, ["python"], 4, 1]
    doc, prompter, _, _ = run(mini, answers)
    text = next(p for p in prompter.asked if isinstance(p, TextPrompt))
    assert "SQL" in text.message
    again = selects(prompter)[1]
    assert "Note: Postgres only" in header_text(again)
    assert {o.value: o.title for o in again.extra}["note"] == "Edit the note on this skill"
    assert doc.ratings["sql"].note == "Postgres only"


def test_a_note_on_an_answered_skill_is_saved_at_once_and_keeps_the_level(mini: Rubric) -> None:
    answers = [3, "back", "note", "old habit", KeyboardInterrupt()]
    _doc, _, saves, outcome = run(mini, answers)
    assert outcome.stopped == "interrupted"
    assert saves.last["ratings"]["sql"] == {
        "level": 3,
        "note": "old habit",
        "rated_at": "2026-01-02T03:04:05Z",
    }


def test_a_note_for_a_skill_not_yet_rated_is_reported_when_the_run_stops(mini: Rubric) -> None:
    _doc, _, saves, outcome = run(mini, ["note", "Postgres only", KeyboardInterrupt()])
    assert outcome.stopped == "interrupted"
    assert "sql" not in saves.last["ratings"]  # a note is saved with its rating
    assert outcome.unsaved_notes == (("sql", "Postgres only"),)
    _doc, _, _, outcome = run(mini, ["note", "Postgres only", 3, KeyboardInterrupt()])
    assert outcome.unsaved_notes == ()  # saved with the rating


def test_a_failed_save_carries_the_notes_for_skills_not_rated_yet(mini: Rubric) -> None:
    """A save that fails (a full disk) ends the run with its error, and with the
    notes typed for skills not rated yet: no file holds them, so the person
    is shown them to copy."""

    class FullDisk(Saves):
        def __call__(self, doc: Document) -> None:
            if self.snapshots:
                raise SkillcheckError("cannot write me.json: No space left on device")
            super().__call__(doc)

    doc = new_assessment(mini, "Jane", "mid", now=NOW)
    # SQL rated (saved); a note for query tuning, not rated; back to SQL, whose
    # new note is saved at once, and that save fails.
    answers: list[Answer] = [3, "note", "Only EXPLAIN so far", "back", "note", "Joins too"]
    with pytest.raises(SaveFailed) as failed:
        run_questionnaire(mini, doc, ScriptedPrompter(answers), FullDisk(), now=lambda: NOW)
    assert failed.value.message == "cannot write me.json: No space left on device"
    assert failed.value.exit_code == 1
    assert failed.value.pending_notes == (("query-tuning", "Only EXPLAIN so far"),)
    assert doc.ratings["sql"].note == "Joins too"  # held in memory, not in the file


def test_a_note_typed_for_a_language_then_ruled_out_is_kept(mini: Rubric) -> None:
    # A note on python before rating it, back to the checkbox, python unticked.
    answers = [3, 2, 1, ["python"], "note", "Wrote our Django app", "back", ["java"], "quit"]
    _doc, _, saves, outcome = run(mini, answers)
    assert saves.last["ratings"]["python"]["level"] is None
    assert saves.last["ratings"]["python"]["note"] == "Wrote our Django app"
    assert outcome.unsaved_notes == ()


def test_an_emptied_note_is_removed(mini: Rubric) -> None:
    doc = new_assessment(mini, "Jane", now=NOW)
    doc.rate("sql", 3, "typo", NOW)
    doc, prompter, _, _ = run(mini, ["back", "note", "", KeyboardInterrupt()], doc=doc)
    text = next(p for p in prompter.asked if isinstance(p, TextPrompt))
    assert text.default == "typo"
    assert doc.ratings["sql"].note is None


def test_save_and_quit_stops_with_the_answers_saved(mini: Rubric) -> None:
    doc, _, saves, outcome = run(mini, [3, "quit"])
    assert outcome.stopped == "quit" and not outcome.complete
    assert (outcome.answered, outcome.total) == (1, 6)
    assert saves.last["ratings"].keys() == {"sql"}
    assert doc.status == "in_progress"


def test_ctrl_c_stops_and_keeps_the_answers(mini: Rubric) -> None:
    _doc, _, saves, outcome = run(mini, [3, 2, KeyboardInterrupt()])
    assert outcome.stopped == "interrupted"
    assert set(saves.last["ratings"]) == {"sql", "query-tuning"}
    assert saves.last["status"] == "in_progress"


def test_end_of_input_stops_and_keeps_the_answers(mini: Rubric) -> None:
    _, _, saves, outcome = run(mini, [3])
    assert outcome.stopped == "end_of_input"
    assert set(saves.last["ratings"]) == {"sql"}


def test_only_limits_the_run_to_some_categories(mini: Rubric) -> None:
    doc = new_assessment(mini, "Jane", categories=["soft"], now=NOW)
    doc, prompter, _, outcome = run(mini, [2], doc=doc)
    assert outcome.complete and (outcome.answered, outcome.total) == (1, 1)
    assert levels(doc) == {"communication": 2}
    assert "category 1 of 1" in header_text(selects(prompter)[0])


def test_only_on_a_resumed_run_limits_the_run_not_the_document(mini: Rubric) -> None:
    doc, _, _, outcome = run(mini, [["java"], 2], only=["languages"])
    assert outcome.stopped is None and not outcome.complete
    assert (outcome.answered, outcome.total) == (2, 6)
    assert doc.categories is None and doc.status == "in_progress"
    doc, _, _, outcome = run(mini, [3, 2, 1, 4], doc=doc)
    assert outcome.complete and doc.status == "complete"


def test_resume_starts_at_the_first_unanswered_skill(mini: Rubric) -> None:
    doc = new_assessment(mini, "Jane", now=NOW)
    doc.rate("sql", 3, None, NOW)
    doc.rate("query-tuning", 2, None, NOW)
    doc, prompter, _, outcome = run(mini, ["back", KeyboardInterrupt()], doc=doc)
    first, second = selects(prompter)
    assert "Git" in header_text(first) and "skill 3 of 6" in header_text(first)
    assert first.default is None
    # Going back in a resumed run shows the earlier answer.
    assert "Query tuning" in header_text(second) and second.default == "2"
    doc, prompter, _, outcome = run(mini, [1, ["python"], 4, 1], doc=doc)
    assert outcome.complete and levels(doc)["git"] == 1


def test_a_complete_document_asks_nothing(mini: Rubric) -> None:
    doc, *_ = run(mini, FULL)
    _, prompter, _, outcome = run(mini, [], doc=doc)
    assert outcome.complete and prompter.asked == []


def changed_rubric(mini: Rubric) -> Rubric:
    """mini 1.1: git is gone, docker is new in core, go is a new language."""
    data = json.loads(dump_json(mini))
    data["version"] = "1.1"
    core = data["categories"][0]
    core["skills"] = [s for s in core["skills"] if s["id"] != "git"]
    core["skills"].append({"id": "docker", "title": "Docker", "levels": {}})
    data["categories"][1]["skills"].append({"id": "go", "title": "Go", "levels": {}})
    return validated(data)


def test_a_changed_rubric_keeps_old_answers_asks_new_ones_and_names_the_gone(
    mini: Rubric,
) -> None:
    doc, *_ = run(mini, FULL)
    newer = changed_rubric(mini)
    changes = reconcile(doc, newer, now=NOW)
    assert changes.changed and changes.old_version == "1.0" and changes.new_version == "1.1"
    assert changes.gone == ["git"]
    assert changes.unanswered == ["docker", "go"]
    assert doc.status == "in_progress" and doc.rubric == RubricRef.of(newer)
    # docker is asked; the language checkbox again (go is new), python still ticked;
    # then go, the only new language chosen. Answered skills are not asked again.
    doc, prompter, _, outcome = run(newer, [2, ["python", "go"], 1], doc=doc)
    box = next(p for p in prompter.asked if isinstance(p, CheckboxPrompt))
    assert box.checked == {"python"}
    assert "Docker" in header_text(selects(prompter)[0])
    assert outcome.complete
    assert levels(doc)["docker"] == 2 and levels(doc)["go"] == 1 and levels(doc)["sql"] == 3
    assert levels(doc)["python"] == 4  # kept
    assert prompter.remaining == 0
    assert "git" in doc.ratings  # the gone skill's answer stays in the file


def test_reconcile_refuses_another_rubric(mini: Rubric, fixtures: Path) -> None:
    doc = new_assessment(mini, "Jane", now=NOW)
    other = load_rubric_file(fixtures / "scale15.yaml")
    with pytest.raises(SkillcheckError, match="made with rubric 'mini'"):
        reconcile(doc, other)


def test_reconcile_drops_categories_the_rubric_no_longer_has(mini: Rubric) -> None:
    doc = new_assessment(mini, "Jane", categories=["soft", "gone"], now=NOW)
    changes = reconcile(doc, mini)
    assert not changes.changed and changes.gone_categories == ["gone"]
    assert doc.categories == ["soft"]
    doc.role = "principal"
    assert reconcile(doc, mini).gone_role == "principal"


def test_a_language_ruled_out_then_chosen_is_asked_again(mini: Rubric) -> None:
    doc, *_ = run(mini, FULL)  # java ruled out
    doc.status = "in_progress"
    doc.applies.pop("languages")
    doc.ratings.pop("python")
    # The checkbox is asked again (nothing says what applies); choose java this time.
    doc, _prompter, _, _ = run(mini, [["python", "java"], 3, 2], doc=doc)
    assert levels(doc)["java"] == 2 and levels(doc)["python"] == 3


def test_choosing_a_previously_excluded_skill_forgets_its_na(mini: Rubric) -> None:
    answers = [3, 2, 1, ["python"], "back", ["python", "java"], 4, 3, 1]
    doc, prompter, _, _ = run(mini, answers)
    assert levels(doc)["java"] == 3
    java = selects(prompter)[5]
    assert "Java" in header_text(java) and java.default is None


def test_the_wording_is_a_parameter(mini: Rubric) -> None:
    wording = Wording(
        rate="What did the candidate demonstrate?",
        not_assessed="Not assessed in this interview",
        applies="Which of these did you assess?",
    )
    doc = Scorecard(
        rubric=RubricRef.of(mini),
        candidate="Cand",
        interviewer="Ivy",
        role="mid",
        started=NOW,
        updated=NOW,
    )
    doc, prompter, _, outcome = run(mini, [3, KeyboardInterrupt()], doc=doc, wording=wording)
    first = selects(prompter)[0]
    assert first.message == "What did the candidate demonstrate?"
    assert {o.value: o.title for o in first.extra}["n/a"] == "Not assessed in this interview"
    assert isinstance(doc, Scorecard) and doc.ratings["sql"].level == 3
    assert outcome.stopped == "interrupted"


def test_after_rating_hook_asks_for_evidence_when_far_from_target(mini: Rubric) -> None:
    hook = note_nudge(2, "{skill}: {level} is far from the target {target}; what did you see?")
    doc, prompter, saves, _ = run(mini, [0, "", 2, KeyboardInterrupt()], after_rating=hook)
    texts = [p for p in prompter.asked if isinstance(p, TextPrompt)]
    assert [t.message for t in texts] == ["SQL: 0 is far from the target 3; what did you see?"]
    assert doc.ratings["sql"].note is None  # skipped
    answers = [4, 4, "designed our schema", KeyboardInterrupt()]
    doc, prompter, _, _ = run(mini, answers, after_rating=hook)
    # sql target 3 for mid: 4 is only one away; query-tuning target 2: 4 is two away.
    assert doc.ratings["sql"].note is None
    assert doc.ratings["query-tuning"].note == "designed our schema"
    doc, _, saves, _ = run(mini, [0, "never used it", KeyboardInterrupt()], after_rating=hook)
    assert saves.last["ratings"]["sql"]["note"] == "never used it"


def test_steps_are_data(mini: Rubric) -> None:
    steps = build_steps(mini, None, mini.role("mid"))
    kinds = [s.kind for s in steps]
    assert kinds == ["rate", "rate", "rate", "apply", "rate", "rate", "rate"]
    apply = steps[3]
    assert isinstance(apply, ApplyStep) and apply.skill_ids == ("python", "java")
    sql = steps[0]
    assert isinstance(sql, RateStep) and sql.target == 3
    python = steps[4]
    assert isinstance(python, RateStep) and python.target == 3  # the category's target
    only = build_steps(mini, ["soft", "core"])
    assert [s.category_id for s in only] == ["core"] * 3 + ["soft"]


def test_a_scale_without_descriptors_shows_just_the_label(fixtures: Path) -> None:
    rubric = load_rubric_file(fixtures / "scale15.yaml")
    step = build_steps(rubric)[0]
    assert isinstance(step, RateStep)
    assert [lv.detail for lv in step.levels][:2] == ["", "Writes a unit test"]


def test_levels_above_nine_get_no_digit_keys() -> None:
    scale = ", ".join(f"{{level: {n}, label: L{n}}}" for n in range(11))
    rubric = parse_rubric(
        f"""
id: wide
title: Wide
version: "1"
scale: [{scale}]
categories: [{{id: c, title: C, skills: [{{id: s, title: S}}]}}]
""",
        "wide.yaml",
    )
    doc = new_assessment(rubric, "Jane", now=NOW)
    doc, prompter, _, _ = run(rubric, [10], doc=doc)
    keys = [o.key for o in selects(prompter)[0].options]
    assert keys == [*"0123456789", None]
    assert doc.ratings["s"].level == 10


def test_ask_role_lists_the_roles_and_none(mini: Rubric, fixtures: Path) -> None:
    prompter = ScriptedPrompter(["mid", "<none>"])
    assert ask_role(mini, prompter) == "mid"
    assert ask_role(mini, prompter) is None
    prompt = prompter.asked[0]
    assert isinstance(prompt, SelectPrompt)
    assert prompt.values() == ["junior", "mid", "<none>"]
    no_roles = parse_rubric(
        'id: x\ntitle: X\nversion: "1"\ncategories: [{id: c, title: C, skills: [{id: s, title: S}]}]\n',
        "x.yaml",
    )
    assert ask_role(no_roles, ScriptedPrompter([])) is None


def test_role_and_scope_checks_suggest_the_closest_id(mini: Rubric) -> None:
    assert check_role(mini, "mid") is None
    assert "did you mean 'mid'" in (check_role(mini, "mdi") or "")
    assert check_scope(mini, ["core"]) == []
    assert "did you mean 'languages'" in check_scope(mini, ["language"])[0]


def test_summary_per_category(mini: Rubric) -> None:
    doc, *_ = run(mini, [3, 2, "n/a", ["python"], 4, KeyboardInterrupt()])
    summary = summarize(mini, doc, SELF_ASSESSMENT)
    assert [c.category_id for c in summary] == ["core", "languages", "soft"]
    core, languages, soft = summary
    assert (core.answered, core.assessed) == (3, 2)
    assert [s.label for s in core.skills] == [
        "Independent",
        "Guided",
        "Not applicable / don't know",
    ]
    assert (languages.answered, languages.assessed) == (2, 1)
    assert (soft.answered, soft.skills[0].label) == (0, "not answered")


def test_the_scripted_prompter_refuses_answers_that_are_not_options(mini: Rubric) -> None:
    with pytest.raises(AssertionError, match="not one of"):
        run(mini, [7])


def test_an_assessment_round_trips_through_json(mini: Rubric) -> None:
    doc, *_ = run(mini, FULL)
    again = Assessment.model_validate_json(doc.model_dump_json())
    assert again == doc
