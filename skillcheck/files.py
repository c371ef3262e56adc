"""Reading files people give us, and writing files atomically.

Everything here turns OS and decoding failures into one-line
``SkillcheckError`` messages that name the file.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from skillcheck.errors import SkillcheckError, UsageError

#: Larger inputs are refused before they are read: no rubric, answers file or
#: saved document comes anywhere near this.
MAX_INPUT_BYTES = 4 * 1024 * 1024

#: Nesting deeper than this is refused while parsing (the formats need < 10).
MAX_DEPTH = 64


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "no such file or folder"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EISDIR:
        return "is a folder, not a file"
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    if exc.errno == errno.EROFS:
        return "read-only file system"
    return exc.strerror or str(exc)


def os_error_message(exc: OSError) -> str:
    """One line for an OSError that no caller explained (e.g. standard output on a full disk)."""
    reason = _os_reason(exc)
    return f"{exc.filename}: {reason}" if exc.filename else reason


def read_text(path: str | os.PathLike[str], *, limit: int = MAX_INPUT_BYTES) -> str:
    """Return the UTF-8 text of ``path`` or raise a one-line SkillcheckError."""
    name = os.fspath(path)
    try:
        # O_NONBLOCK: opening a FIFO would otherwise wait for a writer forever;
        # it is refused below as not a regular file. Regular files ignore it.
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
        try:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                raise SkillcheckError(f"{name}: is a folder, not a file")
            if not stat.S_ISREG(st.st_mode):
                raise SkillcheckError(f"{name}: not a regular file")
            if st.st_size > limit:
                raise SkillcheckError(
                    f"{name}: too large ({_size(st.st_size)}; the limit is {_size(limit)})"
                )
            data = _read_at_most(fd, limit + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        raise SkillcheckError(f"{name}: {_os_reason(exc)}") from None
    if len(data) > limit:
        raise SkillcheckError(f"{name}: too large (the limit is {_size(limit)})")
    if b"\x00" in data:
        raise SkillcheckError(f"{name}: binary data, not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SkillcheckError(f"{name}:{line}: not UTF-8 text (byte {exc.start})") from None


def _read_at_most(fd: int, n: int) -> bytes:
    chunks: list[bytes] = []
    while n > 0:
        chunk = os.read(fd, min(n, 1024 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB"


def _default_mode() -> int:
    # The mode a plain open() would give: 0666 less the umask.
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write_text(path: str | os.PathLike[str], text: str, *, mode: int | None = None) -> None:
    """Write ``text`` to ``path`` so that a crash leaves the old or the new file
    (see ``atomic_file``)."""
    data = text.encode("utf-8")
    with atomic_file(path, mode=mode) as out:
        out.write_at(data, 0)


def _cannot_write(target: Path, exc: OSError) -> SkillcheckError:
    return SkillcheckError(f"cannot write {target}: {_os_reason(exc)}")


class AtomicFile:
    """The temporary file that ``atomic_file`` renames over its target when done."""

    def __init__(self, fd: int, target: Path) -> None:
        self.fd, self.target = fd, target

    def write_at(self, data: bytes, offset: int) -> None:
        """Write ``data`` at ``offset`` (processes sharing the file write their own parts)."""
        view = memoryview(data)
        try:
            if not hasattr(os, "pwrite"):  # Windows, where one process writes
                os.lseek(self.fd, offset, os.SEEK_SET)
                while view:
                    view = view[os.write(self.fd, view) :]
            while view:
                written = os.pwrite(self.fd, view, offset)
                view, offset = view[written:], offset + written
        except OSError as exc:
            raise _cannot_write(self.target, exc) from None

    def truncate(self) -> None:
        """Start again from an empty file."""
        try:
            os.ftruncate(self.fd, 0)
        except OSError as exc:
            raise _cannot_write(self.target, exc) from None


def output_is_input(output: str, path: str) -> UsageError:
    """The refusal when ``-o`` names a file the command reads: it would be lost."""
    return UsageError(
        f"-o {output} is {path}, which this command reads; "
        "writing there would replace it: choose another output file"
    )


@contextlib.contextmanager
def stop_signals_call(handler: Callable[[int, Any], None]) -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP (``kill``, a closed terminal)
    call ``handler`` instead of ending the process at once, so that it can end
    through its clean-up. A signal someone chose to ignore (``nohup``), or
    already handles, is left as it is; off the main thread nothing changes
    (only the main thread can handle signals)."""
    import signal
    import threading

    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None and signal.getsignal(number) is signal.SIG_DFL:
                previous[number] = signal.signal(number, handler)
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def _exit_through_clean_up(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _stopping_cleanly() -> contextlib.AbstractContextManager[None]:
    """While the block runs, SIGTERM and SIGHUP end the process through the usual
    clean-up (SystemExit, as ``kill`` or a closed terminal would end it, but
    with ``finally`` blocks run), so that no temporary file is left behind."""
    return stop_signals_call(_exit_through_clean_up)


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str], *, mode: int | None = None) -> Iterator[AtomicFile]:
    """A file to write that replaces ``path`` only if the block ends without error.

    The data goes to a temporary file in the same folder, which is fsynced,
    then renamed over ``path``; on any error it is removed and ``path`` is
    untouched. ``mode`` sets the permissions (e.g. 0o600 for personal data);
    otherwise an existing file keeps its mode and a new one gets the umask
    default. Problems with ``path`` itself are raised before the block runs.
    """
    shown = Path(path)
    # A symbolic link stays one: the file it points to is what gets replaced.
    target = Path(os.path.realpath(shown)) if shown.is_symlink() else shown
    folder = target.parent
    if not folder.is_dir():
        raise SkillcheckError(f"cannot write {shown}: folder {folder} does not exist")
    if target.is_dir():
        raise SkillcheckError(f"cannot write {shown}: it is a folder")
    if target.exists() and not target.is_file():
        # A device or a pipe (e.g. /dev/stdout): renaming over it would replace it.
        raise SkillcheckError(f"cannot write {shown}: not a regular file (use - for stdout)")
    if mode is None:
        try:
            mode = target.stat().st_mode & 0o777
        except OSError:
            mode = _default_mode()
    tmp_name: str | None = None
    with _stopping_cleanly():
        try:
            try:
                fd, tmp_name = _create_beside(target)
            except OSError as exc:
                raise _cannot_write(target, exc) from None
            try:
                try:
                    os.fchmod(fd, mode)
                except OSError as exc:
                    raise _cannot_write(target, exc) from None
                yield AtomicFile(fd, target)
                try:
                    os.fsync(fd)
                except OSError as exc:
                    raise _cannot_write(target, exc) from None
            finally:
                os.close(fd)
            try:
                os.replace(tmp_name, target)
            except OSError as exc:
                raise _cannot_write(target, exc) from None
            tmp_name = None
            _fsync_dir(folder)
        finally:
            if tmp_name is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp_name)


