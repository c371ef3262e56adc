"""Answers files: good ones become answers, bad ones are reported with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillcheck.answers import (
    RatingAnswer,
    apply_ratings,
    check_keys,
    load_assessment_answers,
    parse_ratings,
    parse_role,
    parse_text,
    read_answers,
)
from skillcheck.assessment import new_assessment
from skillcheck.errors import InvalidFileError, SkillcheckError
from skillcheck.rubric import Rubric, load_rubric_file

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def mini() -> Rubric:
    return load_rubric_file(FIXTURES / "mini.yaml")


def write(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(exc: pytest.ExceptionInfo[InvalidFileError]) -> list[str]:
    return [str(p) for p in exc.value.problems]


GOOD = """\
name: Jane Doe
role: mid
ratings:
  sql: 3
  git: {level: 2, note: "rebase only, never rescued a repo"}
  java: n/a
  python: 4
"""


def test_a_good_yaml_file(tmp_path: Path, mini: Rubric) -> None:
    answers = load_assessment_answers(write(tmp_path, GOOD), mini)
    assert answers.name == "Jane Doe" and answers.role == "mid"
    assert answers.ratings == {
        "sql": RatingAnswer(3),
        "git": RatingAnswer(2, "rebase only, never rescued a repo"),
        "java": RatingAnswer(None),
        "python": RatingAnswer(4),
    }


def test_a_good_json_file(tmp_path: Path, mini: Rubric) -> None:
    text = '{"name": "Jane", "role": null, "ratings": {"sql": 1, "git": null, "python": {"level": "n/a"}}}'
    answers = load_assessment_answers(write(tmp_path, text, "a.json"), mini)
    assert answers.role is None
    assert answers.ratings == {
        "sql": RatingAnswer(1),
        "git": RatingAnswer(None),
        "python": RatingAnswer(None),
    }


def test_unknown_skill_ids_are_located_and_get_the_closest_id(tmp_path: Path, mini: Rubric) -> None:
    path = write(tmp_path, "name: Jane\nratings:\n  sql: 3\n  qurey-tuning: 2\n  kafka: 1\n")
    with pytest.raises(InvalidFileError) as exc:
        load_assessment_answers(path, mini)
    assert problems(exc) == [
        f"{path}:4:3: ratings.qurey-tuning: unknown skill 'qurey-tuning' (did you mean 'query-tuning'?)",
        f"{path}:5:3: ratings.kafka: unknown skill 'kafka'",
    ]
    assert str(exc.value) == f"{path}: invalid answers file (2 problems)"


def test_levels_outside_the_scale_and_wrong_types(tmp_path: Path, mini: Rubric) -> None:
    text = """\
name: Jane
ratings:
  sql: 7
  git: three
  python: true
  java: 2.5
  communication: [1]
  query-tuning: {level: -1}
