"""Finding, reading and validating rubric files.

A file that validated before is read from ``skillcheck.rubric.cache``; YAML,
pydantic (``skillcheck.rubric.schema``), the file checks and the
error-message helpers are imported only when a file is really parsed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from skillcheck.errors import InvalidFileError, Problem, SkillcheckError
from skillcheck.files import read_text
from skillcheck.rubric import cache
from skillcheck.rubric.model import Rubric, from_data

if TYPE_CHECKING:
    from pydantic import ValidationError

    from skillcheck.rubric import schema
    from skillcheck.yamlsafe import Located

Origin = Literal["built-in", "user", "file"]
_SUFFIXES = (".yaml", ".yml")


def builtin_dir() -> Path:
    """Where the built-in rubrics are: inside the installed package, else the repo's rubrics/."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "rubrics"
    return packaged if packaged.is_dir() else here.parent / "rubrics"


def user_dir() -> Path:
    """The per-user rubric folder: $SKILLCHECK_HOME/rubrics, else the app dir's rubrics/."""
    home = os.environ.get("SKILLCHECK_HOME")
    if home:
        return Path(home) / "rubrics"
    import click

    return Path(click.get_app_dir("skillcheck")) / "rubrics"


class RubricSource(NamedTuple):
    """A rubric file and where it was found (a NamedTuple: cheaper to define than a
    dataclass, which every command's start-up would pay)."""

    path: Path
    origin: Origin


def _by_id(folder: Path, rubric_id: str) -> Path | None:
    for suffix in _SUFFIXES:
        candidate = folder / f"{rubric_id}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def _ids(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.iterdir() if p.suffix in _SUFFIXES and p.is_file())


