"""The rubric file format as pydantic models: the public contract for authors.

Structural rules (types, required and unknown keys) live on the models;
rules that span the file (unique ids, references, cycles, levels inside the
scale) live in ``skillcheck.rubric.checks`` so that all problems of a file are
reported at once.

No ``from __future__ import annotations`` here: pydantic would have to evaluate
every annotation string when creating the classes, which makes importing this
module (on every command that reads a rubric) measurably slower.
"""

import hashlib
from functools import cached_property
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

M = TypeVar("M", bound=BaseModel)

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


def construct(model: type[M], values: dict[str, Any]) -> M:
    """A ``model`` from values that are already what validation makes of them.

    For data that is known to be valid (a validated rubric from the cache, a
    document the fast reader vouched for): nothing is checked. As with
    validation, ``model_fields_set`` is the keys of ``values`` and the other
    fields get their defaults (added to ``values``). Faster than
    ``model_construct`` alone, which inspects the signature of each default
    factory on every call: ours take no argument.
    """
    fields_set = set(values)
    for name, field in model.model_fields.items():
        if name in fields_set or field.is_required():
            continue
        factory = field.default_factory
        if factory is None:
            values[name] = field.default  # immutable (str, number, None, DEFAULT_SCALE)
        elif isinstance(factory, type) and issubclass(factory, BaseModel):
            values[name] = construct(factory, {})  # e.g. Targets(), without validating
        else:
            values[name] = factory()  # type: ignore[call-arg]
    return model.model_construct(fields_set, **values)


class _Strict(BaseModel):
    # defer_build: pydantic builds a model's validator and serializer on first
    # use instead of at import (about 45 ms for these models). A rubric read
    # from the cache (skillcheck.rubric.cache) is never validated, so commands
    # that only read rubrics never build them.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class ScaleLevel(_Strict):
    """One step of the rating scale."""

    level: int = Field(ge=0, le=100)
    label: Title
    description: Text = ""


# Built without validation so that importing this module does not build the
# ScaleLevel validator (see _Strict); tests check that each level validates.
DEFAULT_SCALE: tuple[ScaleLevel, ...] = tuple(
    ScaleLevel.model_construct(level=level, label=label, description=description)
    for level, label, description in (
        (0, "No exposure", "Has not used it."),
        (1, "Aware", "Knows what it is and when it is used."),
        (2, "Guided", "Does routine work with help or a reference."),
        (3, "Independent", "Does the work alone, to a good standard."),
        (4, "Expert", "Leads, teaches, and handles the hard cases."),
    )
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

    # Derived lookups. cached_property works on frozen pydantic models: it
    # writes to the instance dict, not through __setattr__.

    @cached_property
    def skills(self) -> dict[str, Skill]:
        """Every skill by id, in rubric order."""
        return {s.id: s for c in self.categories for s in c.skills}

    @cached_property
    def category_of(self) -> dict[str, Category]:
        """The category of each skill id."""
        return {s.id: c for c in self.categories for s in c.skills}

    @cached_property
    def levels(self) -> tuple[int, ...]:
        """The scale's levels, lowest first."""
        return tuple(sorted(s.level for s in self.scale))

    @property
    def min_level(self) -> int:
        return self.levels[0]

    @property
    def max_level(self) -> int:
        return self.levels[-1]

    def label(self, level: int) -> str:
        """The scale label of ``level`` (e.g. 'Guided')."""
        for s in self.scale:
            if s.level == level:
                return s.label
        return str(level)

    def descriptor(self, skill_id: str, level: int) -> str:
        """What ``level`` looks like for this skill; the scale's text if it has none."""
        own = self.skills[skill_id].levels.get(level)
        if own:
            return own
        for s in self.scale:
            if s.level == level:
                return s.description or s.label
        return ""

    def role(self, role_id: str) -> Role:
        """The role with this id (KeyError if absent)."""
        for r in self.roles:
            if r.id == role_id:
                return r
        raise KeyError(role_id)

    def target(self, role: Role | None, skill_id: str) -> int | None:
        """The level ``role`` expects for a skill, or None when it expects nothing."""
        if role is None:
            return None
        t = role.targets
        if skill_id in t.skills:
            return t.skills[skill_id]
        cat = self.category_of[skill_id].id
        if cat in t.categories:
            return t.categories[cat]
        return t.default

    def category_target(self, role: Role | None, category_id: str) -> int | None:
        """The target a role sets for a whole category (used by 'best' categories)."""
        if role is None:
            return None
        t = role.targets
        return t.categories.get(category_id, t.default)

    @cached_property
    def digest(self) -> str:
        """A hash of the rubric's content, independent of YAML formatting."""
        body = self.model_dump_json(exclude_defaults=False).encode("utf-8")
        return "sha256:" + hashlib.sha256(body).hexdigest()
