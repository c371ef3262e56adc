"""The saved documents: a self-assessment and an interview scorecard.

Both are JSON files with a ``schema_version`` and a ``kind``; both hold one
rating per skill. They are saved atomically after every answer and validated
by pydantic when loaded, so a damaged or foreign file gives a clear error.

Loading is fast: a document as skillcheck writes it is checked by a
hand-written reader (``fast_document``) that accepts only what the models
accept and builds exactly what they build, without building pydantic's
validators (the models use ``defer_build``). Anything it is unsure about goes
through the model, which accepts it or says what is wrong.

No ``from __future__ import annotations`` here, as in ``skillcheck.rubric.model``:
pydantic would have to evaluate every annotation string when creating the classes.
"""

import json
import os
import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from pydantic_core import TzInfo

from skillcheck.errors import SkillcheckError
from skillcheck.files import atomic_write_text, parse_json, read_text
from skillcheck.limits import MAX_NAME, MAX_NOTE, RECOMMENDATIONS, SCHEMA_VERSION, Recommendation
from skillcheck.rubric.model import Rubric

Status = Literal["in_progress", "complete"]
Name = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME)]
Note = Annotated[str, StringConstraints(max_length=MAX_NOTE)]


M = TypeVar("M", bound=BaseModel)


def construct(model: type[M], values: dict[str, Any]) -> M:
    """A ``model`` from values that are already what validation makes of them.

    For a document the fast reader vouched for: nothing is checked. As with
    validation, ``model_fields_set`` is the keys of ``values`` and the other
    fields get their defaults (added to ``values``). Faster than
    ``model_construct`` alone, which inspects the signature of each default
    factory on every call: ours take no argument.
    """
    fields_set = set(values)
    for name, field in model.model_fields.items():
        if name in fields_set or field.is_required():
            continue
        factory = field.default_factory
        if factory is None:
            values[name] = field.default  # immutable (str, number, None)
        else:
            values[name] = factory()  # type: ignore[call-arg]
    return model.model_construct(fields_set, **values)


def utcnow() -> datetime:
    """Now, in UTC, to the second (the documents' clock)."""
    return datetime.now(UTC).replace(microsecond=0)


class RubricRef(BaseModel):
    """Which rubric a document was made with."""

    # defer_build (here and below): the validators are built on first use, so
    # that reading a document with fast_document never builds them.
    model_config = ConfigDict(extra="forbid", defer_build=True)

    id: str
    version: str
    digest: str

    @classmethod
    def of(cls, rubric: Rubric) -> Self:
        return cls(id=rubric.id, version=rubric.version, digest=rubric.digest)


class Rating(BaseModel):
    """One skill's answer. ``level`` None means not assessed (n/a, don't know), not 0."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    level: int | None
    note: Note | None = None
    rated_at: datetime


class _Document(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False, defer_build=True)

    schema_version: int = SCHEMA_VERSION
    rubric: RubricRef
    role: str | None = None
    started: datetime
    updated: datetime
    status: Status = "in_progress"
    #: The categories this run covers (``--only``); None means all of them.
    categories: list[str] | None = None
    #: Skill id -> rating, in the order they were answered. Ratings of skills
    #: that a later rubric dropped are kept, never silently removed.
    ratings: dict[str, Rating] = Field(default_factory=dict)
    #: For "at least one of these" categories (scoring: best): category id ->
    #: the skills the person said apply. The others are rated not assessed.
    applies: dict[str, list[str]] = Field(default_factory=dict)

    def levels(self) -> dict[str, int | None]:
        """Skill id -> level (None for not assessed), for the analysis functions."""
        return {k: r.level for k, r in self.ratings.items()}

    def rate(self, skill_id: str, level: int | None, note: str | None, now: datetime) -> None:
        """Record an answer (a later answer replaces an earlier one)."""
        self.ratings[skill_id] = Rating(level=level, note=note or None, rated_at=now)
        self.updated = now

    def annotate(self, skill_id: str, note: str | None, now: datetime) -> None:
        """Change the note of an existing rating, keeping its level and time."""
        old = self.ratings[skill_id]
        self.ratings[skill_id] = Rating(level=old.level, note=note or None, rated_at=old.rated_at)
        self.updated = now

    def forget(self, skill_id: str, now: datetime) -> None:
        """Remove a skill's answer so that it is asked again."""
        self.ratings.pop(skill_id, None)
        self.updated = now


