"""The wire: every message between a host and its clients, encoded like a log line.

A message is one JSON object with a kind ``k``, encoded exactly as the session log encodes a
line (``engine.record.format``, the one home of the line format): what the host sends of the
log *is* the log line, hash and all, and a trainee's request arrives in the shape it is logged
in (``{"k": "request", "do": ...}``), to which the host adds only its index, time and hash.
Every message a client sends is checked here before anything acts on it: its size, its kind,
its fields and their types.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.record.format import NOTES, encode_plain
from engine.record.lines import DECODER

MAX_MESSAGE = 16 * 1024  # bytes: a request, a note, a pose or a message between trainees
MAX_TEXT = 2000  # characters of free text (a rationale, a message, an instructor's note)

NUMBER = (int, float)
_VEC = "vec3"
# Field types per kind of message a client may send: (required, optional).
_ID = str
TRAINEE_KINDS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "hello": ({"code": _ID, "client": _ID},
              {"role": _ID, "trainee": _ID, "last": int, "scripted": bool, "until": int,
               "finished": bool}),
    "request": ({"cseq": int, "role": _ID},
                {"do": _ID, "choose": _ID, "option": _ID, "rationale": str, "ask": _ID,
                 "via": _ID}),
    "note": ({"cseq": int, "note": _ID, "role": _ID},
             {"prop": _ID, "documents": list, "decision": _ID}),
    "say": ({"cseq": int, "role": _ID, "to": _ID, "via": _ID, "text": str}, {}),
    "pose": ({"p": _VEC, "g": _VEC}, {"l": _VEC, "r": _VEC}),
    "hold": ({}, {"until": int}),
    "ack": ({"i": int}, {}),
    "bye": ({}, {}),
}
INSTRUCTOR_KINDS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "hello": ({"token": _ID}, {"last": int}),
    "start": ({}, {}),
    "pause": ({}, {}),
    "resume": ({}, {}),
    "fire": ({"inject": _ID}, {}),
    "remark": ({"text": str}, {}),
    "end": ({}, {}),
}
HELLO_KINDS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "hello": ({}, {**TRAINEE_KINDS["hello"][0], **TRAINEE_KINDS["hello"][1],
                   **INSTRUCTOR_KINDS["hello"][0], **INSTRUCTOR_KINDS["hello"][1]}),
}
VIAS = frozenset({"radio", "phone", "face_to_face"})


class Refusal(Exception):
    """A message the host will not act on: its code (NETxxx) and a reason a person can read."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code, self.reason = code, reason

    def message(self, **extra: Any) -> dict[str, Any]:
        return {"k": "refused", "code": self.code, "reason": self.reason, **extra}


def encode(message: Mapping[str, Any]) -> str:
    """One message as the text of one WebSocket frame: a log line without its newline."""
    return encode_plain(message)[:-1].decode("utf-8")


def decode(data: str | bytes, kinds: Mapping[str, tuple[dict[str, Any], dict[str, Any]]],
           ) -> dict[str, Any]:
    """A client's message, checked; ``Refusal`` says what is wrong with it."""
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "replace"))
    if size > MAX_MESSAGE:
        raise Refusal("NET002", f"the message is {size} bytes; at most {MAX_MESSAGE} are taken")
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        message = DECODER.decode(text)
    except (UnicodeDecodeError, ValueError) as exc:
        raise Refusal("NET001", f"the message is not JSON text ({_short(exc)})") from None
    if not isinstance(message, dict):
        raise Refusal("NET001", "the message is not a JSON object")
    kind = message.get("k")
    if kinds is HELLO_KINDS and kind != "hello":
        raise Refusal("NET017", "say hello with a join code first")
    if kinds is TRAINEE_KINDS and kind in INSTRUCTOR_KINDS:
        raise Refusal("NET009", f"only the instructor station may '{kind}'")
    if not isinstance(kind, str) or kind not in kinds:
        raise Refusal("NET003", f"unknown kind of message {kind!r}"[:200])
    required, optional = kinds[kind]
    for name in required:
        if name not in message:
            raise Refusal("NET004", f"a '{kind}' message needs '{name}'")
    for name, value in message.items():
        if name == "k":
            continue
        wanted = required.get(name, optional.get(name))
        if wanted is None:
            raise Refusal("NET004", f"a '{kind}' message has no field '{name}'"[:200])
        if not _fits(value, wanted):
            raise Refusal("NET004", f"'{name}' of a '{kind}' message has the wrong type")
    _check_values(kind, message)
    return message


def _fits(value: Any, wanted: Any) -> bool:
    if wanted == _VEC:
        return (isinstance(value, list) and len(value) == 3
                and all(type(v) in NUMBER and abs(v) < 1e6 for v in value))
    if wanted is int:
        return type(value) is int and -(2**53) < value < 2**53
    if wanted is list:
        return isinstance(value, list) and len(value) <= 64 and all(
            isinstance(v, str) and len(v) <= 200 for v in value)
    if wanted is str:
        return isinstance(value, str) and len(value) <= MAX_TEXT
    return isinstance(value, wanted) and (not isinstance(value, str) or len(value) <= 200)


def _check_values(kind: str, message: dict[str, Any]) -> None:
    if kind == "request":
        shapes = [{"do"}, {"choose", "option"}, {"ask", "do"}]
        given = {k for k in ("do", "choose", "option", "ask") if k in message}
        if given not in shapes:
            raise Refusal("NET004", "a request names one action ('do'), a decision and its "
                          "option ('choose', 'option'), or a partner and an action ('ask', 'do')")
        if "via" in message and message["via"] not in VIAS:
            raise Refusal("NET004", f"'via' is one of {', '.join(sorted(VIAS))}")
    elif kind == "note" and message["note"] not in NOTES:
        raise Refusal("NET004", f"a note is one of {', '.join(sorted(NOTES))}")
    elif kind == "hello" and "token" not in message and not {"code", "client"} <= set(message):
        raise Refusal("NET017", "say hello with a join code (and your client's id) first")
    elif kind == "say" and message["via"] not in ("radio", "face_to_face"):
        raise Refusal("NET004", "a message goes by 'radio' or 'face_to_face'")


def _short(exc: BaseException) -> str:
    return str(exc).split(":")[0][:80]
