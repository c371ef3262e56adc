"""Fast scorecard reading for panels: the shortcut never accepts what the model refuses."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillcheck.assessment import Scorecard
from skillcheck.errors import SkillcheckError
from skillcheck.scorecards import (
    SCORECARD_SCHEMA,
    TIME_PATTERN,
    Card,
    IsOutput,
    Rejected,
    _from_model,
    _parse_fast,
    file_id,
    read_card,
    read_card_carefully,
    scorecard_files,
)

GOOD: dict[str, Any] = {
    "schema_version": 1,
    "kind": "scorecard",
    "candidate": "Ann Lee",
    "interviewer": "Bob",
    "rubric": {"id": "mini", "version": "1.0", "digest": "sha256:x"},
    "role": "mid",
    "started": "2026-11-23T10:00:00Z",
    "updated": "2026-11-23T10:30:00+00:00",
    "status": "complete",
    "categories": ["core"],
    "applies": {},
    "recommendation": "yes",
    "summary": "Good.",
    "ratings": {
        "sql": {"level": 3, "note": "joins", "rated_at": "2026-11-23T10:05:00Z"},
        "git": {"level": None, "note": None, "rated_at": "2026-11-23T10:06:00Z"},
    },
}


def with_time(where: str, stamp: str) -> dict[str, Any]:
    """GOOD with one of its times replaced: ``started``, ``updated`` or a rating's ``rated_at``."""
    data: dict[str, Any] = json.loads(json.dumps(GOOD))
    if where == "rated_at":
        data["ratings"]["sql"]["rated_at"] = stamp
    else:
        data[where] = stamp
    return data


def fast(data: Any) -> Card | None:
    """The shortcut's verdict on ``data`` written as JSON (None: "look closer")."""
    return _parse_fast(json.dumps(data, indent=2).encode(), "x")


def write(tmp_path: Path, data: Any, name: str = "card.json", indent: int | None = 2) -> str:
    p = tmp_path / name
    p.write_text(json.dumps(data, indent=indent) if not isinstance(data, str) else data)
    return str(p)


def test_good_card_takes_the_fast_path(tmp_path: Path) -> None:
    card = read_card(write(tmp_path, GOOD))
    assert isinstance(card, Card)
    assert card.candidate == "Ann Lee"
    # "Not assessed" (git) is left out; the note goes with its rating.
    assert card.interview.levels == {"sql": 3}
    assert card.interview.notes == {"sql": "joins"}
    assert (card.interview.recommendation, card.interview.summary) == ("yes", "Good.")
    assert fast(GOOD) is not None


def test_the_shortcut_checks_the_fields_of_the_model() -> None:
    """A field added to the model must be added to the shortcut's schema too."""
    from skillcheck.assessment import Rating, RubricRef

    fields = SCORECARD_SCHEMA["fields"]
    assert set(fields) == set(Scorecard.model_fields)
    rubric = fields["rubric"]["schema"]
    assert rubric["type"] == "typed-dict"
    assert set(rubric["fields"]) == set(RubricRef.model_fields)
    ratings = fields["ratings"]["schema"]
    assert ratings["type"] == "dict"
    assert set(ratings["values_schema"]["fields"]) == set(Rating.model_fields)


def test_the_schema_is_what_pydantic_cores_own_helpers_write() -> None:
    """The schema is written as plain dicts (importing pydantic_core.core_schema
    costs a panel start-up time): they must be what its helpers make."""
    from pydantic_core import core_schema as cs

    from skillcheck.limits import MAX_NAME, MAX_NOTE, RECOMMENDATIONS

    def field(schema: Any, required: bool = True) -> Any:
        return cs.typed_dict_field(schema, required=required)

    def optional(schema: Any) -> Any:
        return field(cs.nullable_schema(schema), required=False)

    text = cs.str_schema(strict=True)
    name = cs.str_schema(min_length=1, max_length=MAX_NAME, strict=True)
    note = cs.str_schema(max_length=MAX_NOTE, strict=True)
    time = cs.str_schema(pattern=TIME_PATTERN, strict=True)
    rating = cs.typed_dict_schema(
        {
            "level": field(cs.nullable_schema(cs.int_schema(strict=True))),
            "note": field(cs.nullable_schema(note)),
            "rated_at": field(time),
        },
        extra_behavior="forbid",
    )
    expected = cs.typed_dict_schema(
        {
            "schema_version": field(cs.int_schema(strict=True)),
            "kind": field(cs.literal_schema(["scorecard"])),
            "candidate": field(name),
            "interviewer": field(name),
            "recommendation": optional(cs.literal_schema(list(RECOMMENDATIONS))),
            "summary": optional(note),
            "rubric": field(
                cs.typed_dict_schema(
                    {"id": field(text), "version": field(text), "digest": field(text)},
                    extra_behavior="forbid",
                )
            ),
            "role": optional(text),
            "started": field(time),
            "updated": field(time),
            "status": field(cs.literal_schema(["in_progress", "complete"]), required=False),
            "categories": optional(cs.list_schema(text)),
            "ratings": field(cs.dict_schema(text, rating), required=False),
            "applies": field(cs.dict_schema(text, cs.list_schema(text)), required=False),
        },
        extra_behavior="forbid",
    )
    assert expected == SCORECARD_SCHEMA


