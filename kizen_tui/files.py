"""Safe file helpers: private directories, atomic writes, append-only journals.

Everything kizen-tui writes goes through these few functions so that the rules hold in one
place: files that may hold secrets are created 0600 inside 0700 directories, a crash or a full
disk in the middle of a write never leaves a half-written file behind (the old content stays),
and a file we cannot read is set aside rather than deleted.

Only the standard library is used, so every layer may import this module.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, TextIO, cast

PRIVATE_FILE_MODE = 0o600
"""Mode for files that may hold secrets or user data."""

PRIVATE_DIR_MODE = 0o700
"""Mode for directories holding private files."""

_GROUP_OTHER_BITS = stat.S_IRWXG | stat.S_IRWXO


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) and make sure only the owner can use it.

    The directory itself ends up 0700 even if it already existed with a looser mode: it is one
    of our own directories (config, data, the shared credentials folder), and tightening it is
    harmless for its owner. Missing parents are created with the default mode, as ``mkdir -p``
    would.

    Args:
        path: The directory.

    Returns:
        The same path, for chaining.
    """
    path = Path(path)
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    # mkdir's mode is filtered by the umask and ignored for existing directories.
    if stat.S_IMODE(path.stat().st_mode) & _GROUP_OTHER_BITS:
        path.chmod(PRIVATE_DIR_MODE)
    return path


@contextlib.contextmanager
def atomic_text_file(path: Path, *, mode: int = PRIVATE_FILE_MODE,
                     encoding: str = "utf-8") -> Iterator[TextIO]:
    """A new text file that replaces ``path`` atomically when the ``with`` block ends normally.

    What is written goes to a temporary file in the same directory, so a large file can be
    written piece by piece without being held in memory; no newline translation is done. When
    the block ends the file is fsynced and renamed over the target (see :func:`_replacing`); if
    the block raises (an error, a cancelled task) the temporary file is removed and the target
    is left untouched.

    Args:
        path: The file to write (its directory is created if missing).
        mode: Permission bits of the new file (default 0600).
        encoding: The text encoding.
    """
    with _replacing(path, mode, "w", encoding=encoding, newline="") as handle:
        yield cast(TextIO, handle)


def atomic_write_bytes(path: Path, data: bytes, *, mode: int = PRIVATE_FILE_MODE) -> Path:
    """Replace the content of ``path`` with ``data`` atomically.

    Readers see either the old file or the new one, never a mix; if anything fails the old file
    is left untouched (see :func:`_replacing`). If ``path`` is a symlink, the file it points to
    is replaced and the link kept (people keep dotfiles in a repository and link them).

    Args:
        path: The file to write. Its directory is created if missing (with the default mode; call
            :func:`ensure_private_dir` first for private directories).
        data: The new content.
        mode: Permission bits of the new file (default 0600).

    Returns:
        The path actually written (the symlink's target if ``path`` was a link).
    """
    with _replacing(path, mode, "wb") as handle:
        handle.write(data)
    return _target(path)


def _target(path: Path) -> Path:
    """The file a write to ``path`` replaces: a symlink's target, else ``path`` itself."""
    return Path(os.path.realpath(path)) if Path(path).is_symlink() else Path(path)


@contextlib.contextmanager
def _replacing(path: Path, mode: int, open_mode: str, **options: Any) -> Iterator[IO[Any]]:
    """A temporary file, opened with ``open(..., open_mode, **options)``, that is flushed,
    fsynced and renamed over ``path``'s target when the block ends; removed if it raises."""
    target = _target(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # mkstemp creates the file 0600 and O_EXCL, so nobody else can open it in between.
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, open_mode, **options) as handle:
            os.fchmod(handle.fileno(), mode)
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(target.parent)


def atomic_write_text(
    path: Path, text: str, *, mode: int = PRIVATE_FILE_MODE, encoding: str = "utf-8"
) -> Path:
    """Replace the content of ``path`` with ``text`` atomically (see :func:`atomic_write_bytes`).

    The text is written as is: no newline translation, so files look the same on every platform.
    """
    return atomic_write_bytes(path, text.encode(encoding), mode=mode)


def append_private_line(path: Path, line: str) -> Path:
    """Append one line to a private (0600) file, creating it and its 0700 directory if needed.

    Meant for JSON-lines journals: the line and its newline go out in a single ``write`` on a
    file opened with ``O_APPEND`` and are fsynced, so a crash loses at most the line being
    written and never interleaves two lines.

    Args:
        path: The journal file.
        line: One line of text, without a line break.

    Raises:
        ValueError: If ``line`` contains a line break (it would split the record in two).
    """
    if "\n" in line or "\r" in line:
        raise ValueError("a journal line must not contain line breaks")
    path = Path(path)
    ensure_private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE_MODE)
    try:
        # An existing file may have been created looser (by hand, by an old version).
        if stat.S_IMODE(os.fstat(fd).st_mode) != PRIVATE_FILE_MODE:
            os.fchmod(fd, PRIVATE_FILE_MODE)
        os.write(fd, (line + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return path


def set_aside_corrupt(path: Path, *, now: datetime | None = None) -> Path:
    """Rename a file we could not use to ``<name>.corrupt-<UTC timestamp>`` and return the new path.

    Nothing is deleted: the user can inspect or repair the file. If a file with that name
    already exists (two failures in the same second), a counter is added.

    Args:
        path: The unusable file.
        now: The time to stamp (for tests); defaults to the current UTC time.
    """
    path = Path(path)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    os.replace(path, candidate)
    return candidate


def group_or_other_access(path: Path) -> int:
    """Return the group/other permission bits of ``path`` (0 when only the owner has access).

    Follows symlinks: the permissions that matter are those of the file that is read.
    """
    return stat.S_IMODE(Path(path).stat().st_mode) & _GROUP_OTHER_BITS


def _fsync_dir(directory: Path) -> None:
    """Make a rename durable by syncing its directory (best effort; not possible everywhere)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
