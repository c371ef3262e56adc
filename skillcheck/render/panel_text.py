"""The panel in the terminal: a ranking, then each candidate's points to discuss."""

from __future__ import annotations

from collections.abc import Iterator

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from skillcheck.analysis.panel import DISAGREEMENT, CandidatePanel, Panel
from skillcheck.render.formatting import num, pct, plural
from skillcheck.render.panel import (
    _notes,
    _self_flag,
    _signed,
    _skill_title,
    _tally,
    _title,
    coverage_gap_names,
)
from skillcheck.render.safe import one_line
from skillcheck.render.text import bar, to_plain_text
from skillcheck.rubric.model import Rubric


def _table(title: str, *columns: tuple[str, str]) -> Table:
    table = Table(
        title=Text(title, "bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
    )
    for name, justify in columns:
        table.add_column(name, justify="right" if justify == "r" else "left")
    return table


def panel_renderable(panel: Panel, rubric: Rubric) -> RenderableType:
    """The whole panel as one rich renderable."""
    return Group(*panel_parts(panel, rubric))


def panel_parts(panel: Panel, rubric: Rubric) -> Iterator[RenderableType]:
    """The panel as rich renderables: the ranking, then one per candidate, so that
    a long panel can be shown as it is rendered (rich takes ~10 ms a candidate)."""
    parts: list[RenderableType] = [Text(one_line(_title(panel, rubric)), "bold")]
    parts.append(
        Text(
            f"{plural(len(panel.candidates), 'candidate')}; a skill is flagged for discussion "
            f"when two ratings differ by {DISAGREEMENT} levels or more.",
            "dim",
        )
    )
    for note in _notes(panel, rubric):
        parts.append(Text(one_line(note), "yellow"))
    ranking = _table(
        "Ranking",
        ("#", "r"),
        ("Candidate", "l"),
        ("Fit", "r"),
        ("Coverage", "r"),
        ("Recommendations", "l"),
        ("Discuss", "r"),
    )
    for r in panel.ranking:
        c = r.candidate
        ranking.add_row(
            str(r.rank),
            Text(one_line(c.name)),
            pct(c.fit),
            pct(c.score.coverage),
            Text(_tally(c)),
            str(len(c.disagreements)),
        )
    parts += [Text(""), ranking]
    ties = [(r.rank, r.tie_break) for r in panel.ranking if r.tie_break]
    for rank, why in ties:
        parts.append(Text(f"  #{rank} above #{rank + 1}: {why}", "dim"))
    yield Group(*parts)
    for r in panel.ranking:
        yield Group(Text(""), _candidate(r.rank, r.candidate, rubric))


def _candidate(rank: int, c: CandidatePanel, rubric: Rubric) -> RenderableType:
    lo, hi = rubric.min_level, rubric.max_level
    head = Text(f"{rank}. ", "bold")
    head.append(one_line(c.name), "bold")
    head.append(
        f"  fit {pct(c.fit)}, coverage {pct(c.score.coverage)}, "
        f"{plural(len(c.interviewers), 'interviewer')}; {_tally(c)}",
        "dim",
    )
    parts: list[RenderableType] = [head]
    cats = _table("", ("Category", "l"), ("Panel level vs target", "l"), ("", "r"))
    for cat in c.score.categories:
        shown = (
            Text("not assessed", "dim")
            if cat.current is None
            else bar(cat.current, cat.target, lo, hi)
        )
        cats.add_row(Text(one_line(cat.title)), shown, f"{num(cat.current)} / {num(cat.target)}")
    parts += [cats, Text("")]
    if c.disagreements:
        table = _table("To discuss", ("Skill", "l"), ("Ratings", "l"))
        for s in c.disagreements:
            cell = Text()
            for i, e in enumerate(c.evidence(s.skill_id)):
                if i:
                    cell.append("\n")
                cell.append(f"{one_line(e.interviewer)}: {e.level}")
                if e.note:
                    cell.append(f"  “{one_line(e.note)}”", "dim italic")
            table.add_row(Text(one_line(_skill_title(rubric, s.skill_id))), cell)
        parts += [table, Text("")]
    if c.key_gaps:
        gaps = ", ".join(
            f"{one_line(_skill_title(rubric, g.skill_id))} ({num(g.median)} of {g.target})"
            for g in c.key_gaps
        )
        parts.append(Text.assemble(("Key gaps: ", "bold"), gaps))
    if c.coverage_gaps or c.uncovered_categories:
        names = ", ".join(one_line(name) for name in coverage_gap_names(c, rubric))
        parts.append(Text.assemble(("Not assessed by anyone: ", "bold"), names))
    flagged = [own for own in c.self_ratings if own.flag]
    if c.self_ratings:
        table = _table(
            "Self-assessment vs panel" + ("" if flagged else " (no large differences)"),
            ("Skill", "l"),
            ("Self", "r"),
            ("Panel", "r"),
            ("Diff", "r"),
            ("", "l"),
        )
        for own in flagged:
            table.add_row(
                Text(one_line(_skill_title(rubric, own.skill_id))),
                num(own.self_level),
                num(own.panel_median),
                _signed(own.difference),
                Text(_self_flag(own.flag), "red"),
            )
        parts.append(table)
    if c.summaries:
        for who, text in c.summaries:
            parts.append(Text.assemble((f"{one_line(who)}: ", "bold"), one_line(text)))
    return Group(*parts)


def render_panel_text(panel: Panel, rubric: Rubric, width: int = 80) -> str:
    """The panel as plain text."""
    return to_plain_text(panel_renderable(panel, rubric), width)
