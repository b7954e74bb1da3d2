"""Named kinds of damage to a file's bytes, drawn by hypothesis in the suite's fuzz test
(``tests/unit/test_fuzz_inputs.py``): flipped bits, truncation, deleted and duplicated lines,
values of the wrong type, deep nesting, huge numbers, bad UTF-8, paths that leave their root and
control characters. A file outside every root holds ``CANARY``: no answer may print it."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.mutations import CANARY, SPLIT, write_log

DAMAGE = ("flip", "truncate", "delete_line", "duplicate_line", "swap_type", "deep_nesting",
          "huge_number", "bad_utf8", "path_escape", "control_chars")
_VALUES = {  # written as JSON, so each reads the same as a YAML flow value
    "swap_type": ["null", "[]", "{}", '["x"]', '{"a": 1}', "true", "0", "-1", "2.5", '""',
                  '"2.30"', '[{"id": []}]'],
    "deep_nesting": ["[" * 60 + "]" * 60, "[" * 300 + "]" * 300, "[" * 5000 + "]" * 5000,
                     '{"a": ' * 200 + "1" + "}" * 200],
    "huge_number": ["1e400", "-1e400", "123456789012345678901234567890", "9223372036854775808",
                    "1e-400", "604800000000"],
    "control_chars": [f'"a\\n{SPLIT}\\u001b[31m"', '"\\u0000"', '"x\\ry"', '"\\u202e"',
                      '"\\u0007"'],
}
_BAD_UTF8 = [b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf0\x28\x8c", b"\xe2\x82"]
_YAML_KEY = re.compile(rb"^(\s*(?:- +)?[\w.-]+ *:)")


def outside_file(folder: Path) -> Path:
    """A file outside every root whose content must never be printed."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "elsewhere.yaml"
    path.write_text(f"{CANARY}: 1\nformat: 1\nid: {CANARY}\n", encoding="utf-8")
    return path


def escaping_paths(outside: Path, near: Path) -> list[str]:
    """Path values that leave their root: up and out, absolute, system files."""
    up = "../" * len(near.resolve().parts) + str(outside.resolve()).lstrip("/")
    return [json.dumps(v) for v in ("../../../../etc/passwd", "/proc/self/environ",
                                     str(outside.resolve()), up, "../elsewhere.glb")]


def damage(data: bytes, how: str, at: int, pick: int, paths: Sequence[str]) -> bytes:
    """``data`` with one kind of damage ``how`` (one of ``DAMAGE``) near position ``at`` (taken
    modulo the size), ``pick`` choosing the value: what hypothesis draws and shrinks."""
    lines = data.split(b"\n")
    n = at % len(lines)
    if how == "flip" and data:
        changed = bytearray(data)
        changed[at % len(data)] ^= 1 << (pick % 8)
        return bytes(changed)
    if how == "truncate":
        return data[: at % (len(data) + 1)]
    if how == "delete_line":
        del lines[n]
    elif how == "duplicate_line":
        lines.insert(n, lines[pick % len(lines)])
    elif how == "bad_utf8":
        where = at % (len(data) + 1)
        return data[:where] + _BAD_UTF8[pick % len(_BAD_UTF8)] + data[where:]
    else:
        values = list(paths) if how == "path_escape" else _VALUES.get(how, ['"x"'])
        if how == "path_escape":  # where a file names another: a log's header, a model
            naming = [i for i, line in enumerate(lines) if b"/" in line]
            n = naming[at % len(naming)] if naming else n
        lines[n] = _with_value(lines[n], values[pick % len(values)].encode(), pick)
    return b"\n".join(lines)


def _with_value(line: bytes, value: bytes, pick: int) -> bytes:
    """The line with one of its values replaced by ``value`` (a JSON text): a field of a JSON
    log line, the value after a YAML key, or a list item."""
    if line.startswith(b"{"):
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            record = None
        if isinstance(record, dict) and record:
            keys = [k for k in record if k not in ("i", "h")] or list(record)
            key = "scenario_path" if b"/" in value and "scenario_path" in record else (
                keys[pick % len(keys)])
            record[key] = "\0VALUE\0"
            if key == "scenario_path":  # and a scenario no known folder holds
                record["scenario_hash"] = "sha256:" + "0" * 64
            text = json.dumps(record, separators=(",", ":")).encode()
            return text.replace(b'"\\u0000VALUE\\u0000"', value)
    found = _YAML_KEY.match(line)
    if found:
        return found.group(1) + b" " + value
    stripped = line.lstrip()
    if stripped.startswith(b"- "):
        return line[: len(line) - len(stripped)] + b"- " + value
    return line + b" " + value


def rechain(path: Path, data: bytes, *, sign: bool) -> Path:
    """Write at ``path`` the damaged log's JSON lines with a sound hash chain again (signed by
    this station if ``sign``), lines that are not JSON objects kept as they are: the damage then
    reaches past the chain checks into replay and grading."""
    kept: list[dict[str, Any] | bytes] = []
    for line in data.split(b"\n"):
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            record = None
        if isinstance(record, dict) and record.get("k") != "signed":
            record.pop("h", None)
            kept.append(record)
        elif not isinstance(record, dict) and line:
            kept.append(line + b"\n")
    if not kept or not isinstance(kept[0], dict):
        path.write_bytes(data)
        return path
    return write_log(path, kept, sign=sign)