def test_compact_json_is_accepted_through_the_model(tmp_path: Path) -> None:
    # No '": ' spacing: the duplicate-key count differs, so the model decides.
    text = json.dumps(GOOD, separators=(",", " : "))
    card = read_card(write(tmp_path, text))
    assert isinstance(card, Card)
    assert card.interview.levels == {"sql": 3}
    assert card.interview.notes == {"sql": "joins"}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty file"),
        ("{", "not valid JSON"),
        ('{"kind": "scorecard", "kind": "x"}', "duplicate key 'kind'"),
        (json.dumps({**GOOD, "kind": "assessment", "name": "x"}), "this is a self-assessment"),
        (json.dumps([1, 2]), "not a skillcheck file"),
        (json.dumps({**GOOD, "schema_version": 99}), "written by a newer skillcheck"),
        (
            json.dumps({**GOOD, "ratings": {"sql": {"level": "high", "rated_at": "x"}}}),
            "damaged file",
        ),
    ],
)
def test_bad_files_are_rejected_with_a_reason(tmp_path: Path, text: str, reason: str) -> None:
    result = read_card(write(tmp_path, text))
    assert isinstance(result, Rejected)
    assert reason in result.reason
    assert result.reason.startswith(str(tmp_path))  # the message names the file


def test_duplicate_skill_key_is_caught(tmp_path: Path) -> None:
    text = json.dumps(GOOD, indent=2).replace(
        '"git": {',
        '"sql": {"level": 0, "note": null, "rated_at": "2026-11-23T10:05:00Z"},\n    "git": {',
    )
    result = read_card(write(tmp_path, text))
    assert isinstance(result, Rejected)
    assert "duplicate key 'sql'" in result.reason


def test_missing_and_folder(tmp_path: Path) -> None:
    assert isinstance(read_card(str(tmp_path / "none.json")), Rejected)
    assert "folder" in read_card(str(tmp_path)).reason  # type: ignore[union-attr]


def test_scorecard_files_walks_folders_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    for name in ("b/2.json", "1.json", "notes.txt", ".hidden.json", "b/0.json"):
        (tmp_path / name).write_text("{}")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in scorecard_files([tmp_path])]
    assert found == ["1.json", "b/0.json", "b/2.json"]
    assert list(scorecard_files(["x.json"])) == ["x.json"]


# Values that stress every check of the shortcut.
_odd = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 6),
    st.floats(allow_nan=False),
    st.text(max_size=3),
    st.sampled_from(["2026-11-23T10:00:00Z", "2026-11-23", "yes", "strong_no", "complete", ""]),
    st.lists(st.text(max_size=2), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    key=st.sampled_from([*sorted(GOOD), "extra"]),
    rating_key=st.sampled_from(["level", "note", "rated_at", "extra"]),
    value=_odd,
    where=st.sampled_from(["top", "rating", "drop"]),
)
def test_shortcut_never_accepts_what_the_model_refuses(
    key: str, rating_key: str, value: Any, where: str
) -> None:
    data = json.loads(json.dumps(GOOD))
    if where == "top":
        data[key] = value
    elif where == "rating":
        data["ratings"]["sql"][rating_key] = value
    else:
        data.pop(key, None)
    card = fast(data)
    if card is None:
        return
    model = Scorecard.model_validate(data)  # must not raise
    assert card.candidate == model.candidate
    assert card == _from_model(model, "x")


