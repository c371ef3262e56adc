"""Reading untrusted files and writing atomically."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from skillcheck import files
from skillcheck.errors import SkillcheckError
from skillcheck.files import atomic_write_text, parse_json, read_text


def test_reads_utf8_and_strips_bom(tmp_path: Path) -> None:
    p = tmp_path / "a.yaml"
    p.write_bytes("\ufeffname: Zoë\n".encode())
    assert read_text(p) == "name: Zoë\n"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SkillcheckError, match="no such file"):
        read_text(tmp_path / "nope.yaml")


def test_folder_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(SkillcheckError, match="is a folder"):
        read_text(tmp_path)


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests may run as root, where chmod 000 does not stop a read: make opening it fail.
    p = tmp_path / "x.yaml"
    p.write_text("a: 1")
    real_open = os.open

    def deny(name: Any, *args: Any, **kwargs: Any) -> int:
        if os.fspath(name) == str(p):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(SkillcheckError, match="permission denied"):
        read_text(p)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied_for_real(tmp_path: Path) -> None:  # pragma: no cover - non-root only
    p = tmp_path / "secret.yaml"
    p.write_text("a: 1")
    p.chmod(0)
    with pytest.raises(SkillcheckError, match="permission denied"):
        read_text(p)


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    p = tmp_path / "latin1.yaml"
    p.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(SkillcheckError, match=r"latin1.yaml:2: not UTF-8"):
        read_text(p)


def test_binary_garbage(tmp_path: Path) -> None:
    p = tmp_path / "garbage.json"
    p.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(SkillcheckError, match="binary data"):
        read_text(p)


def test_too_large(tmp_path: Path) -> None:
    p = tmp_path / "big.yaml"
    p.write_bytes(b"#" * (files.MAX_INPUT_BYTES + 1))
    with pytest.raises(SkillcheckError, match="too large"):
        read_text(p)


def test_not_a_regular_file() -> None:
    with pytest.raises(SkillcheckError, match="not a regular file"):
        read_text("/dev/null")


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    with pytest.raises(SkillcheckError, match="not a regular file"):
        read_text(fifo)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
def test_no_file_descriptor_is_left_open(tmp_path: Path) -> None:
    before = len(os.listdir("/proc/self/fd"))
    for bad in (tmp_path, "/dev/null", tmp_path / "missing"):
        with pytest.raises(SkillcheckError):
            read_text(bad)
    assert len(os.listdir("/proc/self/fd")) == before


def test_atomic_write_creates_and_replaces(tmp_path: Path) -> None:
    p = tmp_path / "out.json"
    atomic_write_text(p, "one")
    atomic_write_text(p, "two")
    assert p.read_text() == "two"
    assert [x.name for x in tmp_path.iterdir()] == ["out.json"]


def test_atomic_write_mode(tmp_path: Path) -> None:
    p = tmp_path / "card.json"
    atomic_write_text(p, "{}", mode=0o600)
    assert stat.S_IMODE(p.stat().st_mode) == 0o600
    # A rewrite without a mode keeps the file's mode.
    atomic_write_text(p, "{}")
    assert stat.S_IMODE(p.stat().st_mode) == 0o600


def test_atomic_write_new_file_follows_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "r.md", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.md").stat().st_mode) == 0o644


def test_disk_full_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = tmp_path / "out.json"
    p.write_text("old content")

    def full(fd: int, data: Any, offset: int) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "pwrite", full)
    with pytest.raises(SkillcheckError, match="no space left"):
        atomic_write_text(p, "new content")
    assert p.read_text() == "old content"
    assert [x.name for x in tmp_path.iterdir()] == ["out.json"]


def test_missing_output_folder(tmp_path: Path) -> None:
    with pytest.raises(SkillcheckError, match="does not exist"):
        atomic_write_text(tmp_path / "no" / "out.json", "x")


def test_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "out.json"
    p.write_text("old")

    def read_only(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(files, "_create_beside", read_only)
    with pytest.raises(SkillcheckError, match="read-only"):
        atomic_write_text(p, "new")
    assert p.read_text() == "old"


def test_the_temporary_file_is_new_private_and_beside_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    # Names already taken, even by a link to a file elsewhere, are skipped:
    # the file made is always a new one, never opened through a link.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_text("keep")
    (tmp_path / ".out.json.00000000.tmp").write_text("taken")
    (tmp_path / ".out.json.01010101.tmp").symlink_to(elsewhere)
    draws = iter([b"\0" * 4, b"\1" * 4, b"\2" * 4])
    monkeypatch.setattr(os, "urandom", lambda n: next(draws))
    fd, name = files._create_beside(target)
    os.close(fd)
    assert name == str(tmp_path / ".out.json.02020202.tmp")
    assert os.stat(name).st_size == 0
    assert os.stat(name).st_mode & 0o777 == 0o600
    assert elsewhere.read_text() == "keep"


def test_output_path_is_a_folder(tmp_path: Path) -> None:
    with pytest.raises(SkillcheckError, match="it is a folder"):
        atomic_write_text(tmp_path, "x")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a": 1, "a": 2}', "duplicate key 'a'"),
        ('{"a": [1, 2', "t.json:1:"),
        ("", "empty file"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_parse_json_errors(text: str, message: str) -> None:
    with pytest.raises(SkillcheckError, match=message):
        parse_json(text, "t.json")


def test_atomic_write_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["link.json", "real.json"]


@pytest.mark.parametrize("special", ["/dev/null", "fifo"])
def test_atomic_write_never_replaces_a_device_or_a_pipe(tmp_path: Path, special: str) -> None:
    # As root, renaming over /dev/stdout would replace it for the whole system.
    target = Path(special)
    if special == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
    with pytest.raises(SkillcheckError, match="not a regular file"):
        atomic_write_text(target, "x")
    assert not target.is_file()


@pytest.mark.parametrize("pwrite", [True, False], ids=["pwrite", "no-pwrite"])
def test_atomic_file_writes_pieces_at_their_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pwrite: bool
) -> None:
    if not pwrite:
        monkeypatch.delattr(os, "pwrite")  # as on Windows
    p = tmp_path / "out.txt"
    p.write_text("old")
    with files.atomic_file(p) as out:
        out.write_at(b"world", 6)
        out.write_at(b"hello ", 0)
        assert p.read_text() == "old"  # nothing replaced until the block ends
    assert p.read_text() == "hello world"
    atomic_write_text(p, "again")
    assert p.read_text() == "again"
    assert [x.name for x in tmp_path.iterdir()] == ["out.txt"]


def test_a_termination_signal_while_writing_leaves_no_temporary_file(tmp_path: Path) -> None:
    import signal

    p = tmp_path / "out.txt"
    p.write_text("old")
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(SystemExit) as stopped, files.atomic_file(p) as out:
        out.write_at(b"half of it", 0)
        os.kill(os.getpid(), signal.SIGTERM)
    assert stopped.value.code == 128 + signal.SIGTERM
    assert p.read_text() == "old"
    assert [x.name for x in tmp_path.iterdir()] == ["out.txt"]
    assert signal.getsignal(signal.SIGTERM) == before  # put back after the block


def test_an_ignored_hangup_stays_ignored_while_writing(tmp_path: Path) -> None:
    import signal

    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
    try:
        with files.atomic_file(tmp_path / "out.txt") as out:
            os.kill(os.getpid(), signal.SIGHUP)
            out.write_at(b"all of it", 0)
        assert (tmp_path / "out.txt").read_text() == "all of it"
    finally:
        signal.signal(signal.SIGHUP, previous)
