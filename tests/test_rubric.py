"""The rubric format: validation with every problem located, lookup, schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillcheck.errors import InvalidFileError, SkillcheckError
from skillcheck.rubric import (
    builtin_dir,
    list_rubrics,
    load_rubric,
    load_rubric_file,
    locate_rubric,
    parse_rubric,
    rubric_json_schema,
)

MINIMAL = """\
id: tiny
title: Tiny
version: "1"
categories:
  - id: c
    title: C
    skills:
      - id: s
        title: S
"""


def problems(text: str) -> list[str]:
    with pytest.raises(InvalidFileError) as info:
        parse_rubric(text, "r.yaml")
    return info.value.details()


def test_minimal_rubric_gets_the_default_scale() -> None:
    r = parse_rubric(MINIMAL, "r.yaml")
    assert r.levels == (0, 1, 2, 3, 4)
    assert r.label(2) == "Guided"
    assert list(r.skills) == ["s"]
    assert r.descriptor("s", 3) == "Does the work alone, to a good standard."


def test_fixture_rubrics_are_valid(mini_path: Path, fixtures: Path) -> None:
    mini = load_rubric_file(mini_path)
    assert len(mini.skills) == 6
    assert mini.category_of["python"].scoring == "best"
    five = load_rubric_file(fixtures / "scale15.yaml")
    assert five.levels == (1, 2, 3, 4, 5)
    assert five.min_level == 1
    assert five.target(five.role("lead"), "review") == 5
    assert five.target(five.role("lead"), "testing") == 4


def test_target_resolution_skill_then_category_then_default(mini_path: Path) -> None:
    r = load_rubric_file(mini_path)
    mid = r.role("mid")
    assert r.target(mid, "sql") == 3  # skill entry
    assert r.target(mid, "git") == 2  # category entry
    assert r.target(mid, "communication") == 2
    assert r.category_target(mid, "languages") == 3
    assert r.target(None, "sql") is None


def test_broken_fixture_reports_every_problem_with_its_line(fixtures: Path) -> None:
    with pytest.raises(InvalidFileError) as info:
        load_rubric_file(fixtures / "broken.yaml")
    lines = info.value.details()
    name = str(fixtures / "broken.yaml")
    expected = [
        f"{name}:1:1: id: 'Broken Id' is not a valid id",
        f"{name}:7:5: categories[0].colour: unknown key 'colour'",
        f"{name}:11:24: categories[0].skills[0].levels[7]: level 7 is not on the scale 0-4",
        f"{name}:12:9: categories[0].skills[0].prerequisites: prerequisite cycle: a -> b -> a",
        f"{name}:12:28: categories[0].skills[0].prerequisites[1]: unknown skill id 'nope'",
        f"{name}:16:9: categories[0].skills[2].id: duplicate skill id 'a'",
        f"{name}:18:5: categories[1].id: duplicate category id 'core'",
        f"{name}:20:5: categories[1].skills: List should have at least 1 item",
        f"{name}:24:15: roles[0].targets.default: target 9 is not on the scale 0-4",
        f"{name}:24:40: roles[0].targets.categories.cor: unknown category id 'cor' (did you mean 'core'?)",
        f"{name}:24:58: roles[0].targets.skills.zz: unknown skill id 'zz'",
    ]
    assert len(lines) == len(expected)
    for got, want in zip(lines, expected, strict=True):
        assert got.startswith(want), (got, want)
    assert "11 problems" in info.value.message


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ("title: Tiny", "r.yaml:2:1: title: Input should be a valid string"),
        ("  - id: c\n", "missing required key 'title'"),
        ("      - id: s\n        title: S\n", "unknown key 'titel' (did you mean 'title'?)"),
        ("roles: []", "duplicate role id 'r'"),
        ("scale:", "scale levels must be unique and in increasing order"),
    ],
)
def test_single_problems(patch: str, message: str) -> None:
    text = {
        "title: Tiny": MINIMAL.replace("title: Tiny", "title: [1, 2]"),
        "  - id: c\n": MINIMAL.replace("    title: C\n", ""),
        "      - id: s\n        title: S\n": MINIMAL.replace(
            "        title: S", "        titel: S"
        ),
        "roles: []": MINIMAL + "roles:\n  - {id: r, title: R}\n  - {id: r, title: R2}\n",
        "scale:": MINIMAL + "scale:\n  - {level: 1, label: A}\n  - {level: 1, label: B}\n",
    }[patch]
    assert any(message in line for line in problems(text)), problems(text)


def test_level_keys_outside_a_custom_scale() -> None:
    text = MINIMAL.replace("        title: S", "        title: S\n        levels: {1: a, 6: b}")
    text += "scale:\n" + "".join(f"  - {{level: {i}, label: L{i}}}\n" for i in range(1, 6))
    found = problems(text)
    assert any("level 6 is not on the scale 1-5" in p for p in found)
    assert any("level 1 is the lowest level" in p for p in found)


def test_non_consecutive_scale() -> None:
    text = MINIMAL + "scale:\n  - {level: 0, label: A}\n  - {level: 2, label: B}\n"
    assert any("consecutive" in p for p in problems(text))


def test_skill_target_in_best_category_is_refused() -> None:
    text = MINIMAL.replace("    title: C\n", "    title: C\n    scoring: best\n")
    text += "roles:\n  - id: r\n    title: R\n    targets: {skills: {s: 2}}\n"
    assert any("set the target on the category" in p for p in problems(text))


def test_self_prerequisite_and_long_cycle() -> None:
    skills = "".join(
        f"      - id: s{i}\n        title: S{i}\n        prerequisites: [s{(i + 1) % 3}]\n"
        for i in range(3)
    )
    text = MINIMAL.replace("      - id: s\n        title: S\n", skills)
    assert any("prerequisite cycle: s0 -> s1 -> s2 -> s0" in p for p in problems(text))
    text = MINIMAL.replace("        title: S", "        title: S\n        prerequisites: [s]")
    assert any("cannot be its own prerequisite" in p for p in problems(text))


@pytest.mark.parametrize(
    "text", ["[]", "just text", "id: x\n", "id: x\ntitle: X\nversion: '1'\ncategories: []\n"]
)
def test_empty_or_wrong_shape(text: str) -> None:
    assert problems(text)


def test_unquoted_numeric_version_is_text() -> None:
    r = parse_rubric(MINIMAL.replace('version: "1"', "version: 1.0"), "r.yaml")
    assert r.version == "1.0"


def test_digest_ignores_formatting_but_not_content() -> None:
    a = parse_rubric(MINIMAL, "a.yaml")
    b = parse_rubric("# comment\n" + MINIMAL.replace("title: Tiny", "title:   'Tiny'"), "b.yaml")
    c = parse_rubric(MINIMAL.replace("title: S", "title: S2"), "c.yaml")
    assert a.digest == b.digest != c.digest


def test_locate_by_path_user_id_and_builtin(tmp_path: Path, isolated_home: Path) -> None:
    assert locate_rubric("backend").origin == "built-in"
    assert locate_rubric("backend").path == builtin_dir() / "backend.yaml"
    user = isolated_home / "rubrics"
    user.mkdir()
    (user / "backend.yaml").write_text(MINIMAL)
    (user / "team.yml").write_text(MINIMAL)
    assert locate_rubric("backend").origin == "user"  # a user rubric shadows a built-in
    assert load_rubric("team").id == "tiny"
    other = tmp_path / "mine.yaml"
    other.write_text(MINIMAL)
    assert locate_rubric(str(other)).origin == "file"


def test_unknown_rubric_suggests(isolated_home: Path) -> None:
    with pytest.raises(SkillcheckError, match="did you mean 'backend'"):
        locate_rubric("backnd")
    with pytest.raises(SkillcheckError, match="no such file"):
        load_rubric("./missing.yaml")


def test_list_rubrics_marks_sources_and_invalid_user_files(isolated_home: Path) -> None:
    user = isolated_home / "rubrics"
    user.mkdir()
    (user / "team.yaml").write_text(MINIMAL)
    (user / "bad.yaml").write_text("id: [\n")
    infos = {i.id: i for i in list_rubrics()}
    assert infos["backend"].source == "built-in"
    assert infos["tiny"].source == "user"
    assert infos["tiny"].skills == 1
    assert infos["bad"].error is not None


def test_user_dir_defaults_to_app_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    from skillcheck.rubric import user_dir

    monkeypatch.delenv("SKILLCHECK_HOME")
    assert user_dir().name == "rubrics"
    assert "skillcheck" in str(user_dir())


def test_schema_describes_the_format() -> None:
    schema = rubric_json_schema()
    assert schema["type"] == "object"
    assert {"id", "title", "version", "categories"} <= set(schema["required"])
    assert schema["additionalProperties"] is False
    assert "Skill" in schema["$defs"]
