"""The station's ledger: an append-only, chained, signed list of the heads its sessions signed.

Each line records one signed checkpoint of one session log (session id, the header's hash,
the chained line's index and hash, the log's signature of them) and chains onto the line
before it; the station signs every line, so the newest line vouches for the whole ledger, as a
signed tree head does in Certificate Transparency. A log that lost lines the ledger saw is
then shown to be truncated, not merely "never closed". What the ledger cannot show is its own
newest lines being cut off: an outside copy of it limits that (see docs/records.md).

A line: ``{"n":N,"session":S,"log":L,"upto":K,"head":H,"header":HH,"key":ID,"sig":LOG_SIG,
"prev":P,"lsig":SIG}`` where ``P`` is the SHA-256 of the line before (64 zeros for the first)
and ``SIG`` the station's signature of the line's bytes up to ``,"lsig"`` closed by ``}``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import Diagnostic, TaskforceError
from engine.record.disk import fsync_dir
from engine.record.format import ZERO_HASH, encode_plain
from engine.record.keys import Keyring, StationKey, decode_signature, station_home

LEDGER_FILE = "ledger.jsonl"
_SIG_KEY = b',"lsig":"'
_SUFFIX = len(_SIG_KEY) + 88 + 2
_TAIL_BYTES = 64 * 1024
_FIELDS = {"n": int, "session": str, "log": str, "upto": int, "head": str, "header": str,
           "key": str, "sig": str, "prev": str, "lsig": str}

if sys.platform == "win32":

    def _locked(fd: int) -> None:
        """No advisory locks on Windows: one writer at a time is assumed there."""

else:
    import fcntl

    def _locked(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)  # released when the descriptor closes


def ledger_path() -> Path:
    return station_home() / LEDGER_FILE


@dataclass(frozen=True)
class Head:
    """One signed checkpoint of one session, as the ledger recorded it."""

    n: int
    session: str
    log: str
    upto: int
    head: str
    header: str
    key: str
    sig: str


def _message(body: bytes) -> bytes:
    return b"taskforce-ledger/1\n" + body


def record_head(path: Path, key: StationKey, head: dict[str, Any]) -> None:
    """Append one signed head (the fields of ``Head`` but ``n``) to the ledger at ``path``.

    The ledger is locked while its newest line is read and the new one written, so sessions
    running side by side on one station keep one chain. A torn last line (a crash while
    appending) is moved to ``<path>.torn`` first.
    """
    new = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        _locked(fd)
        n, prev = _newest(fd, path)
        fields = {"n": n, **head, "prev": prev}
        body = encode_plain(fields)[:-1]
        signature = key.sign(_message(body))
        os.write(fd, body[:-1] + _SIG_KEY + signature.encode("ascii") + b'"}\n')
        os.fsync(fd)
    finally:
        os.close(fd)
    if new:
        fsync_dir(path.parent)


def _newest(fd: int, path: Path) -> tuple[int, str]:
    """The next line's ``n`` and ``prev``, from the ledger's last complete line."""
    size = os.lseek(fd, 0, os.SEEK_END)
    start = max(0, size - _TAIL_BYTES)
    os.lseek(fd, start, os.SEEK_SET)
    tail = os.read(fd, size - start)
    cut = tail.rfind(b"\n") + 1
    if cut < len(tail):  # a torn last line: keep its bytes aside, then cut it off
        with open(path.with_name(path.name + ".torn"), "ab") as torn:
            torn.write(tail[cut:] + b"\n")
        os.ftruncate(fd, start + cut)
        tail = tail[:cut]
    lines = tail.splitlines()
    if not lines:
        return 0, ZERO_HASH
    last = lines[-1]
    try:
        n = json.loads(last)["n"]
    except (ValueError, KeyError, TypeError, RecursionError):
        n = None
    if type(n) is not int:
        raise TaskforceError([Diagnostic(str(path), 1, 1, "KEY005",
                                         "the ledger's last line is damaged; nothing is added "
                                         "to it", "restore the ledger from its outside copy")])
    return n + 1, hashlib.sha256(last).hexdigest()


@dataclass
class LedgerView:
    """What a ledger says: the newest head of each session, and any damage found in it."""

    path: Path | None
    heads: dict[str, Head] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    entries: int = 0
    signed_by: str | None = None

    def latest(self, session: object) -> Head | None:
        return self.heads.get(session) if isinstance(session, str) else None


def read_ledger(path: Path | None, keyring: Keyring) -> LedgerView:
    """Read and check a ledger (a missing file is an empty ledger, with ``path`` None)."""
    if path is None or not path.exists():
        return LedgerView(None)
    view = LedgerView(path)
    shown = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        view.problems.append(Diagnostic(shown, 1, 1, "KEY005",
                                        f"the ledger cannot be read: {exc.strerror}"))
        return view
    lines = data.split(b"\n")
    lines.pop()  # b"" after the last line break, or a torn line: the newest lines are whole
    prev = ZERO_HASH
    last: tuple[int, bytes, dict[str, Any]] | None = None
    for no, line in enumerate(lines, 1):
        fields, problem = _parse(line, view.entries)
        if problem is None and fields["prev"] != prev:
            problem = (f"does not chain onto line {no - 1}: one of them was edited, or a line "
                       "between them removed")
        if problem is not None:
            view.problems.append(Diagnostic(shown, no, 1, "KEY005", f"ledger line {no} {problem}",
                                            "restore the ledger from its outside copy"))
            return view
        prev = hashlib.sha256(line).hexdigest()
        view.entries += 1
        head = Head(**{k: fields[k] for k in Head.__dataclass_fields__})
        view.heads[head.session] = head
        last = (no, line, fields)
    if last is not None:
        no, line, fields = last
        signature = decode_signature(fields["lsig"])
        kid = fields["key"]
        if kid not in keyring.keys:
            message = f"ledger line {no} is signed by {kid}, a key this station does not trust"
        elif signature is None or not keyring.verify(kid, signature, _message(line[:-_SUFFIX]
                                                                               + b"}")):
            message = f"ledger line {no}'s signature does not match: the ledger was changed"
        else:
            view.signed_by = kid
            return view
        view.problems.append(Diagnostic(shown, no, 1, "KEY005", message,
                                        "restore the ledger from its outside copy"))
    return view


def _parse(line: bytes, n: int) -> tuple[dict[str, Any], str | None]:
    try:
        fields = json.loads(line)
    except (ValueError, RecursionError):
        return {}, "is not valid JSON"
    if not isinstance(fields, dict) or set(fields) != set(_FIELDS):
        return {}, "does not hold the fields of a ledger line"
    for name, kind in _FIELDS.items():
        if type(fields[name]) is not kind:
            return {}, f'has a malformed "{name}"'
    if fields["n"] != n:
        return {}, f"says it is entry {fields['n']}, where entry {n} belongs"
    if not line.endswith(b'"}') or line[-_SUFFIX : -_SUFFIX + len(_SIG_KEY)] != _SIG_KEY:
        return {}, 'does not end with its "lsig"'
    return fields, None
