"""The one line format of a session log: kinds, encoding, hashes, shapes and signatures.

Every writer and reader of session logs (the log, the session, replay, verify, grading's quick
reader, and later a networked session) goes through this module, so they agree byte for byte.

Format 1, one JSON object per ``\\n``-terminated UTF-8 line, at most ``MAX_LINE_BYTES`` long and
nested at most ``MAX_DEPTH`` deep:

* line 1 is the header ``{"i":0,"k":"header","format":1, ...}``;
* every chained line is ``{"i":N,"t":<ms>,"k":"<kind>", ...}`` with ``i`` going up by exactly 1,
  and ends with ``,"h":"<64 hex>"}`` where ``h = sha256(prev_h + body)``, ``body`` being the
  line without that hash member and ``prev_h`` the previous chained line's ``h`` (64 zeros
  before the header; line 2 chains onto the header's *anchor*, see ``chain_anchor``);
* a signature line ``{"k":"signed","upto":N,"key":"<key id>","sig":"<base64>"}`` stands outside
  the chain: the station's Ed25519 signature of ``head_message`` for chained line ``N``, which
  vouches for that line and everything before it (see ``engine.record.station``).

What each kind of line holds is checked by ``shape_problem``, so the tools that read records
(replay, grading) only ever see well-formed ones.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from itertools import chain
from typing import Any

FORMAT = 1
ZERO_HASH = "0" * 64
ZERO_BYTES = ZERO_HASH.encode("ascii")
HASH_KEY = b',"h":"'
SUFFIX_LEN = len(HASH_KEY) + 64 + 2  # ,"h":"<64 hex>"}
MAX_LINE_BYTES = 256 * 1024
MAX_DEPTH = 8  # the line's own object counts as 1
MAX_POSES_PER_LINE = 1000

# Kinds of line that are not the core's events.
HEADER = "header"
REQUEST = "request"
POSES = "poses"
NOTE = "note"
CLOSED = "closed"  # the kind of the line a session ends its log with
SIGNED = "signed"  # a signature line (outside the chain)
NOT_EVENTS = frozenset({HEADER, REQUEST, POSES, NOTE, CLOSED, SIGNED})
NOTES = frozenset({"read", "briefing", "paused", "resumed", "set_aside", "recalled"})

SIGNED_PREFIX = b'{"k":"signed",'
VOLATILE_HEADER_FIELDS = frozenset({"session", "started", "h"})
RESERVED_FIELDS = frozenset({"i", "t", "k", "h"})
RESERVED_HEADER_FIELDS = frozenset({"i", "t", "k", "h", "format"})

_SCALARS = frozenset({str, int, float, bool, type(None)})
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


# --- encoding and hashing ----------------------------------------------------------------------


def encode_line(prev_hash: str, obj: Mapping[str, Any]) -> tuple[bytes, str]:
    """The bytes of one log line (with its ``\\n``) and its hash, chained onto ``prev_hash``.

    Raises ``TypeError``/``ValueError`` for values JSON cannot hold exactly (NaN, infinities,
    non-string keys, lone surrogates, objects) and for lines over the size or depth limits:
    nothing is written then.
    """
    if not isinstance(obj, dict):
        obj = dict(obj)
    body = _ENCODER.encode(obj).encode("utf-8")  # first: it also rejects circular values
    for key, value in obj.items():
        if type(key) is not str and not isinstance(key, str):
            raise TypeError(f"field names must be strings, not {key!r}")
        if type(value) not in _SCALARS:
            _check_nested(value, 2)
    if len(body) + SUFFIX_LEN > MAX_LINE_BYTES:
        raise ValueError(f"the line would be {len(body):,} bytes; the limit is {MAX_LINE_BYTES:,}")
    h = hashlib.sha256(prev_hash.encode("ascii") + body).hexdigest()
    return body[:-1] + b',"h":"' + h.encode("ascii") + b'"}\n', h


def encode_plain(obj: Mapping[str, Any]) -> bytes:
    """The compact JSON of a line outside the chain (a signature line), with its ``\\n``."""
    return _ENCODER.encode(dict(obj)).encode("utf-8") + b"\n"


def _check_nested(value: Any, depth: int) -> None:
    """JSON would silently turn non-string keys into strings (and could duplicate them)."""
    if depth > MAX_DEPTH:
        raise ValueError(f"values are nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, dict):
        for key, item in value.items():
            if type(key) is not str and not isinstance(key, str):
                raise TypeError(f"nested keys must be strings, not {key!r}")
            if type(item) not in _SCALARS:
                _check_nested(item, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            if type(item) not in _SCALARS:
                _check_nested(item, depth + 1)


def chained_hash(prev_h: bytes, body: bytes) -> bytes:
    return hashlib.sha256(prev_h + body).hexdigest().encode("ascii")


def chain_anchor(header: Mapping[str, Any]) -> str:
    """What line 2 chains onto: the header's hash without the fields that differ per session,
    so two sessions that did the same things at the same times have identical chained lines."""
    stable = {k: v for k, v in header.items() if k not in VOLATILE_HEADER_FIELDS}
    body = _ENCODER.encode(stable).encode("utf-8")
    return hashlib.sha256(ZERO_BYTES + body).hexdigest()


def head_message(header_hash: str, index: int, head_hash: str) -> bytes:
    """What a signature signs: the header (by its own hash, which covers every header field,
    the session id and start time included) and the hash of chained line ``index``."""
    return f"taskforce-log-head/1\n{header_hash}\n{index}\n{head_hash}".encode("ascii")


def ends_closed(records: Sequence[Mapping[str, Any]]) -> bool:
    """Whether a log's records end with the session's closing line; a log without it stopped
    in a crash, or lost lines from its end."""
    return bool(records) and records[-1].get("k") == CLOSED


# --- the lines a session writes ---------------------------------------------------------------


def pose_fields(samples: Sequence[tuple[int, Sequence[float], Sequence[float]]]) -> dict[str, Any]:
    """The fields of a ``poses`` line for samples ``(t_ms, position, gaze)``; the line's own
    ``t`` is the first sample's, ``dt`` the offsets from it."""
    first = samples[0][0]
    return {
        "dt": [t - first for t, _, _ in samples],
        "p": [[round(v, 3) for v in p] for _, p, _ in samples],
        "g": [[round(v, 3) for v in g] for _, _, g in samples],
    }


