"""Readiness keeps its promises on any rubric (hypothesis): see analysis/scoring.py."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillcheck.analysis.report import build_report
from skillcheck.analysis.scoring import score
from skillcheck.rubric.model import Role, Rubric
from skillcheck.rubric.schema import validated

WEIGHTS = st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0])
SCALES = st.sampled_from([(0, 4), (1, 5), (0, 2)])


@st.composite
def rubrics(draw: st.DrawFn) -> tuple[Rubric, Role]:
    """A random valid rubric with one role whose targets sit inside the scale."""
    lo, hi = draw(SCALES)
    level = st.integers(lo, hi)
    n_cats = draw(st.integers(1, 4))
    categories: list[dict[str, Any]] = []
    skill_ids: list[str] = []
    for c in range(n_cats):
        n_skills = draw(st.integers(1, 4))
        skills = []
        for s in range(n_skills):
            sid = f"s{c}-{s}"
            skill_ids.append(sid)
            skills.append({"id": sid, "title": sid.upper(), "weight": draw(WEIGHTS)})
        categories.append(
            {
                "id": f"c{c}",
                "title": f"C{c}",
                "weight": draw(WEIGHTS),
                "scoring": draw(st.sampled_from(["mean", "best"])),
                "skills": skills,
            }
        )
    targets = {
        "default": draw(st.none() | level),
        "categories": draw(
            st.dictionaries(st.sampled_from([c["id"] for c in categories]), level, max_size=3)
        ),
        "skills": draw(st.dictionaries(st.sampled_from(skill_ids), level, max_size=4)),
    }
    scale = [{"level": v, "label": f"L{v}"} for v in range(lo, hi + 1)]
    rubric = validated(
        {
            "id": "gen",
            "title": "Generated",
            "version": "1",
            "scale": scale,
            "categories": categories,
            "roles": [{"id": "r", "title": "R", "targets": targets}],
        }
    )
    return rubric, rubric.roles[0]


def requirement(rubric: Rubric, role: Role, skill_id: str) -> int | None:
    """The target that applies to a skill (a 'best' category's target for its skills)."""
    cat = rubric.category_of[skill_id]
    if cat.scoring == "best":
        return rubric.category_target(role, cat.id)
    return rubric.target(role, skill_id)


def has_requirement(rubric: Rubric, role: Role) -> bool:
    return any(
        (t := requirement(rubric, role, sid)) is not None and t > rubric.min_level
        for sid in rubric.skills
    )


@st.composite
def rated(draw: st.DrawFn) -> tuple[Rubric, Role, dict[str, int | None]]:
    rubric, role = draw(rubrics())
    level = st.none() | st.integers(rubric.min_level, rubric.max_level)
    ratings = {sid: draw(level) for sid in rubric.skills}
    return rubric, role, ratings


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(rubrics(), st.data())
def test_meeting_every_target_gives_100_percent(
    case: tuple[Rubric, Role], data: st.DataObject
) -> None:
    rubric, role = case
    ratings: dict[str, int] = {}
    for sid in rubric.skills:
        target = requirement(rubric, role, sid)
        floor = rubric.min_level if target is None else target
        ratings[sid] = data.draw(st.integers(floor, rubric.max_level))
    result = score(rubric, role, ratings)
    if has_requirement(rubric, role):
        assert result.readiness == 1.0
        assert build_report(rubric, ratings, role).gaps == ()
    else:
        assert result.readiness is None


@FAST
@given(rubrics())
def test_all_ratings_at_the_bottom_give_0_percent(case: tuple[Rubric, Role]) -> None:
    rubric, role = case
    result = score(rubric, role, dict.fromkeys(rubric.skills, rubric.min_level))
    if has_requirement(rubric, role):
        assert result.readiness == 0.0
    else:
        assert result.readiness is None


@FAST
@given(rated(), st.data())
def test_raising_one_rating_never_lowers_readiness(
    case: tuple[Rubric, Role, dict[str, int | None]], data: st.DataObject
) -> None:
    rubric, role, ratings = case
    rated_ids = [k for k, v in ratings.items() if v is not None and v < rubric.max_level]
    if not rated_ids:
        return
    sid = data.draw(st.sampled_from(rated_ids))
    old = ratings[sid]
    assert old is not None
    raised = {**ratings, sid: data.draw(st.integers(old + 1, rubric.max_level))}
    before = score(rubric, role, ratings).readiness
    after = score(rubric, role, raised).readiness
    assert (before is None) == (after is None)
    if before is not None and after is not None:
        assert after >= before


@FAST
@given(rated())
def test_a_best_category_counts_only_its_strongest_skill(
    case: tuple[Rubric, Role, dict[str, int | None]],
) -> None:
    rubric, role, ratings = case
    result = score(rubric, role, ratings)
    for cat in rubric.categories:
        if cat.scoring != "best":
            continue
        levels = [ratings[s.id] for s in cat.skills if ratings[s.id] is not None]
        # Lowering every other skill of the category to the bottom changes nothing.
        if levels:
            best = max(lv for lv in levels if lv is not None)
            strongest = next(s.id for s in cat.skills if ratings[s.id] == best)
            lowered = {
                **ratings,
                **{s.id: rubric.min_level for s in cat.skills if s.id != strongest},
            }
            assert score(rubric, role, lowered).readiness == result.readiness
            assert result.skill(strongest).counts
            cat_score = next(c for c in result.categories if c.category_id == cat.id)
            assert cat_score.current == best
        counting = [s for s in result.skills if s.category_id == cat.id and s.counts]
        assert len(counting) == (1 if levels else 0)


@FAST
@given(rated())
def test_not_assessed_is_never_counted_as_zero(
    case: tuple[Rubric, Role, dict[str, int | None]],
) -> None:
    rubric, role, ratings = case
    assessed = {k: v for k, v in ratings.items() if v is not None}
    # Leaving a skill out and saying "not assessed" are the same; neither is a 0.
    assert score(rubric, role, ratings).readiness == score(rubric, role, assessed).readiness
    report = build_report(rubric, ratings, role)
    assert {s.skill_id for s in report.not_assessed} == {k for k, v in ratings.items() if v is None}
    assert not {s.skill_id for s in report.gaps} & {s.skill_id for s in report.not_assessed}


def test_a_whole_level_is_scored_by_the_same_tuple_and_a_float_stays_a_float() -> None:
    """A panel scores thousands of candidates: the SkillScore of a whole level is
    made once and shared (less memory, fewer page faults), but a float level is
    never answered with the int one it equals."""
    from pathlib import Path

    from skillcheck.rubric import load_rubric_file

    rubric = load_rubric_file(Path(__file__).parent / "fixtures" / "mini.yaml")
    role = rubric.roles[0]
    mean_skills = [s.id for c in rubric.categories if c.scoring == "mean" for s in c.skills]
    sid = mean_skills[0]
    first = score(rubric, role, {sid: 2}).skill(sid)
    again = score(rubric, role, {sid: 2}).skill(sid)
    assert again is first and first.level == 2
    halfway = score(rubric, role, {sid: 2.0}).skill(sid)
    assert type(halfway.level) is float and halfway == first
    assert score(rubric, role, {}).skill(sid) is score(rubric, role, {}).skill(sid)
