"""Reading and verifying session logs: the hash-chained JSON Lines files ``SessionLog`` writes.

Format 1, one JSON object per ``\\n``-terminated UTF-8 line:

* line 1 is the header ``{"i":0,"k":"header","format":1, ...}``;
* every later line is ``{"i":N,"t":<ms>,"k":"<kind>", ...}`` with ``i`` going up by exactly 1;
* every line ends with ``,"h":"<64 hex>"}`` where ``h = sha256(prev_h + body)``, ``body`` being the
  line's bytes without that hash member (``line[:-72] + b"}"``) and ``prev_h`` the previous
  line's ``h`` in ASCII (64 zeros before the header);
* except that line 2 chains onto the header's *anchor* rather than its ``h``: the hash of the
  header without its ``session`` and ``started`` fields (see ``chain_anchor``). The header's own
  ``h`` still covers every field, so any edit is caught, while two sessions that did the same
  things at the same scenario times have byte-identical lines after the header.

Verification works on the stored bytes only (nothing is re-serialized), and goes on after a
problem so that every problem is reported once: a line is checked against the line that carries
the index before its own, wherever that line is in the file, so a moved line is reported as moved
rather than as a cascade of broken links. Nothing here reads the clock or imports graphics code.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeAlias

from engine.errors import Diagnostic, TaskforceError

__all__ = [
    "FORMAT",
    "ZERO_HASH",
    "LogContents",
    "chain_anchor",
    "LogScan",
    "iter_lines",
    "read_log",
    "scan_bytes",
    "verify_log",
]

StrPath: TypeAlias = "str | os.PathLike[str]"

FORMAT = 1
ZERO_HASH = "0" * 64
HASH_KEY = b',"h":"'
SUFFIX_LEN = len(HASH_KEY) + 64 + 2  # ,"h":"<64 hex>"}
_ZERO = ZERO_HASH.encode("ascii")
_HEX64 = re.compile(rb"[0-9a-f]{64}")
_LEADING_INDEX = re.compile(rb'\{"i":(0|[1-9][0-9]{0,17})[,}]')
VOLATILE_HEADER_FIELDS = frozenset({"session", "started", "h"})
_ANCHOR_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def chain_anchor(header: dict[str, Any]) -> str:
    """What line 2 chains onto: the header's hash without the fields that differ per session."""
    stable = {k: v for k, v in header.items() if k not in VOLATILE_HEADER_FIELDS}
    body = _ANCHOR_ENCODER.encode(stable).encode("utf-8")
    return hashlib.sha256(_ZERO + body).hexdigest()


@dataclass(frozen=True)
class LogContents:
    """What a log holds: records exclude ``h``; ``problems`` is empty when the log is intact.

    ``records`` are the well-formed lines after the header, in file order. When ``problems`` is
    not empty, some of them may be edited, moved or inserted: check before trusting them.
    """

    header: dict[str, Any]
    records: list[dict[str, Any]]
    problems: list[Diagnostic]
    torn: bool


@dataclass(frozen=True)
class LogScan:
    """The full result of checking a log's bytes (``LogContents`` plus what resuming needs)."""

    header: dict[str, Any]
    records: list[dict[str, Any]]
    problems: list[Diagnostic]
    torn: bool
    complete_len: int  # bytes up to the end of the last complete line (the torn tail starts here)
    last_index: int  # "i" of the last complete line
    last_hash: str  # "h" of the last complete line


def read_log(
    path: StrPath,
    *,
    display_path: str | None = None,
    expected_last: tuple[int, str] | None = None,
) -> LogContents:
    """Read and verify a log; raise ``TaskforceError`` (LOG001/LOG006) only if nothing is usable.

    ``expected_last`` is the ``(last_index, last_hash)`` of the writer when it closed, kept
    elsewhere; without it, deleting the log's final lines cannot be detected.
    """
    shown = str(path) if display_path is None else display_path
    scan = scan_bytes(_read_bytes(path, shown), display_path=shown, expected_last=expected_last)
    return LogContents(scan.header, scan.records, scan.problems, scan.torn)


def verify_log(
    path: StrPath,
    *,
    display_path: str | None = None,
    expected_last: tuple[int, str] | None = None,
) -> list[Diagnostic]:
    """All problems in a log, sorted; an empty list means intact. Never raises for a bad log."""
    try:
        return read_log(path, display_path=display_path, expected_last=expected_last).problems
    except TaskforceError as exc:
        return list(exc.diagnostics)


