"""A normal (non-editable) install ships the built-in rubrics inside the wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_ships_rubrics_and_finds_them_from_elsewhere(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("skillcheck_cli-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "skillcheck/rubrics/backend.yaml" in names

    # Install the wheel alone into a folder and run it from another directory,
    # ahead of the editable install on sys.path.
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "SKILLCHECK_HOME": str(tmp_path / "home")}
    out = subprocess.run(
        [sys.executable, "-m", "skillcheck", "rubrics", "list", "--json"],
        cwd=elsewhere,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["backend"]["source"] == "built-in"
    assert rows["backend"]["path"].startswith(str(target))
    assert rows["backend"]["error"] is None
