"""Every command that reads a file, given every kind of bad file: a clean failure.

A clean failure (see ``failure_problems``) is exit 1 (2 for usage errors), a
last stderr line ``skillcheck: ...`` and nothing on stderr but such lines and
located ``FILE:LINE:COL`` problems; no traceback; and no file written or
changed. Cases for ``score`` and ``panel`` run once those commands are
registered in ``skillcheck.cli.COMMANDS`` and are skipped until then.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hardening_cases import (
    BAD_KINDS,
    KNOWN_BUGS,
    READ_CASES,
    BadKind,
    GoodFiles,
    ReadCase,
    bad_path,
    deny_reading,
    failure_problems,
    fifo_watch,
    need,
    run_cli,
    snapshot,
    valid_text,
)


def matrix() -> Iterator[Any]:
    for case in READ_CASES:
        for kind in BAD_KINDS:
            if case.slot not in kind.slots:
                continue
            reason = KNOWN_BUGS.get((case.id, kind.name))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(case, kind, id=f"{case.id}-{kind.name}", marks=marks)


@pytest.mark.parametrize(("case", "kind"), list(matrix()))
def test_a_bad_file_is_a_clean_failure_that_changes_nothing(
    case: ReadCase, kind: BadKind, tmp_path: Path, good: GoodFiles
) -> None:
    need(case.command)
    bad = bad_path(tmp_path, kind, case.slot)
    args = [good.fill(a, bad) for a in case.args]
    before = snapshot(tmp_path)
    with contextlib.ExitStack() as stack:
        if kind.name == "unreadable":
            stack.enter_context(deny_reading(bad))
        waited = stack.enter_context(fifo_watch(bad)) if kind.name == "fifo" else None
        result = run_cli(args, interactive=case.interactive)
    assert failure_problems(result.exit_code, result.stdout, result.stderr) == [], result.stderr
    assert snapshot(tmp_path) == before, "a file was written or changed"
    assert waited is None or not waited.is_set(), "the command waited for a writer on a FIFO"


@pytest.mark.parametrize("case", READ_CASES, ids=[c.id for c in READ_CASES])
def test_the_same_command_lines_succeed_with_a_good_file(
    case: ReadCase, tmp_path: Path, good: GoodFiles
) -> None:
    # The control: each failure above comes from the bad file, not the command line.
    need(case.command)
    path = tmp_path / ("valid.json" if case.slot in ("assessment", "scorecard") else "valid.yaml")
    path.write_text(valid_text(case.slot), encoding="utf-8")
    result = run_cli([good.fill(a, path) for a in case.args], interactive=case.interactive)
    assert result.exit_code == 0, result.stderr


def test_the_matrix_covers_every_command_that_reads_a_file() -> None:
    from skillcheck.cli import COMMANDS

    covered = {c.command for c in READ_CASES}
    # rubrics list and schema read no file given on the command line.
    assert set(COMMANDS) <= covered, f"add cases for {sorted(set(COMMANDS) - covered)}"


def test_a_scorecard_without_ratings_is_read_by_panel(tmp_path: Path, good: GoodFiles) -> None:
    need("panel")
    data = json.loads(good.scorecard.read_text(encoding="utf-8"))
    del data["ratings"]  # optional: the model's default is no ratings
    path = tmp_path / "no-ratings.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    result = run_cli(["panel", str(path), str(good.scorecard)])
    assert "internal error" not in result.stderr
    assert result.exit_code == 0, result.stderr
