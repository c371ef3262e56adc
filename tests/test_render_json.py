"""JSON: the documented keys, numbers as numbers, user text intact but terminal-safe."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from skillcheck.analysis.compare import compare_reports
from skillcheck.analysis.report import build_report
from skillcheck.render.json_ import (
    comparison_dict,
    render_comparison_json,
    render_report_json,
    report_dict,
)
from skillcheck.rubric import load_rubric_file

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
DOCS = Path(__file__).resolve().parent.parent / "docs" / "report.md"
REQUIRED = {
    "subject",
    "rubric",
    "role",
    "readiness",
    "coverage",
    "categories",
    "gaps",
    "strengths",
    "not_assessed",
    "plan",
}


def data(mini_path: Path, **kw: object) -> dict[str, object]:
    mini = load_rubric_file(mini_path)
    ratings = {"sql": 1, "query-tuning": 0, "git": 3, "python": 2, "communication": None}
    rep = build_report(
        mini,
        ratings,
        mini.role("mid"),
        subject="Zoë \u202e\x9b31m",
        notes={"sql": 'a "quoted" <note>\nline 2'},
        started=T0,
        updated=T0,
        **kw,  # type: ignore[arg-type]
    )
    text = render_report_json(rep)
    loaded = json.loads(text)
    assert loaded == json.loads(json.dumps(report_dict(rep)))
    return loaded  # type: ignore[no-any-return]


def test_required_keys_and_types(mini_path: Path) -> None:
    out = data(mini_path, hours_per_week=5)
    assert set(out) >= REQUIRED
    assert out["format"] == "skillcheck-report" and out["format_version"] == 1
    assert out["role"] == {"id": "mid", "title": "Mid"}
    assert isinstance(out["readiness"], (int, float)) and 0 <= out["readiness"] <= 100
    assert out["coverage"] == 90
    gaps = out["gaps"]
    assert isinstance(gaps, list)
    sql = gaps[0]
    assert sql["skill"] == "sql" and sql["level"] == 1 and sql["target"] == 3
    assert type(sql["level"]) is int and type(sql["gap"]) is int and type(sql["priority"]) is int
    assert sql["note"] == 'a "quoted" <note>\nline 2'
    plan = out["plan"]
    assert isinstance(plan, dict)
    assert [i["skill"] for i in plan["items"]] == ["sql", "query-tuning", "python"]
    assert plan["items"][1]["after"] == ["sql"]
    assert plan["items"][1]["step"] == "from No exposure to Guided"
    assert plan["schedule"]["hours_per_week"] == 5
    assert plan["schedule"]["total_weeks"] == 9
    not_assessed = out["not_assessed"]
    assert isinstance(not_assessed, list)
    assert [s["skill"] for s in not_assessed] == ["java", "communication"]


def test_text_is_kept_but_terminal_controls_are_escaped(mini_path: Path) -> None:
    mini = load_rubric_file(mini_path)
    rep = build_report(mini, {}, mini.role("mid"), subject="Zoë \u202e\x9b31m")
    text = render_report_json(rep)
    assert "Zoë" in text  # not \u00eb: readable
    assert "\u202e" not in text and "\x9b" not in text
    assert json.loads(text)["subject"] == "Zoë \u202e\x9b31m"


def test_every_key_is_documented(mini_path: Path) -> None:
    docs = DOCS.read_text(encoding="utf-8")
    out = data(mini_path, hours_per_week=5)
    mini = load_rubric_file(mini_path)
    role = mini.role("mid")
    cmp = comparison_dict(
        compare_reports(build_report(mini, {}, role), build_report(mini, {}, role))
    )
    keys: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                keys.add(k)
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(out)
    walk(cmp)
    documented = set(re.findall(r"`([a-z_]+)`", docs))
    assert keys - documented == set()


def test_comparison_json(mini_path: Path) -> None:
    mini = load_rubric_file(mini_path)
    role = mini.role("mid")
    old = build_report(mini, {"sql": 1}, role, updated=T0)
    new = build_report(mini, {"sql": 3}, role, updated=T0)
    out = json.loads(render_comparison_json(compare_reports(old, new)))
    assert out["format"] == "skillcheck-comparison"
    assert out["improved"] == [
        {
            "skill": "sql",
            "title": "SQL",
            "before": 1,
            "after": 3,
            "before_label": "Aware",
            "after_label": "Independent",
            "change": 2,
        }
    ]
    assert out["done"][0]["skill"] == "sql"
    assert out["readiness"]["change"] > 0
