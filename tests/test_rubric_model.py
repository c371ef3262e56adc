"""The plain rubric classes hold what the pydantic models of the format validate to."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from pydantic import BaseModel

from skillcheck.rubric import builtin_dir, model, parse_rubric, schema


def _category() -> dict[str, Any]:
    return {"id": "c", "title": "C", "skills": [{"id": "s", "title": "S"}]}


PAIRS = [
    (model.ScaleLevel, schema.ScaleLevel),
    (model.Resource, schema.Resource),
    (model.Skill, schema.Skill),
    (model.Category, schema.Category),
    (model.Targets, schema.Targets),
    (model.Role, schema.Role),
    (model.Rubric, schema.Rubric),
]


def default_of(value: Any) -> Any:
    """A default as JSON, so that a plain default and the model's compare."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, tuple):
        return [default_of(v) for v in value]
    return value


@pytest.mark.parametrize("plain, validating", PAIRS, ids=lambda c: getattr(c, "__name__", ""))
def test_each_class_has_the_fields_and_defaults_of_its_model(
    plain: type[Any], validating: type[BaseModel]
) -> None:
    fields = {f.name: f for f in dataclasses.fields(plain) if f.name != "digest"}
    assert list(fields) == list(validating.model_fields)  # same names, same order
    for name, info in validating.model_fields.items():
        mine = fields[name]
        if info.is_required():
            assert mine.default is dataclasses.MISSING
            assert mine.default_factory is dataclasses.MISSING
            continue
        if mine.default_factory is not dataclasses.MISSING:
            expected = mine.default_factory()
        else:
            expected = mine.default
        theirs = info.get_default(call_default_factory=True, validated_data={})
        assert default_of(expected) == default_of(theirs), name


def test_the_default_scale_is_valid_and_the_models_own() -> None:
    # Built without validation on both sides (to keep imports fast).
    for plain, constructed in zip(model.DEFAULT_SCALE, schema.DEFAULT_SCALE, strict=True):
        assert schema.ScaleLevel.model_validate(dataclasses.asdict(plain)) == constructed
        assert constructed.model_fields_set == {"level", "label", "description"}


def test_a_rubric_without_a_scale_gets_the_default_one() -> None:
    rubric = schema.validated(
        {"id": "r", "title": "R", "version": "1", "categories": [_category()]}
    )
    assert rubric.scale == model.DEFAULT_SCALE
    assert rubric.levels == (0, 1, 2, 3, 4)


def test_the_json_of_a_rubric_is_what_the_model_writes() -> None:
    path = builtin_dir() / "backend.yaml"
    rubric = parse_rubric(path.read_text(encoding="utf-8"), str(path))
    data = json.loads(schema.dump_json(rubric))
    again = schema.validated(data)
    assert again == rubric
    assert again.digest == rubric.digest
    assert schema.dump_json(again, indent=2) == schema.Rubric.model_validate(data).model_dump_json(
        indent=2
    )


@pytest.mark.parametrize(
    "change",
    [
        {"surprise": 1},
        {"categories": [["not a category"]]},
        {"categories": [{**_category(), "skills": [{"id": "x"}]}]},  # no title
    ],
    ids=["unknown-key", "wrong-shape", "missing-key"],
)
def test_plain_data_of_the_wrong_shape_is_refused(change: dict[str, Any]) -> None:
    data = {"id": "r", "title": "R", "version": "1", "categories": [_category()], **change}
    with pytest.raises(TypeError):
        model.from_data(data, "sha256:0")
