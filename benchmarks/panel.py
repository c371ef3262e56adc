"""`skillcheck panel` on 10,000 scorecards (2,000 candidates x 5 interviewers).

Prints its time as a ratio to a bare Python script that only reads and parses
the same files with ``json`` (target: at most 2x), and the peak memory of both.

Run: python benchmarks/panel.py [CANDIDATES] [INTERVIEWERS] [RUNS]
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import skillcheck_command

TARGET = 2.0
BARE = """\
import json, os, sys
folder = sys.argv[1]
for name in os.listdir(folder):
    with open(os.path.join(folder, name), "rb") as fh:
        json.loads(fh.read())
"""


def generate(folder: Path, candidates: int, interviewers: int) -> None:
    """Scorecards as `skillcheck score` writes them, on the built-in rubric."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from skillcheck.assessment import RubricRef, Scorecard, save_document, utcnow
    from skillcheck.rubric import load_rubric

    rubric = load_rubric("backend")
    skills = list(rubric.skills)
    rng = random.Random(7)
    now = utcnow()
    recs = ["strong_no", "no", "yes", "strong_yes"]
    for c in range(candidates):
        for i in range(interviewers):
            card = Scorecard(
                rubric=RubricRef.of(rubric),
                candidate=f"Candidate {c:05d}",
                interviewer=f"Interviewer {i}",
                role="mid",
                started=now,
                updated=now,
                status="complete",
                recommendation=rng.choice(recs),
                summary="Solid on the basics; we should probe system design next time.",
            )
            for sid in rng.sample(skills, min(15, len(skills))):
                note = "Explained the trade-offs clearly." if rng.random() < 0.3 else None
                card.rate(sid, rng.randint(0, 4), note, now)
            save_document(card, folder / f"c{c:05d}-i{i}.json")


def timed(argv: list[str]) -> float:
    """Wall time of one child process."""
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def peak_mib(argv: list[str]) -> float:
    """Peak resident memory of ``argv``, measured in a fresh wrapper process."""
    wrapper = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapper, *argv], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip()) / 1024


def _spin() -> None:
    x = 0
    for i in range(1_000_000):
        x += i


def two_cpus_slowdown(rounds: int = 9) -> float:
    """How much longer a busy loop takes when two run at once than alone.

    About 1.0 when the machine has two CPUs free; 2.0 when the second is not
    free at all (a busy host). The panel uses two processes and the bare parse
    one, so the ratio above is only meaningful when this is near 1.
    """
    alone, together = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        _spin()
        alone.append(time.perf_counter() - start)
        start = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # the second busy loop
            _spin()
            os._exit(0)
        _spin()
        os.waitpid(pid, 0)
        together.append(time.perf_counter() - start)
    alone.sort()
    together.sort()
    return together[rounds // 2] / alone[rounds // 2]


def two_at_once_slowdown(argv: list[str], rounds: int = 5) -> float:
    """How much longer ``argv`` takes when two copies run at once than alone.

    Unlike the busy loop, this counts what the two processes share besides the
    CPUs (caches, memory bandwidth, the host): for the bare parse it is what a
    second worker can at best add.
    """
    alone, together = [], []
    for _ in range(rounds):
        alone.append(timed(argv))
        start = time.perf_counter()
        procs = [subprocess.Popen(argv, stdout=subprocess.DEVNULL) for _ in range(2)]
        for proc in procs:
            proc.wait()
        together.append(time.perf_counter() - start)
    alone.sort()
    together.sort()
    return together[rounds // 2] / alone[rounds // 2]


def main() -> None:
    candidates = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    interviewers = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "cards"
        folder.mkdir()
        t0 = time.perf_counter()
        generate(folder, candidates, interviewers)
        print(
            f"generated {candidates * interviewers} scorecards in {time.perf_counter() - t0:.1f} s"
        )
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE)
        bare_cmd = [sys.executable, str(bare), str(folder)]
        panel_cmd = [
            *skillcheck_command(),
            "panel",
            str(folder),
            "--format",
            "json",
            "-o",
            str(Path(tmp) / "panel.json"),
        ]
        os.sync()  # no writeback of the new files while timing
        subprocess.run(panel_cmd, check=True, capture_output=True)  # warm the page cache
        a, b = [], []
        for _ in range(runs):
            a.append(timed(bare_cmd))
            b.append(timed(panel_cmd))
        a.sort()
        b.sort()
        floor, subject = a[len(a) // 2], b[len(b) // 2]
        if hasattr(os, "fork"):
            print(
                f"two busy processes at once take {two_cpus_slowdown():.2f}x as long as one "
                "(near 1.0: two CPUs free; the panel runs on two)"
            )
        print(
            f"two bare parses at once take {two_at_once_slowdown(bare_cmd):.2f}x as long as one "
            "(what a second worker process can at best give)"
        )
        print(f"bare json parse: {floor:.3f} s   skillcheck panel: {subject:.3f} s")
        ratio = subject / floor
        print(
            f"ratio {ratio:.2f}x (target <= {TARGET:g}x): {'ok' if ratio <= TARGET else 'OVER TARGET'}"
        )
        data = json.loads((Path(tmp) / "panel.json").read_text())
        print(f"candidates in the panel: {len(data['candidates'])}")
        print(
            f"peak memory: bare {peak_mib(bare_cmd):.0f} MiB, panel {peak_mib(panel_cmd):.0f} MiB"
        )
        # The same number of files for half the candidates: memory should follow
        # the candidates (their ratings), not the number of files read.
        fewer = Path(tmp) / "fewer"
        fewer.mkdir()
        generate(fewer, candidates // 2, interviewers * 2)
        half_cmd = [*panel_cmd[:-5], str(fewer), *panel_cmd[-4:]]
        print(
            f"peak memory, {candidates // 2} candidates x {interviewers * 2} interviewers "
            f"(same number of files): {peak_mib(half_cmd):.0f} MiB"
        )


if __name__ == "__main__":
    main()
