"""A per-user cache of validated rubrics, so that reading a rubric skips YAML and pydantic.

Parsing and validating the built-in rubric costs more than the rest of a
``skillcheck report``. Once a rubric file has validated, its validated content
(as the models dump it to JSON) and its digest are stored under a key made of
the file's text and of the code that read it. A later read of the same text by
the same code rebuilds the same ``Rubric`` from them (``model.from_data``, as
validation does): no YAML parser, no validator, not even an import of pydantic.

Where: ``$SKILLCHECK_HOME/cache`` when that is set, else the platform's cache
folder (``~/.cache/skillcheck`` on Linux). Deleting the folder is always safe.

The cache can only make things faster, never fail a command: every error
reading or writing it is ignored (the rubric is then read the slow way), files
are written atomically, and an entry whose content does not have the expected
shape is treated as absent.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillcheck import __version__
from skillcheck.rubric.model import Rubric, from_data

# SHA-256 as Python builds it in: ``hashlib`` would load OpenSSL first (3 ms,
# a tenth of a cached rubric's load) for the same digest.
if TYPE_CHECKING:
    from hashlib import sha256 as sha256  # noqa: PLC0414 (exported, for a test)
else:
    try:
        from _sha2 import sha256  # Python 3.12 and later
    except ImportError:  # pragma: no cover - depends on the Python version
        try:
            from _sha256 import sha256  # Python 3.11
        except ImportError:
            from hashlib import sha256

#: Bumped when the layout of an entry changes.
FORMAT = 2

#: Entries kept; the oldest are removed when a new one is written.
MAX_ENTRIES = 32

_PREFIX = "rubric-"

#: The modules whose code decides what a rubric file validates to. Their size
#: and modification time are part of the key, so that editing them (in a
#: development checkout, where the version does not change) never reuses an
#: entry made by the old code.
_CODE = ("model.py", "schema.py", "checks.py", "loader.py", "cache.py", "../yamlsafe.py")


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
    here = Path(__file__).parent
    stats = [os.stat(here / name) for name in _CODE]
    return ";".join(
        [__version__, _pydantic_stamp(), *(f"{s.st_size}:{s.st_mtime_ns}" for s in stats)]
    )


def _pydantic_stamp() -> str:
    """Which pydantic validates rubrics: where it is and the text of its
    version.py (which names its version), read rather than imported, as
    importing pydantic is what a cache hit spares a command. Content, not
    modification time: some installers give every file the same one."""
    spec = importlib.util.find_spec("pydantic")
    if spec is None or not spec.origin:
        return "no pydantic"
    version = Path(spec.origin).parent / "version.py"
    return f"{version}:{sha256(version.read_bytes()).hexdigest()}"


def cache_key(text: str) -> str:
    """The entry name for a rubric file's text (read by this version of the code)."""
    h = sha256()
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
        return from_data(entry["rubric"], digest)
    except Exception:  # a missing, unreadable or damaged entry: read the file instead
        return None


def put(text: str, data: dict[str, Any], digest: str) -> None:
    """Store a freshly validated rubric under this file text (never raises):
    ``data`` is its JSON form, from which ``model.from_data`` rebuilds it."""
    try:
        from skillcheck.files import atomic_write_text

        key = cache_key(text)
        entry = {"format": FORMAT, "key": key, "digest": digest, "rubric": data}
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
