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
from typing import NamedTuple

from skillcheck.rubric.model import Role, Rubric

Level = float  # panel medians can fall between two levels


class SkillScore(NamedTuple):
    """One skill measured against the role (a tuple: a panel makes many)."""

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


class CategoryScore(NamedTuple):
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


class _SkillPlan(NamedTuple):
    skill_id: str
    skill_weight: float
    target: int | None
    weight: float  # skill weight x category weight
    #: In a "mean" category, this skill's SkillScore by whole level (or None):
    #: the same few tuples serve every candidate of a panel, instead of a new
    #: one per candidate and skill (see _mean). Filled as they are first made.
    scores: dict[int | None, SkillScore]


class _CategoryPlan(NamedTuple):
    category_id: str
    title: str
    scoring: str
    weight: float
    skills: tuple[_SkillPlan, ...]
    #: Mean categories: the weighted mean of the targets (None if nothing is required).
    #: Best categories: the category's target.
    target: int | float | None
    #: The weight this category adds to the role's requirements.
    required_weight: float


class _Plan(NamedTuple):
    """Everything about (rubric, role, categories) that does not depend on the ratings."""

    lo: int
    categories: tuple[_CategoryPlan, ...]
    required_weight: float
    skill_count: int


#: Plans by (rubric, role, categories) identity; the objects are kept alive in the
#: value so that their ids cannot be reused while cached. A panel scores
#: thousands of candidates against one plan.
_PLANS: dict[tuple[int, int, tuple[str, ...] | None], tuple[Rubric, Role | None, _Plan]] = {}


def _plan(rubric: Rubric, role: Role | None, categories: list[str] | None) -> _Plan:
    key = (id(rubric), id(role), tuple(categories) if categories is not None else None)
    hit = _PLANS.get(key)
    if hit is not None and hit[0] is rubric and hit[1] is role:
        return hit[2]
    lo = rubric.min_level
    cats = []
    required = 0.0
    count = 0
    for cat in rubric.categories:
        if categories is not None and cat.id not in categories:
            continue
        count += len(cat.skills)
        if cat.scoring == "best":
            target: int | float | None = rubric.category_target(role, cat.id)
            skills = tuple(
                _SkillPlan(s.id, s.weight, target, s.weight * cat.weight, {})  # type: ignore[arg-type]
                for s in cat.skills
            )
            weight = cat.weight if target is not None and target > lo else 0.0
        else:
            skills = tuple(
                _SkillPlan(s.id, s.weight, rubric.target(role, s.id), s.weight * cat.weight, {})
                for s in cat.skills
            )
            tw = tv = weight = 0.0
            for p in skills:
                if p.target is not None:
                    tw += p.skill_weight
                    tv += p.skill_weight * p.target
                    if p.target > lo:
                        weight += p.weight
            target = tv / tw if tw else None
        cats.append(
            _CategoryPlan(cat.id, cat.title, cat.scoring, cat.weight, skills, target, weight)
        )
        required += weight
    plan = _Plan(lo, tuple(cats), required, count)
    if len(_PLANS) > 64:
        _PLANS.clear()
    _PLANS[key] = (rubric, role, plan)
    return plan


def score(
    rubric: Rubric,
    role: Role | None,
    ratings: Mapping[str, Level | None],
    categories: list[str] | None = None,
) -> Score:
    """Measure ``ratings`` (skill id -> level, None or absent = not assessed).

    ``categories`` limits the analysis to some category ids (``--only``).
    """
    plan = _plan(rubric, role, categories)
    lo = plan.lo
    got = assessed_weight = 0.0
    assessed_skills = 0
    cats: list[CategoryScore] = []
    skills: list[SkillScore] = []
    for cat in plan.categories:
        if cat.scoring == "best":
            cat_score, cat_got, cat_weight = _best(cat, ratings, lo, skills)
        else:
            cat_score, cat_got, cat_weight = _mean(cat, ratings, lo, skills)
        cats.append(cat_score)
        assessed_skills += cat_score.assessed
        assessed_weight += cat_weight
        got += cat_got
    if plan.required_weight:
        coverage = assessed_weight / plan.required_weight
    else:
        coverage = assessed_skills / plan.skill_count if plan.skill_count else 0.0
    readiness = got / assessed_weight if assessed_weight else None
    return Score(readiness, coverage, tuple(cats), tuple(skills))


_new = tuple.__new__
#: SkillScores kept per skill (levels are few; a library caller may pass any).
_MAX_KNOWN = 64


def _mean(
    cat: _CategoryPlan, ratings: Mapping[str, Level | None], lo: int, out: list[SkillScore]
) -> tuple[CategoryScore, float, float]:
    """The category's score, and the attainment and weight it adds to readiness."""
    got = assessed_weight = lw = lv = 0.0
    assessed = 0
    cid = cat.category_id
    get = ratings.get
    append = out.append
    for sid, skill_weight, target, weight, scores in cat.skills:
        level = get(sid)
        if level is None or type(level) is int:
            # The SkillScore of a whole level (or of none) is made once and
            # serves every candidate of a panel. An int only: a float 2.0
            # would find the one made for 2, which shows as 2.
            known = scores.get(level)
            if known is None:
                known = _new(SkillScore, (sid, cid, level, target, weight, True))
                if len(scores) < _MAX_KNOWN:
                    scores[level] = known
        else:  # tuple.__new__ directly: a panel makes a hundred thousand of these
            known = _new(SkillScore, (sid, cid, level, target, weight, True))
        append(known)
        if level is None:
            continue
        assessed += 1
        lw += skill_weight
        lv += skill_weight * level
        if target is not None and target > lo:
            assessed_weight += weight
            # The share of the climb from the bottom to the target, 0..1 (a
            # panel scores this a hundred thousand times: no min/max calls).
            reached = (level if level < target else target) - lo
            if reached > 0:
                got += weight * (reached / (target - lo))
    return (
        CategoryScore(
            cid,
            cat.title,
            cat.scoring,
            lv / lw if lw else None,
            cat.target,
            got / assessed_weight if assessed_weight else None,
            assessed,
            len(cat.skills),
        ),
        got,
        assessed_weight,
    )


def _best(
    cat: _CategoryPlan, ratings: Mapping[str, Level | None], lo: int, out: list[SkillScore]
) -> tuple[CategoryScore, float, float]:
    target = cat.target
    levels = [ratings.get(p.skill_id) for p in cat.skills]
    assessed = [(lv, -i) for i, lv in enumerate(levels) if lv is not None]
    # The strongest skill carries the target; ties go to the one listed first.
    best_level, best = (max(assessed)[0], -max(assessed)[1]) if assessed else (None, -1)
    for i, (p, level) in enumerate(zip(cat.skills, levels, strict=True)):
        out.append(SkillScore(p.skill_id, cat.category_id, level, p.target, p.weight, i == best))
    got = assessed_weight = 0.0
    if target is not None and target > lo and best_level is not None:
        assessed_weight = cat.weight
        got = cat.weight * min(1.0, max(0.0, (min(best_level, target) - lo) / (target - lo)))
    return (
        CategoryScore(
            cat.category_id,
            cat.title,
            cat.scoring,
            best_level,
            float(target) if target is not None else None,
            got / assessed_weight if assessed_weight else None,
            len(assessed),
            len(cat.skills),
        ),
        got,
        assessed_weight,
    )
