"""Building a panel from scorecard files, in one process or several.

A panel of thousands of scorecards is shared out between worker processes
(``os.fork``, on Linux with more than one CPU free). The sorted file list is
cut into chunks, which the workers take first come, first served (``_Chunks``):
a worker on a CPU that the machine is busy with reads fewer of them, and no
worker waits long for another. Each candidate then has one owner, which
aggregates and renders them: the other workers hand their share of that
candidate's interviews over, and the owner puts them all in file order. The
candidates are shared out evenly (``_share_out``), whoever read more files.

The workers meet through worker 0 (the command's own process), which
coordinates:

1. a census: files that could not be used, roles named, candidates seen. The
   coordinator chooses the role, the owner of every candidate and, with
   ``--anonymize``, the pseudonyms;
2. the handover of interviews to their candidate's owner;
3. standings: each worker renders its candidates (all but their rank) while
   the coordinator ranks every candidate and tells each worker the places of
   its own;
4. text: each worker puts the ranks in, and the coordinator puts the
   candidates in ranking order inside the format's frame (or each worker
   writes its own at their place in the ``-o`` file).

With one worker the same steps run without a fork, and the output is byte for
byte the same whatever the number of workers and whoever read which chunk
(the tests compare them).
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import stat
import struct
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import itemgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

from skillcheck.analysis.panel import (
    Anonymizer,
    CandidatePanel,
    Interview,
    Panel,
    PanelBuilder,
    PanelHeader,
    Placing,
    Standing,
    candidate_key,
    order,
    rank,
)
from skillcheck.errors import SkillcheckError
from skillcheck.files import output_is_input
from skillcheck.rubric.model import Role, Rubric
from skillcheck.scorecards import Card, FileId, IsOutput, Rejected, file_id, read_card
from skillcheck.startup import keep_until_exit

if TYPE_CHECKING:
    from skillcheck.files import AtomicFile
    from skillcheck.render.panel import Frame, Parts, Ranked, Renderer

#: Fewer files than this per worker are not worth a process.
FILES_PER_WORKER = 500
MAX_WORKERS = 4
#: Sets the number of workers (1 = no fork), for tests and benchmarks.
WORKERS_ENV = "SKILLCHECK_PANEL_WORKERS"


# The records here are NamedTuples rather than dataclasses: they are made once
# per command, and a dataclass takes half a millisecond to define, on every
# panel's start-up, which one process spends before the others start.


class PanelJob(NamedTuple):
    """What every worker knows before it starts (a forked worker inherits it)."""

    files: Sequence[str]
    rubric: Rubric
    role_id: str | None = None
    #: Candidate name -> their own ratings, from ``--self`` files.
    own: Mapping[str, Mapping[str, int | None]] = MappingProxyType({})
    #: (path, name) of each ``--self`` file used, and those that could not be.
    own_files: tuple[tuple[str, str], ...] = ()
    own_problems: tuple[Rejected, ...] = ()
    anonymous: bool = False
    #: The ``-o`` file, and its identity when it exists: no file read may be it.
    output: str | None = None
    output_id: FileId | None = None


class PanelRun(NamedTuple):
    """A built panel, the files that could not be used, and how many were read."""

    panel: Panel
    rejected: tuple[Rejected, ...]
    cards: int


class RenderedPanel(NamedTuple):
    """A panel rendered straight from files (``render_files``)."""

    text: str | None  # None when it was written to a file
    rejected: tuple[Rejected, ...]
    cards: int


def workers_for(files: int) -> int:
    """How many processes a panel of ``files`` files should use."""
    forced = os.environ.get(WORKERS_ENV, "").strip()
    if forced.isdigit() and int(forced) > 0:
        return int(forced) if hasattr(os, "fork") else 1
    if not sys.platform.startswith("linux"):
        return 1  # fork is only dependable on Linux
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_WORKERS, files // FILES_PER_WORKER))


#: The file list is cut into this many chunks per worker: enough that a
#: worker slowed down leaves its share to the others, few enough that
#: candidates whose files straddle two chunks (handed over) stay rare.
CHUNKS_PER_WORKER = 32
#: Chunk numbers wait in a pipe, 4 bytes each: at most 512 bytes, the least
#: PIPE_BUF that POSIX allows, so that they go into the empty pipe in one
#: write that cannot block, on any system.
_MAX_CHUNKS = 128
_CHUNK_NUMBER = struct.Struct("=I")


class _Chunks:
    """The file indexes in consecutive runs (chunks), taken first come, first served.

    With several workers the chunk numbers wait in a pipe that every worker
    inherits: reading 4 bytes takes the next number (the reads of a pipe are
    serialised, so no chunk is taken twice), and each worker takes its chunks
    in increasing order. The writing end is closed before any worker starts,
    so an empty pipe reads as the end.
    """

    def __init__(self, files: int, workers: int) -> None:
        self.files = files
        self.count = max(1, min(files, workers * CHUNKS_PER_WORKER, _MAX_CHUNKS))
        self._fd: int | None = None
        if workers > 1:
            numbers = b"".join(map(_CHUNK_NUMBER.pack, range(self.count)))
            try:
                read_fd, write_fd = os.pipe()
            except OSError as exc:  # out of file descriptors: do without workers
                raise WorkerFailed(f"cannot share out the files: {exc}") from None
            try:
                if os.write(write_fd, numbers) != len(numbers):
                    raise OSError("the pipe took part of the chunk numbers")
            except OSError as exc:
                os.close(read_fd)
                raise WorkerFailed(f"cannot share out the files: {exc}") from None
            except BaseException:  # Ctrl-C: no descriptor is left behind either
                os.close(read_fd)
                raise
            finally:
                os.close(write_fd)
            self._fd = read_fd

    def chunk(self, number: int) -> range:
        """The file indexes of chunk ``number``."""
        files, count = self.files, self.count
        return range(files * number // count, files * (number + 1) // count)

    def taken(self) -> Iterator[tuple[int, range]]:
        """Each chunk this process takes, in increasing order: (number, file indexes)."""
        if self._fd is None:
            yield from ((number, self.chunk(number)) for number in range(self.count))
            return
        size = _CHUNK_NUMBER.size
        while taken := os.read(self._fd, size):
            number = _CHUNK_NUMBER.unpack(taken)[0]
            yield number, self.chunk(number)

    def close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


# --- The steps every worker runs -----------------------------------------------


class _Census(NamedTuple):
    """What a worker tells the coordinator after reading."""

    rejected: list[tuple[int, Rejected]]  # (file index, why)
    roles: Counter[str]
    cards: int
    versions: set[str]
    unknown: set[str]
    #: Each candidate's key, name as first written in this worker's files, and
    #: the chunk of that file.
    names: list[tuple[str, str, int]]
    interviewers: set[str]
    #: (index, path) of a file read that is the ``-o`` file: the worker's first
    #: (it stopped there), and the first in the file list of every chunk it took.
    is_output: tuple[int, str] | None = None


class _Decision(NamedTuple):
    """What the coordinator tells a worker after the census."""

    role: Role | None
    #: (candidate names, interviewer names) when names are to be hidden.
    hide: tuple[list[str], list[str]] | None
    #: Candidate key -> owner, for this worker's candidates that another worker owns.
    give: dict[str, int]


#: Candidate key -> the chunks their interviews came from, as a flat list
#: [chunk, how many, chunk, how many...] (chunks in increasing order). A chunk
#: is read by one worker only, so this is all it takes to put the interviews
#: that several workers read in file order; and it grows with the candidates,
#: not with the files.
_Runs = dict[str, list[int]]
#: Interviews handed over: [(candidate key, name as first written in the
#: giver's files, their runs, the interviews)].
_Handover = list[tuple[str, str, list[int], list[Interview]]]
#: Interviews on their way to the candidates' owners: owner -> handover.
_Parcel = dict[int, _Handover]


def _read(job: PanelJob, chunks: _Chunks) -> tuple[PanelBuilder, _Runs, _Census]:
    rubric = job.rubric
    files = job.files
    builder = PanelBuilder(rubric)
    runs: _Runs = {}
    rejected: list[tuple[int, Rejected]] = []
    roles: Counter[str] = Counter()
    cards = 0
    output = job.output_id
    is_output = None
    for number, chunk in chunks.taken():
        for index in chunk:
            path = files[index]
            try:
                card = read_card(path, output)
            except IsOutput:
                is_output = (index, path)
                break
            if isinstance(card, Rejected):
                rejected.append((index, card))
                continue
            problem = _misfit(card, rubric)
            if problem:
                rejected.append((index, Rejected(path, f"{path}: {problem}")))
                continue
            cards += 1
            if card.role:
                roles[card.role] += 1
            key = builder.add_interview(card.candidate, card.interview, card.rubric_version)
            mine = runs.get(key)
            if mine is None:
                runs[key] = [number, 1]
            elif mine[-2] == number:
                mine[-1] += 1
            else:
                mine += (number, 1)
        if is_output is not None:
            break
    census = _Census(
        rejected,
        roles,
        cards,
        builder.versions,
        builder.unknown,
        [(key, name, runs[key][0]) for key, name in builder.keyed_names],
        builder.interviewers if job.anonymous else set(),
        is_output,
    )
    return builder, runs, census


def _parcel(builder: PanelBuilder, runs: _Runs, give: Mapping[str, int]) -> _Parcel:
    """Take the interviews of the candidates this worker gives away, by owner."""
    parcel: _Parcel = {}
    for key, owner in give.items():
        name, interviews = builder.take(key)
        parcel.setdefault(owner, []).append((key, name, runs.pop(key), interviews))
    return parcel


def _receive(builder: PanelBuilder, runs: _Runs, handovers: Iterable[_Handover]) -> None:
    """Add the interviews handed over to this worker's candidates, in file order,
    under the name written in the first of their files (whoever read it)."""
    arrived: dict[str, list[tuple[int, str, list[Interview]]]] = {}
    for handover in handovers:
        for key, name, their_runs, interviews in handover:
            arrived.setdefault(key, []).extend(
                (chunk, name, part) for chunk, part in _by_chunk(their_runs, interviews)
            )
    for key, parts in arrived.items():
        if key in runs:  # this worker read some of their files too
            name, interviews = builder.take(key)
            parts.extend((chunk, name, part) for chunk, part in _by_chunk(runs[key], interviews))
        parts.sort(key=itemgetter(0))  # chunk numbers: no two are equal
        builder.put(key, parts[0][1], [interview for _, _, part in parts for interview in part])


def _by_chunk(
    runs: list[int], interviews: list[Interview]
) -> Iterator[tuple[int, list[Interview]]]:
    """``interviews`` cut into the runs that ``runs`` describes: (chunk, its interviews)."""
    start = 0
    for i in range(0, len(runs), 2):
        end = start + runs[i + 1]
        yield runs[i], interviews[start:end]
        start = end


def _misfit(card: Card, rubric: Rubric) -> str | None:
    if card.rubric_id != rubric.id:
        return f"made with rubric {card.rubric_id!r}, not {rubric.id!r}"
    levels = rubric.levels
    rated = card.interview.levels
    if not set(rated.values()).issubset(levels):
        for skill_id, level in rated.items():
            if level not in levels:
                return (
                    f"rating {level} for {skill_id!r} is not on the scale {levels[0]}-{levels[-1]}"
                )
    return None


def _candidates(job: PanelJob, builder: PanelBuilder, decision: _Decision) -> list[CandidatePanel]:
    found = builder.candidates(decision.role, job.own)
    if decision.hide is not None:
        hide = Anonymizer(*decision.hide)
        found = [hide.candidate(c) for c in found]
    return found


# --- The coordinator's side ------------------------------------------------------


class _Totals(NamedTuple):
    """The census of every worker, merged, and what the coordinator decided."""

    rejected: list[Rejected]
    cards: int
    versions: tuple[str, ...]
    unknown: tuple[str, ...]
    decisions: list[_Decision]  # one per worker
    other_roles: tuple[str, ...]

    @property
    def decision(self) -> _Decision:
        """The coordinator's own."""
        return self.decisions[0]


