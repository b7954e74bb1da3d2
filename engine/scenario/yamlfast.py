"""The quick way to a YAML file's data, for files the positioned reader would read the same way.

yaml-rs builds the data in native code and libyaml checks the syntax without building anything
in Python, so the syntax accepted stays libyaml's. The positioned reader's marks are only needed
when something is reported, so they are found later, and only then.

Whatever this path could read differently from the positioned reader goes to that reader
instead: anchors, aliases, tags and merge keys; the number spellings yaml-rs accepts beyond the
YAML 1.2 core schema (``0x``/``0o``/``0b`` prefixes, ``_`` between digits); line breaks other
than CR and LF; literal and folded values that are empty or end the file without a line
break (yaml-rs adds a line break there); keys that are not strings; deep or huge data; and any
file either parser refuses, so every problem is reported by the positioned reader.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

try:
    import yaml_rs
except ImportError:  # a platform without a yaml-rs wheel: the positioned reader does it all
    yaml_rs = None  # type: ignore[assignment]

_CHECK_SYNTAX: Any = getattr(yaml, "CSafeLoader", None)
# Each check is a cheap search that finds most files clean, then the exact one.
_CHECKS = (
    # an anchor, alias or tag where a value starts (not '&' or '!' inside a text)
    (re.compile(r"[&*!]"), re.compile(r"(?:^[ \t]*|[-:?,\[{][ \t]*)[&*!]\S", re.MULTILINE)),
    # yaml-rs's number spellings beyond the core schema: '_' between digits, radix prefixes
    (re.compile(r"[0-9.+-]_|_[0-9.+-]"), re.compile(r"(?<![\w.+-])[-+]?(?:_|[0-9.][\w.+-]*?_)")),
    (re.compile(r"0[xXoObB]"), re.compile(r"(?<![\w.+-])[-+]?0[xXoObB]")),
)
# A literal or folded block scalar's header: its indicator, chomping and indentation, a comment.
_BLOCK_HEADER = re.compile(r"(?<!\S)[|>][-+0-9]*[ \t]*(?:#[^\n]*)?$", re.MULTILINE)
_MERGE_KEY_AND_OLD_BREAKS = ("<<", "\x85", "\u2028", "\u2029")  # breaks in YAML 1.1, not 1.2
_LARGEST_INT = 10 ** 4299  # longer integers stay text, as Python will not convert them


def fast_data(text: str, max_depth: int, max_nodes: int) -> dict[str, Any] | None:
    """The file's top-level mapping, or None when the positioned reader must read it."""
    if yaml_rs is None or _CHECK_SYNTAX is None or _needs_positioned_reader(text):
        return None
    try:
        data = yaml_rs.loads(
            text,
            parse_datetime=False,
            duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
            alias_limits=yaml_rs.AliasLimits(max_total_replayed_events=0),
        )
    except (ValueError, TypeError, OverflowError, RecursionError):
        return None
    if data.__class__ is not dict or not _plain(data, max_depth, max_nodes):
        return None
    # Last, as libyaml slows down on deep nesting: the syntax it accepts is the syntax we accept.
    loader = _CHECK_SYNTAX(text)
    try:
        loader.raw_parse()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return data


def _needs_positioned_reader(text: str) -> bool:
    if any(part in text for part in _MERGE_KEY_AND_OLD_BREAKS):
        return True
    if any(cheap.search(text) and exact.search(text) for cheap, exact in _CHECKS):
        return True
    return not _block_scalars_have_content(text.replace("\r\n", "\n").replace("\r", "\n"))


def _block_scalars_have_content(text: str) -> bool:
    """Whether every block scalar has a line of content and the file ends with a line break:
    yaml-rs ends an empty block scalar, or one at the very end of a file, with a line break
    that libyaml (and the YAML spec) leaves out. ``text`` has its line breaks as LF."""
    ends_with_break = text.endswith("\n")
    for header in _BLOCK_HEADER.finditer(text):
        if not ends_with_break:
            return False
        start = text.rfind("\n", 0, header.start()) + 1
        owner = text[start : header.start()].lstrip(" -")  # the key, past any '- ' items
        owner_column = header.start() - start - len(owner)
        if _first_content_indent(text, header.end() + 1) <= owner_column:
            return False
    return True


def _first_content_indent(text: str, position: int) -> int:
    """The indentation of the first line from ``position`` that is not blank; -1 if none."""
    while position < len(text):
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        line = text[position:end].rstrip("\r")
        if line.strip(" "):
            return len(line) - len(line.lstrip(" "))
        position = end + 1
    return -1


def _plain(root: dict[str, Any], max_depth: int, max_nodes: int) -> bool:
    """Only string keys, no integer too long for text, within the depth and size limits."""
    stack: list[tuple[Any, int]] = [(root, 1)]
    nodes = 1
    while stack:
        node, depth = stack.pop()
        if depth >= max_depth:
            return False
        if node.__class__ is dict:
            for key in node:
                if key.__class__ is not str:
                    return False
            nodes += 2 * len(node)  # a key and a value each, as the positioned reader counts
            children = node.values()
        else:
            nodes += len(node)
            children = node
        for child in children:
            kind = child.__class__
            if kind is dict or kind is list:
                stack.append((child, depth + 1))
            elif kind is int and not -_LARGEST_INT < child < _LARGEST_INT:
                return False
    return nodes <= max_nodes
