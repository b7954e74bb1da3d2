"""Mutated inputs for every command, and the check that each answer is a clean one.

Shared by the bounded property test in the suite (``tests/unit/test_fuzz_inputs.py``) and the
long-running fuzzer (``python tools/fuzz_inputs.py``). A clean answer: exit 0, 1 or 2, no
internal error or traceback, and every error line located (``path:line:col: error CODE: ...``,
or ``error CLIxxx: ...`` for the command line itself).
"""

from __future__ import annotations

import io
import json
import random
import re
import signal
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from engine.cli import main
from engine.record.format import ZERO_HASH, chain_anchor, encode_line, encode_plain
from engine.record.station import station_signer

LOCATED = re.compile(r"^.+:\d+:\d+: error [A-Z]{2,4}\d{3}: |^error [A-Z]{2,4}\d{3}: ")
YAML_VALUES = [
    "~", "[]", "{}", "[a, b]", "{a: 1}", "-1", "0", "1e400", "2.30", '"2.30"', '"a\\nb\\u001b[31m"',
    "'x'", "true", "'" + "x" * 300 + "'", "[" * 70 + "]" * 70, "*a", "&a b", "!!python/object x",
    '"\\0"', "{b: c", "|", "- a", "0x10", ".nan", "'../../etc/passwd'", "/proc/self/environ",
    "12345678901234567890123", '"\\u202e"', "[[1, 2], [3]]", "{performed: ~}", "'0:99'",
    "0.0001", "1e-9", "604800", "-0.0", "'not (a'", "'done(x, y, z)'", "'1 / 0 > 1'",
    "'count(don_ppe) > 1e400'", "'elapsed / 0 == 1'", "'chose(a)'", "'fired()'", "'a == '",
    "'x' * 3", "{at: 1}", "{when: 'true'}", "[{id: a}]", "{set: {x: 1}}", "'1:00:00:00'",
]
DATA_VALUES: list[Any] = [
    None, [], {}, ["x"], {"a": 1}, -1, 0, 10**30, 1e400, 2.3, "2.30", "", "x" * 300, "\x1b[31m",
    True, [[1, 2]], "../../x", "/proc/self/environ", "not (", "done(", "a\nb", {"id": []},
    [{"id": "x"}], 604800, 1e-9, "0:99",
]
JSON_VALUES: list[Any] = [
    None, [], {}, ["x"], {"a": 1}, -1, 0, 10**30, 1.5, "", "x" * 300, "\x1b[31m", True,
    [[1, 2, 3]], [[1, 2]], [1, "x"], "../../etc/passwd", "/proc/self/environ", 2**63,
]


# --- mutations -------------------------------------------------------------------------------


def mutate_yaml(text: str, rng: random.Random) -> str:
    """One mutation of a YAML file: a value anywhere in its data, a line, or a few bytes."""
    if rng.random() < 0.4:
        changed = mutate_data(text, rng)
        if changed is not None:
            return changed
    lines = text.split("\n")
    n = rng.randrange(len(lines))
    choice = rng.randrange(8)
    if choice <= 2:  # a value replaced
        line = lines[n]
        if ":" in line:
            key, _, _ = line.partition(":")
            lines[n] = f"{key}: {rng.choice(YAML_VALUES)}"
    elif choice == 3:
        del lines[n]
    elif choice == 4:
        lines.insert(n, lines[rng.randrange(len(lines))])
    elif choice == 5:  # an id swapped for another word of the file
        words = re.findall(r"[a-z][a-z0-9_]{2,}", text)
        if words and re.search(r"[a-z][a-z0-9_]{2,}", lines[n]):
            lines[n] = re.sub(r"[a-z][a-z0-9_]{2,}", rng.choice(words), lines[n], count=1)
    elif choice == 6:
        lines[n] = " " * rng.randrange(7) + lines[n].lstrip()
    else:
        return mutate_text_bytes(text, rng)
    return "\n".join(lines)


def mutate_data(text: str, rng: random.Random) -> str | None:
    """The file's data with one value anywhere replaced (or a list item dropped or copied),
    written back as YAML; None when the file does not parse."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    places: list[tuple[Any, Any]] = []
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        children = (list(node.items()) if isinstance(node, dict) else
                    list(enumerate(node)) if isinstance(node, list) else [])
        for key, child in children:
            places.append((node, key))
            stack.append(child)
    if not places:
        return None
    node, key = rng.choice(places)
    action = rng.randrange(4)
    if action == 0 and isinstance(node, list):
        del node[key]
    elif action == 1 and isinstance(node, list):
        node.insert(key, node[key])
    elif action == 2 and isinstance(node, dict):
        node[f"{key}_x"] = node.pop(key)
    else:
        node[key] = rng.choice(DATA_VALUES)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def mutate_text_bytes(text: str, rng: random.Random) -> str:
    data = bytearray(text.encode("utf-8"))
    if not data:
        return "\t"
    at = rng.randrange(len(data))
    action = rng.randrange(4)
    if action == 0:
        data[at] ^= 1 << rng.randrange(8)
    elif action == 1:
        data.insert(at, rng.choice(b"{}[]:-#&*!|>'\"\t\r\n\x00\x1b,"))
    elif action == 2:
        del data[at : at + rng.randrange(1, 20)]
    else:
        del data[at:]
    return data.decode("utf-8", "replace")


def mutate_records(lines: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
    """One structural mutation of a log's records (the header is ``lines[0]``)."""
    lines = [dict(line) for line in lines]
    n = rng.randrange(len(lines))
    record = lines[n]
    choice = rng.randrange(7)
    if choice <= 2 and record:
        field = rng.choice([k for k in record if k not in ("i", "h")] or ["k"])
        record[field] = rng.choice(JSON_VALUES)
    elif choice == 3 and len(record) > 2:
        record.pop(rng.choice([k for k in record if k not in ("i", "h")]))
    elif choice == 4 and n > 0:
        del lines[n]
    elif choice == 5:
        lines.insert(max(1, n), dict(lines[rng.randrange(1, len(lines))] if len(lines) > 1
                                     else record))
    else:
        record["k"] = rng.choice(["request", "poses", "note", "closed", "performed", "decided",
                                  "inject_fired", "hazard_level", "ended", "signed", "header"])
    return lines


def mutate_log_bytes(data: bytes, rng: random.Random) -> bytes:
    lines = data.splitlines(keepends=True)
    choice = rng.randrange(5)
    n = rng.randrange(len(lines))
    if choice == 0:
        del lines[n]
    elif choice == 1:
        lines[n], lines[-1] = lines[-1], lines[n]
    elif choice == 2:
        del lines[n + 1 :]
    elif choice == 3:
        lines.insert(n, b'{"i":1,"t":0,"k":"x","a":' + b"[" * 5000 + b"]" * 5000 + b"}\n")
    else:
        return mutate_text_bytes(data.decode("utf-8", "replace"), rng).encode("utf-8")
    return b"".join(lines)


def log_records(path: Path) -> list[dict[str, Any]]:
    """A log's chained lines as records (the signature lines left out)."""
    found = []
    for line in path.read_bytes().splitlines():
        record = json.loads(line)
        if record.get("k") != "signed":
            record.pop("h", None)
            found.append(record)
    return found


def write_log(path: Path, lines: list[dict[str, Any]], *, sign: bool) -> Path:
    """Write records as a log with a sound hash chain, signed by this station if ``sign``
    (what only the key's holder can do): so the mutation reaches past the chain checks."""
    out, previous = [], ZERO_HASH
    header_hash = ZERO_HASH
    if sign and isinstance(lines[0], dict):  # a session of its own in the station's ledger
        lines = [{**lines[0], "session": uuid.uuid4().hex}, *lines[1:]]
    for index, line in enumerate(lines):
        body = {"i": index, **{k: v for k, v in line.items() if k != "i"}}
        try:
            encoded, digest = encode_line(previous, body)
        except (TypeError, ValueError):
            encoded, digest = encode_plain(body), previous
        out.append(encoded)
        previous = chain_anchor(body) if index == 0 else digest
        if index == 0:
            header_hash = digest
    if sign:
        signer = station_signer()
        signature, sig = signer.signature_line(header_hash, len(lines) - 1, previous)
        out.append(signature)
        signer.record(session=str(lines[0].get("session")), log=str(path),
                      header_hash=header_hash, upto=len(lines) - 1, head_hash=previous, sig=sig)
    path.write_bytes(b"".join(out))
    return path


# --- running a command and judging its answer ------------------------------------------------


class TookTooLong(BaseException):
    """Raised inside a command that ran past its time (not an Exception: not swallowed)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    if sys.platform == "win32" or seconds <= 0:
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise TookTooLong

    before = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)


@dataclass(frozen=True)
class Answer:
    args: tuple[str, ...]
    code: int | None
    out: str
    err: str

    def problems(self) -> list[str]:
        found = []
        if self.code is None:
            found.append("took too long")
        elif self.code not in (0, 1, 2):
            found.append(f"exit {self.code}")
        text = self.out + self.err
        if "internal error" in text or "Traceback" in text:
            found.append("internal error: " + next(
                line for line in text.splitlines() if "internal error" in line
                or "Traceback" in line))
        for line in self.out.splitlines():
            if re.search(r"\berror\b", line) and not LOCATED.match(line) and not line.startswith(
                "    "
            ):
                found.append(f"unlocated: {line[:200]}")
        if "\x1b" in self.out:
            found.append("a raw escape character reached the output")
        return found


def answer(args: Sequence[str], seconds: float = 60.0) -> Answer:
    out, err = io.StringIO(), io.StringIO()
    code: int | None
    with redirect_stdout(out), redirect_stderr(err):
        try:
            with time_limit(seconds):
                code = main(list(args))
        except TookTooLong:
            code = None
    return Answer(tuple(args), code, out.getvalue(), err.getvalue())


Commands = Callable[[Path], list[list[str]]]


def scenario_commands(folder: Path) -> list[list[str]]:
    return [["validate", str(folder)], ["test", str(folder), "--logs", str(folder / "runs")]]


def log_commands(log: Path, scenario: Path) -> list[list[str]]:
    named = ["--scenario", str(scenario)]
    return [
        ["verify", str(log)], ["replay", str(log), "--check"], ["replay", str(log), *named],
        ["grade", str(log)], ["grade", str(log), "--force"],
        ["grade", str(log), "--force", "--format", "json"],
        ["grade", str(log), "--force", "--format", "html", "--out", str(log) + ".html"],
        ["grade", str(log), str(log), "--summary", "--jobs", "1"],
        ["grade", str(log), str(log), "--summary", "--format", "html", "--jobs", "1"],
        ["diff", str(log), str(log)],
    ]