def test_model_errors_are_skillcheck_errors() -> None:
    from skillcheck.assessment import document_from_data

    with pytest.raises(SkillcheckError):
        document_from_data({**GOOD, "candidate": ""}, "x", Scorecard)


@pytest.mark.parametrize(
    "change",
    [
        # A lone surrogate: valid JSON, but not text the model accepts.
        lambda d: d | {"candidate": "Ann \ud800"},
        # An ISO week date: datetime.fromisoformat takes it, the model does not.
        lambda d: d | {"started": "2026-W47-1T10:00:00"},
    ],
    ids=["lone-surrogate", "week-date"],
)
def test_what_the_model_refuses_is_refused_on_the_fast_path_too(
    tmp_path: Path, change: Any
) -> None:
    result = read_card(write(tmp_path, change(dict(GOOD))))
    assert isinstance(result, Rejected)
    assert "damaged file" in result.reason


_GOOD_BYTES = json.dumps(GOOD, indent=2, ensure_ascii=False).encode()


#: Byte-level variants of a good scorecard that stress the fast reader.
_VARIANTS = [
    _GOOD_BYTES,
    _GOOD_BYTES.replace(b'"Ann Lee"', b'"Ann \\ud83d\\ude00"'),  # a pair: one character
    _GOOD_BYTES.replace(b'"Ann Lee"', b'"Ann \\ud83d"'),  # a lone surrogate
    _GOOD_BYTES.replace(b'"Ann Lee"', b'"Ann \\ud83d\\u0041"'),  # a high one, then not low
    _GOOD_BYTES.replace(b'"Ann Lee"', b'"Ann \\ude00"'),  # a low one alone
    _GOOD_BYTES.replace(b'"Ann Lee"', b'"Ann \\u00e9"'),  # an escaped e acute
    _GOOD_BYTES.replace(b"Ann Lee", b"Ann \xff"),  # not UTF-8
    _GOOD_BYTES.replace(b"Ann Lee", b"Ann \xed\xa0\x80"),  # a surrogate in UTF-8
    _GOOD_BYTES.replace(b"Ann Lee", b"Ann\x01"),  # a raw control character
    b"\xef\xbb\xbf" + _GOOD_BYTES,  # a byte order mark
    _GOOD_BYTES + b" x",  # trailing data
    _GOOD_BYTES.replace(b'"candidate": "Ann Lee"', b'"candidate": "A", "candidate": "B"'),
    _GOOD_BYTES.replace(b'"level": 3', b'"level": 3.0'),
    _GOOD_BYTES.replace(b'"level": 3', b'"level": NaN'),
    _GOOD_BYTES.replace(b'"level": 3', b'"level": 300000000000000000000000'),
    _GOOD_BYTES.replace(b'"level": 3', b'"level": ' + b"3" * 5000),  # past int()'s limit
    # Duplicate keys written with white space before the colon.
    _GOOD_BYTES.replace(b'"candidate": "Ann Lee"', b'"candidate": "A", "candidate" : "B"'),
    _GOOD_BYTES.replace(b'"level": 3', b'"level": 3, "level"\n: 1'),
    _GOOD_BYTES.replace(b'"applies": {}', b'"applies": {"a": [], "a"\t: ["x"]}'),
    # Duplicates in each kind of object, in files with and without escapes.
    _GOOD_BYTES.replace(b'"id": "mini"', b'"id": "x", "id": "mini"'),
    _GOOD_BYTES.replace(b'"note": "joins"', b'"note": "joins", "note": "joins"'),
    _GOOD_BYTES.replace(b'"note": null', b'"note": "a", "note": null'),
    _GOOD_BYTES.replace(b'"applies": {}', b'"applies": {"a": ["x"], "a": ["x"]}'),
    _GOOD_BYTES.replace(b'"summary": "Good."', b'"summary": "\\", "summary": "Good."'),
    _GOOD_BYTES.replace(b'"note": "joins"', b'"note": "\\"x\\":", "note" : "joins"'),
    # Equal to 1 for Python, not a schema version for the model.
    _GOOD_BYTES.replace(b'"schema_version": 1', b'"schema_version": true'),
    _GOOD_BYTES.replace(b'"schema_version": 1', b'"schema_version": 1.0'),
    _GOOD_BYTES.replace(b'"schema_version": 1', b'"schema_version": 1e0'),
    # Times that fromisoformat takes and the model does not.
    *(
        _GOOD_BYTES.replace(b'"2026-11-23T10:00:00Z"', b'"' + stamp + b'"', 1)
        for stamp in (
            b"2026-11-23T10:05:00+01",
            b"2026-11-23T10:05:00+00",
            b"2026-11-23T10:05:00.Z",
            b"2026-11-23T10:05:00+01:00:30",
            b"2026-11-23T10:05:00.12+05",
            b"2026-11-23T10:30:00e+00:00",
            b"2026-11-23T10:05:00]Z",
            b'2026-11-23T10:00:00\\"Z',
            b"2026-W47-1T10:00:00",
            b"2026-11-23T10:05:00.123456+05:30",  # this one both take
        )
    ),
]