def _decide(job: PanelJob, censuses: Sequence[_Census]) -> _Totals:
    # The first in the file list, as one process would find it: a worker that
    # finds one stops, but chunks are taken in order, so every chunk before
    # its own was taken, and read up to a file that is the output.
    found = [c.is_output for c in censuses if c.is_output is not None]
    if found:
        raise output_is_input(job.output or "", min(found)[1])
    rejected = sorted((r for c in censuses for r in c.rejected), key=lambda r: r[0])
    cards = sum(c.cards for c in censuses)
    if cards == 0:
        raise SkillcheckError(
            "no usable scorecards"
            + (f" ({len(rejected)} files could not be used)" if rejected else " found")
        )
    roles: Counter[str] = Counter()
    for c in censuses:
        roles.update(c.roles)
    role = choose_role(job.rubric, job.role_id, roles)
    # Where each candidate's first file is, and their name as written there.
    first: dict[str, tuple[int, int, str]] = {}  # key -> (chunk, worker, name)
    for w, census in enumerate(censuses):
        for key, name, chunk in census.names:
            known = first.get(key)
            if known is None or chunk < known[0]:
                first[key] = (chunk, w, name)
    owners = _share_out(first, censuses)
    gives: list[dict[str, int]] = [{} for _ in censuses]
    for w, census in enumerate(censuses):
        give = gives[w]
        for key, _, _ in census.names:
            owner = owners[key]
            if owner != w:
                give[key] = owner
    names = [name for _, _, name in first.values()]
    matched = first.keys()
    unmatched = [
        Rejected(path, f"{path}: no scorecards for {name!r}")
        for path, name in job.own_files
        if candidate_key(name) not in matched
    ]
    hide = None
    if job.anonymous:
        people = sorted({i for c in censuses for i in c.interviewers})
        hide = (sorted(names), people)
    return _Totals(
        [*(r for _, r in rejected), *job.own_problems, *unmatched],
        cards,
        tuple(sorted(set().union(*(c.versions for c in censuses)))),
        tuple(sorted(set().union(*(c.unknown for c in censuses)))),
        [_Decision(role, hide, give) for give in gives],
        tuple(sorted(r for r in roles if role is None or r != role.id)),
    )


