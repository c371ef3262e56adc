"""One person's report against a role: readiness, categories, gaps, strengths, plan.

``build_report`` works on any mapping of skill id -> level, so a panel's
aggregated levels (fractional medians) produce the same report as a
self-assessment; ``report_for_document`` is the shortcut for a saved document.

Pure: no I/O, no click or rich.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from skillcheck.analysis.plan import Plan, level_label, study_plan
from skillcheck.analysis.scoring import CategoryScore, Level, Score, score
from skillcheck.errors import SkillcheckError
from skillcheck.rubric.model import Role, Rubric

if TYPE_CHECKING:
    from skillcheck.assessment import Assessment, Scorecard


@dataclass(frozen=True)
class RubricSummary:
    """Which rubric (and which revision of it) a report or document refers to."""

    id: str
    version: str
    digest: str
    title: str = ""


@dataclass(frozen=True)
class ScalePoint:
    """One step of the rubric's scale."""

    level: int
    label: str


@dataclass(frozen=True)
class SkillLine:
    """One skill in the report: level, target, gap and the person's note."""

    skill_id: str
    title: str
    category_id: str
    category_title: str
    #: "mean" or "best" (the category's scoring).
    scoring: str
    level: Level | None
    target: int | None
    level_label: str
    target_label: str
    #: Skill weight x category weight.
    weight: float
    #: False for the skills of a "best" category that do not carry its target.
    counts: bool
    gap: float
    priority: float
    note: str | None = None

    @property
    def assessed(self) -> bool:
        return self.level is not None


@dataclass(frozen=True)
class Report:
    """Everything a renderer needs; no rubric lookups required."""

    subject: str
    kind: str
    status: str
    started: datetime | None
    updated: datetime | None
    rubric: RubricSummary
    #: The rubric revision the document was made with, when it differs from ``rubric``.
    document_rubric: RubricSummary | None
    role_id: str | None
    role_title: str | None
    scale: tuple[ScalePoint, ...]
    #: 0..1 (None when nothing the role requires was assessed); see scoring.py.
    readiness: float | None
    #: 0..1: the share (by weight) of the role's requirements that were assessed.
    coverage: float
    categories: tuple[CategoryScore, ...]
    #: Every skill in scope, in rubric order.
    skills: tuple[SkillLine, ...]
    #: Rated skills the rubric does not have (dropped by a later revision).
    unknown_skills: tuple[str, ...]
    plan: Plan
    score: Score = field(repr=False, compare=False)

    @property
    def partial(self) -> bool:
        """True while the assessment is still in progress."""
        return self.status != "complete"

    @property
    def rubric_changed(self) -> bool:
        return self.document_rubric is not None

    @property
    def min_level(self) -> int:
        return self.scale[0].level

    @property
    def max_level(self) -> int:
        return self.scale[-1].level

    @property
    def gaps(self) -> tuple[SkillLine, ...]:
        """Skills below target, highest priority first (ties: rubric order)."""
        order = {s.skill_id: i for i, s in enumerate(self.skills)}
        found = [s for s in self.skills if s.gap > 0]
        return tuple(sorted(found, key=lambda s: (-s.priority, order[s.skill_id])))

    @property
    def strengths(self) -> tuple[SkillLine, ...]:
        """Skills the role requires (above the bottom of the scale) that meet the target."""
        lo = self.min_level
        return tuple(
            s
            for s in self.skills
            if s.counts
            and s.level is not None
            and s.target is not None
            and s.target > lo
            and s.level >= s.target
        )

    @property
    def not_assessed(self) -> tuple[SkillLine, ...]:
        """Skills nobody rated (n/a, don't know or not reached yet): never counted as 0."""
        return tuple(s for s in self.skills if s.level is None)

    @property
    def other(self) -> tuple[SkillLine, ...]:
        """Rated skills that are neither gaps nor strengths (the role does not require them)."""
        taken = {s.skill_id for s in (*self.gaps, *self.strengths)}
        return tuple(s for s in self.skills if s.level is not None and s.skill_id not in taken)

    def category(self, category_id: str) -> CategoryScore:
        for c in self.categories:
            if c.category_id == category_id:
                return c
        raise KeyError(category_id)

    def skill(self, skill_id: str) -> SkillLine:
        for s in self.skills:
            if s.skill_id == skill_id:
                return s
        raise KeyError(skill_id)

    def label(self, level: Level | None) -> str:
        """The scale label of a level ('Guided'); fractional levels as numbers."""
        if level is None:
            return "not assessed"
        if float(level).is_integer():
            for p in self.scale:
                if p.level == int(level):
                    return p.label
        return f"{level:g}"