class Assessment(_Document):
    """A developer's self-assessment."""

    kind: Literal["assessment"] = "assessment"
    name: Name

    @property
    def subject(self) -> str:
        return self.name


class Scorecard(_Document):
    """One interviewer's scorecard for one candidate."""

    kind: Literal["scorecard"] = "scorecard"
    candidate: Name
    interviewer: Name
    recommendation: Recommendation | None = None
    summary: Note | None = None

    @property
    def subject(self) -> str:
        return self.candidate


Document = Assessment | Scorecard
D = TypeVar("D", Assessment, Scorecard)

_KIND_NAMES = {"assessment": "a self-assessment", "scorecard": "an interview scorecard"}


def save_document(doc: Document, path: str | os.PathLike[str]) -> None:
    """Write atomically. Scorecards hold personal data: owner-only (0600)."""
    data = doc.model_dump(mode="json")
    # Readable order: what the file is, whose it is, then the rest.
    own = [k for k in type(doc).model_fields if k not in _Document.model_fields]
    first = ["schema_version", *own]
    ordered = {k: data[k] for k in first} | {k: v for k, v in data.items() if k not in first}
    text = json.dumps(ordered, indent=2, ensure_ascii=False) + "\n"
    mode = 0o600 if isinstance(doc, Scorecard) else None
    atomic_write_text(path, text, mode=mode)


def load_document(path: str | os.PathLike[str], expect: type[D]) -> D:
    """Load a saved document of the expected kind, or raise a one-line error."""
    name = os.fspath(path)
    return parse_document(read_text(name), name, expect)


def parse_document(text: str, name: str, expect: type[D]) -> D:
    """Validate document JSON text; ``name`` is used in messages."""
    data = parse_json(text, name)
    return document_from_data(data, name, expect)


def document_from_data(data: Any, name: str, expect: type[D]) -> D:
    """Validate already-parsed JSON data as a document of kind ``expect``."""
    wanted = expect.model_fields["kind"].default
    if not isinstance(data, dict) or "kind" not in data or "schema_version" not in data:
        raise SkillcheckError(f"{name}: not a skillcheck file (expected {_KIND_NAMES[wanted]})")
    kind = data.get("kind")
    if kind != wanted:
        what = _KIND_NAMES.get(kind, f"a {kind!r} document") if isinstance(kind, str) else "unknown"
        raise SkillcheckError(f"{name}: this is {what}, not {_KIND_NAMES[wanted]}")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SkillcheckError(f"{name}: schema_version must be a positive whole number")
    if version > SCHEMA_VERSION:
        raise SkillcheckError(
            f"{name}: written by a newer skillcheck (schema {version}; this one reads up to "
            f"{SCHEMA_VERSION}): upgrade skillcheck"
        )
    data = _migrate(data, version)
    fast = fast_document(data, expect)
    if fast is not None:
        return fast
    try:
        return expect.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        # repr() for keys with line breaks or controls: the message stays one line.
        where = ".".join(str(p) if str(p).isprintable() else repr(p) for p in first["loc"])
        more = exc.error_count() - 1
        extra = f" (and {more} more)" if more else ""
        raise SkillcheckError(f"{name}: damaged file: {where}: {first['msg']}{extra}") from None


def _migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    # Each future schema bump adds a step here that upgrades the dict by one
    # version, so every older file stays readable.
    return data


# The fast reader. Each check returns the value as validation would make it, or
# raises _Unsure. It accepts a subset of what the models accept: exact JSON
# types (no "3" for 3, no 3.0 for 3) and timestamps in the ISO form skillcheck
# writes; tests/test_assessment_fast.py checks it against the models with
# hypothesis.


class _Unsure(Exception):
    """The fast reader cannot vouch for a value: the model decides."""


