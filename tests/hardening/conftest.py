"""Fixtures for the hardening tests: a folder of good files, the mini rubric installed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hardening_cases import GoodFiles, install_mini, write_good_files


@pytest.fixture
def good(tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> GoodFiles:
    """Valid files of every kind in tmp_path/good, run from tmp_path; mini is a user rubric."""
    install_mini(isolated_home)
    monkeypatch.chdir(tmp_path)
    return write_good_files(tmp_path)
