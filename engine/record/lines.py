"""One line of a session log: parsing it, and what the checks found out about it.

The format is described in ``engine.record.format``.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any, NoReturn, TypeAlias

from engine.errors import Diagnostic, TaskforceError, clipped
from engine.record.format import (
    FORMAT,
    HASH_KEY,
    MAX_DEPTH,
    MAX_LINE_BYTES,
    SUFFIX_LEN,
    chain_anchor,
    line_problem,
)
from engine.record.keys import decode_signature

StrPath: TypeAlias = "str | os.PathLike[str]"

_HEX64 = re.compile(rb"[0-9a-f]{64}")
_LEADING_INDEX = re.compile(rb'\{"i":(0|[1-9][0-9]{0,17})[,}]')


class Line:
    """One complete line and what the checks found out about it."""

    __slots__ = (
        "no", "raw", "index", "body", "h", "record", "problem", "code", "shape", "json_ok",
        "side", "linked", "calcs", "hash_edited", "kept", "claimed_index",
    )  # fmt: skip

    def __init__(self, no: int, raw: bytes) -> None:
        self.no = no  # 1-based line number in the file
        self.raw = raw
        self.index: int | None = None  # "i", when it is a whole number >= 0
        self.body: bytes | None = None  # the hashed bytes, when the hash member is well-formed
        self.h = b""  # the stored hash (ASCII hex), when well-formed
        self.record: dict[str, Any] | None = None  # the object without "h"
        self.problem: str | None = None  # why the line is unusable: the message of ``code``
        self.code = "LOG002"  # or LOG017 (too long, nested too deeply)
        self.shape: str | None = None  # LOG016: its hash is sound but a field is malformed
        self.json_ok = False
        self.side = False  # a signature line: outside the chain
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

    @property
    def usable(self) -> dict[str, Any] | None:
        """The record, when the line is well formed in every field."""
        return self.record if self.problem is None and self.shape is None else None


def parse_line(no: int, raw: bytes, *, first: bool) -> Line:
    ln = Line(no, raw)
    if len(raw) > MAX_LINE_BYTES:
        ln.code = "LOG017"
        ln.problem = f"line {no} is {len(raw):,} bytes long; the limit is {MAX_LINE_BYTES:,}"
        return ln
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
    except RecursionError:
        ln.code = "LOG017"
        ln.problem = f"line {no} is nested more than {MAX_DEPTH} levels deep"
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
    found = line_problem(obj, header=first)
    if found is not None:
        code, message = found
        if code == "LOG016":
            ln.shape = f"line {no} is {message}"
        else:
            ln.code, ln.problem = code, f"line {no} is {message}"
    return ln


_SIGNATURE_FIELDS = frozenset({"k", "upto", "key", "sig"})
_KEY_ID = re.compile(r"[0-9a-f]{16}")


def parse_signature(no: int, raw: bytes) -> Line:
    """A signature line: ``record`` holds its fields when they are well formed (the signature
    itself is checked against the chain later), else ``problem`` says what is wrong (LOG013)."""
    ln = parse_line(no, raw, first=False)
    ln.side = True
    ln.index = None
    ln.body = None
    if ln.record is None or ln.code == "LOG017" or ln.problem and not ln.json_ok:
        return ln
    record = {**ln.record, **({"h": None} if ln.h else {})}
    ln.problem, ln.shape = None, None
    ln.code = "LOG013"
    upto, kid, sig = record.get("upto"), record.get("key"), record.get("sig")
    if set(record) != _SIGNATURE_FIELDS:
        ln.problem = f"signature line {no} does not hold exactly k, upto, key and sig"
    elif type(upto) is not int or upto < 0:
        ln.problem = f'signature line {no} has no whole-number "upto"'
    elif not (isinstance(kid, str) and _KEY_ID.fullmatch(kid)):
        ln.problem = f'signature line {no} has a malformed "key"'
    elif decode_signature(sig) is None:
        ln.problem = f'signature line {no} has a malformed "sig"'
    else:
        ln.record = record
    return ln


def check_header(ln: Line, shown: str) -> dict[str, Any]:
    if ln.raw.endswith(b"\r"):
        msg = "the log has Windows line ends (\\r\\n): it was converted after it was written"
        raise TaskforceError(
            [diagnostic(shown, 1, "LOG006", msg, "convert it back (dos2unix) and verify it again")]
        )
    if ln.problem is not None or ln.shape is not None:
        fail(shown, "LOG006", f"the header is malformed: {ln.problem or ln.shape}")
    assert ln.record is not None
    kind, fmt = ln.record.get("k"), ln.record.get("format")
    if ln.index != 0 or kind != "header":
        fail(shown, "LOG006", f"line 1 is not a log header (i={clipped(ln.index)}, "
             f"k={clipped(kind)})")
    if type(fmt) is not int or fmt != FORMAT:
        fail(shown, "LOG006", f"the log has format {clipped(fmt)}; this engine reads format "
             f"{FORMAT}")
    return ln.record


def leading_index(raw: bytes) -> int | None:
    m = _LEADING_INDEX.match(raw)
    return int(m.group(1)) if m else None


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not allowed")


DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def diagnostic(
    shown: str, line: int, code: str, message: str, hint: str | None = None
) -> Diagnostic:
    return Diagnostic(shown, line, 1, code, message, hint)


def fail(shown: str, code: str, message: str) -> NoReturn:
    raise TaskforceError([diagnostic(shown, 1, code, message)])
