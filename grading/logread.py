"""Reading a session log for grading: verify the whole hash chain, parse only what rules need.

The fast path checks every line's hash and index with C-level loops over the file's bytes
(one ``split``, then slices and hash updates mapped over all lines at once, checking
``sha256(prev_h + body) == h`` for every line), then ``json.loads`` only
the lines grading uses: pose samples are parsed only for the path map, requests never. If the
fast check finds anything unusual, ``engine.record.verify.scan_bytes`` reads the log the slow,
exact way and names every problem.
"""

from __future__ import annotations

import hashlib
import json
import operator
from collections import deque
from dataclasses import dataclass
from itertools import compress, repeat
from pathlib import Path
from typing import Any

from engine.errors import Diagnostic, TaskforceError
from engine.record.verify import FORMAT, ZERO_HASH, chain_anchor, scan_bytes

_HASH_KEY = b',"h":"'
_LINE_END = b'"}\n'
_ZERO = ZERO_HASH.encode("ascii")
_EMPTY_SHA256 = hashlib.sha256()
_COPY = type(_EMPTY_SHA256).copy
_UPDATE = type(_EMPTY_SHA256).update
_HEXDIGEST = type(_EMPTY_SHA256).hexdigest
_STORED_HASH = operator.itemgetter(slice(-64, None))
_HASH_MEMBER = operator.itemgetter(slice(-70, -64))
_BODY = operator.itemgetter(slice(None, -70))
_CLOSE = b'"}'
_POSE = b'"k":"poses"'
_REQUEST = b'"k":"request"'
_prefixes: list[bytes] = []


@dataclass(frozen=True)
class Pose:
    t: int
    x: float
    y: float
    z: float


@dataclass(frozen=True)
class SessionRecords:
    """What grading reads from a log: the header, the events rules use, and the poses."""

    header: dict[str, Any]
    records: list[dict[str, Any]]
    poses: list[Pose]
    problems: list[Diagnostic]  # chain problems; empty when intact (a torn tail is LOG005)
    lines: int  # lines after the header
    last_hash: str

    @property
    def broken(self) -> list[Diagnostic]:
        """Problems that make the record untrustworthy (a torn last line does not)."""
        return [p for p in self.problems if p.code != "LOG005"]


def _index_prefixes(count: int) -> list[bytes]:
    """``{"i":N,`` for N < count, kept between logs (each process builds it once)."""
    global _prefixes
    if len(_prefixes) < count:
        _prefixes = [b'{"i":%d,' % n for n in range(max(count, 2 * len(_prefixes)))]
    return _prefixes


def verified_lines(data: bytes) -> list[bytes] | None:
    """Each line without its closing ``"}\\n`` (so it ends ``,"h":"<hash>``), if every line's
    hash, hash member and index check out; ``None`` when anything is off (the exact reader then
    explains what)."""
    if not data.endswith(_LINE_END):
        return None
    lines = data.split(_LINE_END)
    lines.pop()  # the empty tail after the last line end
    count = len(lines)
    if data.count(b"\n") != count:
        return None  # a line that does not end with a hash member
    if b"".join(map(_HASH_MEMBER, lines)) != _HASH_KEY * count:
        return None
    if not all(map(bytes.startswith, lines, _index_prefixes(count))):
        return None
    stored = b"".join(map(_STORED_HASH, lines))
    try:
        anchor = chain_anchor(json.loads(lines[0] + _CLOSE)).encode("ascii")
    except ValueError:
        return None
    previous = [_ZERO, anchor, *map(_STORED_HASH, lines[1:-1])][:count]
    hashers = list(map(_COPY, repeat(_EMPTY_SHA256, count)))  # copying beats constructing
    deque(map(_UPDATE, hashers, previous), 0)
    deque(map(_UPDATE, hashers, map(_BODY, lines)), 0)
    deque(map(_UPDATE, hashers, repeat(b"}", count)), 0)
    if "".join(map(_HEXDIGEST, hashers)).encode("ascii") != stored:
        return None
    return lines


