"""The cache of validated rubrics: a hit is the same Rubric as a fresh load, and never a failure."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from skillcheck.errors import InvalidFileError
from skillcheck.rubric import (
    Targets,
    builtin_dir,
    load_rubric_file,
    loader,
    parse_rubric,
)
from skillcheck.rubric import cache as rubric_cache
from skillcheck.rubric.model import Rubric
from skillcheck.rubric.schema import dump_json

FIXTURES = Path(__file__).parent / "fixtures"

# Every optional part of the format left out somewhere and set somewhere else:
# a custom scale, level keys, resources with and without a URL, a role without
# targets, targets with only a default, an unquoted numeric version.
DEFAULTS_AND_NOT = """\
id: edge
title: Edge cases
version: 2.5
scale:
  - {level: 1, label: One}
  - {level: 2, label: Two, description: The second step.}
  - {level: 3, label: Three}
categories:
  - id: a
    title: A
    skills:
      - id: s1
        title: S1
      - id: s2
        title: S2
        weight: 3
        levels: {3: "does it well", 2: "gets started"}
        prerequisites: [s1]
        resources:
          - {title: Book, hours: 2}
          - {title: Site, url: "https://example.com/x", hours: 0.5}
  - id: b
    title: B
    description: "Zoë's category: ünïcode, \\u202e and \\"quotes\\""
    weight: 0.5
    scoring: best
    skills:
      - {id: s3, title: S3, description: ""}
roles:
  - id: none-set
    title: No targets
  - id: default-only
    title: Default only
    targets: {default: 2}
  - id: full
    title: Full
    description: Everything.
    targets: {default: 1, categories: {b: 3}, skills: {s2: 3}}
