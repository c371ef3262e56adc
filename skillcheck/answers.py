"""Answers files: the questionnaire's answers written by hand (YAML or JSON).

A self-assessment answers file::

    name: Jane Doe
    role: mid
    ratings:
      sql: 3
      docker: {level: 2, note: "compose only, never built images for production"}
      kafka: n/a

Every problem is reported at once as ``FILE:LINE:COL: path: message``. The
pieces (``read_answers``, ``check_keys``, ``parse_ratings``, ``parse_role``,
``apply_ratings``) are shared with the interviewer's scorecard answers, which
have other top-level keys around the same ``ratings`` mapping::

    candidate: Ann Lee
    interviewer: Bob
    role: mid
    recommendation: yes          # strong_no, no, yes or strong_yes
    summary: "Solid SQL; never designed a schema on her own."
    ratings:
      sql: {level: 3, note: "wrote the window-function query unaided"}
      kafka: n/a                 # not assessed in this interview
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from skillcheck.assessment import Document, in_scope, utcnow
from skillcheck.errors import InvalidFileError, Problem
from skillcheck.files import read_text
from skillcheck.limits import RECOMMENDATIONS, Recommendation
from skillcheck.rubric.model import Rubric
from skillcheck.yamlsafe import Located, Path, load_yaml

#: Spellings of "not assessed" (not applicable / don't know) accepted for a level.
NOT_ASSESSED_WORDS = frozenset({"n/a", "na", "none", "-", "skip", "unknown", "?"})


@dataclass(frozen=True)
class RatingAnswer:
    """One skill's answer from a file: a level (None: not assessed) and an optional note."""

    level: int | None
    note: str | None = None


@dataclass(frozen=True)
class AssessmentAnswers:
    """A parsed self-assessment answers file."""

    name: str | None
    role: str | None
    ratings: dict[str, RatingAnswer]


@dataclass(frozen=True)
class ScorecardAnswers:
    """A parsed scorecard answers file (names and role may come from the command line)."""

    candidate: str | None
    interviewer: str | None
    role: str | None
    recommendation: Recommendation
    summary: str | None
    ratings: dict[str, RatingAnswer]


#: The top-level keys of a scorecard answers file.
SCORECARD_KEYS = ("candidate", "interviewer", "role", "recommendation", "summary", "ratings")


def read_answers(path: str | os.PathLike[str]) -> Located:
    """Read and parse an answers file (YAML, and so JSON too) keeping line numbers."""
    name = os.fspath(path)
    return load_yaml(read_text(name), name)


def check_keys(
    located: Located, at: Path, allowed: Sequence[str], required: Sequence[str] = ()
) -> tuple[dict[str, Any], list[Problem]]:
    """The mapping at ``at`` and problems with its keys (unknown ones get the closest known)."""
    data = _get(located.data, at)
    if not isinstance(data, dict):
        return {}, [
            located.problem(
                at, f"expected a mapping with keys {', '.join(allowed)}, got {_kind(data)}"
            )
        ]
    problems = []
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), list(allowed), n=1)
            hint = (
                f" (did you mean {close[0]!r}?)"
                if close
                else f" (known keys: {', '.join(allowed)})"
            )
            problems.append(located.problem((*at, key), f"unknown key {key!r}{hint}"))
    for key in required:
        if key not in data:
            problems.append(located.problem(at, f"missing required key {key!r}"))
    return data, problems


def parse_text(
    located: Located, at: Path, *, max_length: int = 500, required: bool = False
) -> tuple[str | None, list[Problem]]:
    """A text value (names, summaries); numbers are refused rather than guessed at."""
    value = _get(located.data, at)
    if value is None:
        if required:
            return None, [located.problem(at, "must not be empty")]
        return None, []
    if not isinstance(value, str):
        return None, [located.problem(at, f"expected text, got {_kind(value)}")]
    text = value.strip()
    if required and not text:
        return None, [located.problem(at, "must not be empty")]
    if len(text) > max_length:
        return None, [located.problem(at, f"too long (at most {max_length} characters)")]
    return text or None, []


