"""Reading many scorecards quickly, for panels.

A panel may read thousands of files, so each one is checked by a hand-written
validator that accepts only what the pydantic ``Scorecard`` model would accept
(exact keys, exact types). Anything it is unsure about goes through the model
itself, which either accepts it or produces the one-line error to report.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from pydantic_core import from_json

from skillcheck.analysis.panel import Interview
from skillcheck.assessment import (
    RECOMMENDATIONS,
    SCHEMA_VERSION,
    Scorecard,
    document_from_data,
)
from skillcheck.errors import SkillcheckError
from skillcheck.files import MAX_INPUT_BYTES, parse_json, read_text

_FIELDS = Scorecard.model_fields
_ALLOWED = frozenset(_FIELDS)
_REQUIRED = frozenset(k for k, f in _FIELDS.items() if f.is_required()) | {"kind", "schema_version"}
_RATING = itemgetter("level", "note", "rated_at")
_NOTE = itemgetter("note")
_LEVEL_TYPES = frozenset({int, type(None)})
_NOTE_TYPES = frozenset({str, type(None)})
_STATUSES = ("in_progress", "complete")
MAX_NAME = 500
MAX_NOTE = 20_000


class Card(NamedTuple):
    """What a panel needs from one scorecard."""

    path: str
    candidate: str
    role: str | None
    rubric_id: str
    rubric_version: str
    interview: Interview


class Rejected(NamedTuple):
    """A file that is not a usable scorecard; ``reason`` is a one-line message naming it."""

    path: str
    reason: str


def scorecard_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """Each path itself, or, for a folder, the ``*.json`` files in it and below, sorted."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(
                os.path.join(root, name)
                for root, _, names in os.walk(path)
                for name in names
                if name.endswith(".json") and not name.startswith(".")
            )
            yield from found
        else:
            yield str(path)


def read_card(path: str) -> Card | Rejected:
    """Read one scorecard; never raises for a bad file."""
    raw = read_raw(path)
    card = _parse_fast(raw, path) if raw is not None else None
    return card if card is not None else read_card_carefully(path)


def read_card_carefully(path: str) -> Card | Rejected:
    """Read one scorecard with the careful reader and the model, which say why
    they refuse a file (``read_card`` comes here whenever its shortcut is unsure)."""
    try:
        text = read_text(path)
        doc = document_from_data(parse_json(text, path), path, Scorecard)
        return _from_model(doc, path)
    except SkillcheckError as exc:
        return Rejected(path, exc.message)


def read_raw(path: str) -> bytes | None:
    """The bytes of a regular file in as few steps as possible; None means "look closer"."""
    try:
        # O_NONBLOCK so that a FIFO cannot block the panel; anything but a
        # regular file goes to the careful reader, which says what it is.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_INPUT_BYTES:
                return None
            # One byte more than the size: a file that grew is sent to the careful reader.
            raw = os.read(fd, st.st_size + 1)
        finally:
            os.close(fd)
    except OSError:
        return None
    return raw if len(raw) == st.st_size else None


def _parse_fast(raw: bytes, path: str) -> Card | None:
    """The common case; None means "look closer"."""
    try:
        # pydantic-core's JSON parser (already loaded with pydantic) takes
        # half the time of json.loads. It is at least as strict: it refuses
        # bytes that are not UTF-8, a BOM, control characters in strings,
        # trailing data and lone surrogate escapes (the model refuses those too).
        data = from_json(raw)
    except ValueError:
        return None
    # A backslash is rare (skillcheck writes text as UTF-8, so only a quote,
    # a line break or a control character in a note is escaped): a one-byte
    # search first, the two-byte ones only when there is one.
    escaped = b"\\" in raw
    if escaped and (b"\\ud" in raw or b"\\uD" in raw):
        # An escaped surrogate: only ever written by another tool; let the model judge.
        return None
    card = _fast(data, path)
    return card if card is not None and _no_duplicate_keys(raw, data, escaped) else None


#: White space before a colon: maybe a key written ``"k" :``, which the count
#: of ``":`` in _no_duplicate_keys would miss (only searched in files with escapes).
_SPACED_COLONS = (b" :", b"\n:", b"\t:", b"\r:")


def _from_model(doc: Scorecard, path: str) -> Card:
    rated = {k: r for k, r in doc.ratings.items() if r.level is not None}
    interview = Interview(
        doc.interviewer,
        doc.recommendation,
        doc.summary,
        {k: r.level for k, r in rated.items() if r.level is not None},
        {k: r.note for k, r in rated.items() if r.note},
    )
    return Card(path, doc.candidate, doc.role, doc.rubric.id, doc.rubric.version, interview)


