"""Markdown: escaping helpers, tables that survive any note, a chart that renders.

The output is parsed with markdown-it-py (CommonMark + GFM tables, as on GitHub)
to check what a reader would see, not just the source text.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from skillcheck.analysis.compare import compare_reports
from skillcheck.analysis.report import Report, build_report
from skillcheck.render.markdown import render_comparison_markdown, render_report_markdown
from skillcheck.render.safe import md_cell, md_fence, md_inline, safe_url
from skillcheck.rubric import load_rubric_file

NASTY = "Pipe | here\n<script>alert('x')</script> *bold* _it_ `code` [link](http://evil) ~~s~~\n# h"
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def gfm(text: str) -> str:
    # html=True like GitHub (which then sanitises): escaped text must not become tags.
    html = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(text)
    assert isinstance(html, str)
    return html


class Cells(HTMLParser):
    """Collects the table rows (cell counts) and every tag name of rendered HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[int] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append(0)
        elif tag in ("td", "th"):
            self.rows[-1] += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(text: str) -> Cells:
    cells = Cells()
    cells.feed(gfm(text))
    return cells


def nasty_report(mini_path: Path, hours_per_week: float | None = 4) -> Report:
    mini = load_rubric_file(mini_path)
    ratings = {"sql": 1, "query-tuning": 0, "git": 3, "python": 2, "communication": None}
    notes = dict.fromkeys(ratings, NASTY)
    return build_report(
        mini,
        ratings,
        mini.role("mid"),
        subject="<img src=x onerror=alert(1)> | Eve *",
        notes=notes,
        started=T0,
        updated=T0,
        hours_per_week=hours_per_week,
    )


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a|b", "a|b"),
        ("<script>x</script>", "<script>x</script>"),
        ("*x* _y_ `z` [a](b) ~~c~~", "*x* _y_ `z` [a](b) ~~c~~"),
        ("# not a heading", "# not a heading"),
        ("- not a list", "- not a list"),
        ("1. not a list", "1. not a list"),
        ("&amp; stays", "&amp; stays"),
        ("back\\slash", "back\\slash"),
    ],
)
def test_md_inline_shows_text_literally(raw: str, shown: str) -> None:
    html = gfm(f"Before {md_inline(raw)}\n\n{md_inline(raw)}\n")
    parser = Cells()
    parser.feed(html)
    assert parser.tags == ["p", "p"], html
    assert "".join(parser.text).split("\n")[-2] == shown


def test_md_inline_shows_control_characters_instead_of_passing_them() -> None:
    assert md_inline("a\x1b[31mb\u202e") == "a\\\\x1b\\[31mb\\\\u202e"


def test_md_cell_keeps_the_row_together() -> None:
    row = f"| {md_cell(NASTY)} | two |"
    parsed = parse(f"| a | b |\n| --- | --- |\n{row}\n")
    assert parsed.rows == [2, 2]
    assert "script" not in parsed.tags and "em" not in parsed.tags and "a" not in parsed.tags
    assert parsed.tags.count("br") == 2  # the two line breaks of the note


def test_md_fence_outlasts_backticks_inside() -> None:
    body = "x ``` y ```` z"
    fenced = md_fence(body)
    assert gfm(fenced).count("<pre>") == 1
    assert "x ``` y ```` z" in gfm(fenced)


def test_safe_url_links_only_plain_http() -> None:
    assert safe_url("https://example.com/a?b=1") == "https://example.com/a?b=1"
    for bad in ("javascript:alert(1)", "https://a.b/c d", 'https://a"b', "https://a)b", "", None):
        assert safe_url(bad) is None


def test_report_tables_stay_intact_and_user_text_inert(mini_path: Path) -> None:
    text = render_report_markdown(nasty_report(mini_path))
    html = gfm(text)
    parsed = parse(text)
    # Every table row has as many cells as its header.
    tables = re.findall(r"<table>.*?</table>", html, re.S)
    assert len(tables) >= 4
    for table in tables:
        counts = [
            len(re.findall(r"<t[dh][ >]", row)) for row in re.findall(r"<tr>.*?</tr>", table, re.S)
        ]
        assert len(set(counts)) == 1, counts
    # No tag, emphasis, link or heading came from user text.
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert "em" not in parsed.tags and "del" not in parsed.tags
    assert 'href="http://evil"' not in html
    assert "<script>alert('x')</script>" in "".join(parsed.text)
    assert parsed.tags.count("h1") == 1


def test_report_has_all_sections_and_a_text_chart(mini_path: Path) -> None:
    text = render_report_markdown(nasty_report(mini_path))
    for heading in ("## Categories", "## Gaps", "## Strengths", "## Not assessed", "## Study plan"):
        assert heading in text
    chart = text.split("## Categories", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    assert "█" in chart and "░" in chart
    assert "### Schedule: 4 h a week" in text
    assert "from No exposure to Guided" in text
    assert "[Use the index](https://use-the-index-luke.com/): 8 h" in text
    assert "**Readiness for the role:**" in text


def test_partial_report_says_so(mini_path: Path) -> None:
    mini = load_rubric_file(mini_path)
    report = build_report(mini, {"sql": 1}, mini.role("mid"), status="in_progress")
    assert "**Partial report:**" in render_report_markdown(report)


def test_comparison_markdown(mini_path: Path) -> None:
    mini = load_rubric_file(mini_path)
    role = mini.role("mid")
    old = build_report(mini, {"sql": 1, "git": 2}, role, subject="A|b", updated=T0)
    new = build_report(mini, {"sql": 3, "git": 1}, role, subject="A|b", updated=T0)
    text = render_comparison_markdown(compare_reports(old, new))
    parsed = parse(text)
    assert "## Improved" in text and "## Dropped" in text and "## Plan items done" in text
    assert "## New gaps" in text
    assert set(parsed.rows) <= {4, 5}
    assert "Progress: A|b" in "".join(parsed.text)
