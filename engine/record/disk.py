"""The file operations a session log needs, the same on every platform: an exclusive writer,
durable folder entries, whole writes and reads, and keeping a torn tail aside."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

O_BINARY: int = getattr(os, "O_BINARY", 0)  # Windows would otherwise turn "\n" into "\r\n"
O_CLOEXEC: int = getattr(os, "O_CLOEXEC", 0)
O_DIRECTORY: int = getattr(os, "O_DIRECTORY", 0)

if sys.platform == "win32":

    def lock(fd: int, path: Path) -> None:
        """No advisory locks on Windows: a second writer is not detected there."""

    def fsync_dir(directory: Path) -> None:
        """Windows cannot open a folder to fsync it; NTFS journals the new entry."""

    datasync = os.fsync

else:
    import fcntl

    def lock(fd: int, path: Path) -> None:
        """Refuse a second writer; the kernel drops the lock when the process dies."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BlockingIOError(
                errno.EWOULDBLOCK, "another process is writing this session log", str(path)
            ) from None

    def fsync_dir(directory: Path) -> None:
        fd = os.open(directory, os.O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    datasync = getattr(os, "fdatasync", os.fsync)  # the size change is data here: enough


def write_all(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def make_dirs(directory: Path) -> list[Path]:
    """Create missing folders; return the parents whose entries changed (to fsync them)."""
    missing: list[Path] = []
    for folder in [directory, *directory.parents]:
        if folder.exists():
            break
        missing.append(folder)
    directory.mkdir(parents=True, exist_ok=True)
    return [folder.parent for folder in reversed(missing)]


def save_torn(torn_path: Path, fragment: bytes) -> None:
    fd = os.open(torn_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | O_BINARY | O_CLOEXEC, 0o644)
    try:
        write_all(fd, fragment if fragment.endswith(b"\n") else fragment + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    fsync_dir(torn_path.parent)