def _text(value: Any, shortest: int = 0, longest: int | None = None) -> str:
    if type(value) is not str or len(value) < shortest:
        raise _Unsure
    if longest is not None and len(value) > longest:
        raise _Unsure
    if not value.isascii():
        value.encode("utf-8")  # pydantic refuses lone surrogates: UnicodeEncodeError
    return value


def _optional(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else check(value)


def _choice(*allowed: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if type(value) is not str or value not in allowed:
            raise _Unsure
        return value

    return check


def _int(value: Any) -> int:
    if type(value) is not int:
        raise _Unsure
    return value


def _texts(value: Any) -> list[str]:
    if type(value) is not list:
        raise _Unsure
    return [_text(v) for v in value]


_TIMESTAMP = re.compile(
    r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-]\d\d:\d\d)?", re.ASCII
)


def _time(value: Any) -> datetime:
    # pydantic gives aware times a pydantic_core TzInfo (its tzname() is
    # "+02:00" where datetime.timezone's is "UTC+02:00"): so does this.
    if type(value) is not str or not _TIMESTAMP.fullmatch(value):
        raise _Unsure
    moment = datetime.fromisoformat(value)  # ValueError (e.g. month 13): unsure
    offset = moment.utcoffset()
    if offset is None:
        return moment
    return moment.replace(tzinfo=TzInfo(int(offset.total_seconds())))


def _rubric_ref(value: Any) -> RubricRef:
    if type(value) is not dict or value.keys() != {"id", "version", "digest"}:
        raise _Unsure
    return construct(RubricRef, {k: _text(v) for k, v in value.items()})


_RATING: dict[str, Callable[[Any], Any]] = {
    "level": _optional(_int),
    "note": _optional(lambda v: _text(v, 0, MAX_NOTE)),
    "rated_at": _time,
}


def _rating(value: Any) -> Rating:
    if type(value) is not dict or not {"level", "rated_at"} <= value.keys() <= _RATING.keys():
        raise _Unsure
    return construct(Rating, {k: _RATING[k](v) for k, v in value.items()})


def _mapping(check: Callable[[Any], Any]) -> Callable[[Any], dict[str, Any]]:
    def mapping(value: Any) -> dict[str, Any]:
        if type(value) is not dict:
            raise _Unsure
        return {_text(k): check(v) for k, v in value.items()}

    return mapping


_DOCUMENT: dict[str, Callable[[Any], Any]] = {
    "schema_version": _int,
    "rubric": _rubric_ref,
    "role": _optional(_text),
    "started": _time,
    "updated": _time,
    "status": _choice("in_progress", "complete"),
    "categories": _optional(_texts),
    "ratings": _mapping(_rating),
    "applies": _mapping(_texts),
}
_FIELDS: dict[str, dict[str, Callable[[Any], Any]]] = {
    "assessment": {
        **_DOCUMENT,
        "kind": _choice("assessment"),
        "name": lambda v: _text(v, 1, MAX_NAME),
    },
    "scorecard": {
        **_DOCUMENT,
        "kind": _choice("scorecard"),
        "candidate": lambda v: _text(v, 1, MAX_NAME),
        "interviewer": lambda v: _text(v, 1, MAX_NAME),
        "recommendation": _optional(_choice(*RECOMMENDATIONS)),
        "summary": _optional(lambda v: _text(v, 0, MAX_NOTE)),
    },
}


def fast_document(data: Any, expect: type[D]) -> D | None:
    """``data`` as an ``expect`` when it is certainly valid, without pydantic's validator.

    None means "not sure" (the model must decide), never "invalid". What it
    returns equals what ``expect.model_validate(data)`` returns: the same
    values, types and ``model_fields_set``.
    """
    checks = _FIELDS[expect.model_fields["kind"].default]
    if type(data) is not dict or not data.keys() <= checks.keys():
        return None
    required = [k for k, f in expect.model_fields.items() if f.is_required()]
    if any(k not in data for k in required):
        return None
    try:
        values = {k: checks[k](v) for k, v in data.items()}
    except (_Unsure, ValueError):  # UnicodeEncodeError is a ValueError
        return None
    return construct(expect, values)


