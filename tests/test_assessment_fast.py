"""The fast document reader builds exactly what the models build, and never accepts what they refuse."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from skillcheck.assessment import (
    _FIELDS,
    Assessment,
    Rating,
    RubricRef,
    Scorecard,
    fast_document,
    load_document,
    save_document,
)

D = TypeVar("D", Assessment, Scorecard)

REF = {"id": "mini", "version": "1.0", "digest": "sha256:abc"}

ASSESSMENT: dict[str, Any] = {
    "schema_version": 1,
    "kind": "assessment",
    "name": "Zoë Ünïcode",
    "rubric": REF,
    "role": "mid",
    "started": "2026-11-23T10:00:00Z",
    "updated": "2026-11-23T10:30:00.250000+02:00",
    "status": "in_progress",
    "categories": ["core", "soft"],
    "ratings": {
        "sql": {"level": 3, "note": "joins\nand <b>bold</b>", "rated_at": "2026-11-23T10:05:00Z"},
        "git": {"level": None, "note": None, "rated_at": "2026-11-23T10:06:00-05:30"},
        "python": {"level": 0, "rated_at": "2026-11-23T10:07:00"},
    },
    "applies": {"languages": ["python"]},
}

SCORECARD: dict[str, Any] = {
    "schema_version": 1,
    "kind": "scorecard",
    "candidate": "Ann Lee",
    "interviewer": "Bob",
    "rubric": REF,
    "started": "2026-11-23T10:00:00Z",
    "updated": "2026-11-23T10:30:00Z",
    "recommendation": "strong_yes",
    "summary": "",
    "ratings": {"sql": {"level": 4, "note": "", "rated_at": "2026-11-23T10:05:00Z"}},
}


def tree(value: Any) -> Any:
    """Types, values and model_fields_set all the way down (what == does not compare)."""
    if isinstance(value, BaseModel):
        return {
            "type": type(value).__name__,
            "set": sorted(value.model_fields_set),
            "fields": {k: tree(getattr(value, k)) for k in type(value).model_fields},
        }
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, *(tree(v) for v in value)]
    if isinstance(value, dict):
        return {repr(k): tree(v) for k, v in value.items()}
    if isinstance(value, datetime):
        return ("datetime", repr(value), value.tzname())
    return (type(value).__name__, value)


def agrees(data: Any, kind: type[D]) -> D | None:
    """Check the property; return the fast result."""
    fast = fast_document(copy.deepcopy(data), kind)
    try:
        model = kind.model_validate(copy.deepcopy(data))
    except ValidationError:
        assert fast is None, "the fast reader accepted what the model refuses"
        return None
    if fast is not None:
        assert type(fast) is kind
        assert fast == model
        assert tree(fast) == tree(model)
        assert fast.model_dump_json() == model.model_dump_json()
    return fast


@pytest.mark.parametrize("data", [ASSESSMENT, SCORECARD], ids=["assessment", "scorecard"])
def test_a_saved_document_takes_the_fast_path(data: dict[str, Any]) -> None:
    if data["kind"] == "assessment":
        assert agrees(data, Assessment) is not None
    else:
        assert agrees(data, Scorecard) is not None


def test_the_checks_cover_exactly_the_model_fields() -> None:
    # A field the fast reader does not know makes it give up (only slower); a
    # field it knows that the model lost would let it accept what the model refuses.
    for kind in (Assessment, Scorecard):
        assert _FIELDS[kind.model_fields["kind"].default].keys() == kind.model_fields.keys()
    assert {"level", "note", "rated_at"} == Rating.model_fields.keys()
    assert {"id", "version", "digest"} == RubricRef.model_fields.keys()


def test_loading_a_document_builds_no_validator(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "a.json"
    path.write_text(json.dumps(ASSESSMENT), encoding="utf-8")
    code = (
        "from skillcheck.assessment import Assessment, load_document\n"
        f"doc = load_document({str(path)!r}, Assessment)\n"
        "print(doc.name, Assessment.__pydantic_complete__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.split()[-1] == "False"


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("name",), ""),
        (("name",), "x" * 501),
        (("name",), "bad \ud800 surrogate"),
        (("name",), 5),
        (("role",), 3),
        (("status",), "done"),
        (("schema_version",), True),
        (("schema_version",), 1.0),
        (("started",), "2026-11-23"),
        (("started",), "2026-02-30T10:00:00Z"),
        (("started",), "2026-11-23 10:00:00Z"),
        (("started",), "2026-W47-1T10:00:00"),
        (("started",), 1700000000),
        (("categories",), "core"),
        (("categories",), [1]),
        (("applies",), {"languages": "python"}),
        (("rubric",), {**REF, "extra": "x"}),
        (("rubric",), {"id": "mini", "version": 1, "digest": "x"}),
        (("ratings", "sql", "level"), "3"),
        (("ratings", "sql", "level"), 3.0),
        (("ratings", "sql", "level"), True),
        (("ratings", "sql", "note"), "n" * 20_001),
        (("ratings", "sql", "rated_at"), None),
        (("ratings", "sql", "surprise"), 1),
        (("ratings", "sql"), []),
        (("surprise",), 1),
    ],
)
def test_anything_unusual_goes_to_the_model(path: tuple[str, ...], value: Any) -> None:
    data = copy.deepcopy(ASSESSMENT)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert fast_document(data, Assessment) is None
    agrees(data, Assessment)


@pytest.mark.parametrize("key", ["rubric", "started", "updated", "name"])
def test_a_missing_required_key_goes_to_the_model(key: str) -> None:
    data = {k: v for k, v in ASSESSMENT.items() if k != key}
    assert fast_document(data, Assessment) is None
    assert agrees(data, Assessment) is None


def test_load_document_gives_what_the_model_gives(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(ASSESSMENT, indent=2), encoding="utf-8")
    loaded = load_document(path, Assessment)
    model = Assessment.model_validate(ASSESSMENT)
    assert tree(loaded) == tree(model)
    # Saving what was loaded writes what saving the model writes.
    save_document(loaded, tmp_path / "fast.json")
    save_document(model, tmp_path / "model.json")
    assert (tmp_path / "fast.json").read_bytes() == (tmp_path / "model.json").read_bytes()


# --- hypothesis -------------------------------------------------------------

ZONES = st.sampled_from(
    [
        None,
        UTC,
        timezone(timedelta(hours=2)),
        timezone(timedelta(hours=-5, minutes=-30)),
        timezone(timedelta(hours=23, minutes=59)),
    ]
)


@st.composite
def timestamps(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        moment = draw(st.datetimes(timezones=ZONES))
        text = moment.isoformat()
        return text.replace("+00:00", "Z") if draw(st.booleans()) else text
    # Anything shaped like a timestamp, including impossible dates and offsets.
    return draw(
        st.from_regex(
            r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?"
            r"(Z|[+-][0-9]{2}:[0-9]{2})?\Z"
        )
    )


ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 10**20),
    st.floats(allow_nan=False),
    st.text(max_size=3),
    st.text(alphabet=st.characters(min_codepoint=0xD7F0, max_codepoint=0xE010), max_size=3),
    st.just("x" * 501),
    st.just([]),
    st.just({}),
    timestamps(),
)


@st.composite
def ratings(draw: st.DrawFn) -> dict[str, Any]:
    out: dict[str, Any] = {
        "level": draw(st.none() | st.integers(-1, 5)),
        "rated_at": draw(timestamps()),
    }
    if draw(st.booleans()):
        out["note"] = draw(st.none() | st.text(max_size=20))
    if draw(st.integers(0, 9)) == 0:
        out[draw(st.sampled_from(["level", "note", "rated_at", "extra"]))] = draw(ODD)
    if draw(st.integers(0, 19)) == 0:
        del out[draw(st.sampled_from(sorted(out)))]
    return out


@st.composite
def documents(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(base)
    data["started"] = draw(timestamps())
    data["updated"] = draw(timestamps())
    data["ratings"] = draw(st.dictionaries(st.sampled_from(["sql", "git", "x\ud800"]), ratings()))
    for _ in range(draw(st.integers(0, 2))):
        key = draw(st.sampled_from([*sorted(data), "extra"]))
        if draw(st.booleans()):
            data[key] = draw(ODD)
        else:
            data.pop(key, None)
    data["kind"] = base["kind"]  # checked before the fast reader runs
    data["schema_version"] = 1
    return data


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(ASSESSMENT))
def test_assessments_agree_with_the_model(data: dict[str, Any]) -> None:
    agrees(data, Assessment)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(SCORECARD))
def test_scorecards_agree_with_the_model(data: dict[str, Any]) -> None:
    agrees(data, Scorecard)


@settings(max_examples=200, deadline=None)
@given(timestamps())
def test_timestamps_agree_with_the_model(stamp: str) -> None:
    data = {**ASSESSMENT, "started": stamp}
    fast = agrees(data, Assessment)
    if fast is None:
        return
    assert isinstance(fast, Assessment)
    assert fast.started.tzname() == Assessment.model_validate(data).started.tzname()