def locate_rubric(ref: str) -> RubricSource:
    """Turn RUBRIC (an id or a path) into a file; user rubrics shadow built-ins."""
    looks_like_path = os.sep in ref or "/" in ref or ref.endswith(_SUFFIXES)
    if looks_like_path or Path(ref).is_file():
        return RubricSource(Path(ref), "file")
    for folder, origin in ((user_dir(), "user"), (builtin_dir(), "built-in")):
        found = _by_id(folder, ref)
        if found is not None:
            return RubricSource(found, origin)  # type: ignore[arg-type]
    import difflib

    known = sorted(set(_ids(user_dir())) | set(_ids(builtin_dir())))
    close = difflib.get_close_matches(ref, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f"; known rubrics: {', '.join(known)}"
    raise SkillcheckError(f"no rubric {ref!r} (not a file, nor a built-in or user rubric id){hint}")


_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


def load_rubric_id(rubric_id: str, source: str) -> Rubric:
    """Load a rubric named inside a document (``source``): as an id only, never as a path,
    because anyone could have written that file."""
    if not _ID.fullmatch(rubric_id) or rubric_id.endswith(_SUFFIXES):
        raise SkillcheckError(f"{source}: names a rubric id that is not valid: {rubric_id!r}")
    for folder, _ in ((user_dir(), "user"), (builtin_dir(), "built-in")):
        found = _by_id(folder, rubric_id)
        if found is not None:
            return load_rubric_file(found)
    raise SkillcheckError(
        f"{source}: made with rubric {rubric_id!r}, which is not installed; "
        "pass --rubric FILE to point at it"
    )


def load_rubric(ref: str) -> Rubric:
    """Load and validate a rubric given by id or path."""
    return load_rubric_file(locate_rubric(ref).path)


def load_rubric_file(path: str | os.PathLike[str]) -> Rubric:
    """Read and validate one rubric file; raise InvalidFileError listing every problem.

    A file whose exact text validated before comes from the cache (see
    ``skillcheck.rubric.cache``): the same Rubric, without parsing or validating.
    """
    name = os.fspath(path)
    text = read_text(name)
    rubric = cache.get(text)
    if rubric is None:
        from skillcheck.rubric.schema import json_form
        from skillcheck.yamlsafe import load_yaml

        data, sha = json_form(_validate(load_yaml(text, name)))
        rubric = from_data(data, sha)
        cache.put(text, data, sha)
    return rubric


def parse_rubric(text: str, name: str) -> Rubric:
    """Validate rubric YAML text; ``name`` is used in messages."""
    from skillcheck.yamlsafe import load_yaml

    return validate_rubric(load_yaml(text, name))


def validate_rubric(located: Located) -> Rubric:
    """Validate parsed rubric data, reporting structural and cross-reference problems together."""
    from skillcheck.rubric.schema import runtime

    return runtime(_validate(located))


def _validate(located: Located) -> schema.Rubric:
    from pydantic import ValidationError

    from skillcheck.rubric.checks import check_rubric
    from skillcheck.rubric.schema import Rubric

    data = located.data
    if not isinstance(data, dict):
        got = type(data).__name__ if data is not None else "nothing"
        raise InvalidFileError(
            located.name,
            [
                located.problem(
                    (), f"a rubric is a mapping with id, title, categories...; got {got}"
                )
            ],
            "rubric",
        )
    problems = [located.problem(path, msg) for path, msg in check_rubric(data)]
    rubric: schema.Rubric | None = None
    try:
        rubric = Rubric.model_validate(data)
    except ValidationError as exc:
        problems.extend(pydantic_problems(exc, located, _rubric_keys()))
    if problems or rubric is None:
        problems.sort(key=lambda p: (p.line, p.column, p.path))
        raise InvalidFileError(located.name, _dedupe(problems), "rubric")
    return rubric


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    out = []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def _rubric_keys() -> list[str]:
    """Every key a rubric file may use, for "did you mean" hints."""
    from skillcheck.rubric import schema

    models = (
        schema.Rubric,
        schema.Category,
        schema.Skill,
        schema.Resource,
        schema.Role,
        schema.Targets,
        schema.ScaleLevel,
    )
    return sorted({k for m in models for k in m.model_fields})


def pydantic_problems(
    exc: ValidationError, located: Located, known_keys: list[str] | None = None
) -> list[Problem]:
    """Turn pydantic's errors into located problems with plain-English messages."""
    import difflib

    out = []
    for err in exc.errors(include_url=False):
        loc: tuple[Any, ...] = tuple(err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            key = str(loc[-1])
            close = difflib.get_close_matches(key, known_keys or [], n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            msg = f"unknown key {key!r}{hint}"
            out.append(located.problem(loc, msg))
            continue
        if kind == "missing":
            out.append(located.problem(loc[:-1], f"missing required key {loc[-1]!r}"))
            continue
        got = err.get("input")
        if kind == "string_pattern_mismatch":
            msg = f"{_short_repr(got)} is not a valid id (use a-z, 0-9, '.', '_' and '-')"
        elif kind.endswith("_type") and not isinstance(got, (dict, list)):
            msg = f"{err['msg']}, got {_short_repr(got)}"
        else:
            msg = err["msg"]
        out.append(located.problem(loc, msg))
    return out


def _short_repr(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class RubricInfo(NamedTuple):
    """One line of ``rubrics list``."""

    id: str
    title: str
    version: str
    skills: int
    source: Origin
    path: str
    error: str | None = None


def list_rubrics() -> list[RubricInfo]:
    """Built-in and user rubrics; a user rubric shadows the built-in of the same id."""
    infos: dict[str, RubricInfo] = {}
    for folder, origin in ((builtin_dir(), "built-in"), (user_dir(), "user")):
        for rid in _ids(folder):
            path = _by_id(folder, rid)
            assert path is not None
            try:
                r = load_rubric_file(path)
                info = RubricInfo(r.id, r.title, r.version, len(r.skills), origin, str(path))  # type: ignore[arg-type]
            except SkillcheckError as exc:
                info = RubricInfo(rid, "", "", 0, origin, str(path), exc.message)  # type: ignore[arg-type]
            infos[rid] = info
    return sorted(infos.values(), key=lambda i: (i.source != "built-in", i.id))


def rubric_json_schema() -> dict[str, Any]:
    """JSON Schema of the rubric format, for editors."""
    from skillcheck.rubric.schema import Rubric as Model

    schema = Model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://skillcheck.invalid/rubric.schema.json"
    return schema
