"""The study plan: the gap skills in an order a person can follow, with hours and weeks.

Ordering rule: a skill comes after every gap skill it needs, directly or through
prerequisites that are not gaps themselves (A needs B, B needs C, B is already met:
A still comes after C). Among the skills that are free to start, the highest
priority goes first; ties keep the rubric's order. This is Kahn's topological sort
with a priority queue. Rubric validation forbids prerequisite cycles; if a rubric
built in code has one anyway, the highest-priority remaining skill is taken next
instead of failing.

Pure: no I/O, no click or rich.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass

from skillcheck.analysis.scoring import Level, Score, SkillScore
from skillcheck.rubric.model import Rubric

#: Hours below this are treated as zero when filling weeks (float sums drift).
_EPS = 1e-9


@dataclass(frozen=True)
class SkillRef:
    """A skill by id, with its title for display."""

    skill_id: str
    title: str


@dataclass(frozen=True)
class PlanResource:
    """One thing to study for a plan item."""

    title: str
    url: str | None
    hours: float


@dataclass(frozen=True)
class PlanItem:
    """One gap skill to work on: the step to take, what it looks like, and what to study."""

    skill_id: str
    title: str
    category_id: str
    category_title: str
    level: Level
    target: int
    from_label: str
    to_label: str
    #: What the target level looks like for this skill (the rubric's descriptor).
    descriptor: str
    gap: float
    priority: float
    resources: tuple[PlanResource, ...]
    #: Plan items that must come first (prerequisites, through non-gap skills too).
    after: tuple[SkillRef, ...]
    #: Prerequisites nobody rated: they may be gaps the plan cannot see.
    unassessed_prerequisites: tuple[SkillRef, ...]

    @property
    def hours(self) -> float:
        """Total hours of the item's resources."""
        return math.fsum(r.hours for r in self.resources)

    @property
    def step(self) -> str:
        """The step to take, in the scale's words: 'from Guided to Independent'."""
        return f"from {self.from_label} to {self.to_label}"


@dataclass(frozen=True)
class WeekEntry:
    """Hours spent on one plan item in one week."""

    skill_id: str
    title: str
    hours: float


@dataclass(frozen=True)
class Week:
    """One week of the schedule."""

    number: int
    entries: tuple[WeekEntry, ...]

    @property
    def hours(self) -> float:
        return math.fsum(e.hours for e in self.entries)


