"""Reading many scorecards quickly, for panels.

A panel may read thousands of files, so each one is checked by a hand-written
validator that accepts only what the pydantic ``Scorecard`` model would accept
(exact keys, exact types). Anything it is unsure about goes through the model
itself, which either accepts it or produces the one-line error to report.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from skillcheck.assessment import RECOMMENDATIONS, SCHEMA_VERSION, Scorecard, document_from_data
from skillcheck.errors import SkillcheckError
from skillcheck.files import parse_json, read_text

_FIELDS = Scorecard.model_fields
_ALLOWED = frozenset(_FIELDS)
_REQUIRED = frozenset(k for k, f in _FIELDS.items() if f.is_required()) | {"kind", "schema_version"}
_RATING_KEYS = frozenset({"level", "note", "rated_at"})
_STATUSES = ("in_progress", "complete")
MAX_NAME = 500
MAX_NOTE = 20_000


class Card(NamedTuple):
    """What a panel needs from one scorecard."""

    path: str
    candidate: str
    interviewer: str
    role: str | None
    recommendation: str | None
    summary: str | None
    rubric_id: str
    rubric_version: str
    ratings: dict[str, tuple[int | None, str | None]]


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
    try:
        text = read_text(path)
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            data = parse_json(text, path)  # raises with the precise message
        card = _fast(data, path)
        if card is not None and _no_duplicate_keys(text, data):
            return card
        # Unsure: let the model decide, with its error message if it refuses.
        doc = document_from_data(parse_json(text, path), path, Scorecard)
        return _from_model(doc, path)
    except SkillcheckError as exc:
        return Rejected(path, exc.message)


def _from_model(doc: Scorecard, path: str) -> Card:
    return Card(
        path,
        doc.candidate,
        doc.interviewer,
        doc.role,
        doc.recommendation,
        doc.summary,
        doc.rubric.id,
        doc.rubric.version,
        {k: (r.level, r.note) for k, r in doc.ratings.items()},
    )


def _no_duplicate_keys(text: str, data: dict[str, Any]) -> bool:
    # json.loads keeps the last of two equal keys, so compare the keys it kept
    # with the '":' pairs in the text (how every key is written by us; a string
    # can only hold an escaped quote). Any mismatch, a duplicate or just unusual
    # spacing, sends the file through the strict parser.
    parsed = len(data) + len(data["rubric"]) + len(data["ratings"])
    parsed += sum(len(r) for r in data["ratings"].values())
    applies = data.get("applies")
    if isinstance(applies, dict):
        parsed += len(applies)
    return text.count('":') == parsed


def _str(value: Any, limit: int, empty: bool = True) -> bool:
    return type(value) is str and len(value) <= limit and (empty or len(value) > 0)


def _opt_str(value: Any, limit: int) -> bool:
    return value is None or _str(value, limit)


def _time(value: Any) -> bool:
    # Date and time in the extended ISO form (what the model accepts); the
    # exact checks are left to fromisoformat, which is fast.
    if type(value) is not str or len(value) < 19 or value[10] != "T":
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
    if data["kind"] != "scorecard" or data["schema_version"] != SCHEMA_VERSION:
        return None
    rubric = data["rubric"]
    if type(rubric) is not dict or rubric.keys() != {"id", "version", "digest"}:
        return None
    if not all(type(v) is str for v in rubric.values()):
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
    ratings: dict[str, tuple[int | None, str | None]] = {}
    for skill_id, r in raw.items():
        if type(r) is not dict or not (
            r.keys() <= _RATING_KEYS and "level" in r and "rated_at" in r
        ):
            return None
        level, note = r["level"], r.get("note")
        if not (
            (level is None or type(level) is int)
            and _opt_str(note, MAX_NOTE)
            and _time(r["rated_at"])
        ):
            return None
        ratings[skill_id] = (level, note)
    return Card(
        path,
        candidate,
        interviewer,
        role,
        recommendation,
        summary,
        rubric["id"],
        rubric["version"],
        ratings,
    )
