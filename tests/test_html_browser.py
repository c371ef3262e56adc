"""The HTML report in a real browser (headless Chromium): chart, escaping, screenshot, PDF.

Skipped when Chromium is missing, except in CI (``CI`` set), where it must be there.
The screenshot and PDF land in tests/artifacts/ (gitignored) for people to look at.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from skillcheck.analysis.report import build_report
from skillcheck.render.html import render_report_html
from skillcheck.rubric import load_rubric_file

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent / "artifacts"
GOLDEN_RUBRIC = Path(__file__).parent / "golden" / "rubric.yaml"
T0 = datetime(2026, 11, 2, 18, 30, tzinfo=UTC)
NAME = "Jane <img src=x onerror=\"document.title='pwned'\"> Doe"
NOTE = "<script>document.documentElement.dataset.pwned = 'yes'</script> & <b>not bold</b>"


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("Chromium is required in CI (apt-get install chromium)")
    pytest.skip("Chromium is not installed")


def run_chromium(*args: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [
                chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rubric = load_rubric_file(GOLDEN_RUBRIC)
    ratings = {"sql": 2, "query-tuning": 1, "orm": 0, "git": 3, "python": 2, "java": 1}
    report = build_report(
        rubric,
        ratings,
        rubric.role("mid"),
        subject=NAME,
        notes={"sql": NOTE, "orm": "line one\nline two"},
        started=T0,
        updated=T0,
        hours_per_week=6,
    )
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render_report_html(report), encoding="utf-8")
    return path


def test_dom_has_the_chart_and_the_escaped_text(page: Path) -> None:
    dom = run_chromium("--dump-dom", page.as_uri()).stdout
    assert '<svg id="category-chart" class="radar"' in dom
    assert dom.count('class="axis-label"') == 3
    assert 'class="current"' in dom and 'class="target"' in dom
    # Shown as text, never run or parsed as markup.
    assert "&lt;script&gt;document.documentElement.dataset.pwned" in dom
    assert "&lt;img src=x onerror=" in dom
    assert "&lt;b&gt;not bold&lt;/b&gt;" in dom
    assert "data-pwned" not in dom
    assert "<title>pwned</title>" not in dom
    assert "<img" not in dom and "<b>" not in dom


def test_screenshot_and_pdf_for_people(page: Path) -> None:
    chromium()  # skip (or fail in CI) before touching the previous artifacts
    ARTIFACTS.mkdir(exist_ok=True)
    png = ARTIFACTS / "report.png"
    pdf = ARTIFACTS / "report.pdf"
    png.unlink(missing_ok=True)
    pdf.unlink(missing_ok=True)
    run_chromium(f"--screenshot={png}", "--window-size=1200,1600", page.as_uri())
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == (1200, 1600)
    run_chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    assert pdf.read_bytes()[:5] == b"%PDF-"
