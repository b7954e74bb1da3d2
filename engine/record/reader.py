"""The quick way through a session log whose chain is intact: a block at a time, hashes checked
with C-level loops over each block's lines, only the lines a caller wants parsed.

Each block's lines are split and checked at once (index prefixes, hash members, then
``sha256(prev_h + body) == h`` for every line, mapped over the block); signature lines are set
aside. Memory stays near one block plus what the caller keeps, whatever the log's size. If
anything is unusual (a broken link, a torn or malformed line, a field of the wrong shape), it
returns None and the exact reader (``engine.record.verify.scan_bytes``) names every problem.
"""

from __future__ import annotations

import hashlib
import operator
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import compress, repeat
from typing import Any, BinaryIO

from engine.record.format import (
    CLOSED,
    HASH_KEY,
    MAX_LINE_BYTES,
    SIGNED_PREFIX,
    chain_anchor,
    line_problem,
)
from engine.record.lines import DECODER, Line, StrPath, check_header, parse_line, parse_signature

BLOCK_BYTES = 4 * 1024 * 1024
_EMPTY_SHA256 = hashlib.sha256()
_COPY = type(_EMPTY_SHA256).copy
_UPDATE = type(_EMPTY_SHA256).update
_HEXDIGEST = type(_EMPTY_SHA256).hexdigest
_STORED_HASH = operator.itemgetter(slice(-66, -2))
_HASH_MEMBER = operator.itemgetter(slice(-72, -66))
_BODY = operator.itemgetter(slice(None, -72))
_LINE_END = b'"}'
_SIGNED_LINE = b"\n" + SIGNED_PREFIX
_POSE_KIND = b',"k":"poses",'
_prefixes: list[bytes] = []

Keep = Callable[[dict[str, Any]], bool]


def _index_prefixes(first: int, count: int) -> list[bytes]:
    """``{"i":N,`` for N in ``first .. first+count-1`` (made once a process, then sliced)."""
    global _prefixes
    if len(_prefixes) < first + count:
        size = max(first + count, 2 * len(_prefixes), 4096)
        _prefixes = [b'{"i":%d,' % n for n in range(size)]
    return _prefixes[first : first + count]


@dataclass
class QuickRead:
    """A log whose chain is intact and every parsed line well formed."""

    header: dict[str, Any]
    header_hash: str
    records: list[dict[str, Any]] = field(default_factory=list)  # the lines ``keep`` took
    signatures: list[Line] = field(default_factory=list)
    last_index: int = 0
    closed_index: int | None = None
    _hashes: bytearray = field(default_factory=bytearray)  # the stored hash of each index >= 1
    _anchor: str = ""
    _signature_nos: list[int] = field(default_factory=list)

    def line_no(self, index: int) -> int:
        """The file's line number of chained line ``index``."""
        no = index + 1
        while True:  # add the signature lines that come before it, until that settles
            moved = index + 1 + bisect_right(self._signature_nos, no)
            if moved == no:
                return no
            no = moved

    def head(self, index: int) -> tuple[str, int] | None:
        if not 0 <= index <= self.last_index:
            return None
        if index == 0:
            return self._anchor, 1
        at = (index - 1) * 64
        return self._hashes[at : at + 64].decode("ascii"), self.line_no(index)


def quick_read(path: StrPath, shown: str, *, keep: Keep, parse_poses: bool = True) -> (
    QuickRead | None
):
    """Read a log the quick way, keeping the parsed lines ``keep`` accepts; None when the exact
    reader must explain something. Pose lines are checked but not parsed unless
    ``parse_poses``. Raises ``TaskforceError`` (LOG001, LOG006) as the exact reader does."""
    from engine.record.verify import read_bytes

    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError:
        read_bytes(path, shown)  # raises the located LOG001
        raise
    with handle:
        return _read(handle, shown, keep, parse_poses)


def _read(handle: BinaryIO, shown: str, keep: Keep, parse_poses: bool) -> QuickRead | None:
    first = handle.readline(MAX_LINE_BYTES + 2)
    if not first.endswith(b"\n"):
        return None
    header_line = parse_line(1, first[:-1], first=True)
    header = check_header(header_line, shown)
    read = QuickRead(header, header_line.h_str, _anchor=chain_anchor(header))
    prev = read._anchor.encode("ascii")
    line_no, leftover = 1, b""
    while True:
        block = handle.read(BLOCK_BYTES)
        if not block:
            break
        chunk = leftover + block
        end = chunk.rfind(b"\n") + 1
        leftover = chunk[end:]
        if len(leftover) > MAX_LINE_BYTES:
            return None
        got = _block(read, chunk[:end], line_no, prev, keep, parse_poses)
        if got is None:
            return None
        prev, line_no = got
    return None if leftover else read


