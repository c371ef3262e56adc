"""Panels on several worker processes: the same bytes as one process, whatever happens."""

from __future__ import annotations

import errno
import io
import json
import os
import random
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from skillcheck import panelrun
from skillcheck.analysis.panel import CandidatePanel
from skillcheck.assessment import Assessment, RubricRef, Scorecard, save_document
from skillcheck.cli import cli
from skillcheck.errors import UsageError
from skillcheck.panelrun import WORKERS_ENV, workers_for
from skillcheck.render.panel import renderer
from skillcheck.rubric import Rubric, load_rubric_file
from skillcheck.scorecards import file_id

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
SKILLS = ["sql", "query-tuning", "git", "communication", "python", "java"]
FORMATS = ["json", "md", "html", "csv"]


@pytest.fixture
def mini(isolated_home: Path) -> Rubric:
    (isolated_home / "rubrics").mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "mini.yaml", isolated_home / "rubrics" / "mini.yaml")
    return load_rubric_file(FIXTURES / "mini.yaml")


def card(rubric: Rubric, candidate: str, interviewer: str, rng: random.Random) -> Scorecard:
    doc = Scorecard(
        rubric=RubricRef.of(rubric),
        candidate=candidate,
        interviewer=interviewer,
        role=rng.choice(["mid", "mid", "senior"]),
        started=NOW,
        updated=NOW,
        status="complete",
        recommendation=rng.choice(["strong_no", "no", "yes", "strong_yes", None]),
        summary=rng.choice([None, f"{candidate} was clear", "Solid; probe design next"]),
    )
    for skill in rng.sample(SKILLS, rng.randint(1, len(SKILLS))):
        note = rng.choice([None, None, f"asked {interviewer} a good question"])
        doc.rate(skill, rng.choice([0, 1, 2, 3, 4, None]), note, NOW)
    return doc


@pytest.fixture
def big(mini: Rubric, tmp_path: Path) -> Path:
    """A panel with every kind of file a worker meets: candidates whose files sit
    together and apart, files written by other tools, unusable ones, other
    versions and another role."""
    rng = random.Random(3)
    folder = tmp_path / "cards"
    folder.mkdir()
    names = [f"Cand {i:02d}" for i in range(40)] + ['Zoë "Q" Ng', "ann lee", "Ann  Lee"]
    for n, name in enumerate(names):
        for i in range(rng.randint(1, 4)):
            save_document(card(mini, name, f"Int {i}", rng), folder / f"{n:02d}-{i}.json")
    # Written by another tool: compact JSON, so no name at a fixed place.
    other = card(mini, "Cand 07", "Outside", rng).model_dump(mode="json")
    (folder / "zz-compact.json").write_text(json.dumps(other, separators=(",", ":")))
    old = card(mini, "Cand 03", "Old", rng).model_dump(mode="json")
    old["rubric"]["version"] = "0.9"
    old["ratings"]["cobol"] = {"level": 3, "note": None, "rated_at": "2026-11-23T10:00:00Z"}
    (folder / "zz-old.json").write_text(json.dumps(old, indent=2))
    (folder / "bad-broken.json").write_text('{"kind": "scorecard"')
    (folder / "bad-other.json").write_text(
        (folder / "01-0.json").read_text().replace('"id": "mini"', '"id": "other"')
    )
    off = (folder / "02-0.json").read_text()
    (folder / "bad-scale.json").write_text(re.sub(r'"level": \d', '"level": 9', off, count=1))
    return folder