"""
    path = write(tmp_path, text)
    with pytest.raises(InvalidFileError) as exc:
        load_assessment_answers(path, mini)
    found = problems(exc)
    assert len(found) == 6
    assert found[0] == f"{path}:3:3: ratings.sql: level 7 is outside the scale (0, 1, 2, 3, 4)"
    assert found[1].startswith(
        f'{path}:4:3: ratings.git: expected a level (0-4) or "n/a", got text'
    )
    assert "got true/false" in found[2]
    assert "2.5 is not a whole level" in found[3]
    assert "got a list" in found[4]
    assert found[5].startswith(f"{path}:8:") and "level -1 is outside the scale" in found[5]


def test_a_custom_scale_is_checked(tmp_path: Path, fixtures: Path) -> None:
    five = load_rubric_file(fixtures / "scale15.yaml")
    path = write(tmp_path, "name: Jane\nratings: {testing: 0, review: 5}\n")
    with pytest.raises(InvalidFileError) as exc:
        load_assessment_answers(path, five)
    assert problems(exc) == [
        f"{path}:2:11: ratings.testing: level 0 is outside the scale (1, 2, 3, 4, 5)"
    ]


def test_unknown_keys_get_the_closest_key(tmp_path: Path, mini: Rubric) -> None:
    text = "name: Jane\nrating:\n  sql: 3\nratings:\n  git: {lvl: 2, level: 1}\n"
    path = write(tmp_path, text)
    with pytest.raises(InvalidFileError) as exc:
        load_assessment_answers(path, mini)
    assert problems(exc) == [
        f"{path}:2:1: rating: unknown key 'rating' (did you mean 'ratings'?)",
        f"{path}:5:9: ratings.git.lvl: unknown key 'lvl' (did you mean 'level'?)",
    ]


def test_missing_name_ratings_and_level(tmp_path: Path, mini: Rubric) -> None:
    path = write(tmp_path, "role: mid\n")
    with pytest.raises(InvalidFileError) as exc:
        load_assessment_answers(path, mini)
    assert sorted(problems(exc)) == [
        f"{path}:1:1: missing required key 'name' (or pass --name)",
        f"{path}:1:1: missing required key 'ratings'",
    ]
    # --name on the command line makes the name optional.
    path = write(tmp_path, "ratings:\n  sql: {note: hi}\n")
    with pytest.raises(InvalidFileError) as exc:
        load_assessment_answers(path, mini, name_required=False)
    assert problems(exc) == [f"{path}:2:3: ratings.sql: missing required key 'level'"]


def test_bad_name_role_and_note_types(tmp_path: Path, mini: Rubric) -> None:
    text = "name: 42\nrole: midd\nratings:\n  sql: {level: 1, note: [a]}\n"
    path = write(tmp_path, text)
    with pytest.raises(InvalidFileError) as exc:
        load_assessment_answers(path, mini)
    assert problems(exc) == [
        f"{path}:1:1: name: expected text, got a number",
        f"{path}:2:1: role: unknown role 'midd' (did you mean 'mid'?)",
        f"{path}:4:19: ratings.sql.note: expected text, got a list",
    ]


def test_empty_name_and_role_none(tmp_path: Path, mini: Rubric) -> None:
    path = write(tmp_path, "name: '  '\nratings: {}\n")
    with pytest.raises(InvalidFileError) as exc:
        load_assessment_answers(path, mini)
    assert problems(exc) == [f"{path}:1:1: name: must not be empty"]
    path = write(tmp_path, "name: Jane\nrole: none\nratings:\n")
    answers = load_assessment_answers(path, mini)
    assert answers.role is None and answers.ratings == {}


def test_not_a_mapping(tmp_path: Path, mini: Rubric) -> None:
    path = write(tmp_path, "- sql: 3\n")
    with pytest.raises(InvalidFileError) as exc:
        load_assessment_answers(path, mini)
    assert "expected a mapping with keys name, role, ratings, got a list" in problems(exc)[0]
    path = write(tmp_path, "name: Jane\nratings: [sql]\n")
    with pytest.raises(InvalidFileError) as exc:
        load_assessment_answers(path, mini)
    assert "expected a mapping of skill id -> level, got a list" in problems(exc)[0]


def test_syntax_errors_and_missing_files_are_one_line_errors(tmp_path: Path, mini: Rubric) -> None:
    path = write(tmp_path, "name: Jane\nratings: {sql: 3\n")
    with pytest.raises(SkillcheckError, match=r"answers.yaml:\d+:\d+: YAML syntax error"):
        load_assessment_answers(path, mini)
    with pytest.raises(SkillcheckError, match="no such file"):
        load_assessment_answers(tmp_path / "nope.yaml", mini)
    with pytest.raises(SkillcheckError, match="duplicate key 'sql'"):
        load_assessment_answers(write(tmp_path, "name: J\nratings: {sql: 1, sql: 2}\n"), mini)


def test_the_pieces_work_on_other_layouts(tmp_path: Path, mini: Rubric) -> None:
    # A scorecard answers file has other keys around the same ratings mapping.
    path = write(tmp_path, "candidate: Sam\ninterviewer: Ivy\nrole: junior\nscores:\n  sql: 2\n")
    located = read_answers(path)
    data, found = check_keys(
        located, (), ["candidate", "interviewer", "role", "scores"], ["candidate"]
    )
    assert found == [] and data["candidate"] == "Sam"
    assert parse_text(located, ("interviewer",), required=True) == ("Ivy", [])
    assert parse_role(located, ("role",), mini) == ("junior", [])
    ratings, found = parse_ratings(located, ("scores",), mini)
    assert ratings == {"sql": RatingAnswer(2)} and found == []


def test_apply_ratings_completes_and_rules_out_languages(mini: Rubric) -> None:
    doc = new_assessment(mini, "Jane")
    ratings = {
        "sql": RatingAnswer(3),
        "query-tuning": RatingAnswer(2, "EXPLAIN only"),
        "git": RatingAnswer(None),
        "python": RatingAnswer(4),
        "communication": RatingAnswer(2),
    }
    apply_ratings(doc, mini, ratings)
    assert doc.status == "complete"
    assert doc.ratings["java"].level is None  # not among the languages given
    assert doc.applies == {"languages": ["python"]}
    assert doc.ratings["query-tuning"].note == "EXPLAIN only"


def test_apply_ratings_leaves_a_partial_file_in_progress(mini: Rubric) -> None:
    doc = new_assessment(mini, "Jane")
    apply_ratings(doc, mini, {"sql": RatingAnswer(3)})
    assert doc.status == "in_progress" and doc.applies == {}
    scoped = new_assessment(mini, "Jane", categories=["core"])
    apply_ratings(scoped, mini, {s: RatingAnswer(1) for s in ("sql", "query-tuning", "git")})
    assert scoped.status == "complete"