def read_session(path: str | Path, *, display_path: str | None = None, poses: bool = False) -> (
    SessionRecords
):
    """Read and verify a log. Raises ``TaskforceError`` (LOG001/LOG006) only if it is unusable."""
    shown = str(path) if display_path is None else display_path
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        reason = "no such file" if isinstance(exc, FileNotFoundError) else exc.strerror
        raise TaskforceError(
            [Diagnostic(shown, 1, 1, "LOG001", f"the log cannot be read: {reason}")]
        ) from None
    lines = verified_lines(data)
    if lines is None:
        return _read_exactly(data, shown, poses)
    header = json.loads(lines[0] + _CLOSE)
    if header.get("k") != "header" or header.get("format") != FORMAT:
        return _read_exactly(data, shown, poses)  # let the exact reader word the problem
    events = lines[1:]
    wanted = compress(events, map(operator.not_, map(operator.contains, events, repeat(_POSE))))
    loads = json.loads
    records, problems = _well_formed([loads(line + _CLOSE) for line in wanted
                                      if _REQUEST not in line], shown)
    found_poses: list[Pose] = []
    if poses:
        pose_lines = compress(events, map(operator.contains, events, repeat(_POSE)))
        found_poses = _poses(loads(line + _CLOSE) for line in pose_lines)
    last_hash = lines[-1][-64:].decode("ascii")
    return SessionRecords(header, records, found_poses, problems, len(events), last_hash)


def _poses(objects: Any) -> list[Pose]:
    """Head positions from ``poses`` lines (ten samples a line: ``dt`` offsets and ``p``)."""
    found = []
    for obj in objects:
        if obj.get("k") != "poses":
            continue
        t, offsets, positions = obj.get("t"), obj.get("dt"), obj.get("p")
        if not (isinstance(offsets, list) and isinstance(positions, list)):
            continue
        for dt, p in zip(offsets, positions, strict=False):
            if isinstance(p, list) and len(p) == 3:
                found.append(Pose(int(t) + int(dt), float(p[0]), float(p[1]), float(p[2])))
    return found


def _read_exactly(data: bytes, shown: str, poses: bool) -> SessionRecords:
    scan = scan_bytes(data, display_path=shown)
    records, problems = _well_formed(
        [r for r in scan.records if r.get("k") not in ("poses", "request")], shown)
    found_poses = _poses(r for r in scan.records) if poses else []
    return SessionRecords(scan.header, records, found_poses, [*scan.problems, *problems],
                          len(scan.records), scan.last_hash)


_TEXT = (str,)
_NUMBER = (int, float)
_SCALAR = (str, int, float, bool)
_SHAPES: dict[str, dict[str, tuple[type, ...]]] = {
    "performed": {"action": _TEXT},
    "variable_changed": {"var": _TEXT, "value": _SCALAR},
    "hazard_level": {"hazard": _TEXT, "value": _NUMBER},
    "hazard_threshold": {"hazard": _TEXT, "value": _NUMBER},
    "decided": {"decision": _TEXT, "option": _TEXT},
    "decision_timed_out": {"decision": _TEXT},
    "decision_opened": {"decision": _TEXT},
    "inject_fired": {"inject": _TEXT},
    "ended": {"ending": _TEXT},
    "note": {"note": _TEXT},
}


def _well_formed(records: list[Any], shown: str) -> tuple[list[dict[str, Any]], list[Diagnostic]]:
    """The records whose fields grading reads are there with the right types; each other one
    is left out and named (LOG002), so that a forced grade never trips over it."""
    kept, problems = [], []
    for r in records:
        wrong = _wrong_field(r)
        if wrong is None:
            kept.append(r)
            continue
        line = r.get("i") if isinstance(r, dict) and type(r.get("i")) is int else None
        where = 1 if line is None else line + 1
        problems.append(Diagnostic(shown, where, 1, "LOG002",
                                   f"line {where} cannot be graded: {wrong}"))
    return kept, problems


def _wrong_field(r: Any) -> str | None:
    if not isinstance(r, dict):
        return "it is not an object"
    for key in ("i", "t"):
        if type(r.get(key)) is not int:
            return f"'{key}' is missing or not a whole number"
    if type(r.get("k")) is not str:
        return "'k' is missing or not a text"
    shape: dict[str, tuple[type, ...]] = _SHAPES.get(r["k"], {})
    for key, kinds in shape.items():
        value = r.get(key)
        if type(value) not in kinds or value != value:  # NaN is not a value
            return f"a '{r['k']}' line needs '{key}'"
    return None
