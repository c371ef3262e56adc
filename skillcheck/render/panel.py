"""Panel renderers that need no rich: Markdown, HTML, CSV and JSON.

Each format is a frame (what comes before the candidates, between two of them
and after them, from the ``PanelHeader``) and one fragment per candidate, so a
panel can be rendered a candidate at a time, on several processes, and come
out byte for byte the same. ``render_panel`` puts them together.
All names, notes and rubric text are escaped for the format.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from skillcheck.analysis.panel import (
    DISAGREEMENT,
    SELF_GAP,
    CandidatePanel,
    Panel,
    PanelHeader,
    SkillPanel,
    Standing,
)
from skillcheck.render.formatting import num, number, pct, percent_number, plural, text_bar
from skillcheck.render.markdown import table
from skillcheck.render.safe import csv_cell, html_text, json_invisible, md_cell, md_fence, md_inline
from skillcheck.rubric.model import Role, Rubric

if TYPE_CHECKING:
    from skillcheck.scorecards import Rejected

PANEL_FORMAT = "skillcheck-panel"
FORMAT_VERSION = 2
RECOMMENDATION_LABELS = {
    "strong_yes": "strong yes",
    "yes": "yes",
    "no": "no",
    "strong_no": "strong no",
}


class Frame(NamedTuple):
    """A format's text before, between and after the candidates' fragments."""

    head: str
    separator: str
    tail: str
    #: Trailing white space is taken off the last fragment.
    rstrip: bool = False

    def piece(self, fragment: str, rank: int, count: int) -> str:
        """The text that the ``rank``-th of ``count`` fragments adds to the whole:
        the separator before it, and for the last one, the end trimmed. Pieces can
        be written one by one, at their place, by different processes."""
        if rank > 1:
            fragment = self.separator + fragment
        return fragment.rstrip() if self.rstrip and rank == count else fragment

    def encoded_piece(self, fragment: bytes, rank: int, count: int) -> bytes:
        """``piece``, of a fragment encoded as UTF-8."""
        if rank > 1:
            fragment = self.separator.encode() + fragment
        if self.rstrip and rank == count:
            return fragment.decode().rstrip().encode()
        return fragment

    def join(self, fragments: Sequence[str]) -> str:
        count = len(fragments)
        pieces = (self.piece(f, rank, count) for rank, f in enumerate(fragments, start=1))
        return self.head + "".join(pieces) + self.tail


#: A format's frame: (header, files not used) -> Frame.
FrameMaker = Callable[[PanelHeader, Sequence["Rejected"]], Frame]
#: A candidate's text before the ranking, cut where the rank goes:
#: (candidate, role) -> parts (``candidate_parts``).
Parts = Callable[[CandidatePanel, "Role | None"], list[str]]
#: (parts encoded, rank, tie-break) -> the candidate's fragment, encoded (``ranked``).
Ranked = Callable[[Sequence[bytes], int, "str | None"], bytes]


class Renderer(NamedTuple):
    """A format in the three steps that ``panelrun.render_files`` renders it in."""

    frame: FrameMaker
    parts: Parts
    ranked: Ranked


def renderer(fmt: str, rubric: Rubric) -> Renderer:
    """``fmt`` (md, html, csv or json) for ``panelrun.render_files``."""

    def frame(header: PanelHeader, rejected: Sequence[Rejected]) -> Frame:
        return panel_frame(fmt, header, rubric, [(r.path, r.reason) for r in rejected])

    def parts(c: CandidatePanel, role: Role | None) -> list[str]:
        return candidate_parts(fmt, c, rubric, role)

    def place(parts: Sequence[bytes], rank: int, tie_break: str | None) -> bytes:
        return ranked(fmt, parts, b"%d" % rank, tie_break_json(tie_break).encode())

    return Renderer(frame, parts, place)


def panel_frame(
    fmt: str,
    header: PanelHeader,
    rubric: Rubric,
    skipped: Iterable[tuple[str, str]] = (),
) -> Frame:
    """The frame of ``fmt`` (md, html, csv or json); ``skipped``: (file, reason)
    of the files that could not be used (listed in the JSON)."""
    if fmt == "md":
        return _md_frame(header, rubric)
    if fmt == "html":
        return _html_frame(header, rubric)
    if fmt == "csv":
        return Frame(_csv_row(CSV_COLUMNS), "", "")
    return _json_frame(header, rubric, skipped)


def candidate_parts(fmt: str, c: CandidatePanel, rubric: Rubric, role: Role | None) -> list[str]:
    """One candidate in ``fmt`` before the ranking: the text cut where the rank
    goes (and in JSON, the second time, the tie-break). ``ranked`` puts them in.

    A panel of thousands renders its candidates while the ranking is made.
    """
    if fmt == "md":
        return ["\n\n## ", "\n".join(_md_candidate(c, rubric))]
    if fmt == "html":
        return ['\n<section class="candidate" id="c', '"><h2>', _html_candidate(c, rubric)]
    if fmt == "csv":
        return _csv_candidate(c, rubric, role)
    return [json_invisible(part) for part in _json_candidate(c)]


#: Text or its encoding: ``ranked`` does the same to both.
AnyText = TypeVar("AnyText", str, bytes)


def ranked(fmt: str, parts: Sequence[AnyText], rank: AnyText, tie_break: AnyText) -> AnyText:
    """A candidate's fragment, to go into ``panel_frame(fmt, ...)``: their
    ``candidate_parts`` with the rank put in, as text, and in JSON the
    tie-break too (``tie_break_json``)."""
    if fmt == "json":
        return parts[0] + rank + parts[1] + tie_break + parts[2]
    return rank.join(parts)


def tie_break_json(tie_break: str | None) -> str:
    """A tie-break as ``ranked`` puts it in JSON."""
    return json_invisible(_dumps(tie_break))


def candidate_fragment(
    fmt: str,
    rank: int,
    tie_break: str | None,
    c: CandidatePanel,
    rubric: Rubric,
    role: Role | None,
) -> str:
    """One candidate in ``fmt``, to go into ``panel_frame(fmt, ...)``."""
    return ranked(fmt, candidate_parts(fmt, c, rubric, role), str(rank), tie_break_json(tie_break))


def render_panel(
    fmt: str,
    panel: Panel,
    rubric: Rubric,
    skipped: Iterable[tuple[str, str]] = (),
) -> str:
    """The whole panel in ``fmt`` (md, html, csv or json)."""
    return panel_frame(fmt, panel.header, rubric, skipped).join(
        [
            candidate_fragment(fmt, r.rank, r.tie_break, r.candidate, rubric, panel.role)
            for r in panel.ranking
        ]
    )


def _tally(c: CandidatePanel | Standing) -> str:
    parts = [f"{n} {RECOMMENDATION_LABELS[k]}" for k, n in c.recommendations if n]
    return ", ".join(parts) or "none"


def _range(s: SkillPanel) -> str:
    return num(s.low) if s.low == s.high else f"{num(s.low)}-{num(s.high)}"


def _notes(panel: Panel | PanelHeader, rubric: Rubric) -> list[str]:
    out = []
    if panel.other_roles:
        out.append(
            f"Scorecards also named other roles ({', '.join(panel.other_roles)}); "
            "fit is measured for one role."
        )
    if panel.other_versions:
        versions = ", ".join(panel.other_versions)
        out.append(
            f"Some scorecards were made with version {versions} of the rubric "
            f"(this is {rubric.version}): they are compared on the skills they share."
        )
    if panel.unknown_skills:
        out.append(
            "Ratings of skills this rubric no longer has were left out: "
            + ", ".join(panel.unknown_skills)
        )
    return out


def _title(panel: Panel | PanelHeader, rubric: Rubric) -> str:
    role = panel.role.title if panel.role else "no role"
    return f"Interview panel: {rubric.title}, {role}"


# --- Markdown ----------------------------------------------------------------


def _md_frame(header: PanelHeader, rubric: Rubric) -> Frame:
    """A ranking, then (the fragments) one section per candidate."""
    out = [f"# {md_inline(_title(header, rubric))}", ""]
    out.append(
        f"{plural(len(header.placings), 'candidate')}, rubric `{md_inline(rubric.id)}` "
        f"{md_inline(rubric.version)}. A skill is flagged for discussion when two ratings "
        f"differ by {DISAGREEMENT} levels or more."
    )
    for note in _notes(header, rubric):
        out += ["", f"> {md_inline(note)}"]
    out += ["", "## Ranking", ""]
    rows = [
        [
            str(p.rank),
            md_cell(p.standing.name),
            pct(p.standing.fit),
            pct(p.standing.coverage),
            md_cell(_tally(p.standing)),
            str(p.standing.disagreements),
            md_cell(p.tie_break or ""),
        ]
        for p in header.placings
    ]
    out.append(
        table(
            ["#", "Candidate", "Fit", "Coverage", "Recommendations", "To discuss", "Tie-break"],
            rows,
            "rlrrlrl",
        )
    )
    return Frame("\n".join(out), "", "\n", rstrip=True)


def _md_candidate(c: CandidatePanel, rubric: Rubric) -> list[str]:
    """The candidate's section from just after the rank in its title."""
    lo, hi = rubric.min_level, rubric.max_level
    out = [f". {md_inline(c.name)}", ""]
    out.append(
        f"Fit for the role **{pct(c.fit)}**, coverage {pct(c.score.coverage)}, "
        f"{plural(len(c.interviewers), 'interviewer')} ({md_inline(', '.join(c.interviewers))}), "
        f"recommendations: {md_inline(_tally(c))}."
    )
    chart = []
    width = max((len(cat.title) for cat in c.score.categories), default=10)
    width = min(width, 28)
    for cat in c.score.categories:
        label = cat.title[:width].ljust(width)
        chart.append(
            f"{label} {text_bar(cat.current, cat.target, lo, hi)} "
            f"{num(cat.current)} / {num(cat.target)}"
        )
    out += ["", md_fence("\n".join(chart)), ""]
    if c.disagreements:
        out += ["### To discuss", ""]
        for s in c.disagreements:
            ratings = "; ".join(
                f"{md_inline(e.interviewer)}: {e.level}"
                + (f" ({md_inline(e.note)})" if e.note else "")
                for e in c.evidence(s.skill_id)
            )
            out.append(f"- **{md_inline(_skill_title(rubric, s.skill_id))}**: {ratings}")
        out.append("")
    out += ["### Ratings", ""]
    rows = [
        [
            md_cell(_skill_title(rubric, s.skill_id)),
            str(s.rated),
            num(s.median),
            _range(s),
            num(s.target),
            "yes" if s.disagreement else "",
            md_cell(
                "\n".join(f"{e.interviewer}: {e.note}" for e in c.evidence(s.skill_id) if e.note)
            ),
        ]
        for s in c.skills
    ]
    out.append(
        table(
            ["Skill", "Ratings", "Median", "Range", "Target", "Discuss", "Evidence"],
            rows,
            "lrrrrll",
        )
    )
    if c.key_gaps:
        out += ["", "### Gaps on the role's most important skills", ""]
        out.append(
            table(
                ["Skill", "Median", "Target", "Priority"],
                [
                    [
                        md_cell(_skill_title(rubric, g.skill_id)),
                        num(g.median),
                        str(g.target),
                        num(g.priority),
                    ]
                    for g in c.key_gaps
                ],
                "lrrr",
            )
        )
    if c.coverage_gaps or c.uncovered_categories:
        out += ["", "### Not assessed by anyone (coverage gaps)", ""]
        out.append(", ".join(md_inline(name) for name in coverage_gap_names(c, rubric)))
    if c.self_ratings:
        out += ["", "### Self-assessment against the panel", ""]
        out.append(
            table(
                ["Skill", "Self", "Panel median", "Difference", "Flag"],
                [
                    [
                        md_cell(_skill_title(rubric, own.skill_id)),
                        num(own.self_level),
                        num(own.panel_median),
                        _signed(own.difference),
                        _self_flag(own.flag),
                    ]
                    for own in c.self_ratings
                ],
                "lrrrl",
            )
        )
    if c.summaries:
        out += ["", "### Interviewers' summaries", ""]
        out += [f"- {md_inline(who)}: {md_inline(text)}" for who, text in c.summaries]
    return out