def iter_lines(path: StrPath) -> Iterator[bytes]:
    """Each complete line (without its ``\\n``), streamed and NOT verified; a torn tail is skipped.

    A fast path for graders that have already verified the log (``json.loads`` each line; the
    objects still carry ``h``).
    """
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with below, inside the generator
    except OSError as exc:
        _fail(str(path), "LOG001", f"the log cannot be read: {_reason(exc)}")
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
    """Parse and verify a whole log held in memory (see the module docstring for the rules)."""
    shown = display_path
    if not data:
        _fail(shown, "LOG006", "the log is empty: it has no header line")
    segments = data.split(b"\n")
    tail = segments.pop()  # b"" when the file ends with "\n", else the torn fragment
    if not segments:
        _fail(shown, "LOG006", "the header line is incomplete: the file ends before its line end")

    lines = [_parse(no, raw, first=no == 1) for no, raw in enumerate(segments, 1)]
    header = _check_header(lines[0], shown)
    problems: list[Diagnostic] = []
    torn_no: int | None = None
    torn_index: int | None = None
    complete_len = len(data) - len(tail)
    if tail:
        torn_no = len(lines) + 1
        torn_index = _leading_index(tail)
    elif len(lines) > 1 and not lines[-1].json_ok:
        # The last line is not complete JSON: a torn write, not a malformed line.
        torn = lines.pop()
        torn_no = torn.no
        torn_index = _leading_index(torn.raw)
        complete_len -= len(torn.raw) + 1
    if torn_no is not None:
        problems.append(
            _diag(
                shown,
                torn_no,
                "LOG005",
                f"line {torn_no} was cut short (torn write, e.g. a crash while writing); "
                "the lines before it are still read",
            )
        )

    clean = True
    prev_i, prev_h = -1, _ZERO
    for ln in lines:
        if ln.problem is not None:
            clean = False
            problems.append(_diag(shown, ln.no, "LOG002", ln.problem))
        elif clean:
            assert ln.body is not None and ln.h is not None and ln.index is not None
            if ln.index != prev_i + 1 or _sha(prev_h, ln.body) != ln.h:
                clean = False
            prev_i, prev_h = ln.index, ln.link
    if not clean or (torn_index is not None and torn_index > prev_i + 1):
        problems.extend(_analyse_chain(lines, torn_no, torn_index, shown))

    last = lines[-1]
    if expected_last is not None:
        problems.extend(_check_expected_last(lines, expected_last, torn_no, shown))
    records = [ln.record for ln in lines[1:] if ln.record is not None and ln.problem is None]
    return LogScan(
        header=header,
        records=records,
        problems=sorted(problems),
        torn=torn_no is not None,
        complete_len=complete_len,
        last_index=last.index if last.index is not None else -1,
        last_hash=last.link.decode("ascii"),
    )


# --- parsing ---------------------------------------------------------------------------------


class _Line:
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


def _parse(no: int, raw: bytes, *, first: bool) -> _Line:
    ln = _Line(no, raw)
    try:
        text = raw.decode("utf-8")
        try:
            obj, end = _DECODER.raw_decode(text)
        except json.JSONDecodeError:
            end = -1
        if end != len(text):
            obj = _DECODER.decode(text)  # the slow way: spaces are fine, the rest raises
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


def _check_header(ln: _Line, shown: str) -> dict[str, Any]:
    if ln.raw.endswith(b"\r"):
        msg = "the log has Windows line ends (\\r\\n): it was converted after it was written"
        raise TaskforceError(
            [_diag(shown, 1, "LOG006", msg, "convert it back (dos2unix) and verify it again")]
        )
    if ln.problem is not None:
        _fail(shown, "LOG006", f"the header is malformed: {ln.problem}")
    assert ln.record is not None
    kind, fmt = ln.record.get("k"), ln.record.get("format")
    if ln.index != 0 or kind != "header":
        _fail(shown, "LOG006", f"line 1 is not a log header (i={ln.index!r}, k={kind!r})")
    if type(fmt) is not int or fmt != FORMAT:
        _fail(shown, "LOG006", f"the log has format {fmt!r}; this engine reads format {FORMAT}")
    return ln.record


def _leading_index(raw: bytes) -> int | None:
    m = _LEADING_INDEX.match(raw)
    return int(m.group(1)) if m else None


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not allowed")


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


# --- chain analysis (only when the quick sequential check failed) ----------------------------


