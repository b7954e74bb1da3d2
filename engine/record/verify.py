"""Reading session logs and checking their hash chain (the format: ``engine.record.format``).

Verification works on the stored bytes only (nothing is re-serialized), and goes on after a
problem so that every problem is reported once: a line is checked against the line that carries
the index before its own, wherever that line is in the file, so a moved line is reported as moved
rather than as a cascade of broken links. Signature lines are set aside here, with their line
numbers, for ``engine.record.verdict`` to check against the chain. Nothing here reads the clock
or imports graphics code.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import Diagnostic, TaskforceError
from engine.record.chain import analyse_chain, check_expected_last
from engine.record.format import (
    CLOSED,
    FORMAT,
    SIGNED_PREFIX,
    ZERO_BYTES,
    ZERO_HASH,
    chain_anchor,
    chained_hash,
    ends_closed,
)
from engine.record.lines import (
    Line,
    StrPath,
    check_header,
    diagnostic,
    fail,
    leading_index,
    parse_line,
    parse_signature,
)

__all__ = [
    "CLOSED",
    "FORMAT",
    "ZERO_HASH",
    "LogContents",
    "LogScan",
    "StrPath",
    "chain_anchor",
    "ends_closed",
    "iter_lines",
    "read_bytes",
    "read_log",
    "scan_bytes",
    "verify_log",
]


@dataclass(frozen=True)
class LogContents:
    """What a log holds: records exclude ``h``; ``problems`` is empty when the chain is intact.

    ``records`` are the well-formed chained lines after the header, in file order. When
    ``problems`` is not empty, some of them may be edited, moved or inserted: check before
    trusting them.
    """

    header: dict[str, Any]
    records: list[dict[str, Any]]
    problems: list[Diagnostic]
    torn: bool


@dataclass(frozen=True)
class LogScan:
    """The full result of checking a log's bytes (``LogContents`` plus what resuming and the
    signature checks need)."""

    header: dict[str, Any]
    records: list[dict[str, Any]]
    problems: list[Diagnostic]
    torn: bool
    complete_len: int  # bytes up to the end of the last complete line (the torn tail starts here)
    last_index: int  # "i" of the last complete chained line
    last_hash: str  # what the next line chains onto
    header_hash: str = ""  # the header line's own "h"
    lines: list[Line] = field(default_factory=list, repr=False)  # every complete line
    signatures: list[Line] = field(default_factory=list, repr=False)  # the signature lines


def read_log(
    path: StrPath,
    *,
    display_path: str | None = None,
    expected_last: tuple[int, str] | None = None,
) -> LogContents:
    """Read and check a log's chain; raise ``TaskforceError`` (LOG001/LOG006) only if nothing is
    usable.

    ``expected_last`` is the ``(last_index, last_hash)`` of the writer when it closed, kept
    elsewhere; without it (or the station's ledger), deleting the log's final lines cannot be
    detected.
    """
    shown = str(path) if display_path is None else display_path
    scan = scan_bytes(read_bytes(path, shown), display_path=shown, expected_last=expected_last)
    return LogContents(scan.header, scan.records, scan.problems, scan.torn)


def verify_log(
    path: StrPath,
    *,
    display_path: str | None = None,
    expected_last: tuple[int, str] | None = None,
) -> list[Diagnostic]:
    """All chain problems in a log, sorted; an empty list means the chain is intact (see
    ``engine.record.verdict`` for signatures and the ledger). Never raises for a bad log."""
    try:
        return read_log(path, display_path=display_path, expected_last=expected_last).problems
    except TaskforceError as exc:
        return list(exc.diagnostics)


def iter_lines(path: StrPath) -> Iterator[bytes]:
    """Each complete line (without its ``\\n``), streamed and NOT verified; a torn tail is skipped.

    A fast path for graders that have already verified the log (``json.loads`` each line; the
    objects still carry ``h``; signature lines have ``"k":"signed"``).
    """
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with below, inside the generator
    except OSError as exc:
        fail(str(path), "LOG001", f"the log cannot be read: {_reason(exc)}")
    with handle:
        for line in handle:
            if line.endswith(b"\n"):
                yield line[:-1]


def scan_bytes(
    data: bytes,
    *,
    display_path: str = "<log>",
    expected_last: tuple[int, str] | None = None,
) -> LogScan:
    """Parse and check a whole log held in memory (see the module docstring for the rules)."""
    shown = display_path
    if not data:
        fail(shown, "LOG006", "the log is empty: it has no header line")
    segments = data.split(b"\n")
    tail = segments.pop()  # b"" when the file ends with "\n", else the torn fragment
    if not segments:
        fail(shown, "LOG006", "the header line is incomplete: the file ends before its line end")

    lines = [
        parse_signature(no, raw) if no > 1 and raw.startswith(SIGNED_PREFIX)
        else parse_line(no, raw, first=no == 1)
        for no, raw in enumerate(segments, 1)
    ]
    header = check_header(lines[0], shown)
    problems: list[Diagnostic] = []
    torn_no: int | None = None
    torn_index: int | None = None
    complete_len = len(data) - len(tail)
    if tail:
        torn_no = len(lines) + 1
        torn_index = leading_index(tail)
    elif len(lines) > 1 and not lines[-1].json_ok:
        # The last line is not complete JSON: a torn write, not a malformed line.
        torn = lines.pop()
        torn_no = torn.no
        torn_index = leading_index(torn.raw)
        complete_len -= len(torn.raw) + 1
    if torn_no is not None:
        problems.append(
            diagnostic(
                shown,
                torn_no,
                "LOG005",
                f"line {torn_no} was cut short (torn write, e.g. a crash while writing); "
                "the lines before it are still read",
            )
        )

    clean = True
    prev_i, prev_h = -1, ZERO_BYTES
    for ln in lines:
        if ln.problem is not None:
            clean = clean and ln.side
            problems.append(diagnostic(shown, ln.no, ln.code, ln.problem))
        elif ln.side:
            continue
        elif clean:
            assert ln.body is not None and ln.h is not None and ln.index is not None
            if ln.index != prev_i + 1 or chained_hash(prev_h, ln.body) != ln.h:
                clean = False
            prev_i, prev_h = ln.index, ln.link
        if ln.shape is not None:
            problems.append(diagnostic(shown, ln.no, "LOG016", ln.shape))
    if not clean or (torn_index is not None and torn_index > prev_i + 1):
        problems.extend(analyse_chain(lines, torn_no, torn_index, shown))

    chained = [ln for ln in lines if not ln.side]
    last = chained[-1]
    if expected_last is not None:
        problems.extend(check_expected_last(lines, expected_last, torn_no, shown))
    records = [ln.usable for ln in chained[1:] if ln.usable is not None]
    return LogScan(
        header=header,
        records=records,
        problems=sorted(problems),
        torn=torn_no is not None,
        complete_len=complete_len,
        last_index=last.index if last.index is not None else -1,
        last_hash=last.link.decode("ascii"),
        header_hash=lines[0].h_str,
        lines=lines,
        signatures=[ln for ln in lines if ln.side],
    )


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "it is a folder"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or type(exc).__name__


def read_bytes(path: StrPath, shown: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        fail(shown, "LOG001", f"the log cannot be read: {_reason(exc)}")
