"""PDF bytes -> files on disk, all or nothing: every file is first written in full to a private temporary file
in its folder and flushed to disk; only when all are complete is each put in place.

On Linux a temporary file has no name (``O_TMPFILE``), so even ``kill -9`` leaves nothing behind; elsewhere it
is a hidden ``.workbook-XXXX.part`` file beside the target. Without ``--force`` a file is put in place with a
hard link, which fails if the target exists, so a file that appears while we build is never replaced. Only
regular files are ever replaced: never a link, a folder, a device, a pipe or a socket.
"""

from __future__ import annotations

import errno
import os
import secrets
import signal
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from workbook.errors import OutputError, WriteInterrupted, shown

UNNAMED_TEMPORARY_FILES = hasattr(os, "O_TMPFILE")  # Linux; the tests turn it off to try the other way
# "no hard links here": FAT and exFAT sticks (EPERM, EINVAL), some network shares and FUSE file systems
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EINVAL, errno.EMLINK,
                  errno.EXDEV}
_NOTHING_WRITTEN = "nothing was written and no file was changed"
_APPEARED = "appeared while building; use --force to replace it, or choose another path"
STANDARD_OUTPUT = Path("-")  # ``-o -``: the PDF goes to standard output
_NEVER_A_PDF = (".yaml", ".yml", ".toml")  # plans and layouts: a PDF never replaces one, even with --force


def default_pdf_name(source: Path | None, suffix: str = "") -> Path:
    """The PDF a command writes when no ``-o`` is given, in the current folder: ``plan.yaml`` -> ``plan.pdf``
    (``suffix`` added to the stem: ``filled.pdf`` -> ``filled-print.pdf``)."""
    if source is None:
        return Path("intervention-workbook.pdf")
    stem = source.stem if source.suffix else source.name
    return Path(f"{stem or 'workbook'}{suffix}.pdf")


def check_pdf_name(path: Path) -> str | None:
    """Refuse a PDF over a plan or layout file (by its ending, whether or not it exists yet); return a note
    when the name does not end in .pdf (None when it does)."""
    if path == STANDARD_OUTPUT:
        return None
    ending = path.suffix.lower()
    if ending in _NEVER_A_PDF:
        raise OutputError(f"{shown(path)}: a PDF is never written to a {ending} file (a plan or layout file), "
                          "even with --force; give a name ending in .pdf")
    if ending != ".pdf":
        return f"{shown(path)} does not end in .pdf; viewers and printers may not open it as a PDF"
    return None


def write_standard_output(data: bytes) -> None:
    """The PDF on standard output (``-o -``); a terminal is refused before any work (:func:`check_target`)."""
    stream = sys.stdout.buffer
    stream.write(data)
    stream.flush()


def real_path(path: Path) -> Path:
    """``path`` with its links followed, to compare two paths; a link loop (which ``resolve`` cannot follow)
    is compared as written."""
    try:
        return path.resolve()
    except RuntimeError:  # a symbolic link loop (Python 3.11)
        return Path(os.path.abspath(path))


def check_target(path: Path, force: bool) -> None:
    """Fail early, before any work, if ``path`` cannot or must not be written."""
    if path == STANDARD_OUTPUT:
        if sys.stdout.isatty():
            raise OutputError("-o -: standard output is a terminal; a PDF there would fill the screen with "
                              "binary. Redirect it (-o - > file.pdf, or | lpr) or give a file name")
        return
    info = _lstat(path)
    if info is not None:
        problem = _not_replaceable(path, info)
        if problem:
            raise OutputError(problem)
        if not force:
            raise OutputError(f"{shown(path)}: already exists; use --force to replace it, or choose another path")
    _check_folder(path.parent)


def check_folder(folder: Path) -> None:
    """``--per-person DIR``: an existing folder (or a link to one) to write in, or a new one that can be made."""
    info = _lstat(folder)
    if info is None:
        _check_folder(folder.parent, f", so {shown(folder.name)} cannot be made in it; choose another folder")
        return
    if stat.S_ISLNK(info.st_mode):
        followed = _stat(folder)
        if followed is None:
            raise OutputError(f"{shown(folder)}: is a symbolic link to a folder that does not exist; create that "
                              "folder or give another one")
        info = followed
    if not stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{shown(folder)}: --per-person needs a folder, and this is a file")
    _check_folder(folder)


