"""What the hardening tests feed the commands: good files, bad files, hostile text.

Shared by every module in tests/hardening/. The bad-file kinds and the command
cases are plain data, so the matrix in test_bad_input.py and the sample run
through the installed script in test_console_script.py use the same ones.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import functools
import io
import json
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)

#: Every skill of the mini rubric, rated so that the documents are complete.
FULL_RATINGS: dict[str, int | None] = {
    "sql": 3,
    "query-tuning": 2,
    "git": 1,
    "python": 3,
    "java": None,
    "communication": 2,
}


def registered(command: str) -> bool:
    """True when ``command`` is one of the CLI's commands (score and panel arrive later)."""
    from skillcheck.cli import COMMANDS

    return command in COMMANDS


def need(command: str) -> None:
    """Skip the calling test when ``command`` is not registered yet."""
    if not registered(command):
        pytest.skip(f"`skillcheck {command}` is not registered in skillcheck.cli.COMMANDS yet")


# --- good files ----------------------------------------------------------------------

#: The kinds of file a command reads.
SLOTS = ("rubric", "answers", "score_answers", "assessment", "scorecard")

ANSWERS = """\
name: Ann Lee
role: mid
ratings:
  sql: 3
  query-tuning: {level: 2, note: joins are fine}
  git: 1
  python: 3
  java: n/a
  communication: 2
"""

SCORE_ANSWERS = """\
candidate: Ann Lee
interviewer: Bob
role: mid
recommendation: yes
summary: Solid SQL.
ratings:
  sql: {level: 3, note: wrote the window-function query unaided}
  query-tuning: 2
  git: 2
  python: 3
  java: n/a
  communication: 2
"""


def install_mini(home: Path) -> None:
    """Make the mini rubric a user rubric, so documents made with it find it by id."""
    (home / "rubrics").mkdir(parents=True, exist_ok=True)
    shutil.copy(MINI, home / "rubrics" / "mini.yaml")


@functools.cache
def assessment_text(name: str = "Ann Lee", note: str | None = None) -> str:
    """A complete self-assessment on the mini rubric, as saved by skillcheck."""
    from skillcheck.assessment import Assessment, RubricRef
    from skillcheck.rubric import load_rubric_file

    rubric = load_rubric_file(MINI)
    doc = Assessment(rubric=RubricRef.of(rubric), name=name, role="mid", started=T0, updated=T0)
    return _finish(doc, rubric, note)


@functools.cache
def scorecard_text(candidate: str = "Ann Lee", interviewer: str = "Bob") -> str:
    """A complete interview scorecard on the mini rubric, as saved by skillcheck."""
    from skillcheck.assessment import RubricRef, Scorecard
    from skillcheck.rubric import load_rubric_file

    rubric = load_rubric_file(MINI)
    doc = Scorecard(
        rubric=RubricRef.of(rubric),
        candidate=candidate,
        interviewer=interviewer,
        role="mid",
        started=T0,
        updated=T0,
        recommendation="yes",
        summary="Solid SQL.",
    )
    return _finish(doc, rubric, None)


def _finish(doc: Any, rubric: Any, note: str | None) -> str:
    import tempfile

    from skillcheck.answers import RatingAnswer, apply_ratings
    from skillcheck.assessment import save_document

    ratings = {k: RatingAnswer(v, note) for k, v in FULL_RATINGS.items()}
    apply_ratings(doc, rubric, ratings, now=T0)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.json"
        save_document(doc, path)
        return path.read_text(encoding="utf-8")


def valid_text(slot: str) -> str:
    """A valid file of kind ``slot``."""
    if slot == "rubric":
        return MINI.read_text(encoding="utf-8")
    if slot == "answers":
        return ANSWERS
    if slot == "score_answers":
        return SCORE_ANSWERS
    if slot == "assessment":
        return assessment_text()
    if slot == "scorecard":
        return scorecard_text()
    raise ValueError(slot)