def _share_out(
    first: Mapping[str, tuple[int, int, str]], censuses: Sequence[_Census]
) -> dict[str, int]:
    """Each candidate's owner (a worker's index), the candidates shared out evenly.

    ``first``: candidate key -> (chunk, worker, name) of the first of their files.
    How many files a worker reads depends on how fast it happened to read
    (44:56 in some benchmark runs), but the workers then aggregate and render
    a candidate at about the same speed (90 and 92 µs in one such run): if the
    owners followed the read, one worker would wait for the other for tens of
    milliseconds. So each worker owns about as many candidates as the next:
    first those whose first file it read, then those it read some files of,
    then any. Handing a candidate's interviews over takes about 1/10 of the
    time it takes to aggregate and render them.

    The coordinator (worker 0) owns a few fewer: it also ranks everyone
    while the others wait for it (``RANKING_COST``).
    """
    workers = len(censuses)
    owners = {key: w for key, (_, w, _) in first.items()}
    loads = [0] * workers
    for w in owners.values():
        loads[w] += 1
    caps = _shares(len(owners), workers)  # no worker owns more than its cap
    for w, census in enumerate(censuses):
        for key, _, _ in census.names:
            if loads[w] >= caps[w]:
                break
            owner = owners[key]
            if loads[owner] > caps[owner]:
                owners[key] = w
                loads[owner] -= 1
                loads[w] += 1
    light = [w for w in range(workers) if loads[w] < caps[w]]
    for key, owner in owners.items():
        if loads[owner] > caps[owner]:  # then some worker owns fewer than its cap
            while loads[light[-1]] >= caps[light[-1]]:
                light.pop()
            owners[key] = light[-1]
            loads[owner] -= 1
            loads[light[-1]] += 1
    return owners