def note_fields(note: str, role: str, **fields: Any) -> dict[str, Any]:
    """The fields of a ``note`` line: what a trainee read or did that changes no outcome."""
    if note not in NOTES:
        raise ValueError(f"unknown note {note!r}; notes are {', '.join(sorted(NOTES))}")
    return {"note": note, "role": role, **fields}


# --- shapes ------------------------------------------------------------------------------------

_ID_FIELDS = (
    "action", "role", "inject", "decision", "option", "hazard", "ending", "var", "do", "choose",
    "prop", "reason", "cause", "delivery", "from", "to", "note", "rationale", "outcome",
)  # fmt: skip
_ID_FIELD_SET = frozenset(_ID_FIELDS)
_ID_LIST_FIELDS = ("roles", "documents")
_NESTED = frozenset({dict, list})
_REQUIRED: dict[str, tuple[str, ...]] = {
    "started": ("seed",),
    "performed": ("action", "role"),
    "decided": ("decision", "option"),
    "decision_timed_out": ("decision",),
    "decision_opened": ("decision",),
    "inject_fired": ("inject",),
    "hazard_level": ("hazard", "value"),
    "hazard_threshold": ("hazard", "value", "threshold"),
    "variable_changed": ("var", "value"),
    "ended": ("ending",),
    NOTE: ("note",),
}
_HEADER_TEXT = (
    "scenario", "scenario_version", "scenario_hash", "scenario_path", "trainee", "role",
    "engine", "plan", "started", "session",
)  # fmt: skip


def _number(value: Any) -> bool:
    return type(value) is int or (type(value) is float and math.isfinite(value))


