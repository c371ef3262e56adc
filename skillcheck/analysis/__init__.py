"""Pure analysis: scores, readiness, gaps, study plans, panels, comparisons.

Nothing in this package does I/O or imports click, rich or questionary.
Names are loaded on first use, so that a command importing one module (say
``skillcheck.analysis.report``) does not pay for the others.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from skillcheck.analysis.compare import Comparison, SkillChange, compare_reports
    from skillcheck.analysis.plan import (
        Plan,
        PlanItem,
        PlanResource,
        Schedule,
        SkillRef,
        Week,
        WeekEntry,
        WeekSpan,
        level_label,
        plan_order,
        schedule_plan,
        study_plan,
    )
    from skillcheck.analysis.report import (
        Report,
        RubricSummary,
        ScalePoint,
        SkillLine,
        build_report,
        report_for_document,
        resolve_role,
    )
    from skillcheck.analysis.scoring import CategoryScore, Score, SkillScore, score

_MODULES = {
    "compare": ("Comparison", "SkillChange", "compare_reports"),
    "plan": (
        "Plan",
        "PlanItem",
        "PlanResource",
        "Schedule",
        "SkillRef",
        "Week",
        "WeekEntry",
        "WeekSpan",
        "level_label",
        "plan_order",
        "schedule_plan",
        "study_plan",
    ),
    "report": (
        "Report",
        "RubricSummary",
        "ScalePoint",
        "SkillLine",
        "build_report",
        "report_for_document",
        "resolve_role",
    ),
    "scoring": ("CategoryScore", "Score", "SkillScore", "score"),
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "CategoryScore",
    "Comparison",
    "Plan",
    "PlanItem",
    "PlanResource",
    "Report",
    "RubricSummary",
    "ScalePoint",
    "Schedule",
    "Score",
    "SkillChange",
    "SkillLine",
    "SkillRef",
    "SkillScore",
    "Week",
    "WeekEntry",
    "WeekSpan",
    "build_report",
    "compare_reports",
    "level_label",
    "plan_order",
    "report_for_document",
    "resolve_role",
    "schedule_plan",
    "score",
    "study_plan",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