def _analyse_chain(
    lines: list[_Line], torn_no: int | None, torn_index: int | None, shown: str
) -> list[Diagnostic]:
    _fix_edited_indices(lines)
    chained = [ln for ln in lines if ln.chained]
    by_index: dict[int, list[_Line]] = {}
    for ln in chained:
        assert ln.index is not None
        by_index.setdefault(ln.index, []).append(ln)
    confirmed = _link(chained, by_index)

    # Among lines sharing an index, only the best-attested ones compete for "in place".
    header = lines[0]
    candidates: list[_Line] = []
    for ln in chained:
        assert ln.index is not None
        group = by_index[ln.index]
        if ln.index == 0:
            if ln is header:
                candidates.append(ln)
            continue
        if len(group) > 1:
            score = _score(ln, confirmed)
            if any(_score(other, confirmed) > score for other in group):
                continue
        candidates.append(ln)
    keep = _keep_earliest_lis([ln.index or 0 for ln in candidates])
    kept = [ln for ln, k in zip(candidates, keep, strict=True) if k]
    for ln in kept:
        ln.kept = True

    problems: list[Diagnostic] = []
    explained: set[int] = set()  # line numbers already reported as edited-in-place
    problems.extend(_missing(lines, kept, by_index, torn_no, torn_index, explained, shown))
    for ln in chained:
        if ln.no in explained:
            continue
        if not ln.kept:
            problems.append(_out_of_place(ln, by_index, shown))
        elif ln.linked is False:
            if ln.hash_edited:
                msg = f"line {ln.no} was edited: its hash was changed (its content is intact)"
                problems.append(_diag(shown, ln.no, "LOG003", msg))
            elif ln.claimed_index is not None:
                msg = (
                    f"line {ln.no} was edited: it says index {ln.claimed_index} where the chain "
                    f"has index {ln.index}"
                )
                problems.append(_diag(shown, ln.no, "LOG003", msg))
            else:
                msg = f"line {ln.no} was edited: its stored hash does not match its content"
                hint = (
                    "either this line was changed, or the line before it in the chain was "
                    "changed and given a new hash"
                )
                problems.append(_diag(shown, ln.no, "LOG003", msg, hint))
    return problems


def _fix_edited_indices(lines: list[_Line]) -> None:
    """A line whose successor chains onto its stored hash has the index before the successor's.

    If it says otherwise, its "i" was edited (its hash was not): give it back its place.
    """
    for prev, ln in zip(lines, lines[1:], strict=False):
        if not (prev.chained and ln.chained) or prev.index is None or not ln.index:
            continue
        if prev.index != ln.index - 1 and _sha(prev.link, ln.body or b"") == ln.h:
            prev.claimed_index, prev.index = prev.index, ln.index - 1


def _link(chained: list[_Line], by_index: dict[int, list[_Line]]) -> set[tuple[int, bytes]]:
    """Check each line against every line holding the index before its own.

    A line whose hash matches none of them was edited; its ``calcs`` are the hashes it would
    have if only its content, or only its predecessor's hash, had changed. A successor that
    chains onto one of those instead of the stored hash shows which (a hash-only edit).
    Returns the (index, hash) pairs some successor's hash confirms.
    """
    confirmed: set[tuple[int, bytes]] = set()
    for ln in sorted(chained, key=lambda x: (x.index, x.no)):
        assert ln.index is not None and ln.body is not None
        if ln.index == 0:
            ln.linked = _sha(_ZERO, ln.body) == ln.h
            ln.calcs = (ln.h,) if ln.linked else (_sha(_ZERO, ln.body),)
            continue
        preds = by_index.get(ln.index - 1, [])
        if ln.index == 1 and preds and not any(pred.linked for pred in preds):
            preds = []  # an edited header changed the anchor: its own LOG003 says so
        if not preds:
            ln.linked, ln.calcs = None, (ln.h,)  # nothing to check against: trust its hash
            continue
        for pred in preds:
            if _sha(pred.link, ln.body) == ln.h:
                ln.linked, ln.calcs = True, (ln.h,)
                confirmed.add((pred.index or 0, pred.h))
                break
        else:
            ln.linked = False
            for pred in preds:
                for calc in pred.calcs if pred.index != 0 else ():
                    if calc != pred.h and _sha(calc, ln.body) == ln.h:
                        ln.linked, ln.calcs = True, (ln.h,)
                        pred.hash_edited = True  # pred kept its content, lost its hash
                        break
                if ln.linked:
                    break
            else:
                bases = dict.fromkeys([preds[0].link, *preds[0].calcs])
                ln.calcs = tuple(_sha(base, ln.body) for base in list(bases)[:4])
    return confirmed


def _score(ln: _Line, confirmed: set[tuple[int, bytes]]) -> int:
    return (ln.linked is not False) + ((ln.index, ln.h) in confirmed)


def _keep_earliest_lis(values: list[int]) -> list[bool]:
    """Mark a longest strictly increasing subsequence, preferring the earliest positions."""
    starts = [0] * len(values)  # length of the longest increasing run starting at each position
    tails: list[int] = []
    for p in range(len(values) - 1, -1, -1):
        x = -values[p]
        k = bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
        else:
            tails[k] = x
        starts[p] = k + 1
    keep = [False] * len(values)
    need, last = len(tails), -1
    for p, value in enumerate(values):
        if need and starts[p] == need and value > last:
            keep[p] = True
            need, last = need - 1, value
    return keep


