"""Reports and comparisons as GitHub-flavoured Markdown.

Every piece of user text goes through ``md_inline`` / ``md_cell`` (tables keep
their columns whatever a note holds) or into a fenced block whose fence is
longer than any backtick run inside. The chart is a fenced text bar chart: it
renders the same on GitHub, in editors and in a terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from skillcheck.render.formatting import (
    date_range,
    hours,
    num,
    pct,
    plural,
    points,
    text_bar,
    when,
)
from skillcheck.render.safe import md_cell, md_fence, md_inline, one_line, safe_url

if TYPE_CHECKING:
    from skillcheck.analysis.compare import Comparison, SkillChange
    from skillcheck.analysis.plan import Plan, PlanItem
    from skillcheck.analysis.report import Report, SkillLine

_BAR_WIDTH = 20
_CHART_TITLE_WIDTH = 24


def table(header: Sequence[str], rows: Iterable[Sequence[str]], align: str = "") -> str:
    """A GitHub table. Cells must already be escaped (``md_cell``); ``align`` is 'l'/'r' per column."""
    marks = [("---:" if align[i : i + 1] == "r" else "---") for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _level(label: str, level: float | None) -> str:
    return md_cell(label) if level is None else f"{md_cell(label)} ({num(level)})"


def category_chart(report: Report) -> str:
    """A fenced text bar chart: each category's current level against its target."""
    lo, hi = report.min_level, report.max_level
    titles = [_clip(one_line(c.title)) for c in report.categories]
    width = max((len(t) for t in titles), default=0)
    lines = []
    for title, c in zip(titles, report.categories, strict=True):
        if c.current is None:
            shown = "not assessed"
            bar = " " * _BAR_WIDTH
        else:
            bar = text_bar(c.current, c.target, lo, hi, _BAR_WIDTH)
            shown = (
                f"{num(c.current)} / {num(c.target)}" if c.target is not None else num(c.current)
            )
        lines.append(f"{title.ljust(width)}  {bar}  {shown}".rstrip())
    lines.append("")
    lines.append(f"█ current  ░ short of target  · rest of the scale ({lo}-{hi})")
    return md_fence("\n".join(lines))


def _clip(text: str) -> str:
    return text if len(text) <= _CHART_TITLE_WIDTH else text[: _CHART_TITLE_WIDTH - 1] + "…"


def _summary(report: Report) -> list[str]:
    out = [f"# Skill report: {md_inline(report.subject) or 'unnamed'}", ""]
    if report.partial:
        out += [
            f"> **Partial report:** this {md_inline(report.kind)} is still in progress; "
            f"{pct(report.coverage)} of the role's requirements are assessed so far.",
            "",
        ]
    rubric = report.rubric
    role = (
        f"{md_inline(report.role_title or '')} (`{report.role_id}`)"
        if report.role_id
        else "none (the rubric defines no roles)"
    )
    out += [
        f"- **Rubric:** {md_inline(rubric.title)} {md_inline(rubric.version)} (`{rubric.id}`)",
        f"- **Role:** {role}",
        f"- **Assessed:** {date_range(report.started, report.updated)} ({'in progress' if report.partial else 'complete'})",
        f"- **Readiness for the role:** **{pct(report.readiness)}**",
        f"- **Coverage:** {pct(report.coverage)} of the role's requirements assessed",
    ]
    if report.document_rubric is not None:
        d = report.document_rubric
        out.append(
            f"- **Note:** made with rubric {md_inline(d.id)} {md_inline(d.version)}, a different revision; "
            "only the skills that still exist are reported."
        )
    if report.unknown_skills:
        out.append(
            "- **Ratings for skills no longer in the rubric (ignored):** "
            + ", ".join(md_inline(s) for s in report.unknown_skills)
        )
    return out


def _categories(report: Report) -> list[str]:
    rows = [
        [
            md_cell(c.title) + (" (at least one)" if c.scoring == "best" else ""),
            num(c.current),
            num(c.target),
            pct(c.readiness),
            f"{c.assessed} of {c.total}",
        ]
        for c in report.categories
    ]
    return [
        "## Categories",
        "",
        category_chart(report),
        "",
        table(["Category", "Current", "Target", "Readiness", "Assessed"], rows, "lrrrr"),
    ]