@dataclass(frozen=True)
class GoodFiles:
    """The valid files a command needs besides the bad one."""

    rubric: Path
    answers: Path
    score_answers: Path
    assessment: Path
    scorecard: Path
    out: Path

    def fill(self, template: str, bad: Path | None = None) -> str:
        return template.format(
            rubric=self.rubric,
            answers=self.answers,
            score_answers=self.score_answers,
            assessment=self.assessment,
            scorecard=self.scorecard,
            out=self.out,
            bad=bad,
        )


def write_good_files(folder: Path) -> GoodFiles:
    """Write one valid file of every kind into ``folder/good`` (the output path stays free)."""
    good = folder / "good"
    good.mkdir()
    (good / "answers.yaml").write_text(ANSWERS, encoding="utf-8")
    (good / "score-answers.yaml").write_text(SCORE_ANSWERS, encoding="utf-8")
    (good / "jane.json").write_text(assessment_text(), encoding="utf-8")
    (good / "cards").mkdir()
    (good / "cards" / "ann-bob.json").write_text(scorecard_text(), encoding="utf-8")
    return GoodFiles(
        rubric=MINI,
        answers=good / "answers.yaml",
        score_answers=good / "score-answers.yaml",
        assessment=good / "jane.json",
        scorecard=good / "cards" / "ann-bob.json",
        out=folder / "out.json",
    )


# --- bad files ------------------------------------------------------------------------

# Valid YAML whose keys are right but whose values have the wrong types.
_WRONG_TYPES = {
    "rubric": "id: 3\ntitle: [x]\nversion: {a: 1}\ncategories: nope\nroles: 7\n",
    "answers": "name: [1]\nrole: 7\nratings: [sql, 3]\n",
    "score_answers": (
        "candidate: {a: 1}\ninterviewer: 1\nrole: [x]\nrecommendation: maybe\nratings: 5\n"
    ),
}

# A valid file of another kind, for each kind.
_OTHER_KIND = {
    "rubric": "assessment",
    "answers": "rubric",
    "score_answers": "answers",
    "assessment": "scorecard",
    "scorecard": "assessment",
}


def _billion_laughs() -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


def _wrong_types(slot: str) -> str:
    if slot in _WRONG_TYPES:
        return _WRONG_TYPES[slot]
    data = json.loads(valid_text(slot))
    data["ratings"] = [["sql", 3]]
    data["status"] = "finished"
    data["rubric"] = "mini"
    return json.dumps(data, indent=2)


def _future(slot: str) -> str:
    data = json.loads(valid_text(slot))
    data["schema_version"] = 99
    data["new_field_from_the_future"] = {"x": 1}
    return json.dumps(data, indent=2)


def _duplicate_keys(slot: str) -> str:
    text = valid_text(slot)
    if slot in ("assessment", "scorecard"):
        return text.replace('  "schema_version": 1,\n', '  "schema_version": 1,\n' * 2, 1)
    # A top-level key the file already has, again at the end with another value.
    key = {"rubric": "id", "answers": "name", "score_answers": "candidate"}[slot]
    return f"{text.rstrip()}\n{key}: another\n"


def _not_utf8(slot: str) -> bytes:
    text = valid_text(slot)
    # Latin-1 bytes in the middle of otherwise valid text.
    middle = len(text) // 2
    return text[:middle].encode() + "Zoë".encode("latin-1") + text[middle:].encode()


@dataclass(frozen=True)
class BadKind:
    """One kind of bad input; ``make`` writes it at a path (or returns None: not for this slot)."""

    name: str
    make: Callable[[Path, str], bool]
    slots: tuple[str, ...] = SLOTS


def _text(content: Callable[[str], str]) -> Callable[[Path, str], bool]:
    def make(path: Path, slot: str) -> bool:
        path.write_text(content(slot), encoding="utf-8")
        return True

    return make


