"""Readiness for a role, per skill and per category.

Readiness is the weighted share of the role's targets that the assessed
ratings reach: each required skill (or each "best" category, through its
strongest skill) contributes ``min(level, target)`` climbed from the bottom of
the scale, as a fraction of the climb to its target, weighted by skill weight x
category weight. Skills that were not assessed are left out of readiness and
show up in coverage instead; they never count as 0.

Properties (tested with hypothesis): every target met -> 1.0; every rating at
the bottom of the scale -> 0.0; raising one rating never lowers it; a "best"
category counts its strongest skill.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from skillcheck.rubric.model import Category, Role, Rubric

Level = float  # panel medians can fall between two levels


@dataclass(frozen=True)
class SkillScore:
    """One skill measured against the role."""

    skill_id: str
    category_id: str
    level: Level | None  # None: not assessed
    target: int | None  # None: the role does not require this skill
    weight: float  # skill weight x category weight
    #: In a "best" category only the strongest skill carries the category's target.
    counts: bool

    @property
    def assessed(self) -> bool:
        return self.level is not None

    @property
    def gap(self) -> float:
        """How many levels below target (0 when met, not required or not assessed)."""
        if not self.counts or self.level is None or self.target is None:
            return 0.0
        return max(0.0, self.target - self.level)

    @property
    def priority(self) -> float:
        """Gap x skill weight x category weight: what to study first."""
        return self.gap * self.weight


@dataclass(frozen=True)
class CategoryScore:
    """A category's current level against the role's target."""

    category_id: str
    title: str
    scoring: str
    current: float | None  # weighted mean of assessed levels, or the best one
    target: float | None  # weighted mean of targets, or the category target
    readiness: float | None  # 0..1 over the category's assessed requirements
    assessed: int
    total: int


@dataclass(frozen=True)
class Score:
    """The whole picture for one set of ratings against one role."""

    readiness: float | None  # 0..1; None when nothing required was assessed
    coverage: float  # 0..1 share (by weight) of the requirements that were assessed
    categories: tuple[CategoryScore, ...]
    skills: tuple[SkillScore, ...]

    def skill(self, skill_id: str) -> SkillScore:
        for s in self.skills:
            if s.skill_id == skill_id:
                return s
        raise KeyError(skill_id)


@dataclass
class _Acc:
    got: float = 0.0
    assessed_weight: float = 0.0
    total_weight: float = 0.0

    def add(self, weight: float, attainment: float | None) -> None:
        self.total_weight += weight
        if attainment is not None:
            self.assessed_weight += weight
            self.got += weight * attainment

    @property
    def readiness(self) -> float | None:
        return self.got / self.assessed_weight if self.assessed_weight else None


def _attainment(level: Level | None, target: int, lo: int) -> float | None:
    if level is None:
        return None
    return min(1.0, max(0.0, (min(level, target) - lo) / (target - lo)))


def score(
    rubric: Rubric,
    role: Role | None,
    ratings: Mapping[str, Level | None],
    categories: list[str] | None = None,
) -> Score:
    """Measure ``ratings`` (skill id -> level, None or absent = not assessed).

    ``categories`` limits the analysis to some category ids (``--only``).
    """
    lo = rubric.min_level
    total = _Acc()
    cats: list[CategoryScore] = []
    skills: list[SkillScore] = []
    for cat in rubric.categories:
        if categories is not None and cat.id not in categories:
            continue
        acc = _Acc()
        if cat.scoring == "best":
            cat_scores, cat_score = _best(rubric, role, cat, ratings, lo, acc)
        else:
            cat_scores, cat_score = _mean(rubric, role, cat, ratings, lo, acc)
        skills.extend(cat_scores)
        cats.append(cat_score)
        total.add(acc.total_weight, None)
        total.assessed_weight += acc.assessed_weight
        total.got += acc.got
    if total.total_weight:
        coverage = total.assessed_weight / total.total_weight
    else:
        coverage = sum(s.assessed for s in skills) / len(skills) if skills else 0.0
    return Score(total.readiness, coverage, tuple(cats), tuple(skills))


def _mean(
    rubric: Rubric,
    role: Role | None,
    cat: Category,
    ratings: Mapping[str, Level | None],
    lo: int,
    acc: _Acc,
) -> tuple[list[SkillScore], CategoryScore]:
    out = []
    lw = lv = tw = tv = 0.0
    for skill in cat.skills:
        level = ratings.get(skill.id)
        target = rubric.target(role, skill.id)
        weight = skill.weight * cat.weight
        out.append(SkillScore(skill.id, cat.id, level, target, weight, counts=True))
        if target is not None:
            tw += skill.weight
            tv += skill.weight * target
            if target > lo:
                acc.add(weight, _attainment(level, target, lo))
        if level is not None:
            lw += skill.weight
            lv += skill.weight * level
    assessed = sum(s.assessed for s in out)
    return out, CategoryScore(
        cat.id,
        cat.title,
        cat.scoring,
        lv / lw if lw else None,
        tv / tw if tw else None,
        acc.readiness,
        assessed,
        len(out),
    )


def _best(
    rubric: Rubric,
    role: Role | None,
    cat: Category,
    ratings: Mapping[str, Level | None],
    lo: int,
    acc: _Acc,
) -> tuple[list[SkillScore], CategoryScore]:
    target = rubric.category_target(role, cat.id)
    rated = [(ratings.get(s.id), i) for i, s in enumerate(cat.skills)]
    assessed = [(lv, -i) for lv, i in rated if lv is not None]
    # The strongest skill carries the target; ties go to the one listed first.
    best_index = -max(assessed)[1] if assessed else None
    best_level = max(assessed)[0] if assessed else None
    out = [
        SkillScore(
            s.id,
            cat.id,
            ratings.get(s.id),
            target,
            s.weight * cat.weight,
            counts=i == best_index,
        )
        for i, s in enumerate(cat.skills)
    ]
    if target is not None and target > lo:
        acc.add(cat.weight, _attainment(best_level, target, lo))
    return out, CategoryScore(
        cat.id,
        cat.title,
        cat.scoring,
        best_level,
        float(target) if target is not None else None,
        acc.readiness,
        len(assessed),
        len(out),
    )