def parse_role(located: Located, at: Path, rubric: Rubric) -> tuple[str | None, list[Problem]]:
    """A role id of ``rubric`` (or null / ``none`` for no role)."""
    value = _get(located.data, at)
    if value is None or (isinstance(value, str) and value.strip().lower() == "none"):
        return None, []
    known = [r.id for r in rubric.roles]
    if not isinstance(value, str):
        return None, [located.problem(at, f"expected a role id, got {_kind(value)}")]
    if value in known:
        return value, []
    close = difflib.get_close_matches(value, known, n=1)
    if close:
        hint = f"did you mean {close[0]!r}?"
    elif known:
        hint = f"roles: {', '.join(known)}"
    else:
        hint = "this rubric defines no roles"
    return None, [located.problem(at, f"unknown role {value!r} ({hint})")]


def parse_ratings(
    located: Located, at: Path, rubric: Rubric
) -> tuple[dict[str, RatingAnswer], list[Problem]]:
    """The ``ratings`` mapping at ``at``: skill id -> level, ``n/a``, or {level, note}."""
    data = _get(located.data, at)
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [
            located.problem(at, f"expected a mapping of skill id -> level, got {_kind(data)}")
        ]
    out: dict[str, RatingAnswer] = {}
    problems: list[Problem] = []
    known = list(rubric.skills)
    for skill_id, value in data.items():
        where: Path = (*at, skill_id)
        if skill_id not in rubric.skills:
            close = difflib.get_close_matches(str(skill_id), known, n=1, cutoff=0.5)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(located.problem(where, f"unknown skill {skill_id!r}{hint}"))
            continue
        note: str | None = None
        raw_level = value
        if isinstance(value, dict):
            _, key_problems = check_keys(located, where, ["level", "note"], ["level"])
            problems.extend(key_problems)
            if "level" not in value:
                continue
            raw_level = value["level"]
            note, note_problems = parse_text(located, (*where, "note"), max_length=20_000)
            problems.extend(note_problems)
            level_at: Path = (*where, "level")
        else:
            level_at = where
        level, level_problem = _level(rubric, raw_level)
        if level_problem:
            problems.append(located.problem(level_at, level_problem))
            continue
        out[skill_id] = RatingAnswer(level, note)
    return out, problems


def _level(rubric: Rubric, value: Any) -> tuple[int | None, str | None]:
    scale = f"{rubric.min_level}-{rubric.max_level}"
    if value is None or (isinstance(value, str) and value.strip().lower() in NOT_ASSESSED_WORDS):
        return None, None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None, f'expected a level ({scale}) or "n/a", got {_kind(value)} {value!r}'
    if isinstance(value, float) and not value.is_integer():
        return None, f"level {value} is not a whole level (the scale is {scale})"
    level = int(value)
    if level not in rubric.levels:
        return None, f"level {level} is outside the scale ({', '.join(map(str, rubric.levels))})"
    return level, None


def load_assessment_answers(
    path: str | os.PathLike[str], rubric: Rubric, *, name_required: bool = True
) -> AssessmentAnswers:
    """Read and check a self-assessment answers file; raise InvalidFileError listing every problem.

    ``name_required`` is False when the name comes from the command line.
    """
    located = read_answers(path)
    _, problems = check_keys(located, (), ["name", "role", "ratings"], ["ratings"])
    if not isinstance(located.data, dict):
        raise InvalidFileError(located.name, problems, "answers file")
    name, p = parse_text(located, ("name",), required=name_required and "name" in located.data)
    problems += p
    if name_required and "name" not in located.data:
        problems.append(located.problem((), "missing required key 'name' (or pass --name)"))
    role, p = parse_role(located, ("role",), rubric)
    problems += p
    ratings, p = parse_ratings(located, ("ratings",), rubric)
    problems += p
    if problems:
        problems.sort(key=lambda q: (q.line, q.column, q.path))
        raise InvalidFileError(located.name, problems, "answers file")
    return AssessmentAnswers(name, role, ratings)


