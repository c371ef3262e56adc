"""The shape of the house: a light CLI import path and a pure core."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ["questionary", "prompt_toolkit", "pydantic", "rich.console", "rich", "yaml"]
UI = ["click", "rich", "questionary", "prompt_toolkit"]


def imported_by(statement: str) -> set[str]:
    code = f"{statement}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_cli_module_imports_only_click() -> None:
    mods = imported_by("import skillcheck.cli")
    assert "click" in mods
    assert not [m for m in HEAVY if m in mods]


def test_help_and_version_import_nothing_heavy() -> None:
    for args in (["--help"], ["--version"]):
        stmt = (
            "import sys; from skillcheck.cli import cli\n"
            f"try:\n    cli({args!r}, prog_name='skillcheck')\nexcept SystemExit:\n    pass"
        )
        mods = imported_by(stmt)
        assert not [m for m in HEAVY if m in mods], args


@pytest.mark.parametrize(
    "module",
    [
        "skillcheck.analysis",
        "skillcheck.analysis.scoring",
        "skillcheck.analysis.report",
        "skillcheck.analysis.plan",
        "skillcheck.analysis.compare",
        "skillcheck.analysis.panel",
        "skillcheck.questionnaire",
    ],
)
def test_pure_core_has_no_ui_imports(module: str) -> None:
    try:
        __import__(module)
    except ModuleNotFoundError:
        pytest.skip(f"{module} does not exist")
    mods = imported_by(f"import {module}")
    assert not [m for m in UI if m in mods], module


def test_pure_core_does_no_io() -> None:
    # The analysis modules must not open files or touch the OS themselves.
    import inspect
    import pkgutil

    import skillcheck.analysis as pkg

    for info in pkgutil.iter_modules(pkg.__path__):
        source = inspect.getsource(__import__(f"skillcheck.analysis.{info.name}", fromlist=["x"]))
        for word in ("open(", "import os", "Path(", "print("):
            assert word not in source, (info.name, word)
