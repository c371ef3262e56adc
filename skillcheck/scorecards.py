"""Reading many scorecards quickly, for panels.

A panel may read thousands of files, so each one is checked by a hand-written
validator that accepts only what the pydantic ``Scorecard`` model would accept
(exact keys, exact types). Anything it is unsure about goes through the model
itself, which either accepts it or produces the one-line error to report.
"""

from __future__ import annotations

import json
import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from skillcheck.analysis.panel import Interview, Panel, PanelBuilder, anonymize, candidate_key
from skillcheck.assessment import (
    RECOMMENDATIONS,
    SCHEMA_VERSION,
    Assessment,
    Scorecard,
    document_from_data,
    load_document,
)
from skillcheck.errors import SkillcheckError
from skillcheck.files import MAX_INPUT_BYTES, parse_json, read_text
from skillcheck.rubric.model import Role, Rubric

_FIELDS = Scorecard.model_fields
_ALLOWED = frozenset(_FIELDS)
_REQUIRED = frozenset(k for k, f in _FIELDS.items() if f.is_required()) | {"kind", "schema_version"}
_RATING = itemgetter("level", "note", "rated_at")
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
    card = _read_fast(path)
    if card is not None:
        return card
    try:
        # Unsure: the careful reader and the model decide, and say why if they refuse.
        text = read_text(path)
        doc = document_from_data(parse_json(text, path), path, Scorecard)
        return _from_model(doc, path)
    except SkillcheckError as exc:
        return Rejected(path, exc.message)


def _read_fast(path: str) -> Card | None:
    """The common case in as few steps as possible; None means "look closer"."""
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
        if len(raw) != st.st_size:
            return None
        text = raw.decode("utf-8")
        data = json.loads(text)
    except (OSError, ValueError, RecursionError):
        return None
    if "\\ud" in text or "\\uD" in text:
        # An escaped surrogate: maybe a lone one, which the model refuses.
        return None
    card = _fast(data, path)
    return card if card is not None and _no_duplicate_keys(text, data) else None


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


def _no_duplicate_keys(text: str, data: dict[str, Any]) -> bool:
    # json.loads keeps the last of two equal keys, so compare the keys it kept
    # with the '":' pairs in the text (how every key is written by us; a string
    # can only hold an escaped quote). Any mismatch, a duplicate or just unusual
    # spacing, sends the file through the strict parser.
    ratings = data.get("ratings", {})
    parsed = len(data) + len(data["rubric"]) + len(ratings)
    parsed += sum(len(r) for r in ratings.values())
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
    # value[7] rules out ISO week dates ("2026-W47-1T..."), which the model refuses.
    if type(value) is not str or len(value) < 19 or value[7] != "-" or value[10] != "T":
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


@dataclass(frozen=True)
class PanelRun:
    """A built panel, the files that could not be used, and how many were read."""

    panel: Panel
    rubric: Rubric
    rejected: tuple[Rejected, ...]
    cards: int
    #: Roles other than the panel's that scorecards named (the panel uses one role).
    other_roles: tuple[str, ...] = ()


def collect_panel(
    paths: Iterable[str | os.PathLike[str]],
    rubric_ref: str | None = None,
    role_id: str | None = None,
    selves: Iterable[str] = (),
    anonymous: bool = False,
) -> PanelRun:
    """Read scorecards one at a time and aggregate them into a panel.

    The rubric is ``rubric_ref`` if given, else the one the first usable
    scorecard names. The role is ``role_id`` if given, else the one most
    scorecards name. Files that cannot be used are returned with a reason.
    """
    from skillcheck.rubric import load_rubric, load_rubric_id

    rejected: list[Rejected] = []
    rubric: Rubric | None = load_rubric(rubric_ref) if rubric_ref else None
    builder: PanelBuilder | None = PanelBuilder(rubric) if rubric else None
    roles: Counter[str] = Counter()
    cards = 0
    for path in scorecard_files(paths):
        card = read_card(path)
        if isinstance(card, Rejected):
            rejected.append(card)
            continue
        if rubric is None or builder is None:
            rubric = load_rubric_id(card.rubric_id, path)
            builder = PanelBuilder(rubric)
        problem = _misfit(card, rubric)
        if problem:
            rejected.append(Rejected(path, f"{path}: {problem}"))
            continue
        cards += 1
        if card.role:
            roles[card.role] += 1
        builder.add_interview(card.candidate, card.interview, card.rubric_version)
    if rubric is None or builder is None or cards == 0:
        raise SkillcheckError(
            "no usable scorecards"
            + (f" ({len(rejected)} files could not be used)" if rejected else " found")
        )
    role = _choose_role(rubric, role_id, roles)
    own: dict[str, dict[str, int | None]] = {}
    own_files: list[tuple[str, str]] = []
    for path in selves:
        try:
            doc = load_document(path, Assessment)
        except SkillcheckError as exc:
            rejected.append(Rejected(path, exc.message))
            continue
        if doc.rubric.id != rubric.id:
            rejected.append(
                Rejected(path, f"{path}: made with rubric {doc.rubric.id!r}, not {rubric.id!r}")
            )
            continue
        own[doc.name] = doc.levels()
        own_files.append((path, doc.name))
    panel = builder.build(role, own)
    matched = {candidate_key(c.name) for c in panel.candidates}
    for path, name in own_files:
        if candidate_key(name) not in matched:
            rejected.append(Rejected(path, f"{path}: no scorecards for {name!r}"))
    if anonymous:
        panel = anonymize(panel)
    others = tuple(sorted(r for r in roles if role is None or r != role.id))
    return PanelRun(panel, rubric, tuple(rejected), cards, others)


def _misfit(card: Card, rubric: Rubric) -> str | None:
    if card.rubric_id != rubric.id:
        return f"made with rubric {card.rubric_id!r}, not {rubric.id!r}"
    levels = rubric.levels
    rated = card.interview.levels
    if not set(rated.values()).issubset(levels):
        for skill_id, level in rated.items():
            if level not in levels:
                return (
                    f"rating {level} for {skill_id!r} is not on the scale {levels[0]}-{levels[-1]}"
                )
    return None


def _choose_role(rubric: Rubric, role_id: str | None, seen: Counter[str]) -> Role | None:
    if role_id is None and seen:
        role_id = seen.most_common(1)[0][0]
    if role_id is None or role_id == "none":
        return None
    try:
        return rubric.role(role_id)
    except KeyError:
        known = ", ".join(r.id for r in rubric.roles) or "none"
        raise SkillcheckError(
            f"rubric {rubric.id!r} has no role {role_id!r} (roles: {known})"
        ) from None