def parse_recommendation(located: Located, at: Path) -> tuple[Recommendation | None, list[Problem]]:
    """One of ``strong_no``, ``no``, ``yes``, ``strong_yes`` ("Strong yes" and "strong-yes" too).

    YAML reads a bare ``yes`` or ``no`` as true or false; those mean yes and no.
    """
    value = _get(located.data, at)
    if value is True or value is False:
        return ("yes" if value else "no"), []
    if isinstance(value, str):
        wanted = re.sub(r"[\s_-]+", "_", value.strip().lower())
        for rec in RECOMMENDATIONS:
            if rec == wanted:
                return rec, []
    got = "nothing" if value is None else f"{_kind(value)} {value!r}"
    return None, [located.problem(at, f"expected one of {', '.join(RECOMMENDATIONS)}, got {got}")]


def load_scorecard_answers(
    path: str | os.PathLike[str], rubric: Rubric, *, given: Collection[str] = ()
) -> ScorecardAnswers:
    """Read and check a scorecard answers file; raise InvalidFileError listing every problem.

    ``given`` names what the command line supplies (``candidate``,
    ``interviewer``, ``role``): those keys become optional in the file.
    """
    located = read_answers(path)
    _, problems = check_keys(located, (), SCORECARD_KEYS, ["recommendation", "ratings"])
    if not isinstance(located.data, dict):
        raise InvalidFileError(located.name, problems, "answers file")
    present = located.data
    names: dict[str, str | None] = {}
    for key in ("candidate", "interviewer"):
        names[key], p = parse_text(located, (key,), required=key in present)
        problems += p
        if key not in present and key not in given:
            problems.append(located.problem((), f"missing required key {key!r} (or pass --{key})"))
    role, p = parse_role(located, ("role",), rubric)
    problems += p
    if "role" not in present and "role" not in given:
        problems.append(
            located.problem((), "missing required key 'role' (a role id or none; or pass --role)")
        )
    recommendation: Recommendation | None = None
    if "recommendation" in present:
        recommendation, p = parse_recommendation(located, ("recommendation",))
        problems += p
    summary, p = parse_text(located, ("summary",), max_length=20_000)
    problems += p
    ratings, p = parse_ratings(located, ("ratings",), rubric)
    problems += p
    if problems:
        problems.sort(key=lambda q: (q.line, q.column, q.path))
        raise InvalidFileError(located.name, problems, "answers file")
    assert recommendation is not None  # required above
    return ScorecardAnswers(
        names["candidate"], names["interviewer"], role, recommendation, summary, ratings
    )


def apply_ratings(
    doc: Document,
    rubric: Rubric,
    ratings: Mapping[str, RatingAnswer],
    now: datetime | None = None,
) -> None:
    """Record answers in ``doc``; set its status to complete when every skill in scope has one.

    In an "at least one of these" category with at least one answer, the
    skills left out are the ones that do not apply: they are recorded as not
    assessed, as the questionnaire's checkbox would.
    """
    when = now or utcnow()
    for skill_id, answer in ratings.items():
        doc.rate(skill_id, answer.level, answer.note, when)
    for cat in rubric.categories:
        if cat.scoring != "best" or len(cat.skills) < 2:
            continue
        ids = [s.id for s in cat.skills]
        if not any(s in ratings for s in ids):
            continue
        doc.applies[cat.id] = [s for s in ids if s in ratings and ratings[s].level is not None]
        for s in ids:
            if s not in doc.ratings:
                doc.rate(s, None, None, when)
    done = all(s in doc.ratings for s in in_scope(rubric, doc))
    doc.status = "complete" if done else "in_progress"
    doc.updated = when


def _get(data: Any, at: Path) -> Any:
    for part in at:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)
