"""A per-user cache of validated rubrics, so that reading a rubric skips YAML and pydantic.

Parsing and validating the built-in rubric costs more than the rest of a
``skillcheck report``. Once a rubric file has validated, its validated content
(the fields that were set, as JSON) and its digest are stored under a key made
of the file's text and of the code that read it. A later read of the same text
by the same code rebuilds the models with ``model_construct``: no YAML parser,
no validator, and the exact same ``Rubric`` (same fields, same ``model_fields_set``,
same ``digest``).

Where: ``$SKILLCHECK_HOME/cache`` when that is set, else the platform's cache
folder (``~/.cache/skillcheck`` on Linux). Deleting the folder is always safe.

The cache can only make things faster, never fail a command: every error
reading or writing it is ignored (the rubric is then read the slow way), files
are written atomically, and an entry whose content does not have the expected
shape is treated as absent.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from skillcheck import __version__
from skillcheck.rubric.model import (
    Category,
    M,
    Resource,
    Role,
    Rubric,
    ScaleLevel,
    Skill,
    Targets,
    construct,
)

#: Bumped when the layout of an entry changes.
FORMAT = 1

#: Entries kept; the oldest are removed when a new one is written.
MAX_ENTRIES = 32

_PREFIX = "rubric-"

#: The modules whose code decides what a rubric file validates to. Their size
#: and modification time are part of the key, so that editing them (in a
#: development checkout, where the version does not change) never reuses an
#: entry made by the old code.
_CODE = ("model.py", "checks.py", "loader.py", "cache.py", "../yamlsafe.py")


def cache_dir() -> Path:
    """``$SKILLCHECK_HOME/cache`` when set, else the platform's per-user cache folder."""
    home = os.environ.get("SKILLCHECK_HOME")
    if home:
        return Path(home) / "cache"
    if sys.platform == "win32":  # pragma: no cover - platform specific
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "skillcheck" / "Cache"
    if sys.platform == "darwin":  # pragma: no cover - platform specific
        return Path.home() / "Library" / "Caches" / "skillcheck"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "skillcheck"


def _code_stamp() -> str:
    from pydantic.version import VERSION

    here = Path(__file__).parent
    stats = [os.stat(here / name) for name in _CODE]
    return ";".join([__version__, VERSION, *(f"{s.st_size}:{s.st_mtime_ns}" for s in stats)])


def cache_key(text: str) -> str:
    """The entry name for a rubric file's text (read by this version of the code)."""
    h = hashlib.sha256()
    h.update(f"skillcheck-rubric-cache {FORMAT} {_code_stamp()}\0".encode())
    h.update(text.encode("utf-8"))
    return h.hexdigest()


def get(text: str) -> Rubric | None:
    """The cached Rubric for this file text, or None (never raises)."""
    try:
        key = cache_key(text)
        with open(cache_dir() / f"{_PREFIX}{key}.json", encoding="utf-8") as fh:
            entry = json.load(fh)
        if entry["format"] != FORMAT or entry["key"] != key:
            return None
        digest = entry["digest"]
        if type(digest) is not str or not digest.startswith("sha256:"):
            return None
        rubric = _rubric(entry["rubric"])
    except Exception:  # a missing, unreadable or damaged entry: read the file instead
        return None
    # Rubric.digest is a cached_property: storing the value in the instance
    # dict is what computing it would do, without building the serializer.
    rubric.__dict__["digest"] = digest
    return rubric


def put(text: str, rubric: Rubric) -> None:
    """Store a freshly validated rubric under this file text (never raises)."""
    try:
        from skillcheck.files import atomic_write_text

        key = cache_key(text)
        entry = {
            "format": FORMAT,
            "key": key,
            "digest": rubric.digest,
            "rubric": rubric.model_dump(mode="json", exclude_unset=True),
        }
        folder = cache_dir()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write_text(folder / f"{_PREFIX}{key}.json", json.dumps(entry, ensure_ascii=False))
        _prune(folder)
    except Exception:  # a read-only or full disk only costs speed
        return


def _prune(folder: Path) -> None:
    entries = []
    for p in folder.glob(f"{_PREFIX}*.json"):
        try:
            entries.append((p.stat().st_mtime_ns, p))
        except OSError:
            continue
    entries.sort(reverse=True)
    for _, p in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            p.unlink()


# Rebuilding the models from their JSON form. Only what JSON changes needs
# converting back (tuples, int keys, nested models); ``construct`` gives the
# fields that were not set their defaults, as validation does, and the same
# model_fields_set. tests/test_rubric_cache.py checks fixture and built-in
# rubrics against a fresh load.


def _construct(model: type[M], data: Any, **convert: Callable[[Any], Any]) -> M:
    if type(data) is not dict or not data.keys() <= model.model_fields.keys():
        raise ValueError(f"not a cached {model.__name__}")
    return construct(model, {k: convert[k](v) if k in convert else v for k, v in data.items()})


def _each(build: Callable[[Any], M]) -> Callable[[Any], list[M]]:
    return lambda items: [build(item) for item in items]


def _skill(data: Any) -> Skill:
    return _construct(
        Skill,
        data,
        levels=lambda levels: {int(k): v for k, v in levels.items()},
        resources=_each(lambda r: _construct(Resource, r)),
    )


def _role(data: Any) -> Role:
    return _construct(Role, data, targets=lambda t: _construct(Targets, t))


def _rubric(data: Any) -> Rubric:
    return _construct(
        Rubric,
        data,
        scale=lambda levels: tuple(_construct(ScaleLevel, s) for s in levels),
        categories=_each(lambda c: _construct(Category, c, skills=_each(_skill))),
        roles=_each(_role),
    )