def write_atomically(path: Path, data: bytes, force: bool, mode: int = 0o600) -> None:
    """Write ``data`` to ``path`` so that readers see either the old file (or none) or the whole new one.

    The file is private (0600) by default: workbooks and plans hold a family's private matters.
    """
    check_target(path, force)
    write_files([(path, data)], force, mode)


def write_files(files: Sequence[tuple[Path, bytes]], force: bool, mode: int = 0o600,
                folder: Path | None = None) -> list[Path]:
    """Write every file or none, making ``folder`` first if it is missing; return the paths written.

    A problem while writing leaves nothing (and removes the folder it made); a problem while putting the
    complete files in place (a file that appeared meanwhile, a full folder) stops there and the message lists
    exactly what was written. Ctrl-C and SIGTERM wait while files are put in place; ``WriteInterrupted`` says
    what was written when they come.
    """
    paths = [path for path, _ in files]
    written: list[Path] = []
    try:
        made = folder is not None and _make_folder(folder)
        try:
            staged = _stage_all(files, mode)
            with _signals_held():
                try:
                    for item in staged:
                        _recheck_target(item.path, force)
                    for item in staged:
                        _publish(item, force)
                        written.append(item.path)
                finally:
                    for item in staged:
                        item.discard()
                    for parent in dict.fromkeys(path.parent for path in written):
                        _sync_folder(parent)
        finally:
            if made and not written:
                _remove_empty(folder)
    except KeyboardInterrupt:
        raise WriteInterrupted(_outcome(written, paths)) from None
    except _Failed as failed:
        raise OutputError(f"{shown(failed.path)}: {failed.reason}; {_outcome(written, paths)}") from None
    return written


def _outcome(written: list[Path], paths: list[Path]) -> str:
    """What a stopped run leaves, in words: nothing, everything, or which files were written and which not."""
    if not written:
        return _NOTHING_WRITTEN
    rest = [path for path in paths if path not in written]
    if not rest:
        return "every file was written: " + ", ".join(map(shown, written))
    return f"written: {', '.join(map(shown, written))}; not written: {', '.join(map(shown, rest))}"


class _Failed(Exception):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


@dataclass
class _Staged:
    """A complete, flushed temporary file waiting to be put in place at ``path``."""

    path: Path
    fd: int | None = None  # open: an unnamed temporary file (Linux), linked into place through /proc/self/fd
    temp: Path | None = None  # else a hidden temporary file beside the target

    def discard(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self.temp is not None:
            self.temp.unlink(missing_ok=True)
            self.temp = None


def _stage_all(files: Sequence[tuple[Path, bytes]], mode: int) -> list[_Staged]:
    staged: list[_Staged] = []
    try:
        for path, data in files:
            staged.append(_stage(path, data, mode))
    except BaseException:
        for item in staged:
            item.discard()
        raise
    return staged


def _stage(path: Path, data: bytes, mode: int) -> _Staged:
    item = _Staged(path)
    try:
        item.fd = _open_unnamed(path.parent, mode) if UNNAMED_TEMPORARY_FILES else None
        if item.fd is None:
            item.fd, name = tempfile.mkstemp(prefix=".workbook-", suffix=".part", dir=path.parent)
            item.temp = Path(name)
        view = memoryview(data)
        while view:
            view = view[os.write(item.fd, view):]
        if item.temp is None:
            os.fchmod(item.fd, mode)
        else:
            os.chmod(item.temp, mode)
        os.fsync(item.fd)
        if item.temp is not None:  # a named file needs no open descriptor (hundreds of packets)
            os.close(item.fd)
            item.fd = None
    except OSError as exc:  # a full disk, a vanished folder, a permission problem
        item.discard()
        raise _Failed(path, f"could not be written ({exc.strerror or exc})") from None
    except BaseException:
        item.discard()
        raise
    return item


def _open_unnamed(folder: Path, mode: int) -> int | None:
    """An unnamed file in ``folder``, or None where the system or the file system cannot make one."""
    try:
        fd = os.open(folder, os.O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, mode)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.ENOTSUP, errno.EISDIR, errno.EINVAL):
            return None
        raise
    if not os.path.exists(f"/proc/self/fd/{fd}"):  # no /proc: it could never be linked into place
        os.close(fd)
        return None
    return fd