def _skill_title(rubric: Rubric, skill_id: str) -> str:
    skill = rubric.skills.get(skill_id)
    return skill.title if skill else skill_id


def coverage_gap_names(c: CandidatePanel, rubric: Rubric) -> list[str]:
    """What no interviewer assessed, for people: skills, then "best" categories
    (where assessing any one of their skills would have done)."""
    titles = {cat.id: cat.title for cat in rubric.categories}
    return [_skill_title(rubric, s) for s in c.coverage_gaps] + [
        f"{titles.get(cid, cid)} (any one)" for cid in c.uncovered_categories
    ]


def _signed(value: float | None) -> str:
    if value is None:
        return "-"
    return ("+" if value > 0 else "") + num(value)


def _self_flag(flag: str | None) -> str:
    if flag is None:
        return ""
    return f"{flag}-estimates by {SELF_GAP}+"


# --- CSV ---------------------------------------------------------------------

CSV_COLUMNS = (
    "rank",
    "candidate",
    "fit_percent",
    "coverage_percent",
    "category",
    "skill_id",
    "skill",
    "ratings",
    "median",
    "min",
    "max",
    "target",
    "disagreement",
    "self_rating",
    "self_flag",
    "levels_by_interviewer",
)


def _csv_row(cells: Sequence[object]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(cells)
    return buf.getvalue()


class _Rows(list[str]):
    """What a csv writer writes, a row at a time."""

    write = list.append


def _csv_candidate(c: CandidatePanel, rubric: Rubric, role: Role | None) -> list[str]:
    """One row per skill someone rated (or the candidate rated), for spreadsheets,
    as ``candidate_parts``: each row after its first cell, the rank.

    Text cells that a spreadsheet would read as a formula are prefixed with ``'``.
    """
    rows = _Rows([""])
    writer = csv.writer(rows, lineterminator="\r\n")
    own = {o.skill_id: o for o in c.self_ratings}
    by_skill = {s.skill_id: s for s in c.skills}
    for skill_id in rubric.skills:
        s = by_skill.get(skill_id)
        mine = own.get(skill_id)
        if s is None and mine is None:
            continue
        writer.writerow(
            [
                "",  # the rank goes before this cell's delimiter
                csv_cell(c.name),
                _csv_num(percent_number(c.fit)),
                _csv_num(percent_number(c.score.coverage)),
                csv_cell(rubric.category_of[skill_id].title),
                skill_id,
                csv_cell(rubric.skills[skill_id].title),
                s.rated if s else 0,
                _csv_num(s.median if s else None),
                _csv_num(s.low if s else None),
                _csv_num(s.high if s else None),
                _csv_num(rubric.target(role, skill_id)),
                "yes" if s and s.disagreement else "",
                _csv_num(mine.self_level if mine else None),
                mine.flag or "" if mine else "",
                csv_cell(
                    "; ".join(f"{e.interviewer}={e.level}" for e in c.evidence(skill_id))
                    if s
                    else ""
                ),
            ]
        )
    return rows


def _csv_num(value: float | None) -> str:
    return "" if value is None else str(number(value))


# --- JSON --------------------------------------------------------------------


def _json_frame(header: PanelHeader, rubric: Rubric, skipped: Iterable[tuple[str, str]]) -> Frame:
    """The panel as plain data with stable keys (documented in the README), on
    one line (``jq .`` pretty-prints it): without an indent, json uses its C
    encoder, which matters for panels of thousands of candidates. Invisible
    characters are escaped."""
    head = {
        "format": PANEL_FORMAT,
        "format_version": FORMAT_VERSION,
        "rubric": {"id": rubric.id, "version": rubric.version, "title": rubric.title},
        "role": {"id": header.role.id, "title": header.role.title} if header.role else None,
        "disagreement_levels": DISAGREEMENT,
        "other_roles": list(header.other_roles),
        "other_rubric_versions": list(header.other_versions),
        "unknown_skills": list(header.unknown_skills),
        "skipped": [{"file": f, "reason": why} for f, why in skipped],
        "candidates": [],
    }
    text = json_invisible(json.dumps(head, ensure_ascii=False))
    assert text.endswith("[]}")
    return Frame(text[:-2], ", ", "]}\n")


def _json_candidate(c: CandidatePanel) -> tuple[str, str, str]:
    """One candidate as JSON text, written out piece by piece: exactly what
    ``json.dumps(..., ensure_ascii=False)`` makes of the same data (the tests
    check it), without building a dict per skill for a panel of thousands.
    As ``candidate_parts``: cut where the rank and the tie-break go."""
    dumps = _dumps
    known = _SKILL_JSON.get
    skills = [known(s) or _skill_json(s) for s in c.skills]
    categories = [
        f'{{"id": {_quoted(cat.category_id)}, "current": {_number(cat.current)}, '
        f'"target": {_number(cat.target)}}}'
        for cat in c.score.categories
    ]
    key_gaps = [
        f'{{"id": {_quoted(g.skill_id)}, "median": {_number(g.median)}, "target": {g.target}, '
        f'"priority": {_number(g.priority)}}}'
        for g in c.key_gaps
    ]
    own = [
        {
            "id": own.skill_id,
            "self": own.self_level,
            "panel_median": number(own.panel_median),
            "difference": number(own.difference),
            "flag": own.flag,
        }
        for own in c.self_ratings
    ]
    rated = _LEVEL_JSON.__getitem__
    interviews = [
        f'{{"interviewer": {_quoted(i.interviewer)}, '
        f'"recommendation": {"null" if i.recommendation is None else _quoted(i.recommendation)}, '
        f'"summary": {dumps(i.summary)}, "levels": {{{", ".join(map(rated, i.levels.items()))}}}, '
        f'"notes": {_notes_json(i.notes)}}}'
        for i in c.interviews
    ]
    return (
        '{"rank": ',
        f', "name": {dumps(c.name)}, "fit": {_number(percent_number(c.fit))}, '
        f'"coverage": {_number(percent_number(c.score.coverage))}, "tie_break": ',
        f', "interviewers": {dumps(c.interviewers)}, '
        f'"recommendations": {{{", ".join(f"{_quoted(k)}: {n}" for k, n in c.recommendations)}}}, '
        f'"categories": [{", ".join(categories)}], "skills": [{", ".join(skills)}], '
        f'"coverage_gaps": [{", ".join(map(_quoted, c.coverage_gaps))}], '
        f'"uncovered_categories": [{", ".join(map(_quoted, c.uncovered_categories))}], '
        f'"key_gaps": [{", ".join(key_gaps)}], "self_assessment": {dumps(own)}, '
        f'"interviews": [{", ".join(interviews)}]}}',
    )


_dumps = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
#: A JSON string, as ``_dumps`` writes it, without the encoder's set-up on each call.
_string = json.encoder.encode_basestring


def _notes_json(notes: Mapping[str, str]) -> str:
    """An interview's notes (skill id -> text) as ``_dumps`` writes them, in a
    third less time: a panel writes one such object per scorecard."""
    if not notes:
        return "{}"
    return "{" + ", ".join([f"{_quoted(k)}: {_string(v)}" for k, v in notes.items()]) + "}"


#: A skill's JSON by its SkillPanel: a panel of thousands of candidates repeats
#: the same few thousand (skill, count, median, range) combinations.
_SKILL_JSON: dict[SkillPanel, str] = {}


def _skill_json(s: SkillPanel) -> str:
    sid, n, target, median, low, high = s
    # Rated skills only, so the range is never None; a median is an int or
    # halfway between two levels (x.5), which str() writes as json does.
    text = (
        f'{{"id": {_quoted(sid)}, "ratings": {n}, "median": {median}, "min": {low}, '
        f'"max": {high}, "target": {"null" if target is None else target}, '
        f'"disagreement": {"true" if s.disagreement else "false"}}}'
    )
    if len(_SKILL_JSON) >= 20_000:
        _SKILL_JSON.clear()
    _SKILL_JSON[s] = text
    return text


class _LevelJson(dict[tuple[str, int], str]):
    """``"skill": level`` as JSON, by (skill id, level): an interview's levels
    are written from these, as a panel repeats the same few hundred pairs.
    Levels are always ints (both scorecard readers make them so), never bools
    or floats, which would share a key with the int they equal."""

    def __missing__(self, key: tuple[str, int]) -> str:
        if len(self) >= 20_000:
            self.clear()
        text = self[key] = f"{_quoted(key[0])}: {key[1]}"
        return text


_LEVEL_JSON = _LevelJson()


@functools.lru_cache(maxsize=4096)
def _quoted(text: str) -> str:
    """A JSON string (for ids, which repeat thousands of times)."""
    return _dumps(text)


@functools.lru_cache(maxsize=4096)
def _number(value: float | None) -> str:
    """A level, percentage or weight as JSON: whole values as integers, others
    rounded to two decimals (``formatting.number``). Cached: panels repeat the
    same few values (2 and 2.0 are one key and one text)."""
    rounded = number(value)
    if type(rounded) is float and math.isfinite(rounded):
        return repr(rounded)  # what json writes for a float
    return _dumps(rounded)


# --- HTML --------------------------------------------------------------------


def _html_frame(header: PanelHeader, rubric: Rubric) -> Frame:
    """One self-contained page: a ranking table, then (the fragments) per candidate
    an SVG chart and tables."""
    from skillcheck.render.html import CSP, CSS

    title = html_text(_title(header, rubric))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title><style>{CSS}{_PANEL_CSS}</style></head><body><main>",
        f"<h1>{title}</h1>",
        f'<p class="meta">{plural(len(header.placings), "candidate")}; rubric '
        f"{html_text(rubric.id)} {html_text(rubric.version)}. Skills are flagged for discussion "
        f"when two ratings differ by {DISAGREEMENT} levels or more.</p>",
    ]
    parts += [f'<p class="notice">{html_text(n)}</p>' for n in _notes(header, rubric)]
    parts.append('<h2 id="ranking">Ranking</h2><table class="ranking"><thead><tr>')
    for head, numeric in (
        ("#", True),
        ("Candidate", False),
        ("Fit", True),
        ("Coverage", True),
        ("Recommendations", False),
        ("To discuss", True),
        ("Tie-break", False),
    ):
        parts.append(f"<th{' class=num' if numeric else ''}>{head}</th>")
    parts.append("</tr></thead><tbody>")
    for p in header.placings:
        c = p.standing
        parts.append(
            f'<tr><td class="num">{p.rank}</td><td><a href="#c{p.rank}">{html_text(c.name)}</a></td>'
            f'<td class="num">{pct(c.fit)}</td><td class="num">{pct(c.coverage)}</td>'
            f'<td>{html_text(_tally(c))}</td><td class="num">{c.disagreements}</td>'
            f'<td class="muted">{html_text(p.tie_break or "")}</td></tr>'
        )
    parts.append("</tbody></table>")
    return Frame(
        "\n".join(parts), "", "\n<footer>Made with skillcheck.</footer></main></body></html>\n"
    )


_PANEL_CSS = """
section.candidate { margin-top: 28px; break-before: auto; }
.flag { color: var(--gap); font-weight: 600; }
table.ranking td a { color: var(--ink); font-weight: 600; text-decoration: none; }
"""


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bars_svg(c: CandidatePanel, lo: int, hi: int) -> str:
    """Horizontal bars: each category's panel level (median-based) against the target."""
    cats = c.score.categories
    row, label_w, bar_w = 26, 310, 340
    height = row * len(cats) + 30
    span = max(hi - lo, 1)
    out = [
        f'<svg class="chart" role="img" aria-label="Categories: panel level against target" '
        f'viewBox="0 0 {label_w + bar_w + 80} {height}" width="{label_w + bar_w + 80}" '
        f'xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, cat in enumerate(cats):
        y = 10 + i * row
        cur = 0.0 if cat.current is None else (cat.current - lo) / span
        out.append(
            f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end" font-size="13">'
            f"{html_text(_clip(cat.title, 40))}</text>"
        )
        out.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="14" rx="7" fill="#e5e7eb"/>'
        )
        met = cat.current is not None and cat.target is not None and cat.current >= cat.target
        color = "#15803d" if met else "#2563eb"
        out.append(
            f'<rect class="current" x="{label_w}" y="{y + 3}" width="{bar_w * max(0.0, min(cur, 1.0)):.1f}" '
            f'height="14" rx="7" fill="{color}"/>'
        )
        if cat.target is not None:
            tx = label_w + bar_w * (cat.target - lo) / span
            out.append(
                f'<rect class="target" x="{tx - 1.5:.1f}" y="{y}" width="3" height="20" fill="#1f2937"/>'
            )
        out.append(
            f'<text x="{label_w + bar_w + 8}" y="{y + 14}" font-size="12">'
            f"{num(cat.current)} / {num(cat.target)}</text>"
        )
    out.append(
        f'<text x="{label_w}" y="{height - 4}" font-size="11" fill="#6b7280">'
        "bar: panel level (medians) · black mark: the role's target</text>"
    )
    out.append("</svg>")
    return "".join(out)


def _html_candidate(c: CandidatePanel, rubric: Rubric) -> str:
    """The candidate's section from just after the rank in its title."""
    lo, hi = rubric.min_level, rubric.max_level
    out = [
        f". {html_text(c.name)}</h2>",
        f'<p class="meta">Fit for the role <strong>{pct(c.fit)}</strong>, coverage '
        f"{pct(c.score.coverage)}; {plural(len(c.interviewers), 'interviewer')} "
        f"({html_text(', '.join(c.interviewers))}); recommendations: {html_text(_tally(c))}.</p>",
        f"<figure>{_bars_svg(c, lo, hi)}</figure>",
    ]
    if c.disagreements:
        out.append("<h3>To discuss</h3><ul>")
        for s in c.disagreements:
            ratings = "; ".join(
                f"{html_text(e.interviewer)}: {e.level}"
                + (f' <span class="note">{html_text(e.note)}</span>' if e.note else "")
                for e in c.evidence(s.skill_id)
            )
            out.append(
                f"<li><strong>{html_text(_skill_title(rubric, s.skill_id))}</strong>: {ratings}</li>"
            )
        out.append("</ul>")
    out.append(
        "<h3>Ratings</h3><table><thead><tr><th>Skill</th><th class=num>Ratings</th>"
        "<th class=num>Median</th><th class=num>Range</th><th class=num>Target</th>"
        "<th>Evidence</th></tr></thead><tbody>"
    )
    for s in c.skills:
        flag = ' <span class="flag">discuss</span>' if s.disagreement else ""
        evidence = "".join(
            f'<span class="note">{html_text(e.interviewer)}: {html_text(e.note)}</span>'
            for e in c.evidence(s.skill_id)
            if e.note
        )
        out.append(
            f"<tr><td>{html_text(_skill_title(rubric, s.skill_id))}{flag}</td>"
            f'<td class="num">{s.rated}</td><td class="num">{num(s.median)}</td>'
            f'<td class="num">{_range(s)}</td><td class="num">{num(s.target)}</td><td>{evidence}</td></tr>'
        )
    out.append("</tbody></table>")
    if c.key_gaps:
        out.append("<h3>Gaps on the role's most important skills</h3><ul>")
        out += [
            f"<li>{html_text(_skill_title(rubric, g.skill_id))}: median {num(g.median)}, "
            f"target {g.target}</li>"
            for g in c.key_gaps
        ]
        out.append("</ul>")
    if c.coverage_gaps or c.uncovered_categories:
        names = ", ".join(html_text(name) for name in coverage_gap_names(c, rubric))
        out.append(f"<h3>Not assessed by anyone</h3><p>{names}</p>")
    if c.self_ratings:
        out.append(
            "<h3>Self-assessment against the panel</h3><table><thead><tr><th>Skill</th>"
            "<th class=num>Self</th><th class=num>Panel median</th><th class=num>Difference</th>"
            "<th>Flag</th></tr></thead><tbody>"
        )
        for own in c.self_ratings:
            out.append(
                f"<tr><td>{html_text(_skill_title(rubric, own.skill_id))}</td>"
                f'<td class="num">{num(own.self_level)}</td><td class="num">{num(own.panel_median)}</td>'
                f'<td class="num">{_signed(own.difference)}</td>'
                f'<td class="flag">{_self_flag(own.flag)}</td></tr>'
            )
        out.append("</tbody></table>")
    if c.summaries:
        out.append("<h3>Interviewers' summaries</h3><ul>")
        out += [
            f"<li><strong>{html_text(who)}</strong>: {html_text(text)}</li>"
            for who, text in c.summaries
        ]
        out.append("</ul>")
    out.append("</section>")
    return "\n".join(out)