def _missing(
    lines: list[_Line],
    kept: list[_Line],
    by_index: dict[int, list[_Line]],
    torn_no: int | None,
    torn_index: int | None,
    explained: set[int],
    shown: str,
) -> list[Diagnostic]:
    """Report indices no line carries, unless a malformed or edited line sits in their place."""
    top = max(
        [kept[-1].index or 0]
        + [i for i, group in by_index.items() if any(ln.linked for ln in group)]
        + ([torn_index - 1] if torn_index is not None else [])
    )
    present = sorted({ln.index for ln in lines if ln.index is not None and ln.index <= top})
    runs: list[tuple[int, int]] = []
    prev = 0
    for value in [*present, top + 1]:
        if value > prev + 1:
            runs.append((prev + 1, value - 1))
        prev = value
    kept_idx = [ln.index or 0 for ln in kept]
    end_no = torn_no if torn_no is not None else len(lines) + 1
    problems: list[Diagnostic] = []
    for a, b in runs:
        k = bisect_left(kept_idx, a)
        lo = kept[k - 1].no
        hi = kept[k].no if k < len(kept) else end_no
        between = lines[lo : hi - 1]
        unaccounted = b - a + 1 - sum(1 for ln in between if ln.index is None)
        for ln in between:
            if unaccounted > 0 and ln.chained and not ln.kept and ln.linked is not True:
                unaccounted -= 1
                explained.add(ln.no)
                msg = (
                    f"line {ln.no} was edited: its index {ln.index} does not fit between "
                    f"lines {lo} and {hi}"
                    + (", and its hash does not match" if ln.linked is False else "")
                )
                problems.append(_diag(shown, ln.no, "LOG003", msg))
        if unaccounted > 0:
            what = f"line with index {a} is" if a == b else f"lines with index {a}..{b} are"
            problems.append(_diag(shown, hi, "LOG004", f"{what} missing (deleted)"))
    return problems


def _out_of_place(ln: _Line, by_index: dict[int, list[_Line]], shown: str) -> Diagnostic:
    assert ln.index is not None
    k = ln.index
    same = [o for o in by_index[k] if o is not ln and o.kept]
    if same:
        other = same[0]
        if other.raw == ln.raw:
            msg = f"line {ln.no} has index {k}: inserted (a copy of line {other.no})"
        else:
            msg = f"line {ln.no} has index {k}, as line {other.no} does: inserted"
    elif ln.linked is False:
        msg = (
            f"line {ln.no} has index {k}: inserted or moved "
            "(and its hash does not match the line before it in the chain)"
        )
    else:
        before = [o for o in by_index.get(k - 1, []) if o.kept] or by_index.get(k - 1, [])
        after = [o for o in by_index.get(k + 1, []) if o.kept]
        if before:
            where = f" (it belongs right after line {before[0].no})"
        elif after:
            where = f" (it belongs right before line {after[0].no})"
        else:
            where = ""
        msg = f"line {ln.no} has index {k}: moved{where}"
    return _diag(shown, ln.no, "LOG004", msg)


def _check_expected_last(
    lines: list[_Line], expected: tuple[int, str], torn_no: int | None, shown: str
) -> list[Diagnostic]:
    want_i, want_h = expected
    heads = [ln for ln in lines if ln.chained]
    head = max(heads, key=lambda ln: ln.index or 0)
    have_i = head.index or 0
    if have_i < want_i:
        a, b = have_i + 1, want_i
        what = f"line with index {a} is" if a == b else f"lines with index {a}..{b} are"
        where = torn_no if torn_no is not None else len(lines) + 1
        return [_diag(shown, where, "LOG004", f"{what} missing at the end (deleted)")]
    if have_i > want_i:
        extra = min((ln for ln in heads if (ln.index or 0) > want_i), key=lambda ln: ln.no)
        msg = f"line {extra.no} has index {extra.index}: inserted after the session was closed"
        return [_diag(shown, extra.no, "LOG004", msg)]
    if head.link.decode("ascii") != want_h:
        msg = f"line {head.no} was edited: its hash differs from the one recorded at close"
        return [_diag(shown, head.no, "LOG003", msg)]
    return []


# --- helpers ---------------------------------------------------------------------------------


def _sha(prev_h: bytes, body: bytes) -> bytes:
    return hashlib.sha256(prev_h + body).hexdigest().encode("ascii")


def _diag(shown: str, line: int, code: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(shown, line, 1, code, message, hint)


def _fail(shown: str, code: str, message: str) -> NoReturn:
    raise TaskforceError([_diag(shown, 1, code, message)])


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "it is a folder"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or type(exc).__name__


def _read_bytes(path: StrPath, shown: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        _fail(shown, "LOG001", f"the log cannot be read: {_reason(exc)}")
