"""The report as one self-contained HTML page: inline CSS, an inline SVG radar chart.

The page makes no network request (a Content-Security-Policy meta tag forbids it
too), reads well on screen and prints cleanly to PDF (``@media print``). All user
and rubric text goes through ``html_text``; links are made only from plain
http(s) URLs (``safe_url``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from skillcheck.render.formatting import bar_cells, date_range, hours, num, pct, plural
from skillcheck.render.safe import html_text as esc
from skillcheck.render.safe import safe_url

if TYPE_CHECKING:
    from skillcheck.analysis.plan import Plan, PlanItem
    from skillcheck.analysis.report import Report, SkillLine
    from skillcheck.analysis.scoring import CategoryScore

#: The page style (public so other HTML renderers, e.g. the panel, share the look).
CSS = """
:root {
  --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --paper: #ffffff; --soft: #f8fafc;
  --accent: #2563eb; --accent-soft: rgba(37, 99, 235, 0.18); --target: #64748b;
  --gap: #dc2626; --ok: #15803d; --warn: #b45309;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0; background: var(--soft); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 1040px; margin: 0 auto; padding: 32px 28px 48px; background: var(--paper); }
h1 { font-size: 1.8rem; margin: 0 0 4px; line-height: 1.2; }
h2 { font-size: 1.25rem; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 0; }
.meta { color: var(--muted); margin: 0; }
.partial, .notice {
  margin: 16px 0 0; padding: 10px 14px; border-radius: 6px;
  background: #fffbeb; border: 1px solid #fcd34d; color: #78350f;
}
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin-top: 22px; }
.kpi { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.kpi .value { display: block; font-size: 1.9rem; font-weight: 700; line-height: 1.1; }
.kpi .label { color: var(--muted); font-size: 0.85rem; }
.kpi.main .value { color: var(--accent); }
.charts { display: grid; grid-template-columns: minmax(320px, 1.15fr) 1fr; gap: 24px; align-items: center; }
figure { margin: 0; }
figcaption { color: var(--muted); font-size: 0.85rem; text-align: center; }
.charts.stacked { grid-template-columns: 1fr; }
.charts.stacked svg { max-width: 760px; }
svg { max-width: 100%; height: auto; display: block; margin: 0 auto; }
svg text { font-family: inherit; fill: var(--ink); }
table { width: 100%; border-collapse: collapse; font-size: 0.92rem; }
th, td { text-align: left; padding: 7px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 0.78rem; text-transform: uppercase; letter-spacing: 0.03em; color: var(--muted); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.note { display: block; color: var(--muted); font-style: italic; white-space: pre-wrap; overflow-wrap: anywhere; }
.cat { color: var(--muted); font-size: 0.85rem; }
.lvl { white-space: nowrap; }
.bar { position: relative; height: 12px; min-width: 120px; background: var(--line); border-radius: 6px; }
.bar .cur { position: absolute; left: 0; top: 0; bottom: 0; border-radius: 6px; background: var(--accent); }
.bar .cur.met { background: var(--ok); }
.bar .tgt { position: absolute; top: -3px; bottom: -3px; width: 3px; margin-left: -1px; background: var(--ink); }
.gap { color: var(--gap); font-weight: 600; }
.muted { color: var(--muted); }
ol.plan { list-style: none; padding: 0; margin: 0; counter-reset: step; }
ol.plan > li {
  counter-increment: step; position: relative; margin: 0 0 14px; padding: 12px 14px 12px 52px;
  border: 1px solid var(--line); border-radius: 8px; break-inside: avoid;
}
ol.plan > li::before {
  content: counter(step); position: absolute; left: 14px; top: 12px; width: 26px; height: 26px;
  border-radius: 50%; background: var(--accent); color: #fff; font-weight: 700; text-align: center;
  line-height: 26px; font-size: 0.9rem;
}
.step { color: var(--accent); font-weight: 600; }
.facts { color: var(--muted); font-size: 0.88rem; margin: 2px 0 6px; }
.looks { margin: 4px 0; }
.resources { margin: 6px 0 0; padding-left: 20px; }
.warn { color: var(--warn); }
ol.plan p { margin: 4px 0; }
#plan > h3 { margin: 22px 0 8px; }
table.schedule td:first-child, table.schedule th:first-child { width: 5em; }
a { color: var(--accent); overflow-wrap: anywhere; }
footer { margin-top: 40px; color: var(--muted); font-size: 0.8rem; }
@media (max-width: 760px) {
  .kpis { grid-template-columns: repeat(2, 1fr); }
  .charts { grid-template-columns: 1fr; }
}
@media print {
  @page { margin: 14mm; }
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; margin-top: 22px; }
  tr, .kpi, figure { break-inside: avoid; }
  .charts { grid-template-columns: 1fr; }
  figure svg { max-width: 440px; }
  a { color: var(--ink); text-decoration: none; }
  a[href]::after { content: " (" attr(href) ")"; color: var(--muted); font-size: 0.8em; }
}
"""

#: Content-Security-Policy for every generated page: no network, inline CSS only.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_LINE = 16  # px between label lines
_CHAR = 9.0  # rough px per character at the label font size, to size the view box


def _wrap(title: str, width: int = 18, lines: int = 2) -> list[str]:
    """A title on at most ``lines`` lines of about ``width`` characters."""
    out: list[str] = []
    for word in title.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = [*out[: lines - 1], " ".join(out[lines - 1 :])]
    return [_clip(line, width + 2) for line in out] or [""]


@dataclass
class _Label:
    """A radar axis label: its text and the box it takes (``first`` is the first baseline)."""

    sin: float
    x: float
    first: float
    left: float
    width: float
    height: float
    anchor: str
    lines: list[str]
    value: str
    title: str

    @property
    def top(self) -> float:
        return self.first - 14

    def overlaps(self, other: _Label) -> bool:
        if self.left + self.width <= other.left or other.left + other.width <= self.left:
            return False
        return not (self.top >= other.top + other.height or other.top >= self.top + self.height)


def _spread(labels: list[_Label]) -> None:
    """Move label blocks apart vertically where they would overlap (many categories).

    Labels nearest the sides stay put; those in the lower half are pushed down,
    those in the upper half up.
    """
    placed: list[_Label] = []
    for lab in sorted(labels, key=lambda la: abs(la.sin)):
        for _ in range(len(placed) + 1):  # each move can meet another label, at most once each
            hit = next((o for o in placed if lab.overlaps(o)), None)
            if hit is None:
                break
            if lab.sin >= 0:
                lab.first = hit.top + hit.height + 2 + 14
            else:
                lab.first = hit.top - lab.height - 2 + 14
        placed.append(lab)


def radar_svg(report: Report) -> str:
    """An SVG chart of the categories, current level against target.

    A radar for three or more categories; horizontal bars for one or two, where
    a radar has no area to show. The view box is fitted to the labels.
    """
    cats = report.categories
    if len(cats) < 3:
        return _bars_svg(report)
    lo, hi = report.min_level, report.max_level
    span = (hi - lo) or 1
    radius = 150.0
    n = len(cats)

    def angle(i: float) -> float:
        return -math.pi / 2 + 2 * math.pi * i / n

    def point(i: int, value: float | None) -> tuple[float, float]:
        r = radius * max(0.0, min(1.0, ((value if value is not None else lo) - lo) / span))
        return r * math.cos(angle(i)), r * math.sin(angle(i))

    def poly(values: Sequence[float | None]) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in enumerate(values)))

    # Drawn around (0, 0); the view box below is fitted to what was drawn.
    body: list[str] = []
    for level in range(lo, hi + 1):
        body.append(
            f'<polygon points="{poly([level] * n)}" fill="none" stroke="#e5e7eb" stroke-width="1"/>'
        )
        if level > lo:
            # On the ring's first edge, between two axes, away from the data points.
            r = radius * (level - lo) / span * math.cos(math.pi / n)
            x, y = r * math.cos(angle(0.5)), r * math.sin(angle(0.5))
            body.append(
                f'<text x="{x + 3:.1f}" y="{y + 4:.1f}" font-size="12" fill="#94a3b8">{level}</text>'
            )
    for i in range(n):
        x, y = point(i, hi)
        body.append(f'<line x1="0" y1="0" x2="{x:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>')
    targets = [c.target for c in cats]
    if any(t is not None for t in targets):
        body.append(
            f'<polygon class="target" points="{poly(targets)}" fill="none" stroke="#64748b" '
            'stroke-width="2" stroke-dasharray="6 4"/>'
        )
    body.append(
        f'<polygon class="current" points="{poly([c.current for c in cats])}" '
        'fill="rgba(37,99,235,0.22)" stroke="#2563eb" stroke-width="2.5"/>'
    )
    for i, c in enumerate(cats):
        if c.current is not None:
            x, y = point(i, c.current)
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#2563eb"/>')
    labels: list[_Label] = []
    for i, c in enumerate(cats):
        cos, sin = math.cos(angle(i)), math.sin(angle(i))
        x, y = (radius + 14) * cos, (radius + 14) * sin
        lines = _wrap(c.title)
        value = "not assessed" if c.current is None else f"{num(c.current)} / {num(c.target)}"
        height = (len(lines) + 1) * _LINE
        # Above the top axes, below the bottom ones, centred beside the others.
        first = y - height + 12 if sin < -0.3 else (y + 14 if sin > 0.3 else y - height / 2 + 12)
        width = max(len(t) for t in [*lines, value]) * _CHAR
        anchor = "middle" if abs(cos) < 0.1 else ("start" if cos > 0 else "end")
        x0 = x - width / 2 if anchor == "middle" else (x if anchor == "start" else x - width)
        labels.append(_Label(sin, x, first, x0, width, height, anchor, lines, value, c.title))
    _spread(labels)
    left, right, top, bottom = -radius, radius, -radius, radius
    for lab in labels:
        left, right = min(left, lab.left), max(right, lab.left + lab.width)
        top, bottom = min(top, lab.top), max(bottom, lab.top + lab.height + 4)
        spans = "".join(
            f'<tspan x="{lab.x:.1f}" dy="{0 if k == 0 else _LINE}">{esc(line)}</tspan>'
            for k, line in enumerate(lab.lines)
        )
        body.append(
            f'<text class="axis-label" x="{lab.x:.1f}" y="{lab.first:.1f}" '
            f'text-anchor="{lab.anchor}" font-size="14" font-weight="600">'
            f"<title>{esc(lab.title)}</title>{spans}"
            f'<tspan x="{lab.x:.1f}" dy="{_LINE}" font-size="12" font-weight="400" fill="#6b7280">'
            f"{esc(lab.value)}</tspan></text>"
        )
    legend_y = bottom + 28
    body.append(_legend(-120, legend_y))
    left, right = min(left, -130) - 8, max(right, 140) + 8
    top, bottom = top - 8, legend_y + 10
    w, h = right - left, bottom - top
    return "\n".join(
        [
            '<svg id="category-chart" class="radar" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="{left:.0f} {top:.0f} {w:.0f} {h:.0f}" width="{w:.0f}" height="{h:.0f}" '
            'role="img" aria-labelledby="radar-title">',
            '<title id="radar-title">Categories: current level against the target</title>',
            *body,
            "</svg>",
        ]
    )


def _legend(x: float, y: float) -> str:
    y = round(y)
    return (
        f'<g class="legend" font-size="13">'
        f'<rect x="{x}" y="{y - 10}" width="14" height="10" fill="rgba(37,99,235,0.22)" stroke="#2563eb"/>'
        f'<text x="{x + 20}" y="{y}">current</text>'
        f'<line x1="{x + 90}" y1="{y - 5}" x2="{x + 116}" y2="{y - 5}" stroke="#64748b" '
        'stroke-width="2" stroke-dasharray="6 4"/>'
        f'<text x="{x + 122}" y="{y}">target for the role</text></g>'
    )


def _bars_svg(report: Report) -> str:
    cats = report.categories
    lo, hi = report.min_level, report.max_level
    width, left, bar_w = 600, 170, 380
    height = 40 + 44 * len(cats) + 30
    out = [
        f'<svg id="category-chart" class="bars" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        'aria-labelledby="bars-title">',
        '<title id="bars-title">Categories: current level against the target</title>',
    ]
    for i, c in enumerate(cats):
        y = 30 + 44 * i
        have, need = bar_cells(c.current, c.target, lo, hi, bar_w)
        out.append(
            f'<text x="{left - 10}" y="{y + 14}" text-anchor="end" font-size="13" font-weight="600">'
            f"<title>{esc(c.title)}</title>{esc(_clip(c.title, 22))}</text>"
        )
        out.append(f'<rect x="{left}" y="{y}" width="{bar_w}" height="18" rx="4" fill="#e5e7eb"/>')
        out.append(
            f'<rect class="current" x="{left}" y="{y}" width="{have}" height="18" rx="4" fill="#2563eb"/>'
        )
        if c.target is not None:
            out.append(
                f'<line class="target" x1="{left + need}" y1="{y - 4}" x2="{left + need}" '
                f'y2="{y + 22}" stroke="#1f2937" stroke-width="3"/>'
            )
        value = "not assessed" if c.current is None else f"{num(c.current)} / {num(c.target)}"
        out.append(
            f'<text x="{left}" y="{y + 34}" font-size="11" fill="#6b7280">{esc(value)}</text>'
        )
    y = height - 12
    out.append(
        f'<g class="legend" font-size="12"><rect x="{left}" y="{y - 10}" width="14" height="10" '
        f'fill="#2563eb"/><text x="{left + 20}" y="{y}">current</text>'
        f'<line x1="{left + 90}" y1="{y - 12}" x2="{left + 90}" y2="{y + 2}" stroke="#1f2937" '
        f'stroke-width="3"/><text x="{left + 98}" y="{y}">target for the role</text></g>'
    )
    out.append("</svg>")
    return "\n".join(out)


def _level(label: str, level: float | None) -> str:
    if level is None:
        return f'<span class="muted">{esc(label)}</span>'
    return f'<span class="lvl">{esc(label)} <span class="muted">({num(level)})</span></span>'


def _skill(line: SkillLine) -> str:
    note = f'<span class="note">{esc(line.note)}</span>' if line.note else ""
    return f"{esc(line.title)}{note}"


def _table(header: Sequence[tuple[str, bool]], rows: Iterable[Sequence[str]], cls: str) -> str:
    head = "".join(f'<th class="num">{h}</th>' if r else f"<th>{h}</th>" for h, r in header)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="num">{c}</td>' if r else f"<td>{c}</td>"
            for c, (_, r) in zip(row, header, strict=True)
        )
        body.append(f"<tr>{cells}</tr>")
    return (
        f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    )


def _bar(c: CategoryScore, lo: int, hi: int) -> str:
    if c.current is None:
        return '<span class="muted">not assessed</span>'
    have, need = bar_cells(c.current, c.target, lo, hi, 1000)
    met = c.target is None or c.current >= c.target
    target = (
        f'<span class="tgt" style="left:{need / 10:.1f}%"></span>' if c.target is not None else ""
    )
    return (
        f'<div class="bar" title="{num(c.current)} of {hi}"><span class="cur{" met" if met else ""}" '
        f'style="width:{have / 10:.1f}%"></span>{target}</div>'
    )


def _header(report: Report) -> list[str]:
    rubric = report.rubric
    role = (
        f' · role {esc(report.role_title or "")} <span class="muted">({esc(report.role_id)})</span>'
        if report.role_id
        else ""
    )
    out = [
        "<header>",
        f'<h1>Skill report: <span class="subject">{esc(report.subject) or "unnamed"}</span></h1>',
        f'<p class="meta">{esc(rubric.title)} {esc(rubric.version)} ({esc(rubric.id)}){role}'
        f" · {esc(date_range(report.started, report.updated))}"
        f" · {'in progress' if report.partial else 'complete'}</p>",
    ]
    if report.partial:
        out.append(
            f'<p class="partial" role="note"><strong>Partial report:</strong> this '
            f"{esc(report.kind)} is still in progress; {pct(report.coverage)} of the role's "
            "requirements are assessed so far.</p>"
        )
    if report.document_rubric is not None:
        d = report.document_rubric
        out.append(
            f'<p class="notice" role="note">Made with rubric {esc(d.id)} {esc(d.version)}, a '
            "different revision: only the skills that still exist are reported.</p>"
        )
    if report.unknown_skills:
        out.append(
            '<p class="notice" role="note">Ignored ratings for skills not in the rubric: '
            f"{esc(', '.join(report.unknown_skills))}</p>"
        )
    out.append("</header>")
    kpis = [
        ("main", pct(report.readiness), f"readiness for {esc(report.role_title or 'the role')}"),
        ("", pct(report.coverage), "of the requirements assessed"),
        ("", str(len(report.gaps)), "gaps to close"),
        ("", hours(report.plan.total_hours), "of study in the plan"),
    ]
    out.append('<section class="kpis" aria-label="Summary">')
    out += [
        f'<div class="kpi {cls}"><span class="value">{value}</span>'
        f'<span class="label">{label}</span></div>'
        for cls, value, label in kpis
    ]
    out.append("</section>")
    return out


def _categories(report: Report) -> list[str]:
    lo, hi = report.min_level, report.max_level
    rows = [
        [
            esc(c.title)
            + (' <span class="cat">(at least one)</span>' if c.scoring == "best" else ""),
            _bar(c, lo, hi),
            num(c.current),
            num(c.target),
            pct(c.readiness),
        ]
        for c in report.categories
    ]
    header = [
        ("Category", False),
        ("Current vs target", False),
        ("Now", True),
        ("Target", True),
        ("Ready", True),
    ]
    scale = ", ".join(f"{p.level} {esc(p.label)}" for p in report.scale)
    return [
        '<section id="categories"><h2>Categories</h2>'
        f'<div class="charts{" stacked" if len(report.categories) > 6 else ""}">',
        f"<figure>{radar_svg(report)}<figcaption>Scale: {scale}</figcaption></figure>",
        _table(header, rows, "categories"),
        "</div></section>",
    ]


def _skills_section(
    sid: str, title: str, lines: Sequence[SkillLine], empty: str, *, gaps: bool, intro: str = ""
) -> list[str]:
    out = [f'<section id="{sid}"><h2>{title}</h2>']
    if intro:
        out.append(f'<p class="muted">{intro}</p>')
    if not lines:
        out.append(f'<p class="muted">{empty}</p>')
        return [*out, "</section>"]
    rated = any(s.level is not None for s in lines)
    header = [("Skill", False), ("Category", False)]
    header += [("Current", False)] if rated else []
    header += [("Target", False)]
    header += [("Gap", True), ("Priority", True)] if gaps else []
    rows = []
    for s in lines:
        row = [_skill(s), f'<span class="cat">{esc(s.category_title)}</span>']
        row += [_level(s.level_label, s.level)] if rated else []
        row += ["-" if s.target is None else _level(s.target_label, s.target)]
        row += [f'<span class="gap">{num(s.gap)}</span>', num(s.priority)] if gaps else []
        rows.append(row)
    out.append(_table(header, rows, sid))
    return [*out, "</section>"]


def _resource(title: str, url: str | None, h: float) -> str:
    link = safe_url(url)
    name = f'<a href="{esc(link)}">{esc(title)}</a>' if link else esc(title)
    if url and not link:
        name += f' <span class="muted">({esc(url)})</span>'
    return f'<li>{name} <span class="muted">· {hours(h)}</span></li>'


def _weeks(plan: Plan, item: PlanItem) -> str:
    span = plan.schedule.weeks_of(item.skill_id) if plan.schedule else None
    if span is None:
        return ""
    return f" · week {span[0]}" if span[0] == span[1] else f" · weeks {span[0]}-{span[1]}"


def _plan(report: Report) -> list[str]:
    plan = report.plan
    out = ['<section id="plan"><h2>Study plan</h2>']
    if not plan.items:
        out.append(
            '<p class="muted">Nothing to study for this role: no gaps among the assessed skills.</p>'
        )
        return [*out, "</section>"]
    out.append(
        f"<p>{plural(len(plan.items), 'step')}, {hours(plan.total_hours)} in total. "
        "Prerequisites come first; among the skills free to start, the highest priority first.</p>"
    )
    out.append('<ol class="plan">')
    for item in plan.items:
        out.append(f'<li id="plan-{esc(item.skill_id)}">')
        out.append(f'<h3>{esc(item.title)} <span class="step">{esc(item.step)}</span></h3>')
        out.append(
            f'<p class="facts">{esc(item.category_title)} · gap {num(item.gap)} · priority '
            f"{num(item.priority)} · {hours(item.hours)}{_weeks(plan, item)}</p>"
        )
        out.append(
            f'<p class="looks"><strong>What {esc(item.to_label)} looks like:</strong> '
            f"{esc(item.descriptor)}</p>"
        )
        if item.after:
            out.append(f'<p class="muted">After: {esc(", ".join(p.title for p in item.after))}</p>')
        if item.unassessed_prerequisites:
            names = ", ".join(p.title for p in item.unassessed_prerequisites)
            out.append(f'<p class="warn">Needs {esc(names)} (not assessed: check it first).</p>')
        if item.resources:
            out.append('<ul class="resources">')
            out += [_resource(r.title, r.url, r.hours) for r in item.resources]
            out.append("</ul>")
        else:
            out.append('<p class="muted">No resources listed in the rubric.</p>')
        out.append("</li>")
    out.append("</ol>")
    if plan.schedule is not None:
        sched = plan.schedule
        out.append(
            f"<h3>Schedule: {num(sched.hours_per_week)} h a week, "
            f"{plural(sched.total_weeks, 'week')}</h3>"
        )
        rows = [
            [span.label, "<br>".join(f"{esc(e.title)} ({hours(e.hours)})" for e in span.entries)]
            for span in sched.spans()
        ]
        out.append(_table([("Week", True), ("Study", False)], rows, "schedule"))
    out.append("</section>")
    return out


def render_report_html(report: Report) -> str:
    """The whole report as a standalone HTML document."""
    title = f"Skill report: {report.subject}"
    body: list[str] = []
    body += _header(report)
    body += _categories(report)
    body += _skills_section(
        "gaps",
        "Gaps",
        report.gaps,
        "No gaps: every assessed requirement meets the target.",
        gaps=True,
    )
    body += _skills_section(
        "strengths",
        "Strengths",
        report.strengths,
        "None yet: no assessed skill meets its target.",
        gaps=False,
    )
    if report.not_assessed:
        body += _skills_section(
            "not-assessed",
            "Not assessed",
            report.not_assessed,
            "",
            gaps=False,
            intro="Left out of readiness: never counted as 0.",
        )
    body += _plan(report)
    body.append(
        f"<footer>Generated by skillcheck from rubric {esc(report.rubric.id)} "
        f"{esc(report.rubric.version)} ({esc(report.rubric.digest[:19])}).</footer>"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )
