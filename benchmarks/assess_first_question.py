"""Time from starting `skillcheck assess` in a pseudo-terminal to its first question.

Measured against `python -c pass` started the same way (alternating runs, medians).
Two cases: the default start (the first question is "Your name:") and a start with
--name and --role (the first question is the first skill).

Run: python benchmarks/assess_first_question.py [RUNS] [RUBRIC]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

import pexpect
from _timing import ROOT, skillcheck_command

TARGET = 15.0
ENV = {**os.environ, "TERM": "dumb", "PROMPT_TOOLKIT_NO_CPR": "1", "NO_COLOR": "1"}


def until(argv: list[str], pattern: str, cwd: str) -> float:
    """Seconds from spawning ``argv`` in a pty until ``pattern`` appears."""
    start = time.perf_counter()
    child = pexpect.spawn(argv[0], argv[1:], cwd=cwd, env=ENV, encoding="utf-8", timeout=30)
    child.expect(pattern)
    elapsed = time.perf_counter() - start
    child.terminate(force=True)
    child.close()
    return elapsed


def measure(argv: list[str], pattern: str, runs: int, cwd: str) -> tuple[float, float]:
    floor_argv = [sys.executable, "-c", "print('ready')"]
    for _ in range(2):  # warm-up
        until(floor_argv, "ready", cwd)
        until(argv, pattern, cwd)
    floor: list[float] = []
    subject: list[float] = []
    for _ in range(runs):
        floor.append(until(floor_argv, "ready", cwd))
        subject.append(until(argv, pattern, cwd))
    return statistics.median(floor), statistics.median(subject)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    default_rubric = ROOT / "rubrics" / "backend.yaml"
    if not default_rubric.exists():
        default_rubric = ROOT / "tests" / "fixtures" / "mini.yaml"
    rubric = sys.argv[2] if len(sys.argv) > 2 else str(default_rubric)
    cmd = [*skillcheck_command(), "assess", "--rubric", rubric]
    with tempfile.TemporaryDirectory() as cwd:
        # Its own per-user folder: no user rubrics in the way, and a rubric cache
        # that the warm-up runs fill (see docs/performance.md).
        ENV["SKILLCHECK_HOME"] = os.path.join(cwd, ".home")
        cases = [
            ("skillcheck assess (first question: name)", cmd, r"Your name"),
            (
                "skillcheck assess --name --role none (first skill question)",
                [*cmd, "--name", "Bench", "--role", "none"],
                r"How would you rate yourself\?",
            ),
        ]
        for label, argv, pattern in cases:
            floor, subject = measure(argv, pattern, runs, cwd)
            ratio = subject / floor
            verdict = "ok" if ratio <= TARGET else "OVER TARGET"
            print(f"{label}: {subject * 1000:.0f} ms vs python -c pass {floor * 1000:.0f} ms")
            print(f"  ratio {ratio:.1f}x (target <= {TARGET:g}x): {verdict}")


if __name__ == "__main__":
    main()
