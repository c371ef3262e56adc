"""Generated inputs, valid and corrupted: loading succeeds or fails with a clean SkillcheckError.

Rubrics, answers files and saved documents are generated valid, then broken:
random edits of the file's text (deleted, inserted and duplicated pieces,
truncation) and random edits of the parsed data (a value replaced by any
JSON value, a key removed, an unknown key added). Whatever comes out, the
loader returns a result or raises SkillcheckError with a non-empty one-line
message (and one line per located problem); no other exception escapes.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillcheck.answers import load_assessment_answers, load_scorecard_answers
from skillcheck.assessment import Assessment, Scorecard, parse_document, save_document
from skillcheck.errors import SkillcheckError
from skillcheck.rubric import Rubric, parse_rubric
from skillcheck.scorecards import Card, Rejected, read_card

MINI = parse_rubric((Path(__file__).parent / "fixtures" / "mini.yaml").read_text(), "mini.yaml")
#: Moderate by default so the suite stays fast; SKILLCHECK_EXAMPLES=2000 for a deep run.
SETTINGS = settings(
    max_examples=int(os.environ.get("SKILLCHECK_EXAMPLES", "80")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
#: A scratch folder for the loaders that take a path (hypothesis reuses it).
SCRATCH = Path(tempfile.mkdtemp(prefix="skillcheck-properties-"))


def outcome(load: Callable[[], Any]) -> Any:
    """Call ``load``; a SkillcheckError must carry a clean message; anything else fails."""
    try:
        return load()
    except SkillcheckError as exc:
        assert exc.message.strip(), "an empty error message"
        assert "\n" not in exc.message and "\r" not in exc.message, exc.message
        for line in exc.details():
            assert line.strip() and "\n" not in line and "\r" not in line, line
        return exc


# --- strategies ----------------------------------------------------------------------

ids = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,10}", fullmatch=True)
titles = st.text(min_size=1, max_size=30).filter(str.strip)
# Characters that mean something to YAML or JSON, plus some that mean trouble.
NASTY = ":-&*!|>[]{}'\"#%@`,?\t\n \\\x00\x1b\u202eé0123456789abc"
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats()
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def rubric_data(draw: st.DrawFn) -> dict[str, Any]:
    """A valid rubric as parsed YAML data."""
    skill_ids = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    cat_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    cats: list[dict[str, Any]] = [{"id": c, "title": draw(titles), "skills": []} for c in cat_ids]
    for i, sid in enumerate(skill_ids):
        skill: dict[str, Any] = {"id": sid, "title": draw(titles)}
        if draw(st.booleans()):
            skill["levels"] = {lv: draw(st.text(max_size=20)) for lv in range(1, 5)}
        if draw(st.booleans()):
            skill["resources"] = [
                {"title": draw(titles), "url": "https://example.invalid/x", "hours": 2}
            ]
        if i and draw(st.booleans()):
            skill["prerequisites"] = [skill_ids[0]]
        cats[i % len(cats)]["skills"].append(skill)
    cats = [c for c in cats if c["skills"]]
    if draw(st.booleans()):
        cats[0]["scoring"] = "best"
    data: dict[str, Any] = {
        "id": draw(ids),
        "title": draw(titles),
        "version": draw(st.sampled_from(["1.0", "2", "2026-11"])),
        "description": draw(st.text(max_size=40)),
        "categories": cats,
    }
    if draw(st.booleans()):
        data["roles"] = [
            {
                "id": "mid",
                "title": draw(titles),
                "targets": {"default": draw(st.integers(0, 4)), "categories": {cats[0]["id"]: 3}},
            }
        ]
    return data


def paths_in(data: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``data`` (the root too)."""
    out = [here]
    if isinstance(data, dict):
        for k, v in data.items():
            out += paths_in(v, (*here, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += paths_in(v, (*here, i))
    return out


@st.composite
def corrupt_data(draw: st.DrawFn, data: Any) -> Any:
    """``data`` (a deep copy) with one to three random edits."""
    data = json.loads(json.dumps(data))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths_in(data)))
        if not path:
            data = draw(json_values)
            continue
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(json_values)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=10))] = draw(json_values)
        else:
            parent.append(draw(json_values))
        if not isinstance(data, (dict, list)):
            break
    return data


@st.composite
def corrupt_text(draw: st.DrawFn, text: str) -> str:
    """``text`` with one to four random edits: delete, insert, duplicate a line, truncate."""
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["delete", "insert", "duplicate", "truncate"]))
        if action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        elif action == "insert":
            text = text[:at] + draw(st.text(alphabet=NASTY, min_size=1, max_size=6)) + text[at:]
        elif action == "duplicate":
            lines = text.splitlines(keepends=True) or [""]
            i = draw(st.integers(0, len(lines) - 1))
            text = "".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
        else:
            text = text[:at]
    return text


def dump(data: Any, as_json: bool) -> str:
    if as_json:
        return json.dumps(data, indent=2)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


# --- rubrics --------------------------------------------------------------------------


@SETTINGS
@given(data=rubric_data(), as_json=st.booleans())
def test_a_generated_valid_rubric_loads(data: dict[str, Any], as_json: bool) -> None:
    rubric = outcome(lambda: parse_rubric(dump(data, as_json), "r.yaml"))
    assert isinstance(rubric, Rubric), rubric
    assert rubric.id == data["id"] and len(rubric.skills) == sum(
        len(c["skills"]) for c in data["categories"]
    )