#: What ranking costs the coordinator per candidate, beyond what sending their
#: standings costs the others, as a share of the time it takes to aggregate
#: and render a candidate: in the benchmark, 8 ms to rank 2,000 against 3 ms
#: to send 1,000 standings, and 147 µs a candidate.
RANKING_COST = 1 / 64


def _shares(candidates: int, workers: int) -> list[int]:
    """How many candidates each worker should own at most: as many each,
    but the coordinator (worker 0) fewer by the time it takes to rank them all
    while the others wait. Their sum is at least ``candidates``."""
    if workers == 1:
        return [candidates]
    first = round(candidates * (1 - (workers - 1) * RANKING_COST) / workers)
    rest = -(-(candidates - first) // (workers - 1))
    return [first] + [rest] * (workers - 1)


def choose_role(rubric: Rubric, role_id: str | None, seen: Counter[str]) -> Role | None:
    """``role_id``, else the role most scorecards name; None for no role."""
    if role_id is None and seen:
        role_id = seen.most_common(1)[0][0]
    if role_id is None or role_id == "none":
        return None
    try:
        return rubric.role(role_id)
    except KeyError:
        known = ", ".join(r.id for r in rubric.roles) or "none"
        raise SkillcheckError(
            f"rubric {rubric.id!r} has no role {role_id!r} (roles: {known})"
        ) from None


#: tuple.__new__, to make Standings of plain tuples without a call each.
_new = tuple.__new__


def _places(standings: Sequence[Sequence[Standing]]) -> list[list[tuple[int, int, str | None]]]:
    """Rank every worker's standings together: per worker, (index, rank, tie-break)."""
    flat = [(w, i, s) for w, mine in enumerate(standings) for i, s in enumerate(mine)]
    out: list[list[tuple[int, int, str | None]]] = [[] for _ in standings]
    for place, (k, tie_break) in enumerate(order(s for _, _, s in flat)):
        w, i, _ = flat[k]
        out[w].append((i, place + 1, tie_break))
    return out


@contextlib.contextmanager
def _without_cycle_collector() -> Iterator[None]:
    """Turn off Python's cycle collector for a while.

    A panel makes hundreds of thousands of small tuples, dicts and lists and
    keeps most of them to the end, so the collector would keep walking a
    growing heap (about a third of the time spent aggregating) to find
    nothing: this data has no reference cycles, and everything else is still
    freed as usual, by reference counting.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_panel(job: PanelJob) -> PanelRun:
    """The panel as one object, in this process (for the terminal and for tests)."""
    with _without_cycle_collector():
        builder, _, census = _read(job, _Chunks(len(job.files), 1))
        totals = _decide(job, [census])
        found = _candidates(job, builder, totals.decision)
        ranking = rank(found)
    role = totals.decision.role
    panel = Panel(
        job.rubric.id,
        job.rubric.version,
        role,
        ranking,
        totals.versions,
        totals.unknown,
        totals.other_roles,
    )
    return PanelRun(panel, tuple(totals.rejected), totals.cards)


def render_files(
    job: PanelJob,
    render: Renderer,
    workers: int = 1,
    out: AtomicFile | None = None,
    to: BinaryIO | None = None,
) -> RenderedPanel:
    """Read, aggregate, rank and render a panel on ``workers`` processes.

    Each process renders its candidates (``render.parts``) as soon as they
    are aggregated, while the ranking is made, and puts their ranks in
    (``render.ranked``) once it is. With ``out`` the text is written there,
    each process writing its own candidates at their place; with ``to`` (a
    binary stream, standard output say) it is written there in order, once
    all of it is made; and ``RenderedPanel.text`` is None. If a worker
    process fails (it was killed, or could not write to its pipe), the panel
    is made again in this process alone: slower, never different.
    """
    with _without_cycle_collector():  # forked workers inherit this
        if workers > 1:
            try:
                return _render_files(job, render, workers, out, to)
            except WorkerFailed:
                if out is not None:
                    out.truncate()
        return _render_files(job, render, 1, out, to)


class _Layout(NamedTuple):
    """What a worker needs to make its pieces of the output."""

    frame: Frame  # head and tail left out: the coordinator writes them
    total: int  # candidates in the whole panel


def _render_files(
    job: PanelJob,
    render: Renderer,
    workers: int,
    out: AtomicFile | None,
    to: BinaryIO | None,
) -> RenderedPanel:
    _reap_exited()
    links: list[_Link] = []
    chunks = _Chunks(len(job.files), workers)  # WorkerFailed: one process
    try:
        for _ in range(1, workers):
            links.append(_Link.fork(job, chunks, render, out))
        # Worker 0 is this process: the same steps, then the coordinator's part.
        builder, runs, census = _read(job, chunks)
        totals = _decide(job, [census, *(link.receive() for link in links)])
        for link, decision in zip(links, totals.decisions[1:], strict=True):
            link.send(decision)
        # The handover, through the coordinator.
        parcels = [
            _parcel(builder, runs, totals.decision.give),
            *(link.receive() for link in links),
        ]
        for w, link in enumerate(links, start=1):
            link.send([p.get(w, []) for p in parcels])
        _receive(builder, runs, (p.get(0, []) for p in parcels))
        found = _candidates(job, builder, totals.decision)
        role = totals.decision.role
        # Rendered first, while the other workers render theirs: then the ranking.
        bodies = _bodies(render.parts, found, role)
        standings = [
            [c.standing for c in found],
            *([_new(Standing, s) for s in link.receive()] for link in links),
        ]
        places = _places(standings)
        whole = render.frame(_header(job, totals, standings, places), totals.rejected)
        count = sum(map(len, places))
        layout = _Layout(whole._replace(head="", tail=""), count)
        for link, theirs in zip(links, places[1:], strict=True):
            link.send((theirs, layout))
        pieces = _pieces(whole, count, render.ranked, places[0], bodies)
        head, tail = whole.head.encode(), whole.tail.encode()
        text = None
        if out is None:
            for link in links:
                pieces.update(link.receive())
                link.finished = True
            ordered = (pieces[rank] for rank in range(1, count + 1))
            if to is None:
                text = b"".join([head, *ordered, tail]).decode()
            else:  # never the whole at once: tens of megabytes for a large panel
                to.write(head)
                for piece in ordered:
                    to.write(piece)
                to.write(tail)
                to.flush()
        else:
            sizes = {rank: len(piece) for rank, piece in pieces.items()}
            for link in links:
                sizes.update(link.receive())
            offsets, end = _offsets(len(head), sizes, count)
            for link, theirs in zip(links, places[1:], strict=True):
                link.send({rank: offsets[rank] for _, rank, _ in theirs})
            out.write_at(head, 0)
            _write_pieces(out, pieces, offsets)
            out.write_at(tail, end)
            for link in links:
                link.receive()  # that worker's pieces are written
                link.finished = True
        # Hundreds of thousands of small objects: when the command is about to
        # end, freeing them one by one as this returns is wasted time.
        keep_until_exit(builder, found, standings, places)
    finally:
        chunks.close()
        for link in links:
            link.close()
    return RenderedPanel(text, tuple(totals.rejected), totals.cards)


def _header(
    job: PanelJob,
    totals: _Totals,
    standings: Sequence[Sequence[Standing]],
    places: Sequence[Sequence[tuple[int, int, str | None]]],
) -> PanelHeader:
    placings = [
        Placing(rank, standings[w][i], tie_break)
        for w, mine in enumerate(places)
        for i, rank, tie_break in mine
    ]
    placings.sort(key=lambda p: p.rank)
    return PanelHeader(
        job.rubric.id,
        job.rubric.version,
        totals.decision.role,
        tuple(placings),
        totals.versions,
        totals.unknown,
        totals.other_roles,
    )


def _bodies(
    parts: Parts, found: Sequence[CandidatePanel], role: Role | None
) -> dict[int, list[bytes]]:
    """Each of this worker's candidates (by index) rendered but not yet ranked,
    encoded as it is made: only the bytes are kept (tens of megabytes in a
    large panel), not the text too."""
    return {i: [part.encode() for part in parts(c, role)] for i, c in enumerate(found)}


def _pieces(
    frame: Frame,
    count: int,
    ranked: Ranked,
    places: Iterable[tuple[int, int, str | None]],
    bodies: dict[int, list[bytes]],
) -> dict[int, bytes]:
    """Each of this worker's pieces of the file, by rank, from their bodies
    (taken out of ``bodies`` as they are used, so the two are not kept)."""
    piece = frame.encoded_piece
    take = bodies.pop
    return {
        rank: piece(ranked(take(i), rank, tie_break), rank, count) for i, rank, tie_break in places
    }


def _offsets(start: int, sizes: Mapping[int, int], count: int) -> tuple[dict[int, int], int]:
    """Where each rank's piece goes in the file, and where the tail goes."""
    offsets = {}
    position = start
    for place in range(1, count + 1):
        offsets[place] = position
        position += sizes[place]
    return offsets, position


def _write_pieces(out: AtomicFile, pieces: Mapping[int, bytes], offsets: Mapping[int, int]) -> None:
    """Write pieces at their offsets, consecutive ranks in one go."""
    ranks = sorted(pieces)
    first = 0
    for i, place in enumerate(ranks):
        if i + 1 == len(ranks) or ranks[i + 1] != place + 1:
            run = ranks[first : i + 1]
            out.write_at(b"".join(pieces[r] for r in run), offsets[run[0]])
            first = i + 1


def _work(
    job: PanelJob,
    chunks: _Chunks,
    render: Renderer,
    out: AtomicFile | None,
    link: _Link,
) -> None:
    """A forked worker's whole life: the same steps as worker 0, answering to it."""
    _forget_cache(job.output, job.output_id)
    builder, runs, census = _read(job, chunks)
    link.send(census)
    decision: _Decision = link.receive()
    link.send(_parcel(builder, runs, decision.give))
    _receive(builder, runs, link.receive())
    found = _candidates(job, builder, decision)
    # As plain tuples: pickled in half the time of the Standings, and read in a third.
    link.send([tuple(c.standing) for c in found])
    bodies = _bodies(render.parts, found, decision.role)
    places: list[tuple[int, int, str | None]]
    layout: _Layout
    places, layout = link.receive()
    pieces = _pieces(layout.frame, layout.total, render.ranked, places, bodies)
    if out is None:
        link.send(pieces)
        return
    link.send({rank: len(piece) for rank, piece in pieces.items()})
    _write_pieces(out, pieces, link.receive())
    link.send(None)


def _forget_cache(path: str | None, identity: FileId | None) -> None:
    """Drop what the system caches of the file at ``path`` if it is still the
    regular file ``identity``: the ``-o`` file, which the panel replaces.

    Replacing a file frees its cached pages, and that happens in the rename,
    at the very end of the panel with every other worker done: 3-5 ms for
    a panel of 20 MB. A forked worker does it as it starts instead, while the
    others read (and take the chunks it has no time for).
    """
    if path is None or identity is None or not hasattr(os, "posix_fadvise"):
        return
    try:
        st = os.stat(path)  # never opened if it is not a regular file (a device...)
        if not stat.S_ISREG(st.st_mode) or (st.st_dev, st.st_ino) != identity:
            return
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
        try:
            st = os.fstat(fd)
            if stat.S_ISREG(st.st_mode) and (st.st_dev, st.st_ino) == identity:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
    except OSError:
        pass


# --- Pipes between the coordinator and a worker ------------------------------------

_LENGTH = struct.Struct("<Q")
#: Held while forking (see _Link.fork).
_HELD_SIGNALS = {getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)}


