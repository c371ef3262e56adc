"""Reports and comparisons for the terminal: rich tables and bars.

User text only ever enters rich as ``Text`` built from ``one_line``/``visible``
strings, so markup in a name or note is shown, not interpreted, and no control
character reaches the terminal. Colour goes away with NO_COLOR or when piped
(the console decides); the bars keep their meaning in plain text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from skillcheck.render.formatting import (
    EMPTY,
    FULL,
    MISSING,
    bar_cells,
    date_range,
    hours,
    num,
    pct,
    plural,
    points,
    when,
)
from skillcheck.render.safe import one_line, visible

if TYPE_CHECKING:
    from skillcheck.analysis.compare import Comparison, SkillChange
    from skillcheck.analysis.plan import Plan, PlanItem
    from skillcheck.analysis.report import Report, SkillLine

_BAR = 20


def bar(
    current: float | None, target: float | None, lo: float, hi: float, width: int = _BAR
) -> Text:
    """A coloured bar: current level (green when on target, else yellow), shortfall (red), rest (dim)."""
    have, need = bar_cells(current, target, lo, hi, width)
    met = target is None or (current is not None and current >= target)
    out = Text()
    out.append(FULL * have, "green" if met else "yellow")
    out.append(MISSING * max(0, need - have), "red")
    out.append(EMPTY * (width - max(have, need)), "dim")
    return out


def fraction_bar(fraction: float | None, width: int = _BAR) -> Text:
    """A 0..1 bar (readiness, coverage)."""
    if fraction is None:
        return Text(" " * width)
    return bar(fraction, 1.0, 0.0, 1.0, width)


def _t(text: str | None, style: str = "") -> Text:
    return Text(one_line(text or ""), style)


def _table(title: str, *columns: tuple[str, str], spaced: bool = False) -> Table:
    # ``spaced``: a blank line between rows, for rows that take several lines.
    table = Table(
        title=Text(title, "bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        expand=False,
        show_lines=spaced,
    )
    for name, justify in columns:
        table.add_column(name, justify="right" if justify == "r" else "left")
    return table


def _skill_cell(line: SkillLine, *, category: bool = True) -> Text:
    cell = _t(line.title)
    if category:
        cell.append(f"\n{one_line(line.category_title)}", "dim")
    if line.note:
        cell.append("\n")
        cell.append(f"“{one_line(line.note)}”", "dim italic")
    return cell


def _summary(report: Report) -> RenderableType:
    head = Text("Skill report: ", "bold")
    head.append(one_line(report.subject) or "unnamed", "bold")
    rubric = report.rubric
    info = Text(f"{one_line(rubric.title)} {one_line(rubric.version)} ({rubric.id})", "dim")
    if report.role_id:
        info.append(f" · role {one_line(report.role_title or '')} ({report.role_id})", "dim")
    info.append(f" · {date_range(report.started, report.updated)}", "dim")
    grid = Table.grid(padding=(0, 2))
    grid.add_column()
    grid.add_column(justify="right")
    grid.add_column()
    grid.add_row(
        Text("Readiness", "bold"),
        Text(pct(report.readiness), "bold"),
        fraction_bar(report.readiness),
    )
    grid.add_row(
        Text("Coverage"),
        Text(pct(report.coverage)),
        Text.assemble(
            fraction_bar(report.coverage), ("  of the role's requirements assessed", "dim")
        ),
    )
    parts: list[RenderableType] = [head, info]
    if report.partial:
        parts.append(
            Text(
                f"PARTIAL: this {report.kind} is still in progress; "
                f"{pct(report.coverage)} of the requirements are assessed so far.",
                "bold yellow",
            )
        )
    if report.document_rubric is not None:
        d = report.document_rubric
        parts.append(
            _t(
                f"Made with rubric {d.id} {d.version}, a different revision: "
                "only the skills that still exist are reported.",
                "yellow",
            )
        )
    if report.unknown_skills:
        parts.append(
            _t(
                "Ignored ratings for skills not in the rubric: " + ", ".join(report.unknown_skills),
                "dim",
            )
        )
    parts += [Text(""), grid]
    return Group(*parts)


def _categories(report: Report) -> RenderableType:
    lo, hi = report.min_level, report.max_level
    table = _table(
        "Categories",
        ("Category", "l"),
        ("Current vs target", "l"),
        ("Now", "r"),
        ("Target", "r"),
        ("Ready", "r"),
    )
    for c in report.categories:
        title = _t(c.title)
        if c.scoring == "best":
            title.append(" (one of)", "dim")
        shown = (
            bar(c.current, c.target, lo, hi)
            if c.current is not None
            else Text("not assessed", "dim")
        )
        table.add_row(title, shown, num(c.current), num(c.target), pct(c.readiness))
    legend = Text(f"{FULL} current  {MISSING} short of target  {EMPTY} rest of the scale", "dim")
    scale = ", ".join(f"{p.level} {one_line(p.label)}" for p in report.scale)
    legend.append(f"\nScale: {scale}", "dim")
    return Group(table, legend)


def _gaps(report: Report) -> RenderableType:
    gaps = report.gaps
    if not gaps:
        return Text("No gaps: every assessed requirement meets the role's target.", "green")
    table = _table(
        f"Gaps ({len(gaps)})",
        ("Skill", "l"),
        ("Current", "l"),
        ("Target", "l"),
        ("Gap", "r"),
        ("Priority", "r"),
        spaced=True,
    )
    for s in gaps:
        table.add_row(
            _skill_cell(s), _t(s.level_label), _t(s.target_label), num(s.gap), num(s.priority)
        )
    return table


def _strengths(report: Report) -> RenderableType:
    strengths = report.strengths
    if not strengths:
        return Text("Strengths: none yet (no assessed skill meets its target).", "dim")
    table = _table(
        f"Strengths ({len(strengths)})",
        ("Skill", "l"),
        ("Current", "l"),
        ("Target", "l"),
        spaced=True,
    )
    for s in strengths:
        table.add_row(_skill_cell(s), _t(s.level_label), _t(s.target_label))
    return table


def _not_assessed(report: Report) -> RenderableType | None:
    missing = report.not_assessed
    if not missing:
        return None
    out = Text(f"Not assessed ({len(missing)})", "bold")
    out.append(" - left out of readiness, never counted as 0\n", "dim")
    for i, s in enumerate(missing):
        out.append(", " if i else "")
        out.append(one_line(s.title))
        if s.note:
            out.append(f" ({one_line(s.note)})", "dim")
    return out


def _weeks(plan: Plan, item: PlanItem) -> str:
    span = plan.schedule.weeks_of(item.skill_id) if plan.schedule else None
    if span is None:
        return ""
    return f" · week {span[0]}" if span[0] == span[1] else f" · weeks {span[0]}-{span[1]}"


def _plan_item(item: PlanItem, plan: Plan) -> Text:
    out = Text(one_line(item.title), "bold")
    out.append(f"  {one_line(item.step)}\n")
    out.append(
        f"{one_line(item.category_title)} · gap {num(item.gap)} · priority {num(item.priority)}"
        f" · {hours(item.hours)}{_weeks(plan, item)}\n",
        "dim",
    )
    out.append(f"{one_line(item.to_label)} looks like: ", "italic")
    out.append(one_line(item.descriptor))
    if item.after:
        out.append("\nafter: " + ", ".join(one_line(p.title) for p in item.after), "dim")
    if item.unassessed_prerequisites:
        names = ", ".join(one_line(p.title) for p in item.unassessed_prerequisites)
        out.append(f"\nneeds {names} (not assessed: check it first)", "yellow")
    for r in item.resources:
        out.append(f"\n- {one_line(r.title)} ({hours(r.hours)})")
        if r.url:
            out.append(f"\n  {one_line(r.url)}", "dim")
    if not item.resources:
        out.append("\n- no resources listed in the rubric", "dim")
    return out


def _plan(report: Report) -> RenderableType:
    plan = report.plan
    if not plan.items:
        return Text("Study plan: nothing to study for this role.", "green")
    head = Text("Study plan", "bold")
    head.append(f": {plural(len(plan.items), 'step')}, {hours(plan.total_hours)}", "bold")
    head.append("\nPrerequisites first; then the highest priority first.", "dim")
    items = Table.grid(padding=(0, 1))
    items.add_column(justify="right", no_wrap=True)
    items.add_column()
    for n, item in enumerate(plan.items, 1):
        body = _plan_item(item, plan)
        if n < len(plan.items):
            body.append("\n")
        items.add_row(Text(f"{n}.", "bold"), body)
    parts: list[RenderableType] = [head, Text(""), items]
    if plan.schedule is not None:
        sched = plan.schedule
        table = _table(
            f"Schedule: {num(sched.hours_per_week)} h a week, {plural(sched.total_weeks, 'week')}",
            ("Week", "r"),
            ("Study", "l"),
        )
        for span in sched.spans():
            study = Text(", ".join(f"{one_line(e.title)} ({hours(e.hours)})" for e in span.entries))
            table.add_row(span.label, study)
        parts += [Text(""), table]
    return Group(*parts)


def report_renderable(report: Report) -> RenderableType:
    """The whole report as one rich renderable (print it on any Console)."""
    parts: list[RenderableType] = [_summary(report), Text(""), _categories(report), Text("")]
    parts += [_gaps(report), Text(""), _strengths(report), Text("")]
    missing = _not_assessed(report)
    if missing is not None:
        parts += [missing, Text("")]
    parts.append(_plan(report))
    return Group(*parts)


def to_plain_text(renderable: RenderableType, width: int = 80) -> str:
    """Render to plain text (no colour, no control codes), e.g. for ``-o report.txt``."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system=None,
        force_terminal=False,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    console.print(renderable)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def show(console: Console, renderable: RenderableType) -> None:
    """Print on a terminal with colour; piped, as plain text without trailing spaces."""
    if console.is_terminal:
        console.print(renderable)
    else:
        console.file.write(to_plain_text(renderable, console.width))


