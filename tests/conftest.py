"""Shared fixtures: fixture rubrics and an isolated per-user folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True, scope="session")
def session_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A SKILLCHECK_HOME for what runs before ``isolated_home``: module-scoped fixtures.

    Without it they would read the user's own rubrics and fill the user's rubric cache.
    """
    home = tmp_path_factory.mktemp("skillcheck-session-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SKILLCHECK_HOME", str(home))
        yield home


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own empty SKILLCHECK_HOME, and no colour."""
    home = tmp_path_factory.mktemp("skillcheck-home")
    monkeypatch.setenv("SKILLCHECK_HOME", str(home))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("SKILLCHECK_DEBUG", raising=False)
    return home


@pytest.fixture
def fixtures() -> Path:
    """The folder of small rubric and answer files."""
    return FIXTURES


@pytest.fixture
def mini_path() -> Path:
    """A small rubric with a 'best' category and two roles."""
    return FIXTURES / "mini.yaml"
