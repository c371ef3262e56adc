"""The rubric file format as pydantic models: the public contract for authors.

These models validate a rubric file (``skillcheck.rubric.loader``), give its
JSON Schema (``skillcheck rubrics schema``) and its digest. What the rest of
skillcheck works with is the plain, validated data of
``skillcheck.rubric.model``, made by ``runtime()``: commands that read a
rubric from the cache never import pydantic (about 50 ms).

Structural rules (types, required and unknown keys) live on the models;
rules that span the file (unique ids, references, cycles, levels inside the
scale) live in ``skillcheck.rubric.checks`` so that all problems of a file are
reported at once.

No ``from __future__ import annotations`` here: pydantic would have to evaluate
every annotation string when creating the classes, which makes importing this
module measurably slower.
"""

import dataclasses
import hashlib
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from skillcheck.rubric import model

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=64),
    Field(
        description="Lower-case letters, digits, '.', '_' and '-'; starts with a letter or digit."
    ),
]
Text = Annotated[str, StringConstraints(max_length=20_000)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Weight = Annotated[float, Field(gt=0, le=1000, description="Relative importance; default 1.")]


class _Strict(BaseModel):
    # defer_build: pydantic builds a model's validator and serializer on first
    # use instead of at import (about 45 ms for these models), so that
    # ``rubrics schema`` never builds the validators.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class ScaleLevel(_Strict):
    """One step of the rating scale."""

    level: int = Field(ge=0, le=100)
    label: Title
    description: Text = ""


# The scale of a rubric that sets none (``model.DEFAULT_SCALE``), built without
# validation so that importing this module does not build the ScaleLevel
# validator (see _Strict); tests check that each level validates.
DEFAULT_SCALE: tuple[ScaleLevel, ...] = tuple(
    ScaleLevel.model_construct(**dataclasses.asdict(level)) for level in model.DEFAULT_SCALE
)


class Resource(_Strict):
    """Something to study, with a realistic estimate of the hours it takes."""

    title: Title
    url: Annotated[str, StringConstraints(max_length=2000)] | None = None
    hours: float = Field(ge=0, le=10_000)


class Skill(_Strict):
    """A skill to rate, with what each level looks like for this skill."""

    id: Id
    title: Title
    description: Text = ""
    weight: Weight = 1.0
    levels: dict[int, Text] = Field(
        default_factory=dict,
        description="Level -> what a person at that level can do, for this skill.",
    )
    prerequisites: list[Id] = Field(default_factory=list)
    resources: list[Resource] = Field(default_factory=list)


class Category(_Strict):
    """A group of skills."""

    id: Id
    title: Title
    description: Text = ""
    weight: Weight = 1.0
    scoring: Literal["mean", "best"] = Field(
        default="mean",
        description="mean: every skill counts; best: 'at least one of these', the strongest counts.",
    )
    skills: list[Skill] = Field(min_length=1)


class Targets(_Strict):
    """The level a role expects. The most specific entry wins: skill, category, default."""

    default: int | None = Field(
        default=None, description="Target for skills not named below; omit for 'not required'."
    )
    categories: dict[Id, int] = Field(default_factory=dict)
    skills: dict[Id, int] = Field(default_factory=dict)


class Role(_Strict):
    """A role people are measured against (e.g. mid-level backend developer)."""

    id: Id
    title: Title
    description: Text = ""
    targets: Targets = Field(default_factory=Targets)


class Rubric(_Strict):
    """A whole rubric file."""

    id: Id
    title: Title
    version: Annotated[
        str,
        # `version: 1.0` unquoted is a float in YAML; authors mean the text.
        BeforeValidator(
            lambda v: str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
        ),
        StringConstraints(min_length=1, max_length=50),
    ]
    description: Text = ""
    scale: tuple[ScaleLevel, ...] = Field(default=DEFAULT_SCALE, min_length=2)
    categories: list[Category] = Field(min_length=1)
    roles: list[Role] = Field(default_factory=list)


def digest(rubric: Rubric) -> str:
    """A hash of the rubric's content, independent of YAML formatting."""
    body = rubric.model_dump_json(exclude_defaults=False).encode("utf-8")
    return "sha256:" + hashlib.sha256(body).hexdigest()


def json_form(rubric: Rubric) -> tuple[dict[str, Any], str]:
    """A validated rubric as JSON data and its digest: what ``model.from_data``
    builds the plain rubric from, and what the rubric cache stores."""
    return rubric.model_dump(mode="json"), digest(rubric)


def runtime(rubric: Rubric) -> model.Rubric:
    """The plain rubric that commands work with, from a validated one."""
    return model.from_data(*json_form(rubric))


def validated(data: Any) -> model.Rubric:
    """Validate rubric data (a parsed file) with the models alone, without the
    cross-reference checks of ``skillcheck.rubric.checks``: pydantic's
    ValidationError if it does not fit."""
    return runtime(Rubric.model_validate(data))


def dump_json(rubric: model.Rubric, indent: int | None = None) -> str:
    """The rubric as pydantic writes it: every field, defaults included."""
    data = dataclasses.asdict(rubric)
    del data["digest"]
    return Rubric.model_validate(data).model_dump_json(indent=indent)
