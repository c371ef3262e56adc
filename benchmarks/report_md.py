"""`skillcheck report --format md` of a complete assessment, against `python -c pass`.

Uses the built-in backend rubric (falls back to tests/fixtures/mini.yaml, and says
so, when rubrics/backend.yaml does not exist yet). Alternating runs, medians;
prints the ratio (target: at most 12x) and whether rich was imported (it must not
be on the Markdown path). The target is for a warm rubric cache (every run after
the first, see docs/performance.md); the first run, with an empty cache, is
measured too, for information.

Run: python benchmarks/report_md.py [RUNS]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _timing import ROOT, alternate, python_pass, report, run_once, skillcheck_command

TARGET = 12.0


def make_assessment(folder: Path) -> tuple[Path, list[str]]:
    """A complete assessment on the backend rubric (or mini), and the extra CLI args."""
    sys.path.insert(0, str(ROOT))
    from skillcheck.assessment import Assessment, RubricRef, save_document, utcnow
    from skillcheck.rubric import load_rubric_file

    backend = ROOT / "rubrics" / "backend.yaml"
    if backend.exists():
        path, args = backend, []
        print(f"rubric: built-in backend ({backend})")
    else:
        path = ROOT / "tests" / "fixtures" / "mini.yaml"
        args = ["--rubric", str(path)]
        print(f"rubric: rubrics/backend.yaml does not exist yet: using {path}")
    rubric = load_rubric_file(path)
    role = next((r.id for r in rubric.roles if r.id == "mid"), rubric.roles[0].id)
    now = utcnow()
    doc = Assessment(
        rubric=RubricRef.of(rubric),
        name="Benchmark Person",
        role=role,
        started=now,
        updated=now,
        status="complete",
    )
    levels = rubric.levels
    for i, sid in enumerate(rubric.skills):
        note = "Used it on the payments service last year." if i % 4 == 0 else None
        doc.rate(sid, levels[i % len(levels)], note, now)
    out = folder / "assessment.json"
    save_document(doc, out)
    print(f"assessment: {len(rubric.skills)} skills, role {role}")
    return out, args


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["SKILLCHECK_HOME"] = str(folder / "home")  # no user rubrics in the way
        doc, extra = make_assessment(folder)
        argv = [*skillcheck_command(), "report", str(doc), "--format", "md", *extra]
        subprocess.run(argv, check=True, capture_output=True)  # fails loudly if broken
        floor, subject = alternate(python_pass, lambda: run_once(argv), runs)
        report("skillcheck report --format md", floor, subject, TARGET)
        homes = iter(range(10**6))

        def cold() -> float:  # a new, empty SKILLCHECK_HOME: the rubric cache misses
            env = {**os.environ, "SKILLCHECK_HOME": str(folder / f"cold-{next(homes)}")}
            return run_once(argv, env=env)

        floor, subject = alternate(python_pass, cold, max(5, runs // 4))
        print(
            f"  with an empty rubric cache (first run): {subject * 1000:.1f} ms, "
            f"ratio {subject / floor:.2f}x (for information)"
        )
        probe = (
            "import sys, json\nfrom skillcheck.cli import cli\n"
            f"try:\n    cli({argv[-(len(extra) + 4) :]!r}, prog_name='skillcheck')\n"
            "except SystemExit:\n    pass\n"
            "print(json.dumps(any(m == 'rich' or m.startswith('rich.') for m in sys.modules)))"
        )
        out = subprocess.run(
            [sys.executable, "-c", probe], check=True, capture_output=True, text=True
        )
        print(f"rich imported on the md path: {json.loads(out.stdout.splitlines()[-1])}")


if __name__ == "__main__":
    main()
