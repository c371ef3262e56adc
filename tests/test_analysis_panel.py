"""Panel aggregation: medians, flags, coverage, fit, ranking, anonymity, self vs panel."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillcheck.analysis.panel import (
    Panel,
    PanelBuilder,
    SelfRating,
    SkillPanel,
    anonymize,
    pseudonyms,
    rank,
)
from skillcheck.rubric import Rubric, load_rubric_file

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def mini() -> Rubric:
    return load_rubric_file(FIXTURES / "mini.yaml")


def card(
    levels: dict[str, int | None], note: str | None = None
) -> dict[str, tuple[int | None, str | None]]:
    return {k: (v, note) for k, v in levels.items()}


def one(panel: Panel, name: str):  # type: ignore[no-untyped-def]
    return next(c for c in panel.candidates if c.name == name)


def test_median_range_count_and_disagreement(mini: Rubric) -> None:
    b = PanelBuilder(mini)
    b.add("Ann", "I1", card({"sql": 1, "git": 2}), "no")
    b.add("Ann", "I2", card({"sql": 3, "git": 2}), "yes")
    b.add("Ann", "I3", card({"sql": 4, "git": None}), "yes")
    ann = one(b.build(mini.role("mid")), "Ann")
    sql = next(s for s in ann.skills if s.skill_id == "sql")
    assert (sql.rated, sql.median, sql.low, sql.high) == (3, 3, 1, 4)
    assert sql.disagreement
    git = next(s for s in ann.skills if s.skill_id == "git")
    assert (git.rated, git.median, git.disagreement) == (2, 2, False)  # None is not a rating
    assert [s.skill_id for s in ann.disagreements] == ["sql"]
    assert dict(ann.recommendations) == {"strong_yes": 0, "yes": 2, "no": 1, "strong_no": 0}


def test_candidates_share_the_panel_of_a_skill_rated_once(mini: Rubric) -> None:
    """Most skills are rated once: that SkillPanel is made once per level and
    shared (a panel of thousands saves the memory), and it is still what
    SkillPanel.of makes of the one rating."""
    b = PanelBuilder(mini)
    b.add("Ann", "I1", card({"sql": 3, "git": 1}))
    b.add("Bob", "I1", card({"sql": 3, "git": 2}))
    ann, bob = b.candidates(mini.role("mid"))
    assert ann.skills[0] is bob.skills[0]
    assert ann.skills[0] == SkillPanel.of("sql", [3], mini.target(mini.role("mid"), "sql"))
    assert ann.skills[1] != bob.skills[1]


def test_one_level_apart_is_not_a_disagreement(mini: Rubric) -> None:
    b = PanelBuilder(mini)
    b.add("Ann", "I1", card({"sql": 2}))
    b.add("Ann", "I2", card({"sql": 3}))
    sql = one(b.build(None), "Ann").skills[0]
    assert sql.median == 2.5
    assert not sql.disagreement


def test_coverage_gaps_are_required_skills_nobody_assessed(mini: Rubric) -> None:
    b = PanelBuilder(mini)
    b.add("Ann", "I1", card({"sql": 3, "java": 2}))
    ann = one(b.build(mini.role("mid")), "Ann")
    # languages is covered by java (a "best" category); soft and the rest of core are not.
    assert ann.coverage_gaps == ("query-tuning", "git", "communication")
    assert ann.uncovered_categories == ()


def test_a_best_category_nobody_assessed_is_one_coverage_gap(mini: Rubric) -> None:
    b = PanelBuilder(mini)
    b.add("Ann", "I1", card({"sql": 3, "git": 2, "query-tuning": 2, "communication": 2}))
    b.add("Ann", "I2", card({"python": None}))  # marked not assessed: not a rating
    ann = one(b.build(mini.role("mid")), "Ann")
    # Any one language would do, so the category is the gap, not python and java each.
    assert ann.coverage_gaps == ()
    assert ann.uncovered_categories == ("languages",)
    assert one(b.build(None), "Ann").uncovered_categories == ()  # no role, nothing required


def test_fit_is_the_reports_readiness_on_medians(mini: Rubric) -> None:
    from skillcheck.analysis.scoring import score

    b = PanelBuilder(mini)
    b.add("Ann", "I1", card({"sql": 1, "python": 3}))
    b.add("Ann", "I2", card({"sql": 3, "python": 3}))
    mid = mini.role("mid")
    ann = one(b.build(mid), "Ann")
    assert ann.fit == score(mini, mid, {"sql": 2, "python": 3}).readiness


def test_key_gaps_are_ordered_by_priority(mini: Rubric) -> None:
    b = PanelBuilder(mini)
    b.add("Ann", "I1", card({"sql": 1, "git": 1, "communication": 0, "python": 2}))
    gaps = one(b.build(mini.role("mid")), "Ann").key_gaps
    # sql: gap 2 x weight 2 x core 2 = 8; git: 1 x 1 x 2 = 2; communication: 2 x 1 = 2
    assert [(g.skill_id, g.priority) for g in gaps] == [
        ("sql", 8.0),
        ("git", 2.0),
        ("communication", 2.0),
        ("python", 1.0),
    ]


def test_names_group_across_case_and_spacing(mini: Rubric) -> None:
    b = PanelBuilder(mini)
    b.add("Ann  Lee", "I1", card({"sql": 2}))
    b.add("ann lee", "I2", card({"sql": 2}))
    panel = b.build(None)
    assert len(panel.candidates) == 1
    assert panel.candidates[0].interviewers == ("I1", "I2")


def test_other_versions_and_unknown_skills_are_reported(mini: Rubric) -> None:
    b = PanelBuilder(mini)
    b.add("Ann", "I1", card({"sql": 2, "cobol": 4}), rubric_version="0.9")
    b.add("Ann", "I2", card({"sql": 2}), rubric_version=mini.version)
    panel = b.build(None)
    assert panel.other_versions == ("0.9",)
    assert panel.unknown_skills == ("cobol",)
    assert [s.skill_id for s in panel.candidates[0].skills] == ["sql"]


def test_ranking_by_fit_with_explained_tie_breaks(mini: Rubric) -> None:
    b = PanelBuilder(mini)
    b.add(
        "Top", "I1", card({"sql": 3, "git": 2, "query-tuning": 2, "python": 3, "communication": 2})
    )
    # Same fit (1.0 on what was assessed), less coverage:
    b.add("Narrow", "I1", card({"sql": 3}), "yes")
    # Same fit and coverage as Narrow, better recommendation:
    b.add("Liked", "I1", card({"sql": 3}), "strong_yes")
    b.add("Low", "I1", card({"sql": 0}))
    ranking = b.build(mini.role("mid")).ranking
    assert [r.candidate.name for r in ranking] == ["Top", "Liked", "Narrow", "Low"]
    assert [r.rank for r in ranking] == [1, 2, 3, 4]
    assert ranking[0].tie_break is not None and "coverage" in ranking[0].tie_break
    assert ranking[1].tie_break is not None and "recommendations" in ranking[1].tie_break
    assert ranking[2].tie_break is None
    assert ranking[3].tie_break is None


def test_full_tie_is_listed_by_name(mini: Rubric) -> None:
    b = PanelBuilder(mini)
    b.add("Zed", "I1", card({"sql": 3}))
    b.add("Amy", "I1", card({"sql": 3}))
    ranking = b.build(mini.role("mid")).ranking
    assert [r.candidate.name for r in ranking] == ["Amy", "Zed"]
    assert ranking[0].tie_break is not None and "by name" in ranking[0].tie_break


def test_nothing_assessed_ranks_last(mini: Rubric) -> None:
    b = PanelBuilder(mini)
    b.add("Blank", "I1", card({"sql": None}))
    b.add("Some", "I1", card({"sql": 0}))
    assert [c.name for c in b.build(mini.role("mid")).candidates] == ["Some", "Blank"]


def test_self_assessment_against_the_panel(mini: Rubric) -> None:
    b = PanelBuilder(mini)
    b.add("Ann", "I1", card({"sql": 1, "git": 2, "python": 3}))
    b.add("Ann", "I2", card({"sql": 1, "git": 3, "python": 4}))
    own = {"ann": {"sql": 4, "git": 3, "python": 1, "communication": 2}}
    ann = b.build(None, own).candidates[0]
    by_skill = {s.skill_id: s for s in ann.self_ratings}
    assert by_skill["sql"].flag == "over"  # 4 vs 1
    assert by_skill["git"].flag is None  # 3 vs 2.5
    assert by_skill["python"].flag == "under"  # 1 vs 3.5
    assert by_skill["communication"].panel_median is None
    assert by_skill["communication"].flag is None
    assert "java" not in by_skill


def test_self_rating_difference() -> None:
    assert SelfRating("x", 3, 1.0).difference == 2.0
    assert SelfRating("x", None, 1.0).difference is None


def test_pseudonyms_are_stable_and_independent_of_order() -> None:
    a = pseudonyms(["Zoe", "Adam", "Mia"], "Candidate", letters=True)
    b = pseudonyms(["Mia", "zoe", "Adam", "Adam"], "Candidate", letters=True)
    assert a == b
    assert sorted(a.values()) == ["Candidate A", "Candidate B", "Candidate C"]
    many = pseudonyms([f"p{i}" for i in range(30)], "Candidate", letters=True)
    assert "Candidate AA" in many.values()
    assert set(pseudonyms(["x", "y"], "Interviewer", letters=False).values()) == {
        "Interviewer 1",
        "Interviewer 2",
    }


def test_anonymize_replaces_every_name_including_in_notes(mini: Rubric) -> None:
    b = PanelBuilder(mini)
    b.add(
        "Ann Lee",
        "Bob Stone",
        card({"sql": 3}, note="ann lee explained joins to Bob Stone"),
        "yes",
        "Ann Lee is strong",
    )
    b.add("Carl", "Bob Stone", card({"sql": 1}))
    panel = anonymize(b.build(mini.role("mid")))
    text = repr(panel)
    for real in ("Ann", "Lee", "Bob", "Stone", "Carl"):
        assert real not in text
    names = {c.name for c in panel.candidates}
    assert names == {"Candidate A", "Candidate B"}
    ann = next(c for c in panel.candidates if c.summaries)
    assert ann.interviewers == ("Interviewer 1",)
    assert ann.evidence("sql")[0].note == f"{ann.name} explained joins to Interviewer 1"


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c"]),
            st.dictionaries(st.sampled_from(["sql", "git", "python", "java"]), st.integers(0, 4)),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_ranking_is_sorted_by_fit_and_median_is_within_range(
    cards: list[tuple[str, dict[str, int]]],
) -> None:
    r = load_rubric_file(FIXTURES / "mini.yaml")
    b = PanelBuilder(r)
    for i, (who, levels) in enumerate(cards):
        b.add(who, f"I{i}", card(dict(levels)))
    panel = b.build(r.role("mid"))
    fits = [-1.0 if c.fit is None else round(c.fit, 6) for c in panel.candidates]
    assert fits == sorted(fits, reverse=True)
    role = r.role("mid")
    for c in panel.candidates:
        for s in c.skills:
            assert s.low is not None and s.high is not None and s.median is not None
            assert s.low <= s.median <= s.high
            assert s.disagreement == (s.high - s.low >= 2)
            # Skills rated once are made without SkillPanel.of: the same tuple.
            rated = [
                levels[s.skill_id]
                for who, levels in cards
                if who == c.name and s.skill_id in levels
            ]
            assert s == SkillPanel.of(s.skill_id, rated, r.target(role, s.skill_id))
        # The unrolled test of CandidatePanel.disagreements agrees with SkillPanel's.
        assert c.disagreements == tuple(s for s in c.skills if s.disagreement)
    assert rank(panel.candidates) == panel.ranking