@dataclass(frozen=True)
class WeekSpan:
    """Consecutive weeks spent on the same single item, merged for display."""

    first: int
    last: int
    entries: tuple[WeekEntry, ...]  # hours summed over the span

    @property
    def label(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


@dataclass(frozen=True)
class Schedule:
    """The plan laid out week by week at a fixed number of hours per week."""

    hours_per_week: float
    weeks: tuple[Week, ...]

    @property
    def total_weeks(self) -> int:
        return len(self.weeks)

    def spans(self) -> tuple[WeekSpan, ...]:
        """The weeks with runs of 'the same one item all week' merged (for compact tables)."""
        out: list[WeekSpan] = []
        for week in self.weeks:
            prev = out[-1] if out else None
            if (
                prev is not None
                and len(week.entries) == 1
                and len(prev.entries) == 1
                and prev.entries[0].skill_id == week.entries[0].skill_id
                and prev.last == week.number - 1
            ):
                e = prev.entries[0]
                merged = WeekEntry(e.skill_id, e.title, e.hours + week.entries[0].hours)
                out[-1] = WeekSpan(prev.first, week.number, (merged,))
            else:
                out.append(WeekSpan(week.number, week.number, week.entries))
        return tuple(out)

    def weeks_of(self, skill_id: str) -> tuple[int, int] | None:
        """The first and last week in which ``skill_id`` is studied."""
        found = [w.number for w in self.weeks if any(e.skill_id == skill_id for e in w.entries)]
        return (found[0], found[-1]) if found else None


@dataclass(frozen=True)
class Plan:
    """The ordered study plan, and its schedule when hours per week were given."""

    items: tuple[PlanItem, ...]
    schedule: Schedule | None = None

    @property
    def total_hours(self) -> float:
        return math.fsum(i.hours for i in self.items)


def level_label(rubric: Rubric, level: Level | None) -> str:
    """The scale label of a level; a fractional (panel) level is shown as a number."""
    if level is None:
        return "not assessed"
    if float(level).is_integer():
        return rubric.label(int(level))
    return f"{level:g}"


def plan_order(
    nodes: list[str],
    prerequisites: dict[str, list[str]],
    priority: dict[str, float],
) -> tuple[list[str], dict[str, list[str]]]:
    """Order ``nodes`` (rubric order) prerequisites-first, highest priority first.

    ``prerequisites`` is the whole rubric graph (skill -> direct prerequisites);
    edges through skills that are not in ``nodes`` are followed transitively.
    Returns the order and, for each node, the nodes that must come before it.
    """
    index = {n: i for i, n in enumerate(nodes)}
    before: dict[str, list[str]] = {}
    for node in nodes:
        found: list[str] = []
        seen = {node}
        stack = list(reversed(prerequisites.get(node, [])))
        while stack:
            pre = stack.pop()
            if pre in seen:
                continue
            seen.add(pre)
            if pre in index:
                found.append(pre)  # a plan node: its own prerequisites are its business
            else:
                stack.extend(reversed(prerequisites.get(pre, [])))
        before[node] = sorted(found, key=index.__getitem__)
    indegree = {n: len(before[n]) for n in nodes}
    children: dict[str, list[str]] = {n: [] for n in nodes}
    for node in nodes:
        for pre in before[node]:
            children[pre].append(node)

    def key(n: str) -> tuple[float, int, str]:
        return (-priority.get(n, 0.0), index[n], n)

    heap = [key(n) for n in nodes if indegree[n] == 0]
    heapq.heapify(heap)
    order: list[str] = []
    done: set[str] = set()
    while len(order) < len(nodes):
        if not heap:
            # Only a prerequisite cycle gets here: break it at the best remaining node.
            heap = [min(key(n) for n in nodes if n not in done)]
        node = heapq.heappop(heap)[2]
        if node in done:
            continue
        done.add(node)
        order.append(node)
        for child in children[node]:
            indegree[child] -= 1
            if indegree[child] == 0 and child not in done:
                heapq.heappush(heap, key(child))
    return order, before


def study_plan(rubric: Rubric, score: Score, hours_per_week: float | None = None) -> Plan:
    """The gap skills of ``score`` as an ordered plan (see the module docstring).

    A gap is a skill that carries a target (``SkillScore.counts``), was assessed
    and sits below the target. ``hours_per_week`` adds a week-by-week schedule.
    """
    gaps = {s.skill_id: s for s in score.skills if s.gap > 0 and s.target is not None}
    nodes = [sid for sid in rubric.skills if sid in gaps]
    graph = {sid: list(skill.prerequisites) for sid, skill in rubric.skills.items()}
    order, before = plan_order(nodes, graph, {sid: gaps[sid].priority for sid in nodes})
    levels = {s.skill_id: s.level for s in score.skills}
    items = tuple(
        _item(rubric, gaps[sid], before[sid], _unassessed(sid, graph, gaps, levels, rubric))
        for sid in order
    )
    schedule = schedule_plan(items, hours_per_week) if hours_per_week else None
    return Plan(items, schedule)


def _unassessed(
    sid: str,
    graph: dict[str, list[str]],
    gaps: dict[str, SkillScore],
    levels: dict[str, Level | None],
    rubric: Rubric,
) -> tuple[SkillRef, ...]:
    # Prerequisites reached without passing through another gap skill, and never rated.
    out: list[str] = []
    seen = {sid}
    stack = list(reversed(graph.get(sid, [])))
    while stack:
        pre = stack.pop()
        if pre in seen or pre in gaps:
            continue
        seen.add(pre)
        if levels.get(pre) is None and pre not in out:
            out.append(pre)
        stack.extend(reversed(graph.get(pre, [])))
    return tuple(SkillRef(p, rubric.skills[p].title) for p in out if p in rubric.skills)


def _item(
    rubric: Rubric, s: SkillScore, before: list[str], unassessed: tuple[SkillRef, ...]
) -> PlanItem:
    assert s.level is not None and s.target is not None
    skill = rubric.skills[s.skill_id]
    return PlanItem(
        skill_id=s.skill_id,
        title=skill.title,
        category_id=s.category_id,
        category_title=rubric.category_of[s.skill_id].title,
        level=s.level,
        target=s.target,
        from_label=level_label(rubric, s.level),
        to_label=level_label(rubric, s.target),
        descriptor=rubric.descriptor(s.skill_id, s.target),
        gap=s.gap,
        priority=s.priority,
        resources=tuple(PlanResource(r.title, r.url, r.hours) for r in skill.resources),
        after=tuple(SkillRef(p, rubric.skills[p].title) for p in before),
        unassessed_prerequisites=unassessed,
    )


def schedule_plan(items: Iterable[PlanItem], hours_per_week: float) -> Schedule:
    """Fill weeks of ``hours_per_week`` hours with the items in plan order.

    An item longer than a week runs over several weeks; a week may hold the end of
    one item and the start of the next. An item with no hours (no resources
    listed) is placed in the week where it comes up.
    """
    if not hours_per_week > 0:
        raise ValueError("hours_per_week must be positive")
    weeks: list[Week] = []
    current: list[WeekEntry] = []
    room = hours_per_week
    for item in items:
        left = item.hours
        if left <= _EPS:
            # Nothing to time: it joins the week in progress (or the last full one).
            entry = WeekEntry(item.skill_id, item.title, 0.0)
            if not current and weeks:
                last = weeks[-1]
                weeks[-1] = Week(last.number, (*last.entries, entry))
            else:
                current.append(entry)
            continue
        while left > _EPS:
            take = min(left, room)
            current.append(WeekEntry(item.skill_id, item.title, take))
            left -= take
            room -= take
            if room <= _EPS:
                weeks.append(Week(len(weeks) + 1, tuple(current)))
                current, room = [], hours_per_week
    if current:
        weeks.append(Week(len(weeks) + 1, tuple(current)))
    return Schedule(hours_per_week, tuple(weeks))