def render_report_text(report: Report, width: int = 80) -> str:
    """The report as plain text of at most ``width`` columns."""
    return to_plain_text(report_renderable(report), width)


# --- comparison ------------------------------------------------------------


def _changes(title: str, changes: Sequence[SkillChange], style: str) -> Table | None:
    if not changes:
        return None
    table = _table(title, ("Skill", "l"), ("Before", "l"), ("After", "l"), spaced=True)
    for c in changes:
        cell = _t(c.title)
        cell.append(f"\n{one_line(c.category_title)}", "dim")
        table.add_row(cell, _t(c.before_label), Text(one_line(c.after_label), style))
    return table


def comparison_renderable(cmp: Comparison) -> RenderableType:
    """A comparison of two reports as one rich renderable."""
    old, new = cmp.old, cmp.new
    head = Text("Progress: ", "bold")
    head.append(one_line(new.subject) or "unnamed", "bold")
    parts: list[RenderableType] = [head]
    parts += [Text(visible(n), "yellow") for n in cmp.notices]
    grid = Table.grid(padding=(0, 2))
    for _ in range(4):
        grid.add_column()
    grid.add_row(
        Text("Before", "bold"),
        Text(when(old.updated)),
        Text(pct(old.readiness)),
        fraction_bar(old.readiness),
    )
    grid.add_row(
        Text("After", "bold"),
        Text(when(new.updated)),
        Text(pct(new.readiness)),
        fraction_bar(new.readiness),
    )
    parts += [Text(""), grid]
    delta = cmp.readiness_delta
    if delta is not None:
        style = "green" if delta > 0 else "red" if delta < 0 else ""
        parts.append(Text(f"Readiness {points(delta)}", style))
    if cmp.common_readiness_before is not None or cmp.common_readiness_after is not None:
        parts.append(
            Text(
                f"On the {plural(cmp.common_skills, 'skill')} both share: "
                f"{pct(cmp.common_readiness_before)} -> {pct(cmp.common_readiness_after)}"
            )
        )
    for title, changes, style in (
        ("Improved", cmp.improved, "green"),
        ("Dropped", cmp.dropped, "red"),
        ("Newly assessed", cmp.newly_assessed, ""),
        ("No longer assessed", cmp.no_longer_assessed, "dim"),
    ):
        table = _changes(f"{title} ({len(changes)})", changes, style)
        if table is not None:
            parts += [Text(""), table]
    if cmp.done:
        done = Text(f"Plan items done ({len(cmp.done)})\n", "bold")
        done.append(
            "\n".join(f"  {one_line(i.title)}: reached {one_line(i.to_label)}" for i in cmp.done),
            "green",
        )
        parts += [Text(""), done]
    if cmp.new_gaps:
        table = _table(
            f"New gaps ({len(cmp.new_gaps)})",
            ("Skill", "l"),
            ("Current", "l"),
            ("Target", "l"),
            ("Priority", "r"),
            spaced=True,
        )
        for s in cmp.new_gaps:
            table.add_row(_skill_cell(s), _t(s.level_label), _t(s.target_label), num(s.priority))
        parts += [Text(""), table]
    if cmp.still_open:
        still = Text(f"Still open ({len(cmp.still_open)})\n", "bold")
        still.append(
            "\n".join(
                f"  {one_line(s.title)}: {one_line(s.level_label)} -> {one_line(s.target_label)}"
                for s in cmp.still_open
            )
        )
        parts += [Text(""), still]
    for title, refs in (("Only in OLD", cmp.only_in_old), ("Only in NEW", cmp.only_in_new)):
        if refs:
            only = Text(f"{title} (not compared): ", "bold")
            only.append(", ".join(one_line(r.title) for r in refs))
            parts += [Text(""), only]
    return Group(*parts)


def render_comparison_text(cmp: Comparison, width: int = 80) -> str:
    """The comparison as plain text of at most ``width`` columns."""
    return to_plain_text(comparison_renderable(cmp), width)