class WorkerFailed(RuntimeError):
    """A panel worker stopped without finishing (a bug, or it was killed)."""


class _Link:
    """Both ends of a coordinator-worker conversation: pickled messages over pipes."""

    def __init__(self, read_fd: int, write_fd: int, pid: int = 0) -> None:
        self.read_fd, self.write_fd, self.pid = read_fd, write_fd, pid
        #: The worker sent its last message (set by the coordinator).
        self.finished = False

    @classmethod
    def fork(
        cls,
        job: PanelJob,
        chunks: _Chunks,
        render: Renderer,
        out: AtomicFile | None,
    ) -> _Link:
        sys.stdout.flush()  # or the worker would write the buffer out again
        sys.stderr.flush()
        fds: list[int] = []
        try:
            down_r, down_w = os.pipe()  # coordinator -> worker
            fds += (down_r, down_w)
            up_r, up_w = os.pipe()  # worker -> coordinator
            fds += (up_r, up_w)
        except OSError as exc:  # out of file descriptors: do without
            for fd in fds:
                os.close(fd)
            raise WorkerFailed(f"cannot start a panel worker: {exc}") from None
        _widen(up_w)
        _widen(down_w)
        # Until the worker is inside its own try, a signal must not unwind the
        # coordinator's frames it was forked with (their clean-up would remove
        # the coordinator's output file): hold the signals across the fork.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
        try:
            pid = os.fork()
        except OSError as exc:  # out of processes: do without
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            for fd in fds:
                os.close(fd)
            raise WorkerFailed(f"cannot start a panel worker: {exc}") from None
        if pid == 0:  # pragma: no cover - runs in the worker, which coverage does not follow
            code = 0
            try:
                # A worker stopped by SIGTERM or SIGHUP just ends; Ctrl-C ends it
                # through KeyboardInterrupt, below. The coordinator cleans up.
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGHUP, signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
                os.close(down_w)
                os.close(up_r)
                _work(job, chunks, render, out, cls(down_r, up_w))
            except KeyboardInterrupt:
                code = 130
            except BaseException:
                # The coordinator reports it: a worker never prints.
                import traceback

                with contextlib.suppress(BaseException):
                    cls(down_r, up_w).send(WorkerFailed(traceback.format_exc()))
                code = 1
            finally:
                os._exit(code)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        os.close(down_r)
        os.close(up_w)
        return cls(up_r, down_w, pid)

    def send(self, message: object) -> None:
        data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
        view = memoryview(_LENGTH.pack(len(data)) + data)
        try:
            while view:
                view = view[os.write(self.write_fd, view) :]
        except OSError as exc:  # the other end is gone
            raise WorkerFailed(f"panel worker {self.pid}: {exc}") from None

    def receive(self) -> Any:
        (size,) = _LENGTH.unpack(self._exactly(_LENGTH.size))
        message = pickle.loads(self._exactly(size))
        if isinstance(message, WorkerFailed):
            raise message
        return message

    def _exactly(self, size: int) -> bytes:
        chunks = []
        while size:
            chunk = os.read(self.read_fd, min(size, 1 << 20))
            if not chunk:
                raise WorkerFailed(f"panel worker {self.pid} stopped without an answer")
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        """Close the pipes and reap the worker, stopping it first if it is still at work.

        A worker that has finished is only reaped if it has already exited:
        the system takes a while to free its memory, and the coordinator need
        not wait for that (``_reap_exited`` collects it later; a command
        simply ends, and the system reaps it).
        """
        for fd in (self.read_fd, self.write_fd):
            with contextlib.suppress(OSError):
                os.close(fd)
        if self.pid:
            try:
                pid, _ = os.waitpid(self.pid, os.WNOHANG)
                if pid == 0 and self.finished:
                    _EXITING.add(self.pid)
                elif pid == 0:
                    os.kill(self.pid, 9)
                    os.waitpid(self.pid, 0)
            except OSError:
                pass


