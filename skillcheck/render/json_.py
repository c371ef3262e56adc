"""Reports and comparisons as JSON for other tools (keys documented in docs/report.md).

Stable contract (``format_version`` 1): keys are only ever added, never renamed or
removed, without a version bump. Levels, gaps, priorities and hours are numbers
(ints when whole); ``readiness`` and ``coverage`` are percentages 0-100 with one
decimal, or null when there is nothing to measure. Text is returned as written by
the user: consumers must escape it for their own output.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from skillcheck.render.formatting import iso, number, percent_number
from skillcheck.render.safe import json_invisible

if TYPE_CHECKING:
    from skillcheck.analysis.compare import Comparison, SkillChange
    from skillcheck.analysis.plan import Plan, PlanItem
    from skillcheck.analysis.report import Report, RubricSummary, SkillLine

REPORT_FORMAT = "skillcheck-report"
COMPARISON_FORMAT = "skillcheck-comparison"
FORMAT_VERSION = 1


def _rubric(ref: RubricSummary | None, *, title: bool = True) -> dict[str, Any] | None:
    if ref is None:
        return None
    out: dict[str, Any] = {"id": ref.id, "version": ref.version, "digest": ref.digest}
    if title:
        out["title"] = ref.title
    return out


def skill_dict(line: SkillLine) -> dict[str, Any]:
    """One skill line: ids, titles, level and target (numbers and labels), gap, priority, note."""
    return {
        "skill": line.skill_id,
        "title": line.title,
        "category": line.category_id,
        "category_title": line.category_title,
        "level": number(line.level),
        "level_label": line.level_label,
        "target": line.target,
        "target_label": None if line.target is None else line.target_label,
        "gap": number(line.gap),
        "priority": number(line.priority),
        "note": line.note,
    }


def plan_item_dict(order: int, item: PlanItem) -> dict[str, Any]:
    """One plan item, with its 1-based position in the plan."""
    return {
        "order": order,
        "skill": item.skill_id,
        "title": item.title,
        "category": item.category_id,
        "category_title": item.category_title,
        "level": number(item.level),
        "from": item.from_label,
        "target": item.target,
        "to": item.to_label,
        "step": item.step,
        "descriptor": item.descriptor,
        "gap": number(item.gap),
        "priority": number(item.priority),
        "hours": number(item.hours),
        "resources": [
            {"title": r.title, "url": r.url, "hours": number(r.hours)} for r in item.resources
        ],
        "after": [p.skill_id for p in item.after],
        "unassessed_prerequisites": [p.skill_id for p in item.unassessed_prerequisites],
    }


def plan_dict(plan: Plan) -> dict[str, Any]:
    """The plan: items in order, total hours, and the schedule (null without --hours-per-week)."""
    schedule = None
    if plan.schedule is not None:
        schedule = {
            "hours_per_week": number(plan.schedule.hours_per_week),
            "total_weeks": plan.schedule.total_weeks,
            "weeks": [
                {
                    "week": w.number,
                    "hours": number(w.hours),
                    "items": [
                        {"skill": e.skill_id, "title": e.title, "hours": number(e.hours)}
                        for e in w.entries
                    ],
                }
                for w in plan.schedule.weeks
            ],
        }
    return {
        "total_hours": number(plan.total_hours),
        "items": [plan_item_dict(i, item) for i, item in enumerate(plan.items, 1)],
        "schedule": schedule,
    }


def report_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data (see docs/report.md for every key)."""
    return {
        "format": REPORT_FORMAT,
        "format_version": FORMAT_VERSION,
        "subject": report.subject,
        "kind": report.kind,
        "status": report.status,
        "partial": report.partial,
        "started": iso(report.started),
        "updated": iso(report.updated),
        "rubric": _rubric(report.rubric),
        "document_rubric": _rubric(report.document_rubric, title=False),
        "role": None
        if report.role_id is None
        else {"id": report.role_id, "title": report.role_title},
        "scale": [{"level": p.level, "label": p.label} for p in report.scale],
        "readiness": percent_number(report.readiness),
        "coverage": percent_number(report.coverage),
        "categories": [
            {
                "id": c.category_id,
                "title": c.title,
                "scoring": c.scoring,
                "current": number(c.current),
                "target": number(c.target),
                "readiness": percent_number(c.readiness),
                "assessed": c.assessed,
                "total": c.total,
            }
            for c in report.categories
        ],
        "gaps": [skill_dict(s) for s in report.gaps],
        "strengths": [skill_dict(s) for s in report.strengths],
        "not_assessed": [skill_dict(s) for s in report.not_assessed],
        "other": [skill_dict(s) for s in report.other],
        "unknown_skills": list(report.unknown_skills),
        "plan": plan_dict(report.plan),
    }


def render_report_json(report: Report) -> str:
    """The report as indented JSON text, ending with a newline."""
    return json_invisible(json.dumps(report_dict(report), indent=2, ensure_ascii=False)) + "\n"


def _change(c: SkillChange) -> dict[str, Any]:
    return {
        "skill": c.skill_id,
        "title": c.title,
        "before": number(c.before),
        "after": number(c.after),
        "before_label": c.before_label,
        "after_label": c.after_label,
        "change": number(c.delta),
    }


def _side(report: Report) -> dict[str, Any]:
    return {
        "subject": report.subject,
        "status": report.status,
        "updated": iso(report.updated),
        "rubric": _rubric(report.document_rubric or report.rubric, title=False),
        "role": report.role_id,
        "readiness": percent_number(report.readiness),
        "coverage": percent_number(report.coverage),
    }


def comparison_dict(cmp: Comparison) -> dict[str, Any]:
    """A comparison as plain JSON-ready data (see docs/report.md)."""
    delta = cmp.readiness_delta
    common = None
    if cmp.common_readiness_before is not None or cmp.common_readiness_after is not None:
        common = {
            "skills": cmp.common_skills,
            "before": percent_number(cmp.common_readiness_before),
            "after": percent_number(cmp.common_readiness_after),
        }
    return {
        "format": COMPARISON_FORMAT,
        "format_version": FORMAT_VERSION,
        "subject": cmp.new.subject,
        "old": _side(cmp.old),
        "new": _side(cmp.new),
        "same_rubric": cmp.same_rubric,
        "readiness": {
            "before": percent_number(cmp.readiness_before),
            "after": percent_number(cmp.readiness_after),
            "change": None if delta is None else number(round(delta * 100, 1)),
        },
        "common_readiness": common,
        "improved": [_change(c) for c in cmp.improved],
        "dropped": [_change(c) for c in cmp.dropped],
        "newly_assessed": [_change(c) for c in cmp.newly_assessed],
        "no_longer_assessed": [_change(c) for c in cmp.no_longer_assessed],
        "done": [
            {"skill": i.skill_id, "title": i.title, "target": i.target, "to": i.to_label}
            for i in cmp.done
        ],
        "new_gaps": [skill_dict(s) for s in cmp.new_gaps],
        "still_open": [skill_dict(s) for s in cmp.still_open],
        "only_in_old": [{"skill": s.skill_id, "title": s.title} for s in cmp.only_in_old],
        "only_in_new": [{"skill": s.skill_id, "title": s.title} for s in cmp.only_in_new],
        "notices": list(cmp.notices),
    }


def render_comparison_json(cmp: Comparison) -> str:
    """A comparison as indented JSON text, ending with a newline."""
    return json_invisible(json.dumps(comparison_dict(cmp), indent=2, ensure_ascii=False)) + "\n"