@SETTINGS
@given(st.data())
def test_a_rubric_with_corrupted_data_loads_or_fails_cleanly(data: st.DataObject) -> None:
    broken = data.draw(corrupt_data(data.draw(rubric_data())))
    outcome(lambda: parse_rubric(dump(broken, data.draw(st.booleans())), "r.yaml"))


@SETTINGS
@given(st.data())
def test_a_rubric_with_corrupted_text_loads_or_fails_cleanly(data: st.DataObject) -> None:
    text = data.draw(corrupt_text(dump(data.draw(rubric_data()), data.draw(st.booleans()))))
    outcome(lambda: parse_rubric(text, "r.yaml"))


# --- answers files ----------------------------------------------------------------------

levels = st.one_of(st.integers(0, 4), st.sampled_from(["n/a", "skip", None]), json_values)
notes = st.none() | st.text(max_size=40)


@st.composite
def answers_data(draw: st.DrawFn, scorecard: bool) -> dict[str, Any]:
    """An answers file for the mini rubric, mostly valid (levels may be anything)."""
    skills = draw(st.lists(st.sampled_from(sorted(MINI.skills)), unique=True))
    ratings = {
        s: (draw(levels) if draw(st.booleans()) else {"level": draw(levels), "note": draw(notes)})
        for s in skills
    }
    out: dict[str, Any] = {"role": draw(st.sampled_from(["mid", "junior", "none", None]))}
    if scorecard:
        out |= {
            "candidate": draw(titles),
            "interviewer": draw(titles),
            "recommendation": draw(st.sampled_from(["yes", "Strong no", "maybe", True])),
            "summary": draw(notes),
        }
    else:
        out["name"] = draw(titles)
    out["ratings"] = ratings
    return out


def load_answers(text: str, scorecard: bool) -> Any:
    path = SCRATCH / "answers.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    if scorecard:
        return load_scorecard_answers(path, MINI)
    return load_assessment_answers(path, MINI)


@SETTINGS
@given(st.data(), st.booleans())
def test_an_answers_file_loads_or_fails_cleanly(data: st.DataObject, scorecard: bool) -> None:
    answers = data.draw(answers_data(scorecard))
    how = data.draw(st.sampled_from(["as is", "data", "text"]))
    as_json = data.draw(st.booleans())
    if how == "data":
        answers = data.draw(corrupt_data(answers))
    text = dump(answers, as_json)
    if how == "text":
        text = data.draw(corrupt_text(text))
    outcome(lambda: load_answers(text, scorecard))


# --- saved documents ----------------------------------------------------------------

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@st.composite
def documents(draw: st.DrawFn, kind: type[Assessment] | type[Scorecard]) -> Any:
    """A valid saved document (self-assessment or scorecard) with any names and notes."""
    from skillcheck.assessment import RubricRef

    common: dict[str, Any] = {
        "rubric": RubricRef.of(MINI),
        "role": draw(st.sampled_from(["mid", None])),
        "started": T0,
        "updated": T0,
        "status": draw(st.sampled_from(["in_progress", "complete"])),
    }
    if kind is Assessment:
        doc: Any = Assessment(name=draw(titles), **common)
    else:
        doc = Scorecard(
            candidate=draw(titles),
            interviewer=draw(titles),
            recommendation=draw(st.sampled_from([None, "yes", "strong_no"])),
            summary=draw(notes),
            **common,
        )
    for skill in draw(st.lists(st.sampled_from(sorted(MINI.skills)), unique=True)):
        doc.rate(skill, draw(st.none() | st.integers(0, 4)), draw(notes), T0)
    return doc


def saved_text(doc: Any) -> str:
    path = SCRATCH / "doc.json"
    save_document(doc, path)
    return path.read_text(encoding="utf-8")


@SETTINGS
@given(st.data(), st.sampled_from([Assessment, Scorecard]))
def test_a_saved_document_loads_back_unchanged(data: st.DataObject, kind: Any) -> None:
    doc = data.draw(documents(kind))
    assert parse_document(saved_text(doc), "d.json", kind) == doc


@SETTINGS
@given(st.data(), st.sampled_from([Assessment, Scorecard]), st.sampled_from(["data", "text"]))
def test_a_corrupted_document_loads_or_fails_cleanly(
    data: st.DataObject, kind: Any, how: str
) -> None:
    text = saved_text(data.draw(documents(kind)))
    if how == "data":
        text = json.dumps(data.draw(corrupt_data(json.loads(text))), indent=2)
    else:
        text = data.draw(corrupt_text(text))
    for expect in (Assessment, Scorecard):  # the right kind, and the wrong one
        outcome(lambda expect=expect: parse_document(text, "d.json", expect))  # type: ignore[misc]


@SETTINGS
@given(st.data(), st.sampled_from(["data", "text"]))
def test_the_panel_reader_never_raises(data: st.DataObject, how: str) -> None:
    text = saved_text(data.draw(documents(Scorecard)))
    if how == "data":
        text = json.dumps(data.draw(corrupt_data(json.loads(text))), indent=2)
    else:
        text = data.draw(corrupt_text(text))
    path = SCRATCH / "card.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    card = read_card(str(path))
    assert isinstance(card, (Card, Rejected))
    if isinstance(card, Rejected):
        assert card.reason.strip() and "\n" not in card.reason


@pytest.fixture(scope="module", autouse=True)
def _scratch_cleanup() -> Any:
    yield
    import shutil

    shutil.rmtree(SCRATCH, ignore_errors=True)
