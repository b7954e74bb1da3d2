"""One line of a session log: parsing it, and the hashes that chain lines together.

See ``engine.record.verify`` for the format.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from typing import Any, NoReturn, TypeAlias

from engine.errors import Diagnostic, TaskforceError

StrPath: TypeAlias = "str | os.PathLike[str]"

FORMAT = 1
ZERO_HASH = "0" * 64
CLOSED = "closed"  # the kind of the line a session ends its log with
HASH_KEY = b',"h":"'
SUFFIX_LEN = len(HASH_KEY) + 64 + 2  # ,"h":"<64 hex>"}
ZERO_BYTES = ZERO_HASH.encode("ascii")
_HEX64 = re.compile(rb"[0-9a-f]{64}")
_LEADING_INDEX = re.compile(rb'\{"i":(0|[1-9][0-9]{0,17})[,}]')
VOLATILE_HEADER_FIELDS = frozenset({"session", "started", "h"})
_ANCHOR_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def ends_closed(records: Sequence[Mapping[str, Any]]) -> bool:
    """Whether a log's records end with the session's closing line; a log without it stopped
    in a crash, or lost lines from its end."""
    return bool(records) and records[-1].get("k") == CLOSED


def chain_anchor(header: dict[str, Any]) -> str:
    """What line 2 chains onto: the header's hash without the fields that differ per session."""
    stable = {k: v for k, v in header.items() if k not in VOLATILE_HEADER_FIELDS}
    body = _ANCHOR_ENCODER.encode(stable).encode("utf-8")
    return hashlib.sha256(ZERO_BYTES + body).hexdigest()


class Line:
    """One complete line and what the checks found out about it."""

    __slots__ = (
        "no", "raw", "index", "body", "h", "record", "problem", "json_ok",
        "linked", "calcs", "hash_edited", "kept", "claimed_index",
    )  # fmt: skip

    def __init__(self, no: int, raw: bytes) -> None:
        self.no = no  # 1-based line number in the file
        self.raw = raw
        self.index: int | None = None  # "i", when it is a whole number >= 0
        self.body: bytes | None = None  # the hashed bytes, when the hash member is well-formed
        self.h = b""  # the stored hash (ASCII hex), when well-formed
        self.record: dict[str, Any] | None = None  # the object without "h"
        self.problem: str | None = None  # the LOG002 message
        self.json_ok = False
        # Chain analysis (slow path only)
        self.linked: bool | None = None  # hash matches a predecessor; None: no predecessor
        self.calcs: tuple[bytes, ...] = ()  # what its hash could be (see _link)
        self.hash_edited = False
        self.kept = False  # in place (part of the longest in-order run)
        self.claimed_index: int | None = None  # the "i" it says, when the chain proves another

    @property
    def h_str(self) -> str:
        return self.h.decode("ascii")

    @property
    def link(self) -> bytes:
        """The hash the next line chains onto: the anchor for a header, else the stored hash."""
        if self.index == 0 and self.record is not None:
            return chain_anchor(self.record).encode("ascii")
        return self.h

    @property
    def chained(self) -> bool:
        """Well-formed, so checked against the chain (a LOG002 line is reported only once)."""
        return self.problem is None and self.index is not None and self.body is not None


def parse_line(no: int, raw: bytes, *, first: bool) -> Line:
    ln = Line(no, raw)
    try:
        text = raw.decode("utf-8")
        try:
            obj, end = DECODER.raw_decode(text)
        except json.JSONDecodeError:
            end = -1
        if end != len(text):
            obj = DECODER.decode(text)  # the slow way: spaces are fine, the rest raises
    except UnicodeDecodeError as exc:
        ln.problem = f"line {no} is not valid UTF-8 text (bad byte at column {exc.start + 1})"
        return ln
    except json.JSONDecodeError as exc:
        ln.problem = f"line {no} is not valid JSON ({exc.msg} at column {exc.colno})"
        return ln
    except ValueError as exc:
        ln.problem = f"line {no} is not valid JSON ({exc})"
        return ln
    ln.json_ok = True
    if not isinstance(obj, dict):
        ln.problem = f"line {no} is not a JSON object"
        return ln
    n = len(raw)
    if (
        n > SUFFIX_LEN
        and raw[n - SUFFIX_LEN : n - 66] == HASH_KEY
        and raw[n - 2 :] == b'"}'
        and _HEX64.fullmatch(raw, n - 66, n - 2)
    ):
        ln.h = raw[n - 66 : n - 2]
        ln.body = raw[: n - SUFFIX_LEN] + b"}"
        del obj["h"]
    ln.record = obj
    faults: list[str] = []
    index = obj.get("i")
    if type(index) is int and index >= 0:
        ln.index = index
    else:
        faults.append('"i" is missing' if index is None else '"i" is not a whole number >= 0')
    if not isinstance(obj.get("k"), str):
        faults.append('"k" is missing' if "k" not in obj else '"k" is not a string')
    if not first and type(obj.get("t")) is not int:
        faults.append('"t" is missing' if "t" not in obj else '"t" is not a whole number')
    if ln.body is None:
        faults.append(
            '"h" is not 64 lowercase hex digits at the end of the line'
            if "h" in obj
            else '"h" is missing from the end of the line'
        )
    if faults:
        ln.problem = f"line {no} lacks its fields: " + "; ".join(faults)
    return ln


def check_header(ln: Line, shown: str) -> dict[str, Any]:
    if ln.raw.endswith(b"\r"):
        msg = "the log has Windows line ends (\\r\\n): it was converted after it was written"
        raise TaskforceError(
            [diagnostic(shown, 1, "LOG006", msg, "convert it back (dos2unix) and verify it again")]
        )
    if ln.problem is not None:
        fail(shown, "LOG006", f"the header is malformed: {ln.problem}")
    assert ln.record is not None
    kind, fmt = ln.record.get("k"), ln.record.get("format")
    if ln.index != 0 or kind != "header":
        fail(shown, "LOG006", f"line 1 is not a log header (i={ln.index!r}, k={kind!r})")
    if type(fmt) is not int or fmt != FORMAT:
        fail(shown, "LOG006", f"the log has format {fmt!r}; this engine reads format {FORMAT}")
    return ln.record


def leading_index(raw: bytes) -> int | None:
    m = _LEADING_INDEX.match(raw)
    return int(m.group(1)) if m else None


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not allowed")


DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def chained_hash(prev_h: bytes, body: bytes) -> bytes:
    return hashlib.sha256(prev_h + body).hexdigest().encode("ascii")


def diagnostic(
    shown: str, line: int, code: str, message: str, hint: str | None = None
) -> Diagnostic:
    return Diagnostic(shown, line, 1, code, message, hint)


def fail(shown: str, code: str, message: str) -> NoReturn:
    raise TaskforceError([diagnostic(shown, 1, code, message)])
