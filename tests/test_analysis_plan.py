"""The study plan: prerequisites first, then priority; steps, descriptors, hours, weeks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillcheck.analysis.plan import PlanItem, plan_order, schedule_plan, study_plan
from skillcheck.analysis.report import build_report
from skillcheck.analysis.scoring import score
from skillcheck.rubric import Rubric, load_rubric_file
from skillcheck.rubric.schema import validated


def chain_rubric(
    skills: list[dict[str, Any]], targets: dict[str, int] | None = None
) -> tuple[Rubric, Any]:
    rubric = validated(
        {
            "id": "chain",
            "title": "Chain",
            "version": "1",
            "categories": [{"id": "all", "title": "All", "skills": skills}],
            "roles": [
                {"id": "r", "title": "R", "targets": {"default": 3, "skills": targets or {}}}
            ],
        }
    )
    return rubric, rubric.roles[0]


def skill(sid: str, *pre: str, weight: float = 1.0, hours: float = 0.0) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": sid,
        "title": sid.title(),
        "weight": weight,
        "prerequisites": list(pre),
    }
    if hours:
        out["resources"] = [{"title": f"{sid} book", "hours": hours}]
    return out


def order(rubric: Rubric, role: Any, ratings: dict[str, int | None]) -> list[str]:
    return [i.skill_id for i in study_plan(rubric, score(rubric, role, ratings)).items]


def test_prerequisites_come_first_even_when_less_urgent() -> None:
    rubric, role = chain_rubric([skill("basics"), skill("advanced", "basics", weight=5)])
    assert order(rubric, role, {"basics": 2, "advanced": 0}) == ["basics", "advanced"]


def test_free_skills_go_highest_priority_first_ties_in_rubric_order() -> None:
    rubric, role = chain_rubric(
        [skill("a"), skill("b", weight=3), skill("c"), skill("d", weight=3)]
    )
    assert order(rubric, role, dict.fromkeys("abcd", 2)) == ["b", "d", "a", "c"]


def test_prerequisites_count_through_skills_that_are_not_gaps() -> None:
    # c needs b, b needs a; b is already met, so c still waits for a.
    rubric, role = chain_rubric([skill("a"), skill("b", "a"), skill("c", "b", weight=10)])
    plan = study_plan(rubric, score(rubric, role, {"a": 1, "b": 3, "c": 0}))
    assert [i.skill_id for i in plan.items] == ["a", "c"]
    assert [p.skill_id for p in plan.items[1].after] == ["a"]


def test_unassessed_prerequisites_are_named() -> None:
    rubric, role = chain_rubric([skill("a"), skill("b", "a")])
    plan = study_plan(rubric, score(rubric, role, {"b": 1}))
    assert [p.title for p in plan.items[0].unassessed_prerequisites] == ["A"]


def test_a_cycle_in_code_built_data_does_not_hang() -> None:
    got, before = plan_order(["a", "b", "c"], {"a": ["b"], "b": ["a"]}, {"a": 1, "b": 2, "c": 0.5})
    assert sorted(got) == ["a", "b", "c"]
    assert before["a"] == ["b"]


def test_item_says_the_step_the_target_descriptor_resources_and_hours(mini_path: Path) -> None:
    mini = load_rubric_file(mini_path)
    report = build_report(mini, {"sql": 2, "query-tuning": 1}, mini.role("mid"))
    items = {i.skill_id: i for i in report.plan.items}
    tuning = items["query-tuning"]
    assert tuning.step == "from Aware to Guided"
    assert tuning.descriptor == "Adds an index"
    assert [(r.title, r.hours) for r in tuning.resources] == [
        ("Use the index", 8),
        ("EXPLAIN docs", 4),
    ]
    assert tuning.hours == 12
    assert items["sql"].step == "from Guided to Independent"
    assert [i.skill_id for i in report.plan.items] == ["sql", "query-tuning"]
    assert report.plan.total_hours == 22


def _items(hours: list[float]) -> list[PlanItem]:
    rubric, role = chain_rubric([skill(f"s{i}", hours=h) for i, h in enumerate(hours)])
    return list(study_plan(rubric, score(rubric, role, dict.fromkeys(rubric.skills, 0))).items)


def test_schedule_fills_weeks_in_plan_order() -> None:
    sched = schedule_plan(_items([10, 3, 0, 4]), 6)
    assert sched.total_weeks == 3
    assert [[(e.skill_id, e.hours) for e in w.entries] for w in sched.weeks] == [
        [("s0", 6)],
        [("s0", 4), ("s1", 2)],
        [("s1", 1), ("s2", 0), ("s3", 4)],
    ]
    assert sched.weeks_of("s1") == (2, 3)
    assert [s.label for s in sched.spans()] == ["1", "2", "3"]


def test_schedule_spans_merge_weeks_on_one_item() -> None:
    sched = schedule_plan(_items([20, 2]), 5)
    assert sched.total_weeks == 5
    spans = sched.spans()
    assert [(s.label, [(e.skill_id, e.hours) for e in s.entries]) for s in spans] == [
        ("1-4", [("s0", 20)]),
        ("5", [("s1", 2)]),
    ]


def test_schedule_needs_positive_hours() -> None:
    with pytest.raises(ValueError):
        schedule_plan([], 0)


@st.composite
def dags(draw: st.DrawFn) -> tuple[Rubric, Any, dict[str, int | None]]:
    n = draw(st.integers(1, 10))
    skills = []
    for i in range(n):
        pre = draw(st.lists(st.integers(0, i - 1), unique=True, max_size=3)) if i else []
        skills.append(
            skill(f"k{i}", *[f"k{p}" for p in pre], weight=draw(st.sampled_from([1, 2, 3])))
        )
    rubric, role = chain_rubric(skills)
    ratings = {f"k{i}": draw(st.none() | st.integers(0, 4)) for i in range(n)}
    return rubric, role, ratings


@settings(max_examples=200, deadline=None)
@given(dags())
def test_every_gap_prerequisite_comes_earlier(
    case: tuple[Rubric, Any, dict[str, int | None]],
) -> None:
    rubric, role, ratings = case
    result = score(rubric, role, ratings)
    plan = study_plan(rubric, result, hours_per_week=3)
    got = [i.skill_id for i in plan.items]
    gaps = {s.skill_id for s in result.skills if s.gap > 0}
    assert sorted(got) == sorted(gaps)
    position = {sid: i for i, sid in enumerate(got)}

    def reachable_gaps(sid: str) -> set[str]:
        out: set[str] = set()
        stack = list(rubric.skills[sid].prerequisites)
        seen: set[str] = set()
        while stack:
            p = stack.pop()
            if p in seen:
                continue
            seen.add(p)
            if p in gaps:
                out.add(p)
            stack.extend(rubric.skills[p].prerequisites)
        return out

    for sid in got:
        assert all(position[p] < position[sid] for p in reachable_gaps(sid))
    # Greedy rule: whenever an item was picked, no free item had a higher priority.
    priority = {s.skill_id: s.priority for s in result.skills}
    for i, sid in enumerate(got):
        free = [s for s in got[i:] if all(position[p] < i for p in reachable_gaps(s))]
        assert priority[sid] == max(priority[s] for s in free)
