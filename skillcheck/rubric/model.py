"""A validated rubric as plain, frozen data: what every command works with.

The file format itself (types, limits, defaults, the JSON Schema) is the
pydantic models of ``skillcheck.rubric.schema``, which validate a file and
turn it into these classes (``schema.runtime``). Keeping pydantic out of the
objects that commands use means that a rubric read from the cache
(``skillcheck.rubric.cache``) costs no pydantic import: about 50 ms, a tenth
of a panel of 10,000 scorecards. The fields, defaults and names here are the
models'; tests/test_rubric_model.py holds them to it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class ScaleLevel:
    """One step of the rating scale."""

    level: int
    label: str
    description: str = ""


#: The scale of a rubric that sets none.
DEFAULT_SCALE: tuple[ScaleLevel, ...] = tuple(
    ScaleLevel(level=level, label=label, description=description)
    for level, label, description in (
        (0, "No exposure", "Has not used it."),
        (1, "Aware", "Knows what it is and when it is used."),
        (2, "Guided", "Does routine work with help or a reference."),
        (3, "Independent", "Does the work alone, to a good standard."),
        (4, "Expert", "Leads, teaches, and handles the hard cases."),
    )
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Resource:
    """Something to study, with a realistic estimate of the hours it takes."""

    title: str
    url: str | None = None
    hours: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Skill:
    """A skill to rate, with what each level looks like for this skill."""

    id: str
    title: str
    description: str = ""
    weight: float = 1.0
    #: Level -> what a person at that level can do, for this skill.
    levels: dict[int, str] = field(default_factory=dict)
    prerequisites: list[str] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class Category:
    """A group of skills."""

    id: str
    title: str
    description: str = ""
    weight: float = 1.0
    #: mean: every skill counts; best: 'at least one of these', the strongest counts.
    scoring: Literal["mean", "best"] = "mean"
    skills: list[Skill]


@dataclass(frozen=True, slots=True, kw_only=True)
class Targets:
    """The level a role expects. The most specific entry wins: skill, category, default."""

    default: int | None = None
    categories: dict[str, int] = field(default_factory=dict)
    skills: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Role:
    """A role people are measured against (e.g. mid-level backend developer)."""

    id: str
    title: str
    description: str = ""
    targets: Targets = field(default_factory=Targets)


@dataclass(frozen=True, kw_only=True)  # no slots: the lookups below are cached_property
class Rubric:
    """A whole rubric file, validated."""

    id: str
    title: str
    version: str
    description: str = ""
    scale: tuple[ScaleLevel, ...] = DEFAULT_SCALE
    categories: list[Category]
    roles: list[Role] = field(default_factory=list)
    #: A hash of the rubric's content, independent of YAML formatting
    #: (``schema.digest``); documents record it.
    digest: str = field(repr=False)

    # Derived lookups. cached_property works on frozen dataclasses: it writes
    # to the instance dict, not through __setattr__.

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


# --- From the JSON form ----------------------------------------------------------
# What the models dump with ``mode="json"`` (and the cache stores): lists for
# tuples and strings for integer keys. Only those are converted back; anything
# else of the wrong shape (an unknown or missing key) raises TypeError.


def from_data(data: Mapping[str, Any], digest: str) -> Rubric:
    """The Rubric of a validated rubric's JSON form and its digest."""
    return _make(
        Rubric,
        {**data, "digest": digest},
        scale=lambda levels: tuple(_make(ScaleLevel, s) for s in levels),
        categories=_each(lambda c: _make(Category, c, skills=_each(_skill))),
        roles=_each(lambda r: _make(Role, r, targets=lambda t: _make(Targets, t))),
    )


def _skill(data: Any) -> Skill:
    return _make(
        Skill,
        data,
        levels=lambda levels: {int(k): v for k, v in levels.items()},
        resources=_each(lambda r: _make(Resource, r)),
    )


def _make(cls: Callable[..., T], data: Any, **convert: Callable[[Any], Any]) -> T:
    if type(data) is not dict:
        raise TypeError(f"not a {getattr(cls, '__name__', cls)}: {type(data).__name__}")
    return cls(**{k: convert[k](v) if k in convert else v for k, v in data.items()})


def _each(build: Callable[[Any], T]) -> Callable[[Any], list[T]]:
    return lambda items: [build(item) for item in items]
