"""Reading many scorecards quickly, for panels.

A panel may read thousands of files, so each one is parsed and checked in one
step by a pydantic-core validator for the scorecard's exact shape: the
``Scorecard`` model's field types in strict mode, so it accepts a subset of
what the model accepts (exact keys, exact types, times only as strings in the
form skillcheck writes), and builds plain dicts rather than model objects.
Anything it refuses, or is unsure about, goes through the model itself, which
either accepts it or produces the one-line error to report.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from itertools import compress
from operator import itemgetter
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

from skillcheck.analysis.panel import Interview
from skillcheck.errors import SkillcheckError
from skillcheck.files import MAX_INPUT_BYTES, parse_json, read_text
from skillcheck.limits import MAX_NAME, MAX_NOTE, RECOMMENDATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    from pydantic_core import SchemaValidator

    from skillcheck.assessment import Scorecard


#: A pydantic-core schema is a dict: these helpers write what the matching
#: functions of ``pydantic_core.core_schema`` write (``str_schema``,
#: ``nullable_schema``, ``typed_dict_field``...; a test compares them), so that
#: the module, a large one, need not be imported.
Schema = dict[str, Any]


def _text(**constraints: int | str) -> Schema:
    return {"type": "str", "strict": True, **constraints}


def _nullable(schema: Schema) -> Schema:
    return {"type": "nullable", "schema": schema}


def _field(schema: Schema, required: bool = True) -> Schema:
    return {"type": "typed-dict-field", "schema": schema, "required": required}


def _optional(schema: Schema) -> Schema:
    return _field(_nullable(schema), required=False)


def _typed_dict(fields: dict[str, Schema]) -> Schema:
    return {"type": "typed-dict", "fields": fields, "extra_behavior": "forbid"}


def _literal(*expected: str) -> Schema:
    return {"type": "literal", "expected": list(expected)}


def _list(items: Schema) -> Schema:
    return {"type": "list", "items_schema": items}


def _dict(values: Schema) -> Schema:
    return {"type": "dict", "keys_schema": _text(), "values_schema": values}


_INT: Schema = {"type": "int", "strict": True}
_NAME = _text(min_length=1, max_length=MAX_NAME)
_NOTE_TEXT = _text(max_length=MAX_NOTE)
_DATE = (
    # Any day of any month up to the 28th, the 29th and 30th of months but
    # February, the 31st of the long months, and the 29th of February in leap years.
    "(?:[1-9][0-9]{3}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
    "|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
    "|(?:[1-9][0-9](?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)-02-29)"
)
_CLOCK = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,6})?"
_ZONE = "(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
#: Times as skillcheck writes them (RFC 3339, years 1000-9999): a subset of
#: what the model reads, checked as text. The panel does not use the times,
#: and making a datetime of each would take about a third of the parse.
TIME_PATTERN = f"^{_DATE}T{_CLOCK}{_ZONE}?$"
_TIME = _text(pattern=TIME_PATTERN)
_RATING_SCHEMA = _typed_dict(
    {
        "level": _field(_nullable(_INT)),
        "note": _field(_nullable(_NOTE_TEXT)),  # the model has a default
        "rated_at": _field(_TIME),
    }
)
#: The fields of ``Scorecard`` (a test compares them), with no defaults
#: filled in: what the file holds, checked.
SCORECARD_SCHEMA = _typed_dict(
    {
        "schema_version": _field(_INT),
        "kind": _field(_literal("scorecard")),
        "candidate": _field(_NAME),
        "interviewer": _field(_NAME),
        "recommendation": _optional(_literal(*RECOMMENDATIONS)),
        "summary": _optional(_NOTE_TEXT),
        "rubric": _field(
            _typed_dict(
                {"id": _field(_text()), "version": _field(_text()), "digest": _field(_text())}
            )
        ),
        "role": _optional(_text()),
        "started": _field(_TIME),
        "updated": _field(_TIME),
        "status": _field(_literal("in_progress", "complete"), required=False),
        "categories": _optional(_list(_text())),
        "ratings": _field(_dict(_RATING_SCHEMA), required=False),
        "applies": _field(_dict(_list(_text())), required=False),
    }
)


def _schema_validator() -> type[SchemaValidator]:
    """pydantic-core's ``SchemaValidator``, without importing all of ``pydantic_core``.

    The package's ``__init__`` imports ``core_schema`` (the type definitions
    of the schema dicts, for pydantic) and ``typing_extensions``: 10-15 ms, a
    tenth of a panel's start-up, for nothing this reader needs. So its
    compiled module is loaded alone, and a later ``import pydantic_core`` (the
    careful reader's, through pydantic) finds it in ``sys.modules`` and uses
    it as it is. If anything is not as expected: the usual import.
    """
    name = "pydantic_core._pydantic_core"
    compiled = sys.modules.get(name)
    if compiled is None and "pydantic_core" not in sys.modules:
        compiled = _load_alone(name)
    if compiled is not None and hasattr(compiled, "SchemaValidator"):
        return compiled.SchemaValidator  # type: ignore[no-any-return]
    from pydantic_core import SchemaValidator

    return SchemaValidator


def _load_alone(name: str) -> ModuleType | None:
    """Load the compiled module ``name`` (``package.module``) without its package.

    It is found as the import system finds compiled modules, and registered
    under its full name; None if it cannot be.
    """
    try:
        package = importlib.util.find_spec(name.rpartition(".")[0])
        folders = package.submodule_search_locations if package else None
        if not folders:
            return None
        machinery = importlib.machinery
        finder = machinery.FileFinder(
            folders[0], (machinery.ExtensionFileLoader, machinery.EXTENSION_SUFFIXES)
        )
        spec = finder.find_spec(name)
        if spec is None or spec.loader is None:
            return None
        module = importlib.util.module_from_spec(spec)  # this initialises it
        sys.modules[name] = module
        spec.loader.exec_module(module)
    except Exception:
        sys.modules.pop(name, None)
        return None
    return module


_check = _schema_validator()(SCORECARD_SCHEMA).validate_json
_LEVEL = itemgetter("level")
_NOTE = itemgetter("note")
_new = tuple.__new__


class Card(NamedTuple):
    """What a panel needs from one scorecard."""

    path: str
    candidate: str
    role: str | None
    rubric_id: str
    rubric_version: str
    interview: Interview


#: A file's identity: (st_dev, st_ino).
FileId = tuple[int, int]


class IsOutput(Exception):
    """The file is the one the panel is asked to write (``-o``), found while reading."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


class Rejected(NamedTuple):
    """A file that is not a usable scorecard; ``reason`` is a one-line message naming it."""

    path: str
    reason: str


def scorecard_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """Each path itself, or, for a folder, the ``*.json`` files in it and below, sorted.

    Hidden files are left out; links to folders are not followed (as ``os.walk``
    does), and folders that cannot be listed are skipped.
    """
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found: list[str] = []
            _walk(str(path), found)
            found.sort()
            yield from found
        else:
            yield str(path)


def _walk(folder: str, found: list[str]) -> None:
    # os.scandir's entries carry their paths and types: about half the time of
    # os.walk plus os.path.join, for folders of thousands of scorecards.
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if not entry.is_symlink():
                _walk(entry.path, found)
        elif entry.name.endswith(".json") and not entry.name.startswith("."):
            found.append(entry.path)


def read_card(path: str, output: FileId | None = None) -> Card | Rejected:
    """Read one scorecard; never raises for a bad file.

    Raises IsOutput when the file is ``output``, the file the panel will
    write: the check costs nothing here, as the file's identity is at hand.
    """
    raw = read_raw(path, output)
    if raw is None:
        # Not opened as a plain file: still never to be replaced by the output.
        if output is not None and file_id(path) == output:
            raise IsOutput(path)
        return read_card_carefully(path)
    card = _parse_fast(raw, path)
    return card if card is not None else read_card_carefully(path)


def file_id(path: str | os.PathLike[str]) -> FileId | None:
    """The identity of the file at ``path`` (symbolic links followed); None if there is none."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


def read_card_carefully(path: str) -> Card | Rejected:
    """Read one scorecard with the careful reader and the model, which say why
    they refuse a file (``read_card`` comes here whenever its shortcut is unsure).
    This is the panel's only use of pydantic, imported here and only here."""
    from skillcheck.assessment import Scorecard, document_from_data

    try:
        text = read_text(path)
        doc = document_from_data(parse_json(text, path), path, Scorecard)
        return _from_model(doc, path)
    except SkillcheckError as exc:
        return Rejected(path, exc.message)


def read_raw(path: str, output: FileId | None = None) -> bytes | None:
    """The bytes of a regular file in as few steps as possible; None means "look closer".

    Raises IsOutput when the file is ``output``.
    """
    try:
        # O_NONBLOCK so that a FIFO cannot block the panel; anything but a
        # regular file goes to the careful reader, which says what it is.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
        try:
            st = os.fstat(fd)
            if output is not None and (st.st_dev, st.st_ino) == output:
                raise IsOutput(path)
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
    # A backslash is rare (skillcheck writes text as UTF-8, so only a quote,
    # a line break or a control character in a note is escaped): a one-byte
    # search first, the two-byte ones only when there is one.
    escaped = b"\\" in raw
    if escaped and (b"\\ud" in raw or b"\\uD" in raw):
        # An escaped surrogate: only ever written by another tool; let the model judge.
        return None
    try:
        # The parser refuses bytes that are not UTF-8, a BOM, control
        # characters in strings and trailing data, as the model does.
        data = _check(raw)
    except ValueError:
        return None
    # Whole columns at a time (map, zip and compress run in C): a panel reads
    # hundreds of thousands of ratings.
    ratings: dict[str, dict[str, Any]] = data.get("ratings") or {}
    note_col = list(map(_NOTE, ratings.values()))
    if data["schema_version"] != SCHEMA_VERSION or not _no_duplicate_keys(
        raw, data, escaped, note_col
    ):
        return None
    return _card(data, path, ratings, note_col)


def _card(
    data: dict[str, Any], path: str, ratings: dict[str, dict[str, Any]], note_col: list[Any]
) -> Card:
    """The Card of a checked scorecard: what ``_from_model`` makes of the model."""
    level_col = list(map(_LEVEL, ratings.values()))
    if None in level_col:
        rated = [
            (k, lv, n)
            for k, lv, n in zip(ratings, level_col, note_col, strict=True)
            if lv is not None
        ]
        levels = {k: lv for k, lv, _ in rated}
        notes = {k: n for k, _, n in rated if n}
    else:
        levels = dict(zip(ratings, level_col, strict=True))
        notes = dict(compress(zip(ratings, note_col, strict=True), note_col))
    get = data.get
    rubric = data["rubric"]
    # tuple.__new__ directly: what Card(...) and Interview(...) do, with a call less each.
    interview = _new(
        Interview, (data["interviewer"], get("recommendation"), get("summary"), levels, notes)
    )
    return _new(
        Card, (path, data["candidate"], get("role"), rubric["id"], rubric["version"], interview)
    )


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


def _no_duplicate_keys(
    raw: bytes, data: dict[str, Any], escaped: bool, note_col: list[Any]
) -> bool:
    # The parser keeps the last of two equal keys, so count what the text
    # holds against what the parser kept. ``data`` has passed _check, so its
    # shape is known: the rubric and each rating have exactly three keys, and
    # every value's type is checked.
    ratings = data.get("ratings", {})
    applies = data.get("applies", {})
    keys = len(data) + 3 + 4 * len(ratings) + len(applies)
    if not escaped:
        # No escapes: every '"' opens or closes a string, and a key is a
        # string, so a dropped duplicate leaves the text with more strings than
        # the data. One-byte counts, which run at memchr speed.
        strings = (
            keys
            + list(map(type, data.values())).count(str)  # names, role, times...
            + 3  # the rubric's id, version and digest
            + len(data.get("categories") or ())
            + sum(map(len, applies.values()))
            + 2 * len(ratings)  # each rating's time and note...
            - note_col.count(None)  # ...when it has one
        )
        return raw.count(b'"') == 2 * strings
    # With escapes, compare the keys kept with the '":' pairs in the text (how
    # every key is written by us; a string can only hold an escaped quote). Any
    # mismatch, a duplicate or just unusual spacing, sends the file through the
    # strict parser.
    if raw.count(b'":') != keys:
        return False
    return not any(spaced in raw for spaced in _SPACED_COLONS)