def _note(line: SkillLine) -> str:
    return md_cell(line.note) if line.note else " "


def _gaps(report: Report) -> list[str]:
    gaps = report.gaps
    out = ["## Gaps", ""]
    if not gaps:
        return [*out, "No gaps: every assessed requirement meets the role's target."]
    rows = [
        [
            md_cell(s.title),
            md_cell(s.category_title),
            _level(s.level_label, s.level),
            _level(s.target_label, s.target),
            num(s.gap),
            num(s.priority),
            _note(s),
        ]
        for s in gaps
    ]
    header = ["Skill", "Category", "Current", "Target", "Gap", "Priority", "Note"]
    return [*out, table(header, rows, "llllrrl")]


def _strengths(report: Report) -> list[str]:
    out = ["## Strengths", ""]
    if not report.strengths:
        return [*out, "None yet: no assessed skill meets its target."]
    rows = [
        [
            md_cell(s.title),
            md_cell(s.category_title),
            _level(s.level_label, s.level),
            _level(s.target_label, s.target),
            _note(s),
        ]
        for s in report.strengths
    ]
    return [*out, table(["Skill", "Category", "Current", "Target", "Note"], rows)]


def _not_assessed(report: Report) -> list[str]:
    missing = report.not_assessed
    if not missing:
        return []
    notes = any(s.note for s in missing)
    header = ["Skill", "Category", "Target"] + (["Note"] if notes else [])
    rows = [
        [
            md_cell(s.title),
            md_cell(s.category_title),
            "-" if s.target is None else _level(s.target_label, s.target),
        ]
        + ([_note(s)] if notes else [])
        for s in missing
    ]
    return [
        "## Not assessed",
        "",
        "Left out of readiness (never counted as 0).",
        "",
        table(header, rows),
    ]


def _resource(title: str, url: str | None, h: float) -> str:
    link = safe_url(url)
    name = f"[{md_inline(title)}]({link})" if link else md_inline(title)
    if url and not link:
        name += f" ({md_inline(url)})"
    return f"- {name}: {hours(h)}"


def _plan_item(n: int, item: PlanItem, plan: Plan) -> list[str]:
    out = [
        f"### {n}. {md_inline(item.title)}: {md_inline(item.step)}",
        "",
        f"{md_inline(item.category_title)} · gap {num(item.gap)} · priority {num(item.priority)}"
        f" · {hours(item.hours)}" + _weeks(plan, item),
        "",
        f"**What {md_inline(item.to_label)} looks like:** {md_inline(item.descriptor)}",
        "",
    ]
    if item.after:
        out += ["After: " + ", ".join(md_inline(p.title) for p in item.after), ""]
    if item.unassessed_prerequisites:
        names = ", ".join(md_inline(p.title) for p in item.unassessed_prerequisites)
        out += [f"Needs {names} (not assessed: check it first).", ""]
    if item.resources:
        out += [_resource(r.title, r.url, r.hours) for r in item.resources]
    else:
        out.append("- No resources listed in the rubric.")
    out.append("")
    return out


def _weeks(plan: Plan, item: PlanItem) -> str:
    if plan.schedule is None:
        return ""
    span = plan.schedule.weeks_of(item.skill_id)
    if span is None:
        return ""
    first, last = span
    return f" · week {first}" if first == last else f" · weeks {first}-{last}"


def _plan(report: Report) -> list[str]:
    plan = report.plan
    out = ["## Study plan", ""]
    if not plan.items:
        return [*out, "Nothing to study for this role: no gaps among the assessed skills."]
    out += [
        f"{plural(len(plan.items), 'step')}, {hours(plan.total_hours)} in total. "
        "Prerequisites come first; among the skills free to start, the highest priority first.",
        "",
    ]
    for n, item in enumerate(plan.items, 1):
        out += _plan_item(n, item, plan)
    if plan.schedule is not None:
        sched = plan.schedule
        out += [
            f"### Schedule: {num(sched.hours_per_week)} h a week, "
            f"{plural(sched.total_weeks, 'week')}",
            "",
        ]
        rows = [
            [
                span.label,
                "<br>".join(f"{md_cell(e.title)} ({hours(e.hours)})" for e in span.entries),
            ]
            for span in sched.spans()
        ]
        out.append(table(["Week", "Study"], rows, "rl"))
        out.append("")
    return out