def _no_duplicate_keys(raw: bytes, data: dict[str, Any], escaped: bool) -> bool:
    # The parser keeps the last of two equal keys, so count what the text
    # holds against what the parser kept. Called once _fast has accepted
    # ``data``, so its shape is known: the rubric and each rating have exactly
    # three keys, and every value's type is checked.
    ratings = data.get("ratings", {})
    applies = data.get("applies", {})
    keys = len(data) + 3 + 4 * len(ratings) + len(applies)
    if not escaped:
        # No escapes: every '"' opens or closes a string, and a key is a
        # string, so a dropped duplicate leaves the text with more strings than
        # the data. One-byte counts, which run at memchr speed.
        strings = (
            keys
            + list(map(type, data.values())).count(str)  # names, times, role...
            + 3  # the rubric's id, version and digest
            + len(data.get("categories") or ())
            + sum(map(len, applies.values()))
            + 2 * len(ratings)  # each rating's time and note...
            - list(map(_NOTE, ratings.values())).count(None)  # ...when it has one
        )
        return raw.count(b'"') == 2 * strings
    # With escapes, compare the keys kept with the '":' pairs in the text (how
    # every key is written by us; a string can only hold an escaped quote). Any
    # mismatch, a duplicate or just unusual spacing, sends the file through the
    # strict parser.
    if raw.count(b'":') != keys:
        return False
    return not any(spaced in raw for spaced in _SPACED_COLONS)


def _str(value: Any, limit: int, empty: bool = True) -> bool:
    return type(value) is str and len(value) <= limit and (empty or len(value) > 0)


def _opt_str(value: Any, limit: int) -> bool:
    return value is None or _str(value, limit)


#: The RFC 3339 date-times that `skillcheck` writes, and a few more: a narrower
#: form than both fromisoformat and the model accept (fromisoformat alone also
#: takes "+01" or "+01:00:30" offsets and week dates, which the model refuses).
_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})?"
).fullmatch


def _time(value: Any) -> bool:
    # The form by regex, the calendar (no 30 February) by fromisoformat.
    if type(value) is not str or _TIME(value) is None:
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _fast(data: Any, path: str) -> Card | None:
    """A Card when ``data`` is certainly a valid current scorecard, else None."""
    if type(data) is not dict:
        return None
    keys = data.keys()
    if not (keys <= _ALLOWED and keys >= _REQUIRED):
        return None
    version = data["schema_version"]
    if data["kind"] != "scorecard" or type(version) is not int or version != SCHEMA_VERSION:
        return None  # (True == 1 and 1.0 == 1, which the model refuses)
    rubric = data["rubric"]
    if type(rubric) is not dict or rubric.keys() != {"id", "version", "digest"}:
        return None
    if set(map(type, rubric.values())) != {str}:
        return None
    candidate, interviewer = data["candidate"], data["interviewer"]
    role = data.get("role")
    recommendation = data.get("recommendation")
    summary = data.get("summary")
    if not (
        _str(candidate, MAX_NAME, empty=False)
        and _str(interviewer, MAX_NAME, empty=False)
        and (role is None or type(role) is str)
        and (recommendation is None or recommendation in RECOMMENDATIONS)
        and _opt_str(summary, MAX_NOTE)
        and data.get("status", "in_progress") in _STATUSES
        and _time(data["started"])
        and _time(data["updated"])
    ):
        return None
    categories = data.get("categories")
    if categories is not None and not (
        type(categories) is list and all(type(c) is str for c in categories)
    ):
        return None
    applies = data.get("applies", {})
    if type(applies) is not dict or not all(
        type(v) is list and all(type(s) is str for s in v) for v in applies.values()
    ):
        return None
    raw = data.get("ratings", {})
    if type(raw) is not dict:
        return None
    levels: dict[str, int] = {}
    notes: dict[str, str] = {}
    if raw:
        # Whole columns at a time (map and set run in C): a panel checks
        # hundreds of thousands of ratings.
        values = list(raw.values())
        if set(map(type, values)) != {dict} or set(map(len, values)) != {3}:
            return None
        try:
            # Three keys, and these three: exactly the keys a rating has.
            columns = list(zip(*map(_RATING, values), strict=True))
        except KeyError:
            return None
        level_col, note_col, time_col = columns
        if not (
            set(map(type, level_col)) <= _LEVEL_TYPES
            and set(map(type, note_col)) <= _NOTE_TYPES
            and max(map(len, filter(None, note_col)), default=0) <= MAX_NOTE
            and set(map(type, time_col)) == {str}
            and all(map(_time, set(time_col)))
        ):
            return None
        if None in level_col:
            rated = [
                (k, lv, n)
                for k, lv, n in zip(raw, level_col, note_col, strict=True)
                if lv is not None
            ]
            levels = {k: lv for k, lv, _ in rated}
            notes = {k: n for k, _, n in rated if n}
        else:
            levels = dict(zip(raw, level_col, strict=True))
            notes = {k: n for k, n in zip(raw, note_col, strict=True) if n}
    return Card(
        path,
        candidate,
        role,
        rubric["id"],
        rubric["version"],
        Interview(interviewer, recommendation, summary, levels, notes),
    )