def _recheck_target(path: Path, force: bool) -> None:
    """Just before anything is put in place: what changed at ``path`` while we built stops the run."""
    try:
        info = _lstat(path)
    except OutputError as exc:
        raise _Failed(path, str(exc).removeprefix(f"{shown(path)}: ")) from None
    if info is None:
        return
    problem = _not_replaceable(path, info)
    if problem:
        raise _Failed(path, problem.removeprefix(f"{shown(path)}: "))
    if not force:
        raise _Failed(path, _APPEARED)


def _publish(item: _Staged, force: bool) -> None:
    """Put one file in place: a hard link (fails if the target exists) or, with --force, a rename."""
    path = item.path
    try:
        if force:
            os.replace(item.temp or _name_unnamed(item), path)
            item.temp = None
        elif item.temp is None:
            _link_unnamed(item, path.name)
        else:
            _link_named(item.temp, path)
            item.discard()
    except FileExistsError:
        raise _Failed(path, _APPEARED) from None
    except OSError as exc:
        raise _Failed(path, f"could not be put in place ({exc.strerror or exc})") from None


def _link_unnamed(item: _Staged, name: str) -> None:
    """Give the unnamed file ``name`` in its folder; fails with FileExistsError if that name is taken."""
    folder = os.open(item.path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:  # with a folder descriptor, os.link is linkat(AT_SYMLINK_FOLLOW): it links the file, not the /proc link
        os.link(f"/proc/self/fd/{item.fd}", name, dst_dir_fd=folder)
    finally:
        os.close(folder)


def _name_unnamed(item: _Staged) -> Path:
    """A hidden name for the unnamed file, for ``os.replace`` to move over the target (--force)."""
    while True:
        name = f".workbook-{secrets.token_hex(6)}.part"
        with suppress(FileExistsError):
            _link_unnamed(item, name)
            item.temp = item.path.parent / name
            return item.temp


def _link_named(temp: Path, path: Path) -> None:
    try:
        os.link(temp, path)
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        if _lstat(path) is not None:  # a file system without hard links: check, then rename, is all it allows
            raise FileExistsError(errno.EEXIST, "File exists") from None
        os.replace(temp, path)


def _not_replaceable(path: Path, info: os.stat_result) -> str | None:
    """Why an existing ``path`` must never be replaced, even with --force (None: a regular file)."""
    if stat.S_ISLNK(info.st_mode):
        return f"{shown(path)}: is a symbolic link; write to a regular file path instead"
    if stat.S_ISDIR(info.st_mode):
        return f"{shown(path)}: is a folder; give a file name such as {shown(path / 'workbook.pdf')}"
    if not stat.S_ISREG(info.st_mode):
        return (f"{shown(path)}: is not a regular file (a device, a pipe or a socket); the workbook only writes or "
                "replaces regular files, even with --force: choose another path")
    return None


def _check_folder(folder: Path, unwritable: str = "; choose another path") -> None:
    info = _stat(folder)
    if info is None:
        raise OutputError(f"{shown(folder)}: folder does not exist; create it first or choose another path")
    if not stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{shown(folder)}: is not a folder; choose another path")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{shown(folder)}: folder is not writable{unwritable}")


def _lstat(path: Path) -> os.stat_result | None:
    return _stat(path, follow=False)


def _stat(path: Path, follow: bool = True) -> os.stat_result | None:
    """``os.stat`` (or ``lstat``), None if nothing is there; any other problem is a clear OutputError."""
    try:
        return os.stat(path, follow_symlinks=follow)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise OutputError(f"{shown(path)}: the name is too long (most systems allow 255 bytes for a file or "
                              "folder name and 4096 for a whole path); choose a shorter one") from None
        raise OutputError(f"{shown(path)}: cannot be used ({exc.strerror or exc}); choose another path") from None


def _make_folder(folder: Path) -> bool:
    """Make ``folder`` (private, 0700) if it is missing; True if this run made it."""
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        return False
    except OSError as exc:
        raise _Failed(folder, f"the folder could not be made ({exc.strerror or exc})") from None
    return True


def _remove_empty(folder: Path | None) -> None:
    if folder is not None:
        with suppress(OSError):
            os.rmdir(folder)


def _sync_folder(folder: Path) -> None:
    """Flush the folder's new entries to disk too (where the system allows it)."""
    with suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait (a moment: a few links) while files are put in place, so that the run knows
    exactly which were; they arrive as KeyboardInterrupt when this block ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
