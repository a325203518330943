"""PDF bytes -> a file on disk, atomically: a private temporary file beside the target, synced, then renamed.

A failed or interrupted run leaves no partial file and any existing file untouched.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from workbook.errors import OutputError


def check_target(path: Path, force: bool) -> None:
    """Fail early, before any work, if ``path`` cannot or must not be written."""
    if path.is_symlink():
        raise OutputError(f"{path}: is a symbolic link; write to a regular file path instead")
    if path.exists():
        if path.is_dir():
            raise OutputError(f"{path}: is a folder; give a file name such as {path / 'workbook.pdf'}")
        if not force:
            raise OutputError(f"{path}: already exists; use --force to replace it, or choose another path")
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"{folder}: folder does not exist; create it first or choose another path")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{folder}: folder is not writable; choose another path")


def write_atomically(path: Path, data: bytes, force: bool, mode: int = 0o600) -> None:
    """Write ``data`` to ``path`` so that readers see either the old file or the whole new one.

    The file is private (0600) by default: workbooks and plans hold a family's private matters.
    """
    check_target(path, force)
    try:
        _write(path, data, force, mode)
    except OSError as exc:  # a full disk, a vanished folder, a permission problem
        raise OutputError(f"{path}: could not be written ({exc.strerror or exc}); nothing was changed") from None


def _write(path: Path, data: bytes, force: bool, mode: int) -> None:
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        if not force and path.exists():
            raise OutputError(f"{path}: appeared while building; use --force to replace it")
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise

