"""`skillcheck panel`: every format, bad scorecards mixed with good ones, --self, --anonymize."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from skillcheck.assessment import Assessment, RubricRef, Scorecard, save_document
from skillcheck.cli import cli
from skillcheck.rubric import Rubric, load_rubric_file

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def mini(isolated_home: Path) -> Rubric:
    """The mini rubric, installed as a user rubric so documents find it by id."""
    (isolated_home / "rubrics").mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "mini.yaml", isolated_home / "rubrics" / "mini.yaml")
    return load_rubric_file(FIXTURES / "mini.yaml")


def scorecard(
    rubric: Rubric,
    folder: Path,
    candidate: str,
    interviewer: str,
    levels: Mapping[str, int | None],
    recommendation: str | None = "yes",
    note: str | None = None,
) -> Path:
    card = Scorecard(
        rubric=RubricRef.of(rubric),
        candidate=candidate,
        interviewer=interviewer,
        role="mid",
        started=NOW,
        updated=NOW,
        status="complete",
        recommendation=recommendation,
        summary=f"{interviewer} on {candidate}",
    )
    for skill, level in levels.items():
        card.rate(skill, level, note, NOW)
    path = folder / f"{candidate}-{interviewer}.json".replace(" ", "_")
    save_document(card, path)
    return path


@pytest.fixture
def cards(tmp_path: Path, mini: Rubric) -> Path:
    folder = tmp_path / "cards"
    folder.mkdir()
    scorecard(mini, folder, "Ann Lee", "Bob", {"sql": 1, "git": 2, "python": 3}, "no", "weak joins")
    scorecard(mini, folder, "Ann Lee", "Cy", {"sql": 3, "git": 2, "query-tuning": 2}, "yes")
    scorecard(mini, folder, "Ann Lee", "Di", {"sql": 4, "communication": 3}, "strong_yes")
    scorecard(mini, folder, "Raj", "Bob", {"sql": 3, "git": 3, "python": 4, "communication": 2})
    return folder


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_json_has_medians_flags_coverage_fit_and_ranking(cards: Path) -> None:
    result = run("panel", str(cards), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["format"] == "skillcheck-panel"
    assert data["role"]["id"] == "mid"
    ann = next(c for c in data["candidates"] if c["name"] == "Ann Lee")
    sql = next(s for s in ann["skills"] if s["id"] == "sql")
    assert (sql["ratings"], sql["median"], sql["min"], sql["max"], sql["disagreement"]) == (
        3,
        3,
        1,
        4,
        True,
    )
    assert ann["recommendations"] == {"strong_yes": 1, "yes": 1, "no": 1, "strong_no": 0}
    assert ann["coverage_gaps"] == []
    assert [c["rank"] for c in data["candidates"]] == [1, 2]
    assert data["candidates"][0]["fit"] >= data["candidates"][1]["fit"]
    raj = next(c for c in data["candidates"] if c["name"] == "Raj")
    assert raj["coverage_gaps"] == ["query-tuning"]
    assert ann["uncovered_categories"] == [] and raj["uncovered_categories"] == []
    # One object per scorecard: who, what they recommended, their levels and notes.
    bob = next(i for i in ann["interviews"] if i["interviewer"] == "Bob")
    assert bob == {
        "interviewer": "Bob",
        "recommendation": "no",
        "summary": "Bob on Ann Lee",
        "levels": {"sql": 1, "git": 2, "python": 3},
        "notes": {"sql": "weak joins", "git": "weak joins", "python": "weak joins"},
    }
    assert data["format_version"] == 2


def test_json_is_exactly_what_json_dumps_writes(tmp_path: Path, mini: Rubric) -> None:
    """The JSON is written piece by piece for speed; it must be the text that
    json.dumps makes of the same data, with whole numbers as integers."""
    folder = tmp_path / "c"
    folder.mkdir()
    name = 'Zoë "Q" \\ Ng'
    scorecard(mini, folder, name, "Bob", {"sql": 2, "git": 1, "python": 0}, "no", 'said "x"')
    # Notes with quotes, backslashes, control and non-ASCII characters.
    scorecard(mini, folder, name, "Cy", {"sql": 4, "git": 2, "java": 3}, None, 'ñ "\\" \t\x01')
    scorecard(mini, folder, "Raj", "Bob", {"sql": 3, "git": 3, "communication": 2})
    # An interview that rated nothing, by someone whose name needs escaping,
    # without a summary or a recommendation.
    blank = scorecard(mini, folder, "Raj", 'Dee "D" \\ Ø', {"sql": None}, None, "ñ \t")
    card = json.loads(blank.read_text())
    blank.write_text(json.dumps({**card, "summary": None}))
    own = Assessment(rubric=RubricRef.of(mini), name=name, started=NOW, updated=NOW)
    own.rate("sql", 1, None, NOW)
    save_document(own, tmp_path / "self.json")
    result = run("panel", str(folder), "--format", "json", "--self", str(tmp_path / "self.json"))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    data = json.loads(out)
    assert out == json.dumps(data, ensure_ascii=False) + "\n"
    zoe = next(c for c in data["candidates"] if c["name"] == name)
    medians = {s["id"]: s["median"] for s in zoe["skills"]}
    assert medians["sql"] == 3 and type(medians["sql"]) is int  # (2 + 4) / 2
    assert medians["git"] == 1.5
    assert zoe["key_gaps"] and zoe["self_assessment"] and zoe["categories"]
    raj = next(c for c in data["candidates"] if c["name"] == "Raj")
    assert raj["interviews"][1] == {
        "interviewer": 'Dee "D" \\ Ø',
        "recommendation": None,
        "summary": None,
        "levels": {},
        "notes": {},
    }
    for number in (zoe["fit"], zoe["coverage"], *(c["current"] for c in zoe["categories"])):
        assert number is None or type(number) is int or number != int(number)


def test_every_skill_in_the_json_is_its_own_candidates(tmp_path: Path, mini: Rubric) -> None:
    """Skills' JSON is reused between candidates with the same numbers; each
    candidate must still show exactly their own count, median and range."""
    import random

    from skillcheck.panelrun import build_panel, prepare

    rng = random.Random(3)
    folder = tmp_path / "c"
    folder.mkdir()
    for c in range(40):
        for i in range(rng.randint(1, 4)):
            levels = {
                sid: rng.randint(0, 4) for sid in ("sql", "git", "python") if rng.random() < 0.8
            }
            scorecard(mini, folder, f"Cand {c}", f"Int {i}", levels)
    result = run("panel", str(folder), "--format", "json")
    assert result.exit_code == 0, result.stderr
    shown = {c["name"]: c["skills"] for c in json.loads(result.stdout)["candidates"]}
    panel = build_panel(prepare([folder])).panel
    assert len(shown) == len(panel.candidates) == 40
    for candidate in panel.candidates:
        assert [
            (s["id"], s["ratings"], s["median"], s["min"], s["max"], s["disagreement"])
            for s in shown[candidate.name]
        ] == [
            (s.skill_id, s.rated, s.median, s.low, s.high, s.disagreement) for s in candidate.skills
        ]


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
def test_a_language_nobody_assessed_is_shown_as_a_coverage_gap(
    tmp_path: Path, mini: Rubric, fmt: str
) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    scorecard(mini, folder, "Ann", "Bob", {"sql": 3, "git": 2, "communication": 2})
    result = run("panel", str(folder), "--format", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "json":
        ann = json.loads(result.stdout)["candidates"][0]
        assert (ann["coverage_gaps"], ann["uncovered_categories"]) == (
            ["query-tuning"],
            ["languages"],
        )
    else:
        assert "Query tuning, Languages (any one)" in result.stdout
        assert "Python" not in result.stdout


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "file"])
def test_scorecards_naming_other_roles_are_noted_in_every_format(
    cards: Path, mini: Rubric, tmp_path: Path, fmt: str, to_file: bool
) -> None:
    card = json.loads((cards / "Raj-Bob.json").read_text())
    card["role"] = "senior"
    card["candidate"] = "Zed"
    (cards / "Zed-Bob.json").write_text(json.dumps(card, indent=2))
    out = tmp_path / f"panel.{fmt}"
    args = ["panel", str(cards), "--format", fmt, *(["-o", str(out)] if to_file else [])]
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    text = out.read_text() if to_file else result.stdout
    if fmt == "json":
        data = json.loads(text)
        assert (data["role"]["id"], data["other_roles"]) == ("mid", ["senior"])
    else:
        assert "also named other roles (senior)" in " ".join(text.split())


def test_text_is_the_default_and_shows_points_to_discuss(cards: Path) -> None:
    result = run("panel", str(cards))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Ranking" in out and "Ann Lee" in out and "Raj" in out
    assert "To discuss" in out and "SQL" in out and "weak joins" in out
    assert "Not assessed by anyone: Query tuning" in out


def test_markdown(cards: Path) -> None:
    result = run("panel", str(cards), "--format", "md")
    assert result.exit_code == 0
    md = result.stdout
    assert md.startswith("# Interview panel: Mini backend, Mid")
    assert "| # | Candidate | Fit |" in md
    assert "### To discuss" in md
    assert "- **SQL**: Bob: 1 (weak joins); Cy: 3; Di: 4" in md


def test_csv_has_one_row_per_candidate_and_skill(cards: Path) -> None:
    result = run("panel", str(cards), "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {(r["candidate"], r["skill_id"]) for r in rows} >= {
        ("Ann Lee", "sql"),
        ("Raj", "python"),
    }
    sql = next(r for r in rows if r["candidate"] == "Ann Lee" and r["skill_id"] == "sql")
    assert sql["median"] == "3" and sql["disagreement"] == "yes"
    assert sql["levels_by_interviewer"] == "Bob=1; Cy=3; Di=4"
    assert len(rows) == len({(r["candidate"], r["skill_id"]) for r in rows})


def test_html_file_from_extension(cards: Path, tmp_path: Path) -> None:
    out = tmp_path / "panel.html"
    result = run("panel", str(cards), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert page.count('<svg class="chart"') == 2  # a chart per candidate
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_bad_scorecards_are_reported_and_the_panel_still_built(
    cards: Path, mini: Rubric, tmp_path: Path
) -> None:
    (cards / "broken.json").write_text('{"kind": "scorecard"')
    (cards / "not-mine.json").write_text(json.dumps({"hello": 1}))
    self_doc = Assessment(rubric=RubricRef.of(mini), name="Ann Lee", started=NOW, updated=NOW)
    save_document(self_doc, cards / "self.json")
    other = cards / "other-rubric.json"
    scorecard(mini, cards, "Zed", "Bob", {"sql": 2})
    zed = cards / "Zed-Bob.json"
    other.write_text(zed.read_text().replace('"id": "mini"', '"id": "other"'))
    zed.unlink()
    bad_level = scorecard(mini, cards, "Quinn", "Bob", {"sql": 2})
    bad_level.write_text(bad_level.read_text().replace('"level": 2', '"level": 9'))
    result = run("panel", str(cards), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert {c["name"] for c in data["candidates"]} == {"Ann Lee", "Raj"}
    skipped = {Path(s["file"]).name: s["reason"] for s in data["skipped"]}
    assert "not valid JSON" in skipped["broken.json"]
    assert "not a skillcheck file" in skipped["not-mine.json"]
    assert "self-assessment, not an interview scorecard" in skipped["self.json"]
    assert "made with rubric 'other'" in skipped["other-rubric.json"]
    assert "rating 9 for 'sql' is not on the scale 0-4" in skipped["Quinn-Bob.json"]
    err = result.stderr.strip().splitlines()
    assert len(err) == 6
    assert all(line.startswith("skillcheck: ") for line in err)
    assert err[-1] == "skillcheck: 5 of 9 files could not be used"
    assert "Traceback" not in result.stderr


def test_mixed_rubric_versions_compare_shared_skills(cards: Path) -> None:
    old = cards / "old.json"
    src = next(cards.glob("Raj-*.json")).read_text()
    old.write_text(
        src.replace('"version": "1.0"', '"version": "0.9"')
        .replace('"interviewer": "Bob"', '"interviewer": "Eve"')
        .replace(
            '"git": {',
            '"cobol": {"level": 4, "note": null, "rated_at": "2026-11-23T10:00:00Z"},\n    "git": {',
        )
    )
    result = run("panel", str(cards), "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert "version 0.9 of the rubric" in result.stdout
    assert "compared on the skills they share" in result.stdout
    assert "cobol" in result.stdout


def test_self_assessment_against_the_panel(cards: Path, mini: Rubric, tmp_path: Path) -> None:
    own = Assessment(rubric=RubricRef.of(mini), name="ann lee", started=NOW, updated=NOW)
    own.rate("sql", 4, None, NOW)
    own.rate("git", 0, None, NOW)
    path = tmp_path / "ann-self.json"
    save_document(own, path)
    result = run("panel", str(cards), "--self", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    ann = next(c for c in json.loads(result.stdout)["candidates"] if c["name"] == "Ann Lee")
    by_skill = {s["id"]: s for s in ann["self_assessment"]}
    assert by_skill["sql"]["flag"] is None  # 4 vs median 3
    assert by_skill["git"] == {
        "id": "git",
        "self": 0,
        "panel_median": 2,
        "difference": -2,
        "flag": "under",
    }


def test_self_assessment_for_nobody_is_reported(cards: Path, mini: Rubric, tmp_path: Path) -> None:
    own = Assessment(rubric=RubricRef.of(mini), name="Stranger", started=NOW, updated=NOW)
    path = tmp_path / "stranger.json"
    save_document(own, path)
    result = run("panel", str(cards), "--self", str(path))
    assert result.exit_code == 1
    assert "no scorecards for 'Stranger'" in result.stderr


@pytest.mark.parametrize("fmt", ["text", "md", "html", "csv", "json"])
def test_anonymize_hides_every_name_in_every_format(cards: Path, fmt: str) -> None:
    result = run("panel", str(cards), "--anonymize", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    for name in ("Ann", "Lee", "Raj", "Bob", "Cy", "Di:"):
        assert name not in result.stdout, (fmt, name)
    assert "Candidate A" in result.stdout and "Candidate B" in result.stdout
    assert "Interviewer 1" in result.stdout


def test_anonymize_is_stable_across_runs_and_file_order(cards: Path, tmp_path: Path) -> None:
    first = json.loads(run("panel", str(cards), "--anonymize", "--format", "json").stdout)
    shuffled = tmp_path / "shuffled"
    shuffled.mkdir()
    for i, p in enumerate(sorted(cards.glob("*.json"), reverse=True)):
        shutil.copy(p, shuffled / f"{i:02d}.json")
    second = json.loads(run("panel", str(shuffled), "--anonymize", "--format", "json").stdout)
    assert [c["name"] for c in first["candidates"]] == [c["name"] for c in second["candidates"]]


def test_role_option_and_unknown_role(cards: Path) -> None:
    junior = json.loads(run("panel", str(cards), "--role", "junior", "--format", "json").stdout)
    assert junior["role"]["id"] == "junior"
    result = run("panel", str(cards), "--role", "wizard")
    assert result.exit_code == 1
    assert "no role 'wizard' (roles: junior, mid)" in result.stderr


def test_no_usable_scorecards(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text("[]")
    result = run("panel", str(tmp_path))
    assert result.exit_code == 1
    assert (
        result.stderr.strip().splitlines()[-1]
        == "skillcheck: no usable scorecards (1 files could not be used)"
    )


def test_rubric_id_inside_a_scorecard_is_never_a_path(tmp_path: Path, mini: Rubric) -> None:
    path = scorecard(mini, tmp_path, "Ann", "Bob", {"sql": 2})
    path.write_text(path.read_text().replace('"id": "mini"', f'"id": "{FIXTURES / "mini.yaml"}"'))
    result = run("panel", str(path))
    assert result.exit_code == 1
    assert "rubric id that is not valid" in result.stderr


def test_output_file_is_written_atomically_and_named(cards: Path, tmp_path: Path) -> None:
    out = tmp_path / "panel.csv"
    result = run("panel", str(cards), "-o", str(out))
    assert result.exit_code == 0
    assert out.read_text().startswith("rank,candidate,")
    assert f"wrote {out}" in result.stderr


def test_explicit_rubric_file(cards: Path) -> None:
    result = run("panel", str(cards), "--rubric", str(FIXTURES / "mini.yaml"), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["rubric"]["id"] == "mini"


def test_a_custom_one_to_five_scale_works_in_panels(tmp_path: Path, isolated_home: Path) -> None:
    (isolated_home / "rubrics").mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "scale15.yaml", isolated_home / "rubrics" / "five.yaml")
    five = load_rubric_file(FIXTURES / "scale15.yaml")
    folder = tmp_path / "cards"
    folder.mkdir()
    for who, levels in (("Bob", {"testing": 1, "review": 5}), ("Cy", {"testing": 5, "review": 5})):
        path = scorecard(five, folder, "Ann", who, levels)
        path.write_text(path.read_text().replace('"role": "mid"', '"role": "lead"'))
    zero = scorecard(five, folder, "Ann", "Di", {"testing": 0})  # 0 is not on a 1-5 scale
    zero.write_text(zero.read_text().replace('"role": "mid"', '"role": "lead"'))
    result = run("panel", str(folder), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    ann = data["candidates"][0]
    testing = next(s for s in ann["skills"] if s["id"] == "testing")
    assert (testing["median"], testing["min"], testing["max"], testing["disagreement"]) == (
        3,
        1,
        5,
        True,
    )
    # Readiness climbs from the bottom of the scale (1), not from 0: testing 3 of 4, review met.
    assert ann["fit"] == 83.3
    assert "rating 0 for 'testing' is not on the scale 1-5" in data["skipped"][0]["reason"]


@pytest.mark.parametrize("fmt", ["json", "md", "csv", "html"])
def test_standard_output_gets_the_bytes_of_an_output_file(
    cards: Path, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Printed, a panel is written as UTF-8 bytes in order, without the whole
    text made first: the same bytes as its -o file. A standard output with no
    bytes below it (a plain text stream) gets the same text."""
    out = tmp_path / f"panel.{fmt}"
    assert run("panel", str(cards), "--format", fmt, "-o", str(out)).exit_code == 0
    printed = run("panel", str(cards), "--format", fmt)
    assert printed.exit_code == 0, printed.stderr
    assert printed.stdout_bytes == out.read_bytes()
    text_only = io.StringIO()
    monkeypatch.setattr("sys.stdout", text_only)
    with pytest.raises(SystemExit) as ended:
        cli(["panel", str(cards), "--format", fmt], prog_name="skillcheck")
    assert ended.value.code == 0
    assert text_only.getvalue() == out.read_bytes().decode("utf-8")