def _bytes(content: Callable[[str], bytes]) -> Callable[[Path, str], bool]:
    def make(path: Path, slot: str) -> bool:
        path.write_bytes(content(slot))
        return True

    return make


def _missing(path: Path, slot: str) -> bool:
    return True


def _folder(path: Path, slot: str) -> bool:
    path.mkdir()
    return True


def _huge(path: Path, slot: str) -> bool:
    from skillcheck.files import MAX_INPUT_BYTES

    # Sparse: over the limit without writing megabytes.
    with open(path, "wb") as fh:
        fh.write(valid_text(slot).encode()[:100])
        fh.truncate(MAX_INPUT_BYTES + 1)
    return True


def _fifo(path: Path, slot: str) -> bool:
    os.mkfifo(path)
    return True


def _unreadable(path: Path, slot: str) -> bool:
    # A valid file: if a reader got through the denial, the command would succeed.
    path.write_text(valid_text(slot), encoding="utf-8")
    path.chmod(0)
    return True


BAD_KINDS: tuple[BadKind, ...] = (
    BadKind("missing", _missing),
    BadKind("empty", _text(lambda s: "")),
    BadKind("blank", _text(lambda s: " \n\t\n")),
    BadKind("folder", _folder),
    BadKind("unreadable", _unreadable),
    BadKind("fifo", _fifo),
    BadKind("not-utf8", _bytes(_not_utf8)),
    BadKind("binary", _bytes(lambda s: bytes(range(256)) * 16)),
    BadKind("huge", _huge),
    BadKind("deeply-nested", _text(lambda s: '{"a": ' * 50_000 + "1" + "}" * 50_000)),
    BadKind("alias-bomb", _text(lambda s: _billion_laughs())),
    BadKind(
        "python-tag",
        _text(lambda s: "a: !!python/object/apply:os.system ['echo pwned > pwned.txt']\n"),
    ),
    BadKind("a-list", _text(lambda s: "- 1\n- two\n")),
    BadKind("wrong-types", _text(_wrong_types)),
    BadKind("other-kind", _text(lambda s: valid_text(_OTHER_KIND[s]))),
    BadKind("truncated", _text(lambda s: valid_text(s)[: len(valid_text(s)) // 2])),
    BadKind("future-schema", _text(_future), ("assessment", "scorecard")),
    BadKind("duplicate-keys", _text(_duplicate_keys)),
)

BAD_BY_NAME = {k.name: k for k in BAD_KINDS}

# Names of the bad file per kind: an extension that fits what the command expects.
_SUFFIX = {
    "rubric": ".yaml",
    "answers": ".yaml",
    "score_answers": ".yaml",
    "assessment": ".json",
    "scorecard": ".json",
}


def bad_path(folder: Path, kind: BadKind, slot: str) -> Path:
    """Write a bad file of ``kind`` for ``slot`` into ``folder``; return its path."""
    bad = folder / "bad"
    bad.mkdir(exist_ok=True)
    path = bad / f"{kind.name}{_SUFFIX[slot]}"
    kind.make(path, slot)
    return path


@contextlib.contextmanager
def deny_reading(path: Path) -> Iterator[None]:
    """Opening ``path`` fails with EACCES, whoever asks (tests often run as root)."""
    target = os.path.abspath(path)
    real_os_open, real_open = os.open, builtins.open

    def denied(name: Any) -> bool:
        return isinstance(name, (str, os.PathLike)) and os.path.abspath(name) == target

    def os_open(name: Any, *args: Any, **kwargs: Any) -> int:
        if denied(name):
            raise PermissionError(errno.EACCES, "Permission denied", str(name))
        return real_os_open(name, *args, **kwargs)

    def any_open(name: Any, *args: Any, **kwargs: Any) -> Any:
        if denied(name):
            raise PermissionError(errno.EACCES, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "open", os_open)
        mp.setattr(builtins, "open", any_open)
        mp.setattr(io, "open", any_open)
        yield


@contextlib.contextmanager
def fifo_watch(path: Path, grace: float = 1.0) -> Iterator[threading.Event]:
    """Set the yielded event if something sits blocked opening the FIFO at ``path``.

    After ``grace`` seconds, anyone still holding the FIFO open for reading is
    stuck waiting for a writer: the watchdog opens it for writing (releasing
    the reader with an empty read) and sets the event, so a hanging command
    fails the test instead of hanging the suite.
    """
    waited = threading.Event()
    stop = threading.Event()

    def watch() -> None:
        if stop.wait(grace):
            return
        while not stop.is_set():
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # ENXIO: no reader, nobody is waiting
                stop.wait(0.05)
                continue
            waited.set()
            os.close(fd)
            stop.wait(0.05)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield waited
    finally:
        stop.set()
        thread.join()


# --- the commands that read files --------------------------------------------------------


@dataclass(frozen=True)
class ReadCase:
    """A command line that reads one file of kind ``slot`` given as ``{bad}``."""

    id: str
    command: str
    args: tuple[str, ...]
    slot: str
    #: Interactive: runs with a scripted prompter that has no answers.
    interactive: bool = False


READ_CASES: tuple[ReadCase, ...] = (
    ReadCase("rubrics-validate", "rubrics", ("rubrics", "validate", "{bad}"), "rubric"),
    ReadCase("rubrics-show", "rubrics", ("rubrics", "show", "{bad}"), "rubric"),
    ReadCase(
        "assess-rubric",
        "assess",
        ("assess", "--rubric", "{bad}", "--answers", "{answers}", "-o", "{out}"),
        "rubric",
    ),
    ReadCase(
        "assess-answers",
        "assess",
        ("assess", "--rubric", "{rubric}", "--answers", "{bad}", "-o", "{out}"),
        "answers",
    ),
    ReadCase("assess-resume", "assess", ("assess", "--resume", "{bad}"), "assessment", True),
    ReadCase("report", "report", ("report", "{bad}"), "assessment"),
    ReadCase("report-rubric", "report", ("report", "{assessment}", "--rubric", "{bad}"), "rubric"),
    ReadCase("compare-old", "compare", ("compare", "{bad}", "{assessment}"), "assessment"),
    ReadCase("compare-new", "compare", ("compare", "{assessment}", "{bad}"), "assessment"),
    ReadCase(
        "score-rubric",
        "score",
        ("score", "--rubric", "{bad}", "--answers", "{score_answers}", "-o", "{out}"),
        "rubric",
    ),
    ReadCase(
        "score-answers",
        "score",
        ("score", "--rubric", "{rubric}", "--answers", "{bad}", "-o", "{out}"),
        "score_answers",
    ),
    ReadCase("score-resume", "score", ("score", "--resume", "{bad}"), "scorecard", True),
    ReadCase("panel", "panel", ("panel", "{bad}"), "scorecard"),
    ReadCase("panel-self", "panel", ("panel", "{scorecard}", "--self", "{bad}"), "assessment"),
    ReadCase("panel-rubric", "panel", ("panel", "{scorecard}", "--rubric", "{bad}"), "rubric"),
)


#: Matrix cells that fail because of a bug in a file someone else is changing
#: right now: (case id, bad kind) -> the bug. Remove the entry with the fix.
KNOWN_BUGS: dict[tuple[str, str], str] = {}


# --- what a clean failure looks like ---------------------------------------------------

#: ``FILE:LINE:COL: ...``: one located problem, printed before the message.
PROBLEM_LINE = re.compile(r"^.+:\d+:\d+: .+$")
_USAGE_LINE = re.compile(r"^(Usage: skillcheck .*|Try 'skillcheck .*' for help\.|)$")


def failure_problems(exit_code: int, stdout: str, stderr: str) -> list[str]:
    """What is wrong with a failed run's exit code and output (empty: a clean failure).

    A clean failure exits 1 (2 for usage errors), ends stderr with one
    ``skillcheck: ...`` line, has nothing else on stderr but more such lines,
    located ``FILE:LINE:COL:`` problems and (usage errors) click's usage lines,
    and never shows a traceback or an internal error.
    """
    problems = []
    if exit_code not in (1, 2):
        problems.append(f"exit code {exit_code}, expected 1 or 2")
    for stream, text in (("stdout", stdout), ("stderr", stderr)):
        if "Traceback" in text:
            problems.append(f"a traceback on {stream}")
        if "internal error" in text:
            problems.append(f"an internal error on {stream}")
    lines = stderr.rstrip("\n").split("\n")
    if not lines[-1].startswith("skillcheck: "):
        problems.append(f"stderr does not end with a 'skillcheck: ' line: {lines[-1]!r}")
    for line in lines:
        if line.startswith("skillcheck: ") or PROBLEM_LINE.match(line):
            continue
        if exit_code == 2 and _USAGE_LINE.match(line):
            continue
        problems.append(f"unexpected stderr line {line!r}")
    return problems


def snapshot(folder: Path) -> dict[str, tuple[str, bytes, int]]:
    """Every entry under ``folder``: kind, content (files) and mode, to compare before/after."""
    out: dict[str, tuple[str, bytes, int]] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            st = path.lstat()
            rel = str(path.relative_to(folder))
            if path.is_fifo() or path.is_dir():
                out[rel] = ("other", b"", st.st_mode)
            else:
                out[rel] = ("file", _read_raw(path), st.st_mode)
    return out


def _read_raw(path: Path) -> bytes:
    # Sparse "huge" files: compare their size rather than reading megabytes.
    size = path.stat().st_size
    if size > 1024 * 1024:
        return f"<{size} bytes>".encode()
    fd = os.open(path, os.O_RDONLY)
    try:
        return os.read(fd, size + 1)
    finally:
        os.close(fd)


# --- hostile text ---------------------------------------------------------------------

#: Names, notes and rubric strings that try to be something other than text.
HOSTILE: dict[str, str] = {
    "rich-markup": "[bold red]x[/]",
    "rich-close": "[/]",
    "rich-link": "[link=http://example.invalid]x[/link]",
    "script": "<script>alert(1)</script>",
    "md-table": "| --- |",
    "csv-formula": '=HYPERLINK("http://example.invalid")',
    "csv-plus": "+1+cmd",
    "csv-minus": "-2+3",
    "csv-at": "@SUM(A1:A2)",
    "ansi-colour": "\x1b[31mred\x1b[0m",
    "ansi-osc-link": "\x1b]8;;http://example.invalid\x07click\x1b]8;;\x07",
    "ansi-clear": "\x1b[2J\x1b[H",
    "c1-csi": "\x9b31mred",
    "newlines": "line one\nline two\r\nline three",
    "rtl-override": "\u202eevil\u202c.exe",
    "zero-width": "zero\u200bwidth\u200djoin\ufeff",
    "hebrew": "שלום עולם",
    "md-heading": "# heading",
    "md-emphasis": "**bold** _it_ `code` ~~x~~",
    "long": "L" * 190,
}

#: Characters that must never reach a terminal or a file raw from user text.
RAW_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def run_cli(args: list[str], *, interactive: bool = False, answers: list[Any] | None = None) -> Any:
    """Run ``skillcheck ARGS`` in-process; interactive commands get a scripted prompter.

    ``color=True`` keeps click from stripping escape sequences, so any that
    reach the output are seen by the tests.
    """
    from click.testing import CliRunner

    from skillcheck.cli import cli
    from skillcheck.prompting import ScriptedPrompter

    obj = {"prompter": ScriptedPrompter(answers or [])} if interactive or answers else None
    result = CliRunner().invoke(cli, args, obj=obj, color=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a bug escaped the one error path
    return result