def default_filename(kind: str, *names: str, when: datetime | None = None) -> str:
    """A readable file name such as ``assessment-jane-doe-2026-11-23.json``."""
    day = (when or utcnow()).strftime("%Y-%m-%d")
    parts = [slugify(n) for n in names if n]
    return "-".join([kind, *[p for p in parts if p], day]) + ".json"


def slugify(text: str) -> str:
    """ASCII, lower-case, dash-separated; safe in any file name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:40].strip("-")


def is_complete_file(path: Path) -> bool:
    """True when ``path`` holds a completed skillcheck document (never overwrite those)."""
    try:
        data = parse_json(read_text(path), str(path))
    except SkillcheckError:
        return False
    return isinstance(data, dict) and data.get("status") == "complete"


def new_assessment(
    rubric: Rubric,
    name: str,
    role: str | None = None,
    categories: list[str] | None = None,
    now: datetime | None = None,
) -> Assessment:
    """An empty, in-progress self-assessment on ``rubric``."""
    when = now or utcnow()
    return Assessment(
        rubric=RubricRef.of(rubric),
        name=name,
        role=role,
        started=when,
        updated=when,
        categories=categories,
    )


def new_scorecard(
    rubric: Rubric,
    candidate: str,
    interviewer: str,
    role: str | None = None,
    categories: list[str] | None = None,
    now: datetime | None = None,
) -> Scorecard:
    """An empty, in-progress interview scorecard on ``rubric``."""
    when = now or utcnow()
    return Scorecard(
        rubric=RubricRef.of(rubric),
        candidate=candidate,
        interviewer=interviewer,
        role=role,
        started=when,
        updated=when,
        categories=categories,
    )


def in_scope(rubric: Rubric, doc: Document) -> list[str]:
    """The skill ids the document covers (its categories, or all), in rubric order."""
    return [
        s.id
        for c in rubric.categories
        if doc.categories is None or c.id in doc.categories
        for s in c.skills
    ]


class Reconciliation(BaseModel):
    """What changed between the rubric a document was started with and the current one."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    changed: bool
    old_version: str
    new_version: str
    #: Rated skills that are no longer in the rubric: kept in the file, not used.
    gone: list[str]
    #: Skills in scope that have no answer yet.
    unanswered: list[str]
    #: Categories of ``--only`` that the rubric no longer has (dropped from the scope).
    gone_categories: list[str]
    #: The document's role when the rubric no longer has it (kept in the file).
    gone_role: str | None = None


def reconcile(doc: Document, rubric: Rubric, now: datetime | None = None) -> Reconciliation:
    """Bring a resumed document up to date with ``rubric``; say what changed.

    Answers for skills that still exist are kept; answers for skills that are
    gone stay in the file (and are listed); the document now refers to the
    current rubric version, and is in progress again if new skills need answers.
    """
    if doc.rubric.id != rubric.id:
        raise SkillcheckError(
            f"this file was made with rubric {doc.rubric.id!r}, not {rubric.id!r}"
        )
    changed = doc.rubric.digest != rubric.digest
    old_version = doc.rubric.version
    gone = [sid for sid in doc.ratings if sid not in rubric.skills]
    gone_categories: list[str] = []
    if doc.categories is not None:
        known = {c.id for c in rubric.categories}
        gone_categories = [c for c in doc.categories if c not in known]
        if gone_categories:
            doc.categories = [c for c in doc.categories if c in known]
    unanswered = [sid for sid in in_scope(rubric, doc) if sid not in doc.ratings]
    if changed:
        doc.rubric = RubricRef.of(rubric)
        doc.updated = now or utcnow()
        if unanswered and doc.status == "complete":
            doc.status = "in_progress"
    return Reconciliation(
        changed=changed,
        old_version=old_version,
        new_version=rubric.version,
        gone=gone,
        unanswered=unanswered,
        gone_categories=gone_categories,
        gone_role=doc.role if doc.role and doc.role not in {r.id for r in rubric.roles} else None,
    )


def free_path(path: Path) -> Path:
    """``path`` if nothing is there, else the first free ``NAME-2.json``, ``NAME-3.json``..."""
    if not path.exists():
        return path
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1
