"""Progress over time: two reports of the same person, before and after.

Skills are matched by id. What only one side has (a skill added or dropped by a
new rubric revision, or a different rubric altogether) is listed, not compared.
Gaps are matched per requirement: a skill in a "mean" category, or the whole
category for a "best" one, so that the strongest skill changing from Python to
Java is not reported as one gap closed and another opened.

Pure: no I/O, no click or rich.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from skillcheck.analysis.plan import PlanItem, SkillRef
from skillcheck.analysis.report import Report, SkillLine
from skillcheck.analysis.scoring import Level, score
from skillcheck.rubric.model import Role, Rubric


@dataclass(frozen=True)
class SkillChange:
    """One skill's level before and after."""

    skill_id: str
    title: str
    category_title: str
    before: Level | None
    after: Level | None
    before_label: str
    after_label: str

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class Comparison:
    """What changed between two reports (``old`` then ``new``)."""

    old: Report
    new: Report
    #: Same rubric id and the same content (digest) on both sides.
    same_rubric: bool
    #: Readiness on the skills both sides share, when their skill sets differ.
    common_readiness_before: float | None
    common_readiness_after: float | None
    improved: tuple[SkillChange, ...]
    dropped: tuple[SkillChange, ...]
    newly_assessed: tuple[SkillChange, ...]
    no_longer_assessed: tuple[SkillChange, ...]
    #: Items of the old plan whose requirement is now met.
    done: tuple[PlanItem, ...]
    #: Gaps the old report did not have.
    new_gaps: tuple[SkillLine, ...]
    #: Gaps on both sides (the new side's line).
    still_open: tuple[SkillLine, ...]
    only_in_old: tuple[SkillRef, ...]
    only_in_new: tuple[SkillRef, ...]
    #: Plain sentences about what differs between the two sides (rubric, role, person).
    notices: tuple[str, ...]

    @property
    def readiness_before(self) -> float | None:
        return self.old.readiness

    @property
    def readiness_after(self) -> float | None:
        return self.new.readiness

    @property
    def readiness_delta(self) -> float | None:
        if self.old.readiness is None or self.new.readiness is None:
            return None
        return self.new.readiness - self.old.readiness

    @property
    def common_skills(self) -> int:
        old = {s.skill_id for s in self.old.skills}
        return sum(1 for s in self.new.skills if s.skill_id in old)


def _requirement(line: SkillLine) -> str:
    return f"category:{line.category_id}" if line.scoring == "best" else f"skill:{line.skill_id}"


def _requirement_assessed(report: Report, line: SkillLine) -> bool:
    if line.scoring == "best":
        return report.category(line.category_id).assessed > 0
    return line.level is not None


def compare_reports(
    old: Report,
    new: Report,
    *,
    rubric: Rubric | None = None,
    role: Role | None = None,
) -> Comparison:
    """Compare two reports of the same person.

    Pass the new side's ``rubric`` and ``role`` to get readiness on the skills both
    sides share when the skill sets differ (different rubrics or revisions).
    """
    old_by_id = {s.skill_id: s for s in old.skills}
    new_by_id = {s.skill_id: s for s in new.skills}
    improved, dropped, newly, no_longer = [], [], [], []
    for sid, after in new_by_id.items():
        before = old_by_id.get(sid)
        if before is None:
            continue
        change = SkillChange(
            sid,
            after.title,
            after.category_title,
            before.level,
            after.level,
            before.level_label,
            after.level_label,
        )
        if before.level is None and after.level is not None:
            newly.append(change)
        elif before.level is not None and after.level is None:
            no_longer.append(change)
        elif before.level is not None and after.level is not None:
            if after.level > before.level:
                improved.append(change)
            elif after.level < before.level:
                dropped.append(change)

    old_gaps = {_requirement(g): g for g in old.gaps}
    new_gaps = {_requirement(g): g for g in new.gaps}
    done = []
    for item in old.plan.items:
        line = new_by_id.get(item.skill_id)
        if line is None:
            continue
        if _requirement(line) not in new_gaps and _requirement_assessed(new, line):
            done.append(item)
    opened = tuple(g for k, g in new_gaps.items() if k not in old_gaps)
    still = tuple(g for k, g in new_gaps.items() if k in old_gaps)

    only_old = [SkillRef(s.skill_id, s.title) for s in old.skills if s.skill_id not in new_by_id]
    only_old += [SkillRef(k, k) for k in old.unknown_skills if k not in new_by_id]
    only_new = [SkillRef(s.skill_id, s.title) for s in new.skills if s.skill_id not in old_by_id]

    same_rubric = old.rubric == new.rubric and _made_with(old) == _made_with(new)
    common_before = common_after = None
    if (only_old or only_new) and rubric is not None:
        common = set(old_by_id) & set(new_by_id)
        common_before = _readiness(rubric, role, old, common)
        common_after = _readiness(rubric, role, new, common)
    return Comparison(
        old=old,
        new=new,
        same_rubric=same_rubric,
        common_readiness_before=common_before,
        common_readiness_after=common_after,
        improved=tuple(improved),
        dropped=tuple(dropped),
        newly_assessed=tuple(newly),
        no_longer_assessed=tuple(no_longer),
        done=tuple(done),
        new_gaps=opened,
        still_open=still,
        only_in_old=tuple(only_old),
        only_in_new=tuple(only_new),
        notices=_notices(old, new),
    )


def _made_with(report: Report) -> tuple[str, str]:
    ref = report.document_rubric or report.rubric
    return ref.id, ref.digest


def _readiness(rubric: Rubric, role: Role | None, report: Report, common: set[str]) -> float | None:
    # Skills outside ``common`` count as not assessed, which leaves them out of readiness.
    ratings: Mapping[str, Level | None] = {
        s.skill_id: s.level for s in report.skills if s.skill_id in common
    }
    return score(rubric, role, ratings).readiness


def _version(report: Report) -> str:
    ref = report.document_rubric or report.rubric
    return f"{ref.id} {ref.version}"


def _notices(old: Report, new: Report) -> tuple[str, ...]:
    out = []
    if old.subject != new.subject:
        out.append(
            f"The two files are about different people: {old.subject!r} and {new.subject!r}."
        )
    if old.rubric.id != new.rubric.id:
        out.append(
            f"Different rubrics: OLD uses {old.rubric.id} {old.rubric.version}, NEW uses "
            f"{new.rubric.id} {new.rubric.version}; only the skills both have are compared."
        )
    elif _made_with(old) != _made_with(new) or old.rubric_changed or new.rubric_changed:
        out.append(
            f"OLD was made with {_version(old)}, NEW with {_version(new)}; both are measured "
            f"against the current {new.rubric.id} {new.rubric.version}."
        )
    if old.updated is not None and new.updated is not None and old.updated > new.updated:
        out.append(
            f"OLD ({old.updated:%Y-%m-%d}) is newer than NEW ({new.updated:%Y-%m-%d}): "
            "are the two files the wrong way round?"
        )
    if old.role_id != new.role_id:
        out.append(f"Different roles: OLD is measured as {old.role_id}, NEW as {new.role_id}.")
    if old.partial or new.partial:
        which = " and ".join(n for n, r in (("OLD", old), ("NEW", new)) if r.partial)
        out.append(f"{which} {'is' if ' and ' not in which else 'are'} still in progress.")
    return tuple(out)