#: Open a new file only: never an existing one, nor through a symbolic link.
_NEW_FILE = (
    os.O_RDWR
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _create_beside(target: Path) -> tuple[int, str]:
    """A new, empty file ``.NAME.XXXXXXXX.tmp`` in ``target``'s folder, readable
    by its owner only: what ``tempfile.mkstemp`` makes, without importing
    tempfile (and shutil and random with it: 4 ms of every command that writes)."""
    for _ in range(100):
        name = str(target.parent / f".{target.name}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(name, _NEW_FILE, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", str(target.parent))


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not every platform can open a folder.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def parse_json(text: str, name: str) -> Any:
    """Parse a JSON document strictly: duplicate keys and deep nesting are errors."""

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise SkillcheckError(f"{name}: duplicate key {key!r}")
            out[key] = value
        return out

    if not text.strip():
        raise SkillcheckError(f"{name}: empty file")
    try:
        return json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        raise SkillcheckError(
            f"{name}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except RecursionError:
        # The C scanner checks the recursion limit, so this is safe to catch.
        raise SkillcheckError(f"{name}: nested too deeply") from None
    except ValueError:
        # int() refuses numbers of more than sys.get_int_max_str_digits() digits.
        raise SkillcheckError(f"{name}: not valid JSON (a number has too many digits)") from None


def lock_path(path: str | os.PathLike[str]) -> Path:
    """The hidden lock file beside ``path`` (``.NAME.lock``)."""
    target = Path(path)
    return target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def exclusive(path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` for the duration, or refuse at once.

    The lock is ``flock`` on a sibling lock file, because ``path`` itself is
    replaced on every atomic save. The kernel releases it when the process
    ends in any way (``kill -9`` included), so a stale lock never blocks. A
    second holder gets a one-line SkillcheckError instead of waiting.
    """
    import fcntl

    target = Path(path)
    name = lock_path(target)
    while True:
        try:
            fd = os.open(name, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise SkillcheckError(f"cannot lock {target}: {_os_reason(exc)}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            os.close(fd)
            who = f" (process {holder})" if holder else ""
            raise SkillcheckError(
                f"{target} is open in another skillcheck{who}; finish or stop that one first"
            ) from None
        except OSError as exc:
            os.close(fd)
            raise SkillcheckError(f"cannot lock {target}: {_os_reason(exc)}") from None
        # The previous holder may have removed the lock file between our open
        # and our flock; then we hold a lock on a deleted file: start again.
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(name))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        # The pid only makes the refusal message friendlier: a full disk must
        # not stop the run (the lock itself is the flock, already held).
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        # Unlink while still holding the lock, so no one else can lock this inode.
        with contextlib.suppress(OSError):
            os.unlink(name)
        os.close(fd)


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None