def run_with(workers: int, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.setenv(WORKERS_ENV, str(workers))
    return CliRunner().invoke(cli, list(args))


def shuffle_names(folder: Path, seed: int) -> None:
    """Rename the files at random, so that each candidate's scorecards are spread
    over every worker's share and most interviews are handed over."""
    files = sorted(folder.iterdir())
    order = random.Random(seed).sample(range(len(files)), len(files))
    for f, n in zip(files, order, strict=True):
        f.rename(folder / f"{n:03d}-{f.name}")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("extra", [[], ["--anonymize"]], ids=["names", "anonymous"])
@pytest.mark.parametrize("layout", ["grouped", "shuffled"])
def test_workers_make_the_same_bytes_as_one_process(
    big: Path,
    mini: Rubric,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    extra: list[str],
    layout: str,
) -> None:
    if layout == "shuffled":
        shuffle_names(big, seed=len(fmt) + len(extra))
    own = Assessment(rubric=RubricRef.of(mini), name="Cand 05", started=NOW, updated=NOW)
    own.rate("sql", 4, None, NOW)
    save_document(own, tmp_path / "self.json")
    args = ["panel", str(big), "--format", fmt, "--self", str(tmp_path / "self.json"), *extra]
    one = run_with(1, monkeypatch, *args)
    assert one.exit_code == 1  # the bad files
    assert one.stdout.count("Cand 05") >= 1 or extra
    for workers in (2, 3):
        many = run_with(workers, monkeypatch, *args)
        assert (many.exit_code, many.stdout, many.stderr) == (one.exit_code, one.stdout, one.stderr)
    # Into a file, each worker writes its own candidates at their place.
    out = tmp_path / f"panel.{fmt}"
    for workers in (1, 2, 3):
        written = run_with(workers, monkeypatch, *args, "-o", str(out))
        assert written.exit_code == 1
        assert out.read_text(encoding="utf-8") == one.stdout
        out.unlink()


class _Given(panelrun._Chunks):
    """Chunks handed out as a test says, not first come, first served."""

    def __init__(self, files: int, count: int, mine: list[int]) -> None:
        super().__init__(files, 1)
        self.count, self.mine = count, mine

    def taken(self) -> Iterator[tuple[int, range]]:
        for number in self.mine:
            yield number, self.chunk(number)


@pytest.mark.parametrize("seed", range(6))
def test_whoever_reads_which_chunk_the_candidates_are_the_same(
    big: Path, mini: Rubric, seed: int
) -> None:
    """Three workers that took the chunks in an order a test chose: every
    candidate is aggregated by one of them, from all their interviews in file
    order, under their name as first written (in the whole file list)."""
    rng = random.Random(seed)
    for n in range(8):  # names written three ways each: the first file's way wins
        for i, name in enumerate([f"Dana {n}", f"DANA  {n}", f"dana {n} "]):
            doc = card(mini, name, f"Int {i}", rng)
            save_document(doc, big / f"dana-{n}-{i}.json")
    shuffle_names(big, seed)
    job = panelrun.prepare([big], anonymous=seed % 2 == 1)
    alone = panelrun.build_panel(job)
    expected = sorted((r.candidate for r in alone.panel.ranking), key=lambda c: c.name)

    count = rng.choice([5, 17, len(job.files)])
    taken: list[list[int]] = [[], [], []]
    for number in range(count):  # each worker takes its chunks in increasing order
        taken[rng.randrange(3)].append(number)
    reads = [panelrun._read(job, _Given(len(job.files), count, mine)) for mine in taken]
    totals = panelrun._decide(job, [census for _, _, census in reads])
    workers = list(zip(reads, totals.decisions, strict=True))
    parcels = [panelrun._parcel(b, p, d.give) for (b, p, _), d in workers]
    found = []
    for w, ((builder, runs, _), decision) in enumerate(workers):
        panelrun._receive(builder, runs, (p.get(w, []) for p in parcels))
        found += panelrun._candidates(job, builder, decision)
    assert sorted(found, key=lambda c: c.name) == expected
    assert totals.rejected == list(alone.rejected) and totals.cards == alone.cards


@pytest.mark.parametrize("split", [(1, 15), (15, 1), (1, 3, 12)])
def test_candidates_are_shared_out_evenly_whoever_read_more(
    big: Path, mini: Rubric, split: tuple[int, ...]
) -> None:
    """Workers that read very unequal shares of the files (as a worker that got
    fewer chunks does) still own as many candidates as each other, and the
    candidates they make are the ones one process makes, under their name as
    first written even when their owner did not read that file."""
    rng = random.Random(5)
    for n in range(8):
        for i, name in enumerate([f"Dana {n}", f"DANA  {n}", f"dana {n} "]):
            save_document(card(mini, name, f"Int {i}", rng), big / f"dana-{n}-{i}.json")
    shuffle_names(big, seed=1)
    job = panelrun.prepare([big])
    alone = panelrun.build_panel(job)
    count = sum(split)
    bounds = [sum(split[:w]) for w in range(len(split) + 1)]
    taken = [list(range(bounds[w], bounds[w + 1])) for w in range(len(split))]
    reads = [panelrun._read(job, _Given(len(job.files), count, mine)) for mine in taken]
    held = [len(census.names) for _, _, census in reads]
    assert max(held) > 2 * min(held)  # the read was uneven
    totals = panelrun._decide(job, [census for _, _, census in reads])
    gives = [d.give for d in totals.decisions]
    parcels = [panelrun._parcel(b, r, g) for (b, r, _), g in zip(reads, gives, strict=True)]
    owned = []
    found = []
    for w, ((builder, runs, _), decision) in enumerate(zip(reads, totals.decisions, strict=True)):
        panelrun._receive(builder, runs, (p.get(w, []) for p in parcels))
        mine = panelrun._candidates(job, builder, decision)
        owned.append(len(mine))
        found += mine
    total = len(alone.panel.ranking)
    assert sum(owned) == total
    caps = panelrun._shares(total, len(split))
    assert all(mine <= cap for mine, cap in zip(owned, caps, strict=True))
    assert max(owned[1:]) - min(owned[1:]) <= 1  # the coordinator owns a few fewer
    assert owned[0] <= owned[1]
    expected = sorted((r.candidate for r in alone.panel.ranking), key=lambda c: c.name)
    assert sorted(found, key=lambda c: c.name) == expected


def test_the_output_reached_twice_is_named_where_one_process_finds_it_first(
    big: Path, tmp_path: Path
) -> None:
    """-o is the last file, and a hard link to it sits in the middle of the list:
    whoever reads which chunk, the refusal names the link, as one process does."""
    files = sorted(big.glob("*.json"))
    output = files[-1]
    link = big / f"{files[len(files) // 2].stem}-link.json"
    os.link(output, link)
    job = panelrun.prepare([big], output=str(output))
    with pytest.raises(UsageError) as alone:
        panelrun.build_panel(job)
    assert f"is {link}," in alone.value.message
    at = job.files.index(str(link))
    count = len(job.files)  # one file a chunk
    for mine in ([n for n in range(count) if n != at], [at]), ([at], list(range(at + 1, count))):
        reads = [panelrun._read(job, _Given(count, count, m)) for m in mine]
        with pytest.raises(UsageError) as many:
            panelrun._decide(job, [census for _, _, census in reads])
        assert many.value.message == alone.value.message


def test_the_census_counts_every_file_once(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_with(2, monkeypatch, "panel", str(big), "--format", "json")
    data = json.loads(result.stdout)
    skipped = sorted(Path(s["file"]).name for s in data["skipped"])
    assert skipped == ["bad-broken.json", "bad-other.json", "bad-scale.json"]
    names = [c["name"] for c in data["candidates"]]
    assert len(names) == len(set(names)) == 42  # "ann lee" and "Ann  Lee" are one person
    assert data["other_rubric_versions"] == ["0.9"] and data["unknown_skills"] == ["cobol"]
    seven = next(c for c in data["candidates"] if c["name"] == "Cand 07")
    assert "Outside" in seven["interviewers"]  # the compact file reached its candidate
    total = len(list(big.glob("*.json")))
    assert result.stderr.strip().splitlines()[-1] == (
        f"skillcheck: 3 of {total} files could not be used"
    )


def test_a_failed_worker_means_one_process_and_the_same_output(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["panel", str(big), "--format", "json"]
    one = run_with(1, monkeypatch, *args)

    def broken(*_: object) -> None:
        raise RuntimeError("a bug in a worker")

    monkeypatch.setattr(panelrun, "_work", broken)  # forked workers inherit it
    many = run_with(2, monkeypatch, *args)
    assert (many.exit_code, many.stdout, many.stderr) == (one.exit_code, one.stdout, one.stderr)


@pytest.mark.parametrize("output", [False, True], ids=["stdout", "file"])
def test_a_worker_failing_late_means_the_same_output(
    big: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: bool
) -> None:
    """A worker that dies after the ranking, while its text is on its way (or
    being written), is replaced by one process starting again from nothing."""
    out = tmp_path / "panel.md"
    args = ["panel", str(big), "--format", "md", *(["-o", str(out)] if output else [])]
    one = run_with(1, monkeypatch, *args)
    expected = out.read_text() if output else one.stdout
    if output:
        out.unlink()
    real: Callable[..., object] = panelrun._pieces if output else panelrun._Link.send

    def dies(*a: object) -> object:
        if os.getpid() != parent:
            os._exit(3)
        return real(*a)

    parent = os.getpid()
    if output:
        monkeypatch.setattr(panelrun, "_pieces", dies)
    else:
        sends = []

        def dies_on_text(self: object, message: object) -> None:
            sends.append(message)
            if os.getpid() != parent and isinstance(message, dict) and len(sends) > 3:
                os._exit(3)
            real(self, message)

        monkeypatch.setattr(panelrun._Link, "send", dies_on_text)
    many = run_with(2, monkeypatch, *args)
    assert (many.exit_code, many.stderr) == (one.exit_code, one.stderr)
    assert (out.read_text() if output else many.stdout) == expected
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize(
    ("call", "refused"),
    [("fork", 2), ("pipe", 1), ("pipe", 2)],
    ids=["second-fork", "queue-pipe", "worker-pipe"],
)
def test_no_worker_can_start_means_one_process(
    big: Path, monkeypatch: pytest.MonkeyPatch, call: str, refused: int
) -> None:
    """Out of processes or file descriptors: the first of the chunk queue's pipe,
    the first worker's pipes or the second worker's fork fails."""
    args = ["panel", str(big), "--format", "json"]
    one = run_with(1, monkeypatch, *args)
    real = getattr(os, call)
    calls = []

    def refuse() -> object:
        calls.append(call)
        if len(calls) >= refused:
            raise OSError(errno.EAGAIN, "Resource temporarily unavailable")
        return real()

    monkeypatch.setattr(os, call, refuse)
    before = open_fds()
    many = run_with(3, monkeypatch, *args)
    assert len(calls) >= refused
    assert (many.exit_code, many.stdout, many.stderr) == (one.exit_code, one.stdout, one.stderr)
    assert open_fds() == before  # no pipe left open


def test_ctrl_c_while_the_queue_is_filled_leaves_no_pipe_open(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library caller that catches KeyboardInterrupt keeps no descriptor of the queue."""
    job = panelrun.prepare([big])

    def interrupted(fd: int, data: bytes) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "write", interrupted)
    before = open_fds()
    with pytest.raises(KeyboardInterrupt):
        panelrun.render_files(job, renderer("json", job.rubric), workers=2)
    assert open_fds() == before


def open_fds() -> set[str]:
    """This process's open file descriptors (Linux), or nothing to compare."""
    return set(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else set()


def test_a_full_disk_with_workers_is_one_clear_error(
    big: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "panel.json"
    out.write_text("previous")

    def full(fd: int, data: object, offset: int) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "pwrite", full)  # the forked workers inherit it
    result = run_with(2, monkeypatch, "panel", str(big), "-o", str(out))
    assert result.exit_code == 1
    assert (
        result.stderr.splitlines()[-1]
        == f"skillcheck: cannot write {out}: no space left on the device"
    )
    assert "Traceback" not in result.stderr
    assert out.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("workers", [1, 2, 3])
@pytest.mark.parametrize(
    "target",
    ["first", "middle", "last", "broken", "linked", "self"],
)
def test_an_output_that_is_one_of_the_files_read_is_refused(
    mini: Rubric,
    big: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    workers: int,
    target: str,
) -> None:
    """-o naming a file the panel reads (found as the files are read, by
    whichever worker reads it, even a file that is not a usable scorecard) is
    refused and every file stays as it was."""
    files = sorted(p for p in big.rglob("*.json"))
    own = tmp_path / "self.json"
    save_document(
        Assessment(rubric=RubricRef.of(mini), name="Ann Lee", started=NOW, updated=NOW),
        own,
    )
    output = {
        "first": files[0],
        "middle": files[len(files) // 2],
        "last": files[-1],
        "broken": big / "bad-broken.json",
        "linked": tmp_path / "out.json",
        "self": own,
    }[target]
    if target == "linked":  # a link among the scorecards points at the output file
        output.write_text("previous")
        (big / "zzz-link.json").symlink_to(output)
    before = tree(tmp_path)
    result = run_with(
        workers,
        monkeypatch,
        "panel",
        str(big),
        "--self",
        str(own),
        "-o",
        str(output),
        "--format",
        "json",
    )
    assert result.exit_code == 2, result.stderr
    assert result.stderr.splitlines()[-1].startswith(f"skillcheck: -o {output} is ")
    assert "would replace it" in result.stderr
    assert tree(tmp_path) == before


def test_no_usable_scorecard_is_one_error_with_any_number_of_workers(
    mini: Rubric, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "a.json").write_text("{")
    for workers in (1, 2):
        result = run_with(workers, monkeypatch, "panel", str(folder), "--format", "json")
        assert result.exit_code == 1
        assert result.stderr == "skillcheck: no usable scorecards (1 files could not be used)\n"


def test_an_unknown_role_stops_every_worker(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_with(2, monkeypatch, "panel", str(big), "--role", "wizard", "--format", "md")
    assert result.exit_code == 1
    assert result.stderr.startswith("skillcheck: rubric 'mini' has no role 'wizard'")
    assert result.stdout == ""


def test_workers_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(WORKERS_ENV, raising=False)
    assert workers_for(10) == 1  # not worth a process
    assert 1 <= workers_for(100_000) <= panelrun.MAX_WORKERS
    monkeypatch.setenv(WORKERS_ENV, "3")
    assert workers_for(10) == 3
    monkeypatch.setenv(WORKERS_ENV, "many")
    assert workers_for(10) == 1


@pytest.mark.parametrize("workers", [1, 2, 3, 4, 64])
@pytest.mark.parametrize("files", [0, 1, 7, 100, 10_000, 200_000])
def test_the_chunks_cover_every_file_once_in_order(files: int, workers: int) -> None:
    chunks = panelrun._Chunks(files, workers)
    try:
        taken = list(chunks.taken())
        assert [number for number, _ in taken] == list(range(chunks.count))
        assert [i for _, chunk in taken for i in chunk] == list(range(files))
        if workers > 1:  # taken from the shared queue: none is left
            assert list(chunks.taken()) == []
    finally:
        chunks.close()
    assert chunks.count <= panelrun._MAX_CHUNKS


def _child_waiting_on(gate: int) -> int:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.read(gate, 1)
        finally:
            os._exit(0)
    return pid


def test_a_finished_worker_is_not_waited_for_and_is_reaped_later() -> None:
    """A worker that sent its last message is left to exit on its own (freeing
    its memory takes a while); one still at work is stopped."""
    gate_r, gate_w = os.pipe()
    try:
        finished = _child_waiting_on(gate_r)
        link = panelrun._Link(*os.pipe(), pid=finished)
        link.finished = True
        link.close()
        assert finished in panelrun._EXITING
        os.kill(finished, 0)  # still there: neither killed nor waited for
        os.write(gate_w, b"x")  # now it exits by itself
        while finished in panelrun._EXITING:
            panelrun._reap_exited()
        with pytest.raises(ChildProcessError):
            os.waitpid(finished, os.WNOHANG)

        busy = _child_waiting_on(gate_r)
        link = panelrun._Link(*os.pipe(), pid=busy)
        link.close()  # not finished: stopped and reaped at once
        assert busy not in panelrun._EXITING
        with pytest.raises(ChildProcessError):
            os.waitpid(busy, os.WNOHANG)
    finally:
        os.close(gate_r)
        os.close(gate_w)


@pytest.mark.parametrize("quick", [True, False], ids=["quick-exit", "library"])
def test_a_panel_leaves_what_it_built_to_a_quick_exit(
    big: Path, monkeypatch: pytest.MonkeyPatch, quick: bool
) -> None:
    """When the command will end with a quick exit (as ``skillcheck panel``
    asks), the candidates and interviews a panel built are left for the end of
    the process to free, not freed one by one as ``render_files`` returns. A
    library caller keeps nothing."""
    from skillcheck import startup
    from skillcheck.analysis.panel import PanelBuilder

    monkeypatch.setattr(startup._Collector, "quick_exit", quick)
    monkeypatch.setattr(startup, "_KEPT", [])
    job = panelrun.prepare([str(big)])
    done = panelrun.render_files(job, renderer("json", job.rubric), 1)
    kept = [o for objects in startup._KEPT for o in objects]
    if not quick:
        assert kept == []
        return
    candidates = [
        c for o in kept if isinstance(o, list) for c in o if isinstance(c, CandidatePanel)
    ]
    assert len(candidates) == len(json.loads(done.text or "")["candidates"])
    assert any(isinstance(o, PanelBuilder) for o in kept)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pipe sizes are set on Linux")
def test_a_workers_pipe_holds_its_standings_without_waiting() -> None:
    """A worker sends its standings and goes on rendering while the coordinator
    is still busy: the pipe must hold them, more than the 64 KiB it starts with."""
    import fcntl

    read_fd, write_fd = os.pipe()
    try:
        panelrun._widen(write_fd)
        assert fcntl.fcntl(write_fd, fcntl.F_GETPIPE_SZ) >= panelrun._PIPE_SIZE
        os.set_blocking(write_fd, False)
        message = b"x" * (panelrun._PIPE_SIZE // 2)  # about 2,000 standings
        assert os.write(write_fd, message) == len(message)  # it did not wait
    finally:
        os.close(read_fd)
        os.close(write_fd)


@pytest.mark.skipif(not hasattr(os, "posix_fadvise"), reason="no posix_fadvise here")
def test_a_worker_drops_the_cache_of_the_regular_file_it_will_replace_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The -o file's cached pages are dropped early (the rename would free them
    at the end): only for that very file, and a device, a FIFO or a file put
    there since is never even opened."""
    dropped: list[int] = []
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(os, "posix_fadvise", lambda fd, _o, _n, advice: dropped.append(advice))

    def spied_open(path: str, *args: int) -> int:
        opened.append(path)
        return real_open(path, *args)

    monkeypatch.setattr(os, "open", spied_open)
    out = tmp_path / "panel.json"
    out.write_text("{}")
    panelrun._forget_cache(str(out), file_id(out))
    assert dropped == [os.POSIX_FADV_DONTNEED]
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    other = tmp_path / "other.json"
    other.write_text("{}")
    for path, identity in [
        (fifo, file_id(fifo)),  # would block a plain open
        (tmp_path, file_id(tmp_path)),
        (out, file_id(other)),  # not the file the panel was asked for
        (tmp_path / "gone.json", (1, 2)),
        (out, None),  # -o names no file yet
    ]:
        panelrun._forget_cache(str(path), identity)
    assert dropped == [os.POSIX_FADV_DONTNEED]
    assert opened == [str(out)]


@pytest.mark.parametrize("workers", [1, 2, 3, 4])
def test_the_coordinator_owns_a_few_candidates_fewer(workers: int) -> None:
    """It also ranks everyone while the others wait: it owns fewer by the time
    that takes, and the others share the rest evenly, whatever the numbers."""
    for candidates in [0, 1, 2, 5, 31, 32, 33, 1000, 2000, 9999]:
        caps = panelrun._shares(candidates, workers)
        assert len(caps) == workers and sum(caps) >= candidates
        assert sum(caps) - candidates < workers  # no more room than rounding leaves
        assert all(cap >= 0 for cap in caps)
        if workers > 1:
            assert caps[0] <= caps[1] == caps[-1]
            assert caps[1] - caps[0] <= candidates * panelrun.RANKING_COST + 1
    assert panelrun._shares(2000, 2) == [984, 1016]


def test_files_are_read_one_at_a_time_whatever_their_number(mini: Rubric, tmp_path: Path) -> None:
    """Memory follows the candidates, not the files: each file is read, parsed,
    checked and dropped, so what a panel holds at its peak beyond what it keeps
    (its candidates' interviews and aggregates) is the same for 40 files as for
    400 (holding their text alone would add half a megabyte)."""
    import tracemalloc

    def overhead(files: int) -> int:
        folder = tmp_path / f"cards-{files}"
        folder.mkdir()
        rng = random.Random(files)
        for n in range(files):
            save_document(card(mini, f"Cand {n // 4}", f"Int {n % 4}", rng), folder / f"{n}.json")
        job = panelrun.prepare([folder])
        tracemalloc.start()
        try:
            run = panelrun.build_panel(job)
            kept, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert run.cards == files
        return peak - kept

    few, many = overhead(40), overhead(400)
    assert many < few + 150_000, (few, many)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_panel_to_a_stream_is_written_in_pieces_not_made_whole_first(
    big: Path, workers: int
) -> None:
    """Standard output gets a panel's bytes in order, a candidate at a time:
    the whole text (tens of megabytes for thousands) is never made."""

    class Stream(io.BytesIO):
        def __init__(self) -> None:
            super().__init__()
            self.sizes: list[int] = []

        def write(self, data: Any) -> int:
            self.sizes.append(len(data))
            return super().write(data)

    job = panelrun.prepare([big])
    whole = panelrun.render_files(job, renderer("json", job.rubric)).text
    assert whole is not None
    stream = Stream()
    done = panelrun.render_files(job, renderer("json", job.rubric), workers, to=stream)
    assert done.text is None and done.cards > 0
    assert stream.getvalue() == whole.encode()
    assert len(stream.sizes) > 40 and max(stream.sizes) < len(whole) / 10