def render_report_markdown(report: Report) -> str:
    """The whole report as one Markdown document (ends with a newline)."""
    parts = [
        "\n".join(_summary(report)),
        "\n".join(_categories(report)),
        "\n".join(_gaps(report)),
        "\n".join(_strengths(report)),
    ]
    missing = _not_assessed(report)
    if missing:
        parts.append("\n".join(missing))
    parts.append("\n".join(_plan(report)).rstrip())
    return "\n\n".join(parts) + "\n"


# --- comparison ------------------------------------------------------------


def _changes(title: str, changes: Sequence[SkillChange]) -> list[str]:
    if not changes:
        return []
    rows = [
        [
            md_cell(c.title),
            md_cell(c.category_title),
            _level(c.before_label, c.before),
            _level(c.after_label, c.after),
        ]
        for c in changes
    ]
    return [f"## {title}", "", table(["Skill", "Category", "Before", "After"], rows), ""]


def _ref(title: str, skill_id: str) -> str:
    # Ids of dropped skills come from the document, not the validated rubric: no code span.
    return (
        f"- {md_inline(title)}"
        if title == skill_id
        else f"- {md_inline(title)} ({md_inline(skill_id)})"
    )


def render_comparison_markdown(cmp: Comparison) -> str:
    """A comparison of two reports as Markdown (ends with a newline)."""
    old, new = cmp.old, cmp.new
    delta = cmp.readiness_delta
    change = "" if delta is None else f" ({points(delta)})"
    out = [f"# Progress: {md_inline(new.subject) or 'unnamed'}", ""]
    out += [f"> {md_inline(n)}" for n in cmp.notices]
    if cmp.notices:
        out.append("")
    out += [
        f"- **Before:** {when(old.updated)}, readiness {pct(old.readiness)}, "
        f"coverage {pct(old.coverage)}",
        f"- **After:** {when(new.updated)}, readiness {pct(new.readiness)}, "
        f"coverage {pct(new.coverage)}",
        f"- **Readiness:** {pct(old.readiness)} → **{pct(new.readiness)}**{change}",
    ]
    if cmp.common_readiness_before is not None or cmp.common_readiness_after is not None:
        out.append(
            f"- **On the {plural(cmp.common_skills, 'skill')} both share:** "
            f"{pct(cmp.common_readiness_before)} → {pct(cmp.common_readiness_after)}"
        )
    out.append("")
    out += _changes("Improved", cmp.improved)
    out += _changes("Dropped", cmp.dropped)
    out += _changes("Newly assessed", cmp.newly_assessed)
    out += _changes("No longer assessed", cmp.no_longer_assessed)
    if cmp.done:
        out += ["## Plan items done", ""]
        out += [f"- {md_inline(i.title)}: reached {md_inline(i.to_label)}" for i in cmp.done]
        out.append("")
    if cmp.new_gaps:
        rows = [
            [
                md_cell(s.title),
                md_cell(s.category_title),
                _level(s.level_label, s.level),
                _level(s.target_label, s.target),
                num(s.priority),
            ]
            for s in cmp.new_gaps
        ]
        out += [
            "## New gaps",
            "",
            table(["Skill", "Category", "Current", "Target", "Priority"], rows),
            "",
        ]
    if cmp.still_open:
        out += ["## Still open", ""]
        out += [
            f"- {md_inline(s.title)}: {md_inline(s.level_label)} → {md_inline(s.target_label)}"
            for s in cmp.still_open
        ]
        out.append("")
    for title, refs in (("Only in OLD", cmp.only_in_old), ("Only in NEW", cmp.only_in_new)):
        if refs:
            out += [f"## {title} (not compared)", ""]
            out += [_ref(r.title, r.skill_id) for r in refs]
            out.append("")
    return "\n".join(out).rstrip() + "\n"