@pytest.mark.parametrize("raw", _VARIANTS, ids=[str(i) for i in range(len(_VARIANTS))])
def test_the_shortcut_never_changes_the_outcome(tmp_path: Path, raw: bytes) -> None:
    """Whatever the bytes, reading a card gives what the careful reader and the
    model give: the same card, or a refusal with the same reason."""
    path = tmp_path / "c.json"
    path.write_bytes(raw)
    assert read_card(str(path)) == read_card_carefully(str(path))


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(
    stamp=st.from_regex(
        r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2})?([.,][0-9]{0,8})?"
        r"([Zz]|[+-][0-9]{2}(:?[0-9]{2}(:[0-9]{2})?)?)?\Z"
    ),
    where=st.sampled_from(["started", "rated_at"]),
)
def test_the_shortcut_takes_only_times_the_model_takes(stamp: str, where: str) -> None:
    data = with_time(where, stamp)
    if fast(data) is not None:
        Scorecard.model_validate(data)  # must not raise


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    stamp=st.from_regex(TIME_PATTERN, fullmatch=True),
    where=st.sampled_from(["updated", "rated_at"]),
)
def test_every_time_in_the_shortcuts_form_is_one_the_model_takes(stamp: str, where: str) -> None:
    """The shortcut checks times as text: each it takes must be a time to the model."""
    data = with_time(where, stamp)
    card = fast(data)
    assert card is not None
    assert card == _from_model(Scorecard.model_validate(data), "x")


@pytest.mark.parametrize("year", [1000, 1900, 2000, 2023, 2024, 2026, 2100, 2400, 9999])
def test_the_shortcut_takes_every_real_day_and_no_other(year: int) -> None:
    """The end of a month is as quick as its start, and no 30th of February passes."""
    import datetime as dt

    for month in range(0, 14):
        for day in range(0, 33):
            stamp = f"{year:04d}-{month:02d}-{day:02d}T23:59:59Z"
            try:
                dt.date(year, month, day)
                real = True
            except ValueError:
                real = False
            assert (fast(with_time("rated_at", stamp)) is not None) == real, stamp


#: Any text that JSON writes without an escape (the common case)...
_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters='"\\'),
    max_size=6,
)
#: ...and text that needs escapes, in names.
_ESCAPED = ['"', "\\", "\n", "\x01"]
_name = _text.filter(lambda t: t.strip() != "").map(lambda t: t + "x")
_stamp = st.sampled_from(["2026-11-23T10:00:00Z", "2026-11-23T10:00:00.5+05:30"])


