"""docs/guarantees.md names the tests that keep each promise: those tests must exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DOC = ROOT / "docs" / "guarantees.md"


def test_every_test_the_guarantees_name_exists() -> None:
    text = DOC.read_text(encoding="utf-8")
    current: Path | None = None
    named = 0
    # `tests/x.py::test_a`, then `::test_b` for another test in the same file.
    for path, name in re.findall(r"`(tests/[\w/]+\.py)?(?:::(test_\w+))?`", text):
        if path:
            current = ROOT / path
            assert current.is_file(), f"{path} does not exist"
        if name:
            assert current is not None
            assert re.search(rf"^def {name}\(", current.read_text(encoding="utf-8"), re.M), (
                f"{current.relative_to(ROOT)} has no test {name}"
            )
            named += 1
    assert named >= 10