"""


def write(folder: Path, text: str, name: str = "r.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def entries(home: Path) -> list[Path]:
    folder = home / "cache"
    return sorted(folder.glob("rubric-*.json")) if folder.is_dir() else []


def type_tree(value: Any) -> Any:
    """Every value with its type, nested: what == cannot tell apart (1 and 1.0)."""
    if dataclasses.is_dataclass(value):
        return {
            "type": type(value).__name__,
            "fields": {
                f.name: type_tree(getattr(value, f.name)) for f in dataclasses.fields(value)
            },
        }
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, *(type_tree(v) for v in value)]
    if isinstance(value, dict):
        return {repr(k): type_tree(v) for k, v in value.items()}
    return (type(value).__name__, value)


def assert_same_rubric(hit: Rubric, fresh: Rubric) -> None:
    assert hit is not fresh
    assert hit == fresh
    assert type_tree(hit) == type_tree(fresh)  # types and defaults, all the way down
    assert hit.digest == fresh.digest
    assert dump_json(hit) == dump_json(fresh)
    # The whole lookup API answers the same.
    assert list(hit.skills) == list(fresh.skills)
    assert {k: c.id for k, c in hit.category_of.items()} == {
        k: c.id for k, c in fresh.category_of.items()
    }
    assert hit.levels == fresh.levels
    roles = [None, *fresh.roles]
    for level in (*fresh.levels, 99):
        assert hit.label(level) == fresh.label(level)
        for sid in fresh.skills:
            assert hit.descriptor(sid, level) == fresh.descriptor(sid, level)
    for role in roles:
        same = None if role is None else hit.role(role.id)
        assert same == role
        for sid in fresh.skills:
            assert hit.target(same, sid) == fresh.target(role, sid)
        for cat in fresh.categories:
            assert hit.category_target(same, cat.id) == fresh.category_target(role, cat.id)


@pytest.mark.parametrize(
    "path",
    [builtin_dir() / "backend.yaml", FIXTURES / "mini.yaml", FIXTURES / "scale15.yaml"],
    ids=lambda p: p.stem,
)
def test_a_hit_is_the_same_rubric_as_a_fresh_load(path: Path, isolated_home: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    fresh = parse_rubric(text, str(path))
    assert load_rubric_file(path) == fresh  # a miss: validated, then stored
    assert len(entries(isolated_home)) == 1
    hit = rubric_cache.get(text)
    assert hit is not None
    assert_same_rubric(hit, fresh)
    assert_same_rubric(load_rubric_file(path), fresh)


def test_every_default_and_optional_part_survives(tmp_path: Path, isolated_home: Path) -> None:
    path = write(tmp_path, DEFAULTS_AND_NOT)
    fresh = parse_rubric(DEFAULTS_AND_NOT, str(path))
    assert fresh.version == "2.5"
    load_rubric_file(path)
    hit = rubric_cache.get(DEFAULTS_AND_NOT)
    assert hit is not None
    assert_same_rubric(hit, fresh)
    assert isinstance(hit.scale, tuple)
    assert list(hit.skills["s2"].levels) == [3, 2]  # int keys again, in order
    assert hit.role("none-set").targets == Targets()


def test_a_hit_neither_parses_nor_validates(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, DEFAULTS_AND_NOT)
    fresh = load_rubric_file(path)

    def refuse(*args: object) -> None:
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(loader, "parse_rubric", refuse)
    monkeypatch.setattr(loader, "_validate", refuse)
    assert load_rubric_file(path) == fresh


def test_a_changed_file_misses(tmp_path: Path, isolated_home: Path) -> None:
    path = write(tmp_path, DEFAULTS_AND_NOT)
    before = load_rubric_file(path)
    write(tmp_path, DEFAULTS_AND_NOT.replace("title: S1", "title: S one"))
    after = load_rubric_file(path)
    assert after.skills["s1"].title == "S one"
    assert after.digest != before.digest
    assert len(entries(isolated_home)) == 2


def test_another_skillcheck_version_misses(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, DEFAULTS_AND_NOT)
    load_rubric_file(path)
    assert rubric_cache.get(DEFAULTS_AND_NOT) is not None
    monkeypatch.setattr(rubric_cache, "__version__", "99.0")
    assert rubric_cache.get(DEFAULTS_AND_NOT) is None


def test_another_pydantic_misses_even_with_the_same_file_times(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Some installers give every file the same modification time: the stamp
    # reads what pydantic's version.py says instead.
    import importlib.machinery
    import importlib.util

    package = tmp_path / "site" / "pydantic"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    version = package / "version.py"
    version.write_text("VERSION = '2.0.1'\n")
    spec = importlib.machinery.ModuleSpec("pydantic", None, origin=str(package / "__init__.py"))
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: spec)
    path = write(tmp_path, DEFAULTS_AND_NOT)
    load_rubric_file(path)
    assert rubric_cache.get(DEFAULTS_AND_NOT) is not None
    before = version.stat()
    version.write_text("VERSION = '2.0.2'\n")  # same size
    os.utime(version, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert rubric_cache.get(DEFAULTS_AND_NOT) is None


def test_an_invalid_file_is_never_cached(isolated_home: Path) -> None:
    for _ in range(2):
        with pytest.raises(InvalidFileError):
            load_rubric_file(FIXTURES / "broken.yaml")
    assert entries(isolated_home) == []


@pytest.mark.parametrize(
    "damage",
    [
        "",
        "{not json",
        "[]",
        '{"format": 1}',
        "null",
        "BAD-KEY",
        "BAD-DIGEST",
        "UNKNOWN-FIELD",
        "WRONG-SHAPE",
        "TRUNCATED",
    ],
)
def test_a_damaged_entry_is_ignored(
    damage: str, tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, DEFAULTS_AND_NOT)
    fresh = load_rubric_file(path)
    (entry,) = entries(isolated_home)
    good = json.loads(entry.read_text(encoding="utf-8"))
    if damage == "BAD-KEY":
        text = json.dumps({**good, "key": "0" * 64})
    elif damage == "BAD-DIGEST":
        text = json.dumps({**good, "digest": 12})
    elif damage == "UNKNOWN-FIELD":
        text = json.dumps({**good, "rubric": {**good["rubric"], "surprise": 1}})
    elif damage == "WRONG-SHAPE":
        text = json.dumps({**good, "rubric": {**good["rubric"], "categories": [["a"]]}})
    elif damage == "TRUNCATED":
        text = entry.read_text(encoding="utf-8")[:500]
    else:
        text = damage
    entry.write_text(text, encoding="utf-8")
    assert rubric_cache.get(DEFAULTS_AND_NOT) is None
    reloaded = load_rubric_file(path)  # read the slow way, and stored again
    assert_same_rubric(reloaded, fresh)
    hit = rubric_cache.get(DEFAULTS_AND_NOT)
    assert hit is not None
    assert hit == fresh


def test_an_unreadable_entry_is_ignored(tmp_path: Path, isolated_home: Path) -> None:
    path = write(tmp_path, DEFAULTS_AND_NOT)
    fresh = load_rubric_file(path)
    (entry,) = entries(isolated_home)
    entry.unlink()
    entry.mkdir()  # reading it fails (as root, a chmod 000 file would still be readable)
    assert load_rubric_file(path) == fresh


@pytest.mark.parametrize("how", ["cache-is-a-file", "write-fails"])
def test_an_unwritable_cache_is_harmless(
    how: str, tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if how == "cache-is-a-file":
        (isolated_home / "cache").write_text("in the way")
    else:
        import skillcheck.files

        def fail(*args: object, **kwargs: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(skillcheck.files, "atomic_write_text", fail)
    path = write(tmp_path, DEFAULTS_AND_NOT)
    fresh = parse_rubric(DEFAULTS_AND_NOT, str(path))
    for _ in range(2):
        assert load_rubric_file(path) == fresh
    assert entries(isolated_home) == []


def test_old_entries_are_pruned(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rubric_cache, "MAX_ENTRIES", 3)
    for n in range(5):
        load_rubric_file(write(tmp_path, DEFAULTS_AND_NOT.replace("Edge cases", f"Edge {n}")))
    assert len(entries(isolated_home)) == 3
    assert rubric_cache.get(DEFAULTS_AND_NOT.replace("Edge cases", "Edge 4")) is not None


def test_where_the_cache_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKILLCHECK_HOME", str(tmp_path / "home"))
    assert rubric_cache.cache_dir() == tmp_path / "home" / "cache"
    monkeypatch.delenv("SKILLCHECK_HOME")
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
        assert rubric_cache.cache_dir() == tmp_path / "xdg" / "skillcheck"
        monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
        monkeypatch.setenv("HOME", str(tmp_path))
        assert rubric_cache.cache_dir() == tmp_path / ".cache" / "skillcheck"


def test_a_warm_cache_loads_without_yaml_or_pydantic(isolated_home: Path) -> None:
    code = (
        "import sys, json\n"
        "from skillcheck.rubric import load_rubric\n"
        "r = load_rubric('backend')\n"
        "print(json.dumps([r.digest, 'yaml' in sys.modules, 'pydantic' in sys.modules]))\n"
    )

    def run() -> list[Any]:
        out = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        ).stdout
        result: list[Any] = json.loads(out.splitlines()[-1])
        return result

    cold, warm = run(), run()
    assert cold[1:] == [True, True]  # parsed and validated, then stored
    assert warm == [cold[0], False, False]  # same digest; no YAML, no pydantic