def resolve_role(rubric: Rubric, role_id: str | None) -> Role | None:
    """The rubric's role ``role_id``; a one-line error listing the roles when unknown.

    ``None`` is allowed only for a rubric that defines no roles (the report then
    shows levels without targets).
    """
    known = ", ".join(r.id for r in rubric.roles)
    if role_id is None:
        if rubric.roles:
            raise SkillcheckError(f"no role to compare with: pass --role (one of: {known})")
        return None
    try:
        return rubric.role(role_id)
    except KeyError:
        roles = f"its roles are: {known}" if known else "it defines no roles"
        raise SkillcheckError(f"rubric {rubric.id!r} has no role {role_id!r}; {roles}") from None


def build_report(
    rubric: Rubric,
    ratings: Mapping[str, Level | None],
    role: Role | None,
    *,
    subject: str = "",
    kind: str = "assessment",
    status: str = "complete",
    started: datetime | None = None,
    updated: datetime | None = None,
    notes: Mapping[str, str | None] | None = None,
    categories: Sequence[str] | None = None,
    document_rubric: RubricSummary | None = None,
    hours_per_week: float | None = None,
) -> Report:
    """Measure ``ratings`` (skill id -> level; None or absent = not assessed) against ``role``.

    ``categories`` limits the report to some category ids (an ``--only`` run).
    ``document_rubric`` names the revision the ratings were made with; pass it
    only when it differs from ``rubric`` (the report then says so).
    """
    cats = list(categories) if categories is not None else None
    result = score(rubric, role, ratings, cats)
    notes = notes or {}
    lines = []
    for s in result.skills:
        skill = rubric.skills[s.skill_id]
        cat = rubric.category_of[s.skill_id]
        lines.append(
            SkillLine(
                skill_id=s.skill_id,
                title=skill.title,
                category_id=cat.id,
                category_title=cat.title,
                scoring=cat.scoring,
                level=s.level,
                target=s.target,
                level_label=level_label(rubric, s.level),
                target_label="-" if s.target is None else level_label(rubric, s.target),
                weight=s.weight,
                counts=s.counts,
                gap=s.gap,
                priority=s.priority,
                note=notes.get(s.skill_id),
            )
        )
    unknown = tuple(k for k in ratings if k not in rubric.skills)
    return Report(
        subject=subject,
        kind=kind,
        status=status,
        started=started,
        updated=updated,
        rubric=RubricSummary(rubric.id, rubric.version, rubric.digest, rubric.title),
        document_rubric=document_rubric,
        role_id=role.id if role else None,
        role_title=role.title if role else None,
        scale=tuple(ScalePoint(lv, rubric.label(lv)) for lv in rubric.levels),
        readiness=result.readiness,
        coverage=result.coverage,
        categories=result.categories,
        skills=tuple(lines),
        unknown_skills=unknown,
        plan=study_plan(rubric, result, hours_per_week),
        score=result,
    )


def report_for_document(
    rubric: Rubric,
    doc: Assessment | Scorecard,
    role: Role | None,
    *,
    hours_per_week: float | None = None,
) -> Report:
    """``build_report`` for a saved self-assessment or scorecard."""
    ref = doc.rubric
    changed = ref.id != rubric.id or ref.digest != rubric.digest
    return build_report(
        rubric,
        doc.levels(),
        role,
        subject=doc.subject,
        kind=doc.kind,
        status=doc.status,
        started=doc.started,
        updated=doc.updated,
        notes={k: r.note for k, r in doc.ratings.items()},
        categories=doc.categories,
        document_rubric=RubricSummary(ref.id, ref.version, ref.digest) if changed else None,
        hours_per_week=hours_per_week,
    )
