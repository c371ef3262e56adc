"""`skillcheck --help` and `--version` against `python -c pass` (median of alternating runs).

Run: python benchmarks/startup.py [RUNS]
"""

from __future__ import annotations

import sys
from functools import partial

from _timing import alternate, python_pass, report, run_once, skillcheck_command

TARGET = 4.0


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    cmd = skillcheck_command()
    for flag in ("--help", "--version"):
        floor, subject = alternate(python_pass, partial(run_once, [*cmd, flag]), runs)
        report(f"skillcheck {flag}", floor, subject, TARGET)


if __name__ == "__main__":
    main()