def _signature_offsets(chunk: bytes, lines: list[bytes]) -> list[int]:
    """Where the signature lines are among a chunk's lines (0 for its first line)."""
    offsets = [0] if chunk.startswith(SIGNED_PREFIX) else []
    at = chunk.find(_SIGNED_LINE)
    while at >= 0:
        end = chunk.find(b"\n", at + 1)
        offsets.append(lines.index(chunk[at + 1 : end], offsets[-1] + 1 if offsets else 0))
        at = chunk.find(_SIGNED_LINE, end)
    return offsets


def _block(read: QuickRead, chunk: bytes, line_no: int, prev: bytes, keep: Keep,
           parse_poses: bool) -> tuple[bytes, int] | None:
    """Check one chunk of whole lines; the hash the next chunk chains onto and the number of
    the line before it, or None."""
    lines = chunk.split(b"\n")
    lines.pop()  # after the last line break
    if not lines:
        return prev, line_no
    next_no = line_no + len(lines)
    if max(map(len, lines)) > MAX_LINE_BYTES:
        return None
    offsets = _signature_offsets(chunk, lines)
    signatures = [parse_signature(line_no + 1 + offset, lines[offset]) for offset in offsets]
    if any(signature.problem is not None for signature in signatures):
        return None
    for offset in reversed(offsets):
        del lines[offset]
    read.signatures += signatures
    read._signature_nos += [signature.no for signature in signatures]
    if not lines:
        return prev, next_no
    count = len(lines)
    start = read.last_index + 1
    if not all(map(bytes.endswith, lines, repeat(_LINE_END))):
        return None
    if b"".join(map(_HASH_MEMBER, lines)) != HASH_KEY * count:
        return None
    if not all(map(bytes.startswith, lines, _index_prefixes(start, count))):
        return None
    stored = b"".join(map(_STORED_HASH, lines))
    previous = [prev, *map(_STORED_HASH, lines[:-1])]
    hashers = list(map(_COPY, repeat(_EMPTY_SHA256, count)))  # copying beats constructing
    deque(map(_UPDATE, hashers, previous), 0)
    deque(map(_UPDATE, hashers, map(_BODY, lines)), 0)
    deque(map(_UPDATE, hashers, repeat(b"}", count)), 0)
    if "".join(map(_HEXDIGEST, hashers)).encode("ascii") != stored:
        return None
    indices: Iterable[int] = range(start, start + count)
    parsed: Iterable[bytes] = lines
    if not parse_poses:
        poses = list(map(operator.contains, lines, repeat(_POSE_KIND)))
        if any(poses):
            if not _plausible_poses(list(compress(lines, poses))):
                return None
            others = list(map(operator.not_, poses))
            indices, parsed = compress(indices, others), compress(lines, others)
    for index, raw in zip(indices, parsed, strict=True):
        obj = _parsed(raw)
        if obj is None or obj["i"] != index:
            return None
        if obj["k"] == CLOSED and read.closed_index is None:
            read.closed_index = index
        if keep(obj):
            read.records.append(obj)
    read._hashes += stored
    read.last_index += count
    return lines[-1][-66:-2], next_no


def _parsed(raw: bytes) -> dict[str, Any] | None:
    try:
        obj = DECODER.decode(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    if not isinstance(obj, dict):
        return None
    del obj["h"]
    if not isinstance(obj.get("k"), str) or type(obj.get("t")) is not int or obj["k"] == "header":
        return None
    return None if line_problem(obj) is not None else obj


def _plausible_poses(lines: list[bytes]) -> bool:
    """Pose lines hold only numbers in lists besides their keys and hash: no text, true, false
    or null. Checked by counting bytes over a chunk's pose lines at once, without parsing
    them; ``verify`` and the debrief's path map parse and check every sample."""
    joined = b"\n".join(lines)
    return joined.count(b'"') == 18 * len(lines) and b"l" not in joined and b"r" not in joined
