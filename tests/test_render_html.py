"""HTML: self-contained, escaped, with the radar chart (the browser test looks at it too)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from skillcheck.analysis.report import Report, build_report
from skillcheck.render.html import render_report_html
from skillcheck.rubric import Rubric, load_rubric_file, parse_rubric

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
EVIL_NAME = "<script>document.title='pwned'</script>Eve"
EVIL_NOTE = "</td></tr></table><img src=x onerror=alert(1)> & \"quotes\" 'too'\nsecond line"


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def report(rubric: Rubric, **kw: object) -> Report:
    ratings = {"sql": 1, "query-tuning": 0, "git": 3, "python": 2}
    return build_report(
        rubric,
        ratings,
        rubric.role("mid"),
        subject=EVIL_NAME,
        notes=dict.fromkeys(ratings, EVIL_NOTE),
        started=T0,
        updated=T0,
        **kw,  # type: ignore[arg-type]
    )


def test_user_text_is_escaped(mini_path: Path) -> None:
    html = render_report_html(report(load_rubric_file(mini_path)))
    page = parse(html)
    names = [t for t, _ in page.tags]
    assert "script" not in names and "img" not in names
    text = "".join(page.text)
    assert EVIL_NAME in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;Eve" in html


def test_page_is_self_contained(mini_path: Path) -> None:
    html = render_report_html(report(load_rubric_file(mini_path), hours_per_week=5))
    page = parse(html)
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag
        assert tag not in ("link", "script", "iframe", "object", "embed", "img")
        if tag == "a":
            assert (attrs.get("href") or "").startswith("https://")
    css = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "url(" not in css and "@import" not in css
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_radar_chart_of_categories_current_against_target(mini_path: Path) -> None:
    html = render_report_html(report(load_rubric_file(mini_path)))
    svg = html.split('<svg id="category-chart"', 1)[1].split("</svg>", 1)[0]
    assert 'class="radar"' in svg
    assert svg.count('class="axis-label"') == 3
    current = re.search(r'class="current" points="([^"]+)"', svg)
    target = re.search(r'class="target" points="([^"]+)"', svg)
    assert current and target
    assert len(current.group(1).split()) == len(target.group(1).split()) == 3
    for title in ("Core", "Languages", "Soft skills"):
        assert f"<title>{title}</title>" in svg


def test_one_or_two_categories_get_bars(fixtures: Path) -> None:
    five = load_rubric_file(fixtures / "scale15.yaml")
    rep = build_report(five, {"testing": 3}, five.role("lead"))
    html = render_report_html(rep)
    assert '<svg id="category-chart" class="bars"' in html


def test_javascript_urls_are_not_links(mini_path: Path) -> None:
    text = mini_path.read_text(encoding="utf-8").replace(
        "https://git-scm.com/book", "javascript:alert(1)"
    )
    rubric = parse_rubric(text, "mini-with-js.yaml")
    html = render_report_html(build_report(rubric, {"git": 0}, rubric.role("mid")))
    assert 'href="javascript' not in html
    assert "javascript:alert(1)" in html


def test_print_styles_and_partial_banner(mini_path: Path) -> None:
    rubric = load_rubric_file(mini_path)
    html = render_report_html(
        build_report(rubric, {"sql": 1}, rubric.role("mid"), status="in_progress")
    )
    assert "@media print" in html
    assert 'class="partial"' in html and "Partial report" in html