def _what(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


def depth_of(value: Any, limit: int = MAX_DEPTH) -> int:
    """How deeply ``value`` nests arrays and objects (a scalar is 0), counting up to ``limit+1``."""
    if type(value) is dict and _NESTED.isdisjoint(map(type, value.values())):
        return 1  # most lines: a flat object
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if type(node) not in _NESTED:
            continue
        deepest = max(deepest, depth)
        if depth > limit:
            break
        children = node.values() if type(node) is dict else node
        if not _NESTED.isdisjoint(map(type, children)):
            stack.extend((child, depth + 1) for child in children)
    return deepest


_POSE_SAMPLES = ("dt", "p", "g")


def line_problem(obj: Mapping[str, Any], *, header: bool = False) -> tuple[str, str] | None:
    """``(code, message)`` for a parsed line that is nested too deeply (LOG017) or has a
    malformed field (LOG016); None when it is well formed."""
    rest = obj
    if obj.get("k") == POSES and not header:  # its samples are checked exactly, and quickly
        rest = {k: v for k, v in obj.items() if k not in _POSE_SAMPLES}
    if depth_of(rest) > MAX_DEPTH:
        return "LOG017", f"nested more than {MAX_DEPTH} levels deep"
    shape = shape_problem(obj, header=header)
    return None if shape is None else ("LOG016", f"malformed: {shape}")


def shape_problem(obj: Mapping[str, Any], *, header: bool = False) -> str | None:
    """What is wrong with the fields of a parsed line (``h`` removed), or None when it is well
    formed: ids are text, times whole numbers, pose samples numbers (see ``line_problem`` for
    the nesting limit, to check first)."""
    if header:
        for name in _HEADER_TEXT:
            if name in obj and not isinstance(obj[name], str):
                return f'"{name}" is {_what(obj[name])}, not text'
        if "seed" in obj and type(obj["seed"]) is not int:
            return f'"seed" is {_what(obj["seed"])}, not a whole number'
        people = obj.get("people", [])
        if not (isinstance(people, list) and all(isinstance(p, str) for p in people)):
            return '"people" is not a list of roles'
        return None
    kind = obj.get("k")
    t = obj.get("t")
    if type(t) is int and t < 0:
        return '"t" is negative'
    if kind in (HEADER, SIGNED):
        return f'"{kind}" is not the kind of a line in the chain after the header'
    for name in _ID_FIELD_SET.intersection(obj):
        if not isinstance(obj[name], str):
            return f'"{name}" is {_what(obj[name])}, not text'
    for name in _ID_LIST_FIELDS:
        value = obj.get(name)
        if value is not None and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            return f'"{name}" is not a list of texts'
    for name in _REQUIRED.get(str(kind), ()):
        if name not in obj:
            return f'a "{kind}" line needs "{name}"'
    if kind == REQUEST or kind == "refused":
        return _request_problem(obj)
    if kind == POSES:
        return _poses_problem(obj)
    if kind == "started" and type(obj["seed"]) is not int:
        return '"seed" is not a whole number'
    if kind in ("hazard_level", "hazard_threshold"):
        for name in ("value", "threshold", "rate"):
            if name in obj and not _number(obj[name]):
                return f'"{name}" is {_what(obj[name])}, not a number'
    if kind == "variable_changed" and type(obj["value"]) not in (bool, int, float, str):
        return f'"value" is {_what(obj["value"])}, not a variable\'s value'
    return None


def _request_problem(obj: Mapping[str, Any]) -> str | None:
    for whole in ("seat", "fire"):  # a role changing hands; an inject fired by the instructor
        if whole in obj:
            return None if isinstance(obj[whole], str) else f'"{whole}" is not text'
    has_do, has_choose = "do" in obj, "choose" in obj
    if has_do == has_choose:
        return f'a "{obj["k"]}" line needs "do" or "choose" (one of them)'
    if "role" not in obj:
        return f'a "{obj["k"]}" line needs "role"'
    if has_choose and "option" not in obj:
        return f'a "{obj["k"]}" line with "choose" needs "option"'
    return None


def _poses_problem(obj: Mapping[str, Any]) -> str | None:
    offsets, positions, gazes = obj.get("dt"), obj.get("p"), obj.get("g")
    if type(offsets) is not list or not _WHOLE.issuperset(map(type, offsets)):
        return '"dt" is not a list of whole numbers'
    if len(offsets) > MAX_POSES_PER_LINE:
        return f"it holds more than {MAX_POSES_PER_LINE} samples"
    for name, points in (("p", positions), ("g", gazes)):
        if type(points) is not list or len(points) != len(offsets):
            return f'"{name}" is not a list with one point per "dt"'
        if not points:
            continue
        bad = f'"{name}" holds something other than [x, y, z] numbers'
        if not _LIST.issuperset(map(type, points)) or not _THREE.issuperset(map(len, points)):
            return bad
        flat = list(chain.from_iterable(points))
        if not _NUMBERS.issuperset(map(type, flat)) or not all(map(math.isfinite, flat)):
            return bad
    return None


_WHOLE = frozenset({int})
_LIST = frozenset({list})
_THREE = frozenset({3})
_NUMBERS = frozenset({int, float})
