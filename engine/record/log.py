"""The session log: an append-only, hash-chained JSON Lines record of everything a trainee does.

The log is the source of truth for grading, replay and xAPI export, so it is written to survive
a crash: each line goes to disk with one ``os.write`` on an ``O_APPEND`` descriptor (no Python
buffering), so a crash can only tear the last line, and ``append(..., durable=True)`` returns
only once the line is on stable storage. Decisions are appended durably and only then shown to
the trainee as taken; high-rate samples (head pose) are appended without the fsync.

With a ``Signer`` the log's head is signed at checkpoints (``engine.record.station``): every
few seconds of activity, when it is made or resumed, and at the close, which writes the last
line and its signature in one write. The format is described in ``engine.record.format`` and
the checks in ``engine.record.verify``, whose readers are re-exported here. Only
``header_timestamp`` reads the wall clock, and the checkpoint timer a monotonic one.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from engine.errors import Diagnostic, TaskforceError
from engine.record.disk import (
    O_BINARY,
    O_CLOEXEC,
    datasync,
    fsync_dir,
    lock,
    make_dirs,
    read_all,
    save_torn,
    write_all,
)
from engine.record.format import (
    CLOSED,
    FORMAT,
    RESERVED_FIELDS,
    RESERVED_HEADER_FIELDS,
    ZERO_HASH,
    chain_anchor,
    encode_line,
    ends_closed,
)
from engine.record.station import Signer
from engine.record.verify import (
    LogContents,
    LogScan,
    StrPath,
    iter_lines,
    read_log,
    scan_bytes,
    verify_log,
)

__all__ = [
    "CLOSED",
    "FORMAT",
    "ZERO_HASH",
    "LogContents",
    "LogScan",
    "SessionLog",
    "encode_line",
    "ends_closed",
    "header_timestamp",
    "iter_lines",
    "read_log",
    "scan_bytes",
    "verify_log",
]

def header_timestamp() -> str:
    """The current UTC time for a header's ``started`` field, e.g. ``2025-05-01T09:30:00.123Z``."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class SessionLog:
    """An open session log. Make one with ``create`` or ``resume``; appends are thread-safe."""

    def __init__(self, path: Path, fd: int, last_index: int, last_hash: str) -> None:
        """Internal: use ``SessionLog.create`` or ``SessionLog.resume``."""
        self._path = path
        self._fd: int | None = fd
        self._last_index = last_index
        self._last_hash = last_hash
        self._broken: str | None = None
        self._mutex = threading.Lock()
        self._signer: Signer | None = None
        self._header_hash = ""
        self._session = ""
        self._signed_index = -1  # the last chained line a signature covers
        self._signed_at = 0.0
        self._sig = ""
        self._ledger_problem: TaskforceError | None = None

    def _start_signing(self, signer: Signer | None, header: Mapping[str, Any],
                       header_hash: str) -> None:
        self._signer = signer
        self._header_hash = header_hash
        session = header.get("session")
        self._session = session if isinstance(session, str) else ""
        if signer is not None:
            self._sign(self._usable_fd(), b"")
            os.fsync(self._usable_fd())
            self._record_head()

    # --- opening ---------------------------------------------------------------------------

    @classmethod
    def create(cls, path: StrPath, header: Mapping[str, Any], *,
               signer: Signer | None = None) -> SessionLog:
        """Create a new log (never overwriting: ``FileExistsError``) and durably write its header
        (and, with a ``signer``, its first signature).

        ``header`` holds the caller's fields (scenario, scenario_hash, trainee, role, seed,
        engine, started, session, ...); they follow ``{"i":0,"k":"header","format":1``.
        """
        for key in header:
            if not isinstance(key, str):
                raise TypeError(f"header keys must be strings, not {key!r}")
            if key in RESERVED_HEADER_FIELDS:
                raise ValueError(f"the header field {key!r} is reserved")
        header_record = {"i": 0, "k": "header", "format": FORMAT, **header}
        line, header_hash = encode_line(ZERO_HASH, header_record)
        h = chain_anchor(header_record)
        target = Path(path)
        created = make_dirs(target.parent)
        fd = os.open(
            target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | O_BINARY | O_CLOEXEC,
            0o644,
        )  # fmt: skip
        try:
            lock(fd, target)
        except BaseException:
            os.close(fd)
            raise
        try:
            write_all(fd, line)
            os.fsync(fd)
            for directory in [*created, target.parent]:
                fsync_dir(directory)
        except BaseException:
            os.close(fd)
            os.unlink(target)  # only our own header bytes are lost
            raise
        log = cls(target, fd, 0, h)
        try:
            log._start_signing(signer, header_record, header_hash)
        except BaseException:
            log.close()
            raise
        return log

    @classmethod
    def resume(cls, path: StrPath, *, display_path: str | None = None,
               signer: Signer | None = None) -> SessionLog:
        """Reopen a log to go on appending after a crash.

        The whole chain is verified first; any problem other than a torn last line raises
        ``TaskforceError`` (LOG001..LOG006). A torn last line is appended to ``<path>.torn``
        (followed by ``\\n``; earlier fragments are kept) and cut off the log before appending
        continues, so the trainee's bytes are never simply dropped. With a ``signer``, what the
        log holds is signed at once.
        """
        target = Path(path)
        shown = str(path) if display_path is None else display_path
        try:
            fd = os.open(target, os.O_RDWR | os.O_APPEND | O_BINARY | O_CLOEXEC)
        except OSError as exc:
            msg = f"the log cannot be opened to resume it: {exc.strerror or exc}"
            raise TaskforceError([Diagnostic(shown, 1, 1, "LOG001", msg)]) from exc
        try:
            lock(fd, target)
            data = read_all(fd)
            scan: LogScan = scan_bytes(data, display_path=shown)
            if any(d.code != "LOG005" for d in scan.problems):
                raise TaskforceError(scan.problems)
            if scan.torn:
                save_torn(target.with_name(target.name + ".torn"), data[scan.complete_len :])
                os.ftruncate(fd, scan.complete_len)
                os.fsync(fd)
        except BaseException:
            os.close(fd)
            raise
        log = cls(target, fd, scan.last_index, scan.last_hash)
        try:
            log._start_signing(signer, scan.header, scan.header_hash)
        except BaseException:
            log.close()
            raise
        return log

    # --- writing ---------------------------------------------------------------------------

    def append(
        self,
        kind: str,
        t_ms: int,
        fields: Mapping[str, Any] | None = None,
        *,
        durable: bool = False,
        seal: bool = False,
    ) -> int:
        """Append one record and return its index ``i``.

        With ``durable=True`` the line is on stable storage when this returns: acknowledge a
        decision to the trainee only after that. With ``seal=True`` (the closing line) it is
        signed in the same write. Bad arguments raise before anything is written.
        """
        if isinstance(t_ms, bool) or not isinstance(t_ms, int):
            raise TypeError(f"t_ms must be a whole number of milliseconds, not {t_ms!r}")
        if t_ms < 0:
            raise ValueError(f"t_ms must not be negative, got {t_ms}")
        if not isinstance(kind, str) or not kind or kind == "header":
            raise ValueError(f"kind must be a non-empty string other than 'header', not {kind!r}")
        with self._mutex:
            fd = self._usable_fd()
            index = self._last_index + 1
            obj: dict[str, Any] = {"i": index, "t": int(t_ms), "k": kind}
            if fields:
                for key, value in fields.items():
                    if key in RESERVED_FIELDS:
                        raise ValueError(f"the field name {key!r} is reserved")
                    obj[key] = value
            line, h = encode_line(self._last_hash, obj)
            previous = self._last_index, self._last_hash
            self._last_index, self._last_hash = index, h
            signer = self._signer
            signing = signer is not None and (  # on lines synced anyway: no frame waits
                seal or durable and time.monotonic() - self._signed_at >= signer.every
                or index - self._signed_index >= signer.every_lines)
            try:
                if signing:
                    self._sign(fd, line)
                else:
                    self._write(fd, line)
            except BaseException:
                self._last_index, self._last_hash = previous
                raise
            if durable or signing:
                try:
                    datasync(fd)
                except OSError as exc:
                    self._broken = f"fsync failed ({exc}): the line's durability is unknown"
                    raise
            if signing:
                self._record_head()
            return index

    def checkpoint(self) -> None:
        """Sign the head now (if a signer is set and lines were added since the last one)."""
        with self._mutex:
            if self._signer is not None and self._signed_index < self._last_index:
                fd = self._usable_fd()
                self._sign(fd, b"")
                datasync(fd)
                self._record_head()

    @property
    def ledger_problem(self) -> TaskforceError | None:
        """Why the station's ledger did not take this log's latest head, if it did not."""
        return self._ledger_problem

    def _sign(self, fd: int, line: bytes) -> None:
        """Write ``line`` (maybe empty) and the signature of the head after it, in one write."""
        assert self._signer is not None
        signature, self._sig = self._signer.signature_line(
            self._header_hash, self._last_index, self._last_hash)
        self._write(fd, line + signature)
        self._signed_index, self._signed_at = self._last_index, time.monotonic()

    def _record_head(self) -> None:
        """Put the head just signed in the ledger; a ledger that fails does not stop the log."""
        assert self._signer is not None
        try:
            self._signer.record(session=self._session, log=str(self._path.absolute()),
                                header_hash=self._header_hash, upto=self._signed_index,
                                head_hash=self._last_hash, sig=self._sig)
        except OSError as exc:
            self._ledger_problem = TaskforceError([Diagnostic(
                str(self._signer.ledger), 1, 1, "KEY006",
                f"the station's ledger cannot be written: {exc.strerror or exc}",
                "the session log is complete; free space or fix the folder's permissions")])
        except TaskforceError as exc:
            self._ledger_problem = exc

    def sync(self) -> None:
        """Force every appended line to stable storage."""
        with self._mutex:
            fd = self._fd
            if fd is None:
                raise ValueError("the session log is closed")
            os.fsync(fd)

    def close(self) -> None:
        """Sign what is not yet signed, sync and close; closing twice is harmless."""
        try:
            if self._fd is not None and self._broken is None:
                self.checkpoint()
        finally:
            self._close()

    def _close(self) -> None:
        with self._mutex:
            fd, self._fd = self._fd, None
            if fd is None:
                return
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def __enter__(self) -> SessionLog:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- state -----------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self._path

    @property
    def last_index(self) -> int:
        """The index of the last line written (0: only the header)."""
        return self._last_index

    @property
    def last_hash(self) -> str:
        """The chain head: keep it (with ``last_index``) elsewhere to detect a truncated log."""
        return self._last_hash

    @property
    def closed(self) -> bool:
        return self._fd is None

    def __repr__(self) -> str:
        state = "closed" if self._fd is None else f"last_index={self._last_index}"
        return f"SessionLog({str(self._path)!r}, {state})"

    def _usable_fd(self) -> int:
        if self._fd is None:
            raise ValueError("the session log is closed")
        if self._broken is not None:
            raise OSError(
                f"the session log {self._path} cannot take more lines: {self._broken}; "
                "close it and SessionLog.resume() it"
            )
        return self._fd

    def _write(self, fd: int, line: bytes) -> None:
        written = os.write(fd, line)  # an error here means nothing was written: state unchanged
        if written == len(line):
            return
        try:  # a short write (disk full, signal): finish the line or mark the log torn
            write_all(fd, memoryview(line)[written:])
        except OSError as exc:
            self._broken = f"a write was cut short ({exc})"
            raise
