"""compare_reports: readiness before/after, changed skills, plan items done, new gaps."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from skillcheck.analysis.compare import compare_reports
from skillcheck.analysis.report import RubricSummary, build_report
from skillcheck.rubric import Rubric, load_rubric_file
from skillcheck.rubric.schema import validated


@pytest.fixture
def mini(mini_path: Path) -> Rubric:
    return load_rubric_file(mini_path)


def test_progress_between_two_assessments(mini: Rubric) -> None:
    role = mini.role("mid")
    old = build_report(
        mini,
        {"sql": 1, "query-tuning": 1, "git": 3, "python": 2, "communication": None},
        role,
        subject="Ada",
    )
    new = build_report(
        mini,
        {"sql": 3, "query-tuning": 1, "git": 1, "python": 2, "communication": 2},
        role,
        subject="Ada",
    )
    cmp = compare_reports(old, new)
    assert cmp.same_rubric
    assert cmp.readiness_before is not None and cmp.readiness_after is not None
    assert cmp.readiness_delta == pytest.approx(cmp.readiness_after - cmp.readiness_before)
    assert [(c.skill_id, c.before, c.after) for c in cmp.improved] == [("sql", 1, 3)]
    assert [(c.skill_id, c.before, c.after) for c in cmp.dropped] == [("git", 3, 1)]
    assert [c.skill_id for c in cmp.newly_assessed] == ["communication"]
    assert [i.skill_id for i in cmp.done] == ["sql"]
    assert [g.skill_id for g in cmp.new_gaps] == ["git"]
    assert {g.skill_id for g in cmp.still_open} == {"query-tuning", "python"}
    assert cmp.only_in_old == () and cmp.only_in_new == ()
    assert cmp.notices == ()


def test_a_best_category_gap_moving_to_another_skill_is_one_open_gap(mini: Rubric) -> None:
    role = mini.role("mid")
    old = build_report(mini, {"python": 2, "java": 1}, role)
    new = build_report(mini, {"python": 2, "java": 2.5}, role)
    cmp = compare_reports(old, new)
    assert cmp.done == ()
    assert cmp.new_gaps == ()
    assert [g.skill_id for g in cmp.still_open] == ["java"]


def test_different_rubrics_compare_what_is_common(mini: Rubric, fixtures: Path) -> None:
    other = validated(
        {
            "id": "other",
            "title": "Other",
            "version": "3",
            "categories": [
                {
                    "id": "core",
                    "title": "Core",
                    "skills": [{"id": "sql", "title": "SQL"}, {"id": "rust", "title": "Rust"}],
                }
            ],
            "roles": [{"id": "mid", "title": "Mid", "targets": {"default": 3}}],
        }
    )
    old = build_report(mini, {"sql": 1, "git": 2, "python": 3}, mini.role("mid"), subject="Ada")
    new = build_report(other, {"sql": 3, "rust": 1}, other.role("mid"), subject="Ada")
    cmp = compare_reports(old, new, rubric=other, role=other.role("mid"))
    assert not cmp.same_rubric
    assert "sql" not in {r.skill_id for r in cmp.only_in_old}
    assert {"git", "python"} <= {r.skill_id for r in cmp.only_in_old}
    assert [r.skill_id for r in cmp.only_in_new] == ["rust"]
    assert [c.skill_id for c in cmp.improved] == ["sql"]
    assert cmp.common_skills == 1
    # On the shared skill (sql, target 3): 1/3 before, met after.
    assert cmp.common_readiness_before == pytest.approx(1 / 3)
    assert cmp.common_readiness_after == 1.0
    assert any("Different rubrics" in n for n in cmp.notices)


def test_a_newer_revision_is_noted_and_dropped_ratings_listed(mini: Rubric) -> None:
    role = mini.role("mid")
    old = build_report(
        mini,
        {"sql": 1, "cobol": 2},
        role,
        document_rubric=RubricSummary("mini", "0.9", "sha256:old"),
        status="in_progress",
    )
    new = build_report(mini, {"sql": 2}, role)
    cmp = compare_reports(old, new)
    assert not cmp.same_rubric
    assert [r.skill_id for r in cmp.only_in_old] == ["cobol"]
    assert any("mini 0.9" in n for n in cmp.notices)
    assert any("still in progress" in n for n in cmp.notices)


def test_different_people_are_flagged(mini: Rubric) -> None:
    role = mini.role("mid")
    cmp = compare_reports(
        build_report(mini, {}, role, subject="Ada"), build_report(mini, {}, role, subject="Bob")
    )
    assert any("different people" in n for n in cmp.notices)


def test_swapped_files_are_flagged(mini: Rubric) -> None:
    role = mini.role("mid")
    early, late = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC)
    cmp = compare_reports(
        build_report(mini, {}, role, updated=late), build_report(mini, {}, role, updated=early)
    )
    assert any("wrong way round" in n for n in cmp.notices)
