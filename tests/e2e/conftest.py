"""End-to-end tests need the installed console script."""

from __future__ import annotations

import pytest
from e2e_support import SCRIPT


@pytest.fixture(autouse=True)
def _needs_script() -> None:
    if SCRIPT is None:
        pytest.skip("the skillcheck console script is not installed")
