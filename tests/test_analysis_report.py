"""build_report: gaps, strengths, not assessed, 'best' categories, roles, documents."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from skillcheck.analysis.report import build_report, report_for_document, resolve_role
from skillcheck.assessment import Assessment, RubricRef
from skillcheck.errors import SkillcheckError
from skillcheck.rubric import Rubric, load_rubric_file

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def mini(mini_path: Path) -> Rubric:
    return load_rubric_file(mini_path)


def test_gaps_are_below_target_with_priority_gap_x_skill_x_category_weight(mini: Rubric) -> None:
    ratings = {"sql": 1, "query-tuning": 1, "git": 2, "python": 3, "communication": 0}
    report = build_report(mini, ratings, mini.role("mid"))
    gaps = {g.skill_id: g for g in report.gaps}
    assert set(gaps) == {"sql", "query-tuning", "communication"}
    # sql: target 3 (skill), gap 2, weight 2 x core 2.
    assert (gaps["sql"].level, gaps["sql"].target, gaps["sql"].gap) == (1, 3, 2)
    assert gaps["sql"].priority == 2 * 2.0 * 2.0
    assert gaps["query-tuning"].priority == 1 * 1.0 * 2.0
    assert gaps["communication"].priority == 2 * 1.0 * 1.0
    # Highest priority first; ties keep rubric order.
    assert [g.skill_id for g in report.gaps] == ["sql", "query-tuning", "communication"]


def test_strengths_meet_the_target_and_not_assessed_is_listed_apart(mini: Rubric) -> None:
    ratings: dict[str, int | None] = {"sql": 4, "git": 2, "python": 3, "communication": None}
    report = build_report(mini, ratings, mini.role("mid"))
    assert [s.skill_id for s in report.strengths] == ["sql", "git", "python"]
    assert [s.skill_id for s in report.not_assessed] == ["query-tuning", "java", "communication"]
    assert all(s.gap == 0 for s in report.not_assessed)
    assert report.gaps == ()


def test_a_best_category_puts_the_gap_on_its_strongest_skill(mini: Rubric) -> None:
    report = build_report(mini, {"python": 1, "java": 2}, mini.role("mid"))
    gaps = [g for g in report.gaps if g.category_id == "languages"]
    assert [(g.skill_id, g.level, g.target, g.gap) for g in gaps] == [("java", 2, 3, 1)]
    # The weaker skill is neither a gap nor a strength.
    assert "python" in {s.skill_id for s in report.other}
    assert "python" not in {s.skill_id for s in (*report.gaps, *report.strengths)}


def test_a_best_category_with_nothing_assessed_is_not_assessed(mini: Rubric) -> None:
    report = build_report(mini, {"sql": 3}, mini.role("mid"))
    assert not [g for g in report.gaps if g.category_id == "languages"]
    assert {"python", "java"} <= {s.skill_id for s in report.not_assessed}
    assert report.category("languages").current is None


def test_coverage_and_partial(mini: Rubric) -> None:
    report = build_report(mini, {"sql": 3}, mini.role("mid"), status="in_progress")
    assert report.partial
    assert 0 < report.coverage < 1
    full = {"sql": 3, "query-tuning": 2, "git": 2, "python": 3, "communication": 2}
    done = build_report(mini, full, mini.role("mid"))
    assert not done.partial
    assert done.coverage == 1.0
    assert done.readiness == 1.0


def test_unknown_skills_are_kept_aside(mini: Rubric) -> None:
    report = build_report(mini, {"sql": 3, "cobol": 4}, mini.role("mid"))
    assert report.unknown_skills == ("cobol",)
    assert "cobol" not in {s.skill_id for s in report.skills}


def test_only_categories_limit_the_report(mini: Rubric) -> None:
    report = build_report(
        mini, {"sql": 1, "communication": 0}, mini.role("mid"), categories=["soft"]
    )
    assert [s.skill_id for s in report.skills] == ["communication"]
    assert [g.skill_id for g in report.gaps] == ["communication"]


def test_fractional_levels_from_a_panel_work(mini: Rubric) -> None:
    report = build_report(mini, {"sql": 2.5, "git": 2.0}, mini.role("mid"))
    sql = report.skill("sql")
    assert sql.gap == 0.5
    assert sql.level_label == "2.5"
    assert report.skill("git").level_label == "Guided"
    assert report.plan.items[0].from_label == "2.5"


def test_labels_come_from_the_scale(fixtures: Path) -> None:
    five = load_rubric_file(fixtures / "scale15.yaml")
    report = build_report(five, {"testing": 2, "review": 3}, five.role("lead"))
    assert [(g.skill_id, g.level_label, g.target_label) for g in report.gaps] == [
        ("testing", "Beginner", "Proficient"),
        ("review", "Competent", "Master"),
    ]
    assert report.label(1) == "Novice"


def test_resolve_role_lists_the_roles_when_unknown(mini: Rubric) -> None:
    role = resolve_role(mini, "mid")
    assert role is not None
    assert role.id == "mid"
    with pytest.raises(
        SkillcheckError, match=r"no role 'senior'; its roles are: junior, mid"
    ) as err:
        resolve_role(mini, "senior")
    assert "\n" not in err.value.message
    with pytest.raises(SkillcheckError, match="pass --role"):
        resolve_role(mini, None)


def test_report_for_document_carries_notes_and_revision(mini: Rubric) -> None:
    doc = Assessment(
        rubric=RubricRef.of(mini),
        name="Ada",
        role="junior",
        started=T0,
        updated=T0,
        status="complete",
    )
    doc.rate("sql", 1, "only SELECTs", T0)
    report = report_for_document(mini, doc, mini.role("junior"))
    assert report.subject == "Ada"
    assert report.skill("sql").note == "only SELECTs"
    assert report.document_rubric is None
    doc.rubric = RubricRef(id="mini", version="0.9", digest="sha256:old")
    changed = report_for_document(mini, doc, mini.role("junior"))
    assert changed.rubric_changed
    assert changed.document_rubric is not None and changed.document_rubric.version == "0.9"


def test_the_package_exports_load_lazily_and_all_resolve() -> None:
    from skillcheck import analysis

    for name in analysis.__all__:
        assert getattr(analysis, name) is not None
    with pytest.raises(AttributeError):
        _ = analysis.no_such_name
