"""Safe YAML loading: values, positions, and everything hostile refused fast."""

from __future__ import annotations

import json

import pytest

from skillcheck.errors import SkillcheckError
from skillcheck.files import MAX_DEPTH
from skillcheck.yamlsafe import format_path, load_yaml


def test_values_are_plain_yaml_types() -> None:
    doc = load_yaml("a: 1\nb: [x, 2.5, true, null]\nc: 2024-01-01\nd: '3'\n", "t.yaml")
    assert doc.data == {"a": 1, "b": ["x", 2.5, True, None], "c": "2024-01-01", "d": "3"}


def test_every_key_has_its_line_and_column() -> None:
    doc = load_yaml("top:\n  items:\n    - id: a\n    - id: b\n", "t.yaml")
    assert doc.where(("top",)) == (1, 1)
    assert doc.where(("top", "items", 1, "id")) == (4, 7)
    # A path that does not exist falls back to its nearest parent.
    assert doc.where(("top", "items", 1, "missing")) == (4, 7)
    assert str(doc.problem(("top", "items", 0), "bad")) == "t.yaml:3:7: top.items[0]: bad"


def test_format_path() -> None:
    assert format_path(("categories", 0, "skills", 2, "id")) == "categories[0].skills[2].id"
    assert format_path(()) == ""


def test_anchors_and_aliases_are_resolved() -> None:
    doc = load_yaml("base: &r {title: T, hours: 2}\nuse: *r\n", "t.yaml")
    assert doc.data["use"] == {"title": "T", "hours": 2}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: !!python/object/apply:os.system [echo hi]", "tag !!python/object/apply:os.system"),
        ("a: !!python/name:os.system ''", "is not allowed"),
        ("a: !custom x", "YAML tag !custom is not allowed"),
        ("a: !!set {x, y}", "is not allowed"),
        ("a: 1\na: 2\n", "t.yaml:2:1: duplicate key 'a'"),
        ("a: [1, 2\n", "YAML syntax error"),
        ("? [a, b]\n: 1\n", "mapping key must be plain text"),
        ("--- 1\n--- 2\n", "more than one YAML document"),
        ("   \n", "empty file"),
        ("a: *nowhere\n", "t.yaml:1:4"),
        ("a: !!int x1\n", "bad int 'x1'"),
        # Past int()'s digit limit: refused, and not echoed whole.
        ("a: " + "9" * 5000 + "\n", "bad int '" + "9" * 37 + "'... (5000 characters)"),
    ],
)
def test_hostile_or_broken_yaml_is_one_clear_error(text: str, message: str) -> None:
    with pytest.raises(SkillcheckError) as info:
        load_yaml(text, "t.yaml")
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_billion_laughs_fails_fast() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    with pytest.raises(SkillcheckError, match="aliases expand"):
        load_yaml("\n".join(lines), "bomb.yaml")


@pytest.mark.parametrize("opener", ["[", "{a: "])
def test_deep_nesting_stops_the_parser(opener: str) -> None:
    # libyaml's own composer would crash the process on this; we stop early.
    closer = "]" if opener == "[" else "}"
    text = opener * 100_000 + "1" + closer * 100_000
    with pytest.raises(SkillcheckError, match=f"nested more than {MAX_DEPTH}"):
        load_yaml(text, "deep.yaml")


def test_json_is_read_as_yaml() -> None:
    assert load_yaml('{"a": [1, {"b": "c"}]}', "t.json").data == {"a": [1, {"b": "c"}]}


def test_a_raw_control_character_is_one_located_line() -> None:
    # PyYAML's own message spans two lines and libyaml counts bytes, not characters.
    with pytest.raises(SkillcheckError) as info:
        load_yaml("a: ééé\nb: x\x1b\n", "t.yaml")
    assert str(info.value).startswith(
        "t.yaml:2:5: YAML does not allow the control character U+001B"
    )
    assert "\n" not in str(info.value)


def test_json_surrogate_pairs_are_read_as_the_character() -> None:
    # json.dumps writes characters beyond U+FFFF as "\ud83d\udc4d", which YAML refuses.
    text = json.dumps({"note": "👍 and 𐀀", "path": "C:\\ud83d"})
    assert load_yaml(text, "t.json").data == {"note": "👍 and 𐀀", "path": "C:\\ud83d"}


def test_a_key_with_a_line_break_stays_on_one_line_in_a_path() -> None:
    assert format_path(("ratings", "a\nb", "note")) == "ratings['a\\nb'].note"