#: How much a pipe between workers holds: a worker's standings (a few
#: hundred bytes a candidate) are sent while the coordinator is still busy,
#: and a send that does not fit would wait for it.
_PIPE_SIZE = 1 << 20


def _widen(fd: int) -> None:
    """Let the pipe ``fd`` writes to hold ``_PIPE_SIZE`` bytes, where the system
    allows it (Linux; up to /proc/sys/fs/pipe-max-size). Otherwise sends are
    just more often waited for."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
    except (ImportError, AttributeError, OSError):
        pass


#: Workers that had finished but not yet exited when their panel was done.
_EXITING: set[int] = set()


def _reap_exited() -> None:
    """Reap the finished workers of earlier panels that have exited since."""
    for pid in list(_EXITING):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except OSError:  # not our child any more
            done = pid
        if done:
            _EXITING.discard(pid)


def prepare(
    paths: Iterable[str | os.PathLike[str]],
    rubric_ref: str | None = None,
    role_id: str | None = None,
    selves: Iterable[str] = (),
    anonymous: bool = False,
    output: str | None = None,
) -> PanelJob:
    """The job for a panel of ``paths`` (scorecard files or folders).

    The rubric is ``rubric_ref`` if given, else the one the first usable
    scorecard names. ``--self`` files are read here. Raises SkillcheckError
    when no file is a usable scorecard, and UsageError when ``output`` (the
    ``-o`` file) is a ``--self`` file; the scorecards are checked against it
    as they are read.
    """
    from skillcheck.rubric import load_rubric, load_rubric_id
    from skillcheck.scorecards import scorecard_files

    selves = list(selves)
    files = tuple(scorecard_files(paths))
    output_id = file_id(output) if output and output != "-" else None
    if output_id is not None:
        for path in selves:
            if file_id(path) == output_id:
                raise output_is_input(output or "", path)
    rubric: Rubric | None = load_rubric(rubric_ref) if rubric_ref else None
    if rubric is None:
        for path in files:
            try:
                card = read_card(path, output_id)
            except IsOutput:
                raise output_is_input(output or "", path) from None
            if isinstance(card, Card):
                rubric = load_rubric_id(card.rubric_id, path)
                break
        else:
            raise SkillcheckError(
                f"no usable scorecards ({len(files)} files could not be used)"
                if files
                else "no usable scorecards found"
            )
    problems: list[Rejected] = []
    own: dict[str, Mapping[str, int | None]] = {}
    own_files: list[tuple[str, str]] = []
    if selves:
        # Assessments are pydantic models: imported only for --self.
        from skillcheck.assessment import Assessment, load_document
    for path in selves:
        try:
            doc = load_document(path, Assessment)
        except SkillcheckError as exc:
            problems.append(Rejected(path, exc.message))
            continue
        if doc.rubric.id != rubric.id:
            problems.append(
                Rejected(path, f"{path}: made with rubric {doc.rubric.id!r}, not {rubric.id!r}")
            )
            continue
        own[doc.name] = doc.levels()
        own_files.append((path, doc.name))
    return PanelJob(
        files,
        rubric,
        role_id,
        own,
        tuple(own_files),
        tuple(problems),
        anonymous,
        output,
        output_id,
    )
