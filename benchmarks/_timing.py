"""Shared timing helpers for the benchmark scripts (not part of the test run)."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def skillcheck_command() -> list[str]:
    """The installed console script next to this Python, else ``python -m skillcheck``."""
    script = Path(sys.executable).parent / "skillcheck"
    if script.exists():
        return [str(script)]
    found = shutil.which("skillcheck")
    return [found] if found else [sys.executable, "-m", "skillcheck"]


def run_once(argv: Sequence[str], **kwargs: object) -> float:
    """Wall time of one run of ``argv`` with output discarded."""
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, **kwargs)  # type: ignore[call-overload]
    return time.perf_counter() - start


def alternate(
    floor: Callable[[], float], subject: Callable[[], float], runs: int = 20, warmup: int = 2
) -> tuple[float, float]:
    """Median times of ``floor`` and ``subject``, measured alternately in one run."""
    for _ in range(warmup):
        floor()
        subject()
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        a.append(floor())
        b.append(subject())
    return statistics.median(a), statistics.median(b)


def python_pass() -> float:
    """The floor: starting Python and doing nothing."""
    return run_once([sys.executable, "-c", "pass"])


def report(name: str, floor: float, subject: float, target: float) -> None:
    ratio = subject / floor
    verdict = "ok" if ratio <= target else "OVER TARGET"
    print(f"{name}: {subject * 1000:.1f} ms vs python -c pass {floor * 1000:.1f} ms")
    print(f"ratio {ratio:.2f}x (target <= {target:g}x): {verdict}")


os.environ.setdefault("NO_COLOR", "1")
# With PYTHONDONTWRITEBYTECODE (set in some CI and sandbox images) every run
# would compile skillcheck's modules from source, which an installed copy never
# does (pip writes the bytecode at install time). Let the warm-up runs write it.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
