"""Terminal text: fits 80 columns, shows markup and control characters literally."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console

from skillcheck.analysis.compare import compare_reports
from skillcheck.analysis.report import Report, build_report
from skillcheck.render.text import (
    render_comparison_text,
    render_report_text,
    report_renderable,
    show,
)
from skillcheck.rubric import load_rubric_file

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
NOTE = "[bold red]not markup[/] \x1b[2J\x1b]0;title\x07 \u202etxet"


def report(mini_path: Path, **kw: object) -> Report:
    mini = load_rubric_file(mini_path)
    ratings = {"sql": 1, "query-tuning": 0, "git": 3, "python": 2, "communication": None}
    return build_report(
        mini,
        ratings,
        mini.role("mid"),
        subject="[link=http://x]Eve[/link]",
        notes=dict.fromkeys(ratings, NOTE),
        started=T0,
        updated=T0,
        **kw,  # type: ignore[arg-type]
    )


def test_fits_80_columns(mini_path: Path) -> None:
    text = render_report_text(report(mini_path, hours_per_week=3))
    assert max(len(line) for line in text.splitlines()) <= 80
    for part in (
        "Readiness",
        "Categories",
        "Gaps (",
        "Strengths (",
        "Not assessed (",
        "Study plan",
    ):
        assert part in text
    assert "Schedule: 3 h a week" in text
    assert "from No exposure to Guided" in text


def test_markup_and_control_characters_are_shown_not_obeyed(mini_path: Path) -> None:
    text = render_report_text(report(mini_path))
    assert "[link=http://x]Eve[/link]" in text
    assert "[bold red]not markup[/]" in text
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "\\x1b[2J" in text and "\\u202e" in text


def test_colour_only_on_a_terminal_and_never_from_user_text(mini_path: Path) -> None:
    rep = report(mini_path)
    tty = io.StringIO()
    show(
        Console(file=tty, force_terminal=True, width=80, color_system="standard"),
        report_renderable(rep),
    )
    coloured = tty.getvalue()
    assert "\x1b[" in coloured  # our styles
    assert "\x1b[2J" not in coloured and "\x1b]0;" not in coloured  # not the note's
    piped = io.StringIO()
    show(Console(file=piped, force_terminal=False, width=80), report_renderable(rep))
    assert "\x1b" not in piped.getvalue()
    assert not [line for line in piped.getvalue().splitlines() if line != line.rstrip()]


def test_partial_and_revision_warnings(mini_path: Path) -> None:
    from skillcheck.analysis.report import RubricSummary

    rep = report(
        mini_path, status="in_progress", document_rubric=RubricSummary("mini", "0.9", "sha256:x")
    )
    text = render_report_text(rep)
    assert "PARTIAL" in text
    assert "Made with rubric mini 0.9" in text


def test_comparison_text(mini_path: Path) -> None:
    mini = load_rubric_file(mini_path)
    role = mini.role("mid")
    old = build_report(mini, {"sql": 1, "git": 2}, role, subject="Ada", updated=T0)
    new = build_report(mini, {"sql": 3, "git": 1}, role, subject="Ada", updated=T0)
    text = render_comparison_text(compare_reports(old, new))
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "Improved (1)" in text and "Dropped (1)" in text
    assert "Plan items done (1)" in text and "SQL: reached Independent" in text
    assert "New gaps (1)" in text