@st.composite
def scorecards(draw: st.DrawFn) -> dict[str, Any]:
    """Valid scorecards of every shape: optional fields present or not, any text."""
    data: dict[str, Any] = {
        "schema_version": 1,
        "kind": "scorecard",
        "candidate": draw(_name),
        "interviewer": draw(_name),
        "rubric": {"id": draw(_text), "version": draw(_text), "digest": draw(_text)},
        "started": draw(_stamp),
        "updated": draw(_stamp),
    }
    optional = {
        "role": st.none() | _text,
        "status": st.sampled_from(["in_progress", "complete"]),
        "categories": st.none() | st.lists(_text, max_size=3),
        "applies": st.dictionaries(_text, st.lists(_text, max_size=3), max_size=3),
        "recommendation": st.none() | st.sampled_from(["strong_no", "no", "yes", "strong_yes"]),
        "summary": st.none() | _text,
        "ratings": st.dictionaries(
            _text,
            st.fixed_dictionaries(
                {
                    "level": st.none() | st.integers(0, 4),
                    "note": st.none() | _text,
                    "rated_at": _stamp,
                }
            ),
            max_size=4,
        ),
    }
    for key, values in optional.items():
        if draw(st.booleans()):
            data[key] = draw(values)
    return data


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=scorecards(),
    indent=st.sampled_from([None, 2]),
    escape=st.none() | st.sampled_from(_ESCAPED),
)
def test_every_scorecard_without_escapes_takes_the_shortcut(
    data: dict[str, Any], indent: int | None, escape: str | None
) -> None:
    """The shortcut counts the strings of what it parsed against the quotes in
    the text: the count must be exact for every shape of scorecard, or files
    would quietly go the slow way (or, worse, a duplicate key could pass)."""
    if escape:
        data["interviewer"] += escape
    raw = json.dumps(data, indent=indent, ensure_ascii=False).encode()
    card = _parse_fast(raw, "x")
    if b"\\" not in raw:
        assert card is not None
    if card is not None:
        assert card == _from_model(Scorecard.model_validate(data), "x")


_KEY_LINE = re.compile(r'^( *)("(?:[^"\\]|\\.)*"): ', re.M)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=scorecards(),
    where=st.integers(0, 10_000),
    spacing=st.sampled_from(["", " ", "\n"]),
    escape=st.none() | st.sampled_from(_ESCAPED),
)
def test_a_duplicate_key_anywhere_is_refused(
    data: dict[str, Any], where: int, spacing: str, escape: str | None
) -> None:
    """Write one key of the scorecard twice (first with null), at any depth."""
    if escape:
        data["interviewer"] += escape
    text = json.dumps(data, indent=2, ensure_ascii=False)
    lines = list(_KEY_LINE.finditer(text))
    line = lines[where % len(lines)]
    indent, key = line.groups()
    doubled = f"{text[: line.start()]}{indent}{key}{spacing}: null, {text[line.start() :]}"
    json.loads(doubled)  # still JSON
    raw = doubled.encode()
    assert _parse_fast(raw, "x") is None
    refused = read_card_from(raw)
    assert isinstance(refused, Rejected)
    assert "duplicate key" in refused.reason


def read_card_from(raw: bytes) -> Card | Rejected:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.json"
        path.write_bytes(raw)
        return read_card(str(path))


def test_the_output_file_is_recognised_however_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A panel's -o file must never be one it reads: read_card says so, also for
    a file the quick reader could not open (unreadable, as for another user)."""
    path = write(tmp_path, GOOD)
    other = write(tmp_path, GOOD, name="other.json")
    output = file_id(path)
    assert output is not None
    with pytest.raises(IsOutput):
        read_card(path, output)
    assert isinstance(read_card(other, output), Card)
    real_open = os.open

    def refuse(name: Any, *args: Any, **kwargs: Any) -> int:
        if os.fspath(name) == path:
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(IsOutput):
        read_card(path, output)
    refused = read_card(path)  # without an output to protect: unreadable, as it is
    assert isinstance(refused, Rejected) and refused.reason.endswith("permission denied")


def test_scorecard_files_lists_what_os_walk_lists(tmp_path: Path) -> None:
    """The same files as os.walk finds (links to folders not followed), sorted."""
    top = tmp_path / "top"
    for folder in ("a/b", ".hidden", "c"):
        (top / folder).mkdir(parents=True)
    for name in ("1.json", "a/2.json", "a/b/3.json", ".hidden/4.json", "a/.5.json", "c/x.txt"):
        (top / name).write_text("{}")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "6.json").write_text("{}")
    (top / "link-to-folder").symlink_to(outside)
    (top / "link.json").symlink_to(top / "1.json")
    (top / "broken.json").symlink_to(tmp_path / "nowhere")
    os.mkfifo(top / "fifo.json")
    expected = sorted(
        os.path.join(root, name)
        for root, _, names in os.walk(top)
        for name in names
        if name.endswith(".json") and not name.startswith(".")
    )
    assert list(scorecard_files([top])) == expected
    assert len(expected) == 7  # 1, 2, 3, 4 (in a hidden folder), link, broken and fifo
