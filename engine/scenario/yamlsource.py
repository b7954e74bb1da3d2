"""Safe YAML reading for authored files: plain data plus the line and column of every value.

The positioned reader builds the tree from parser events, never with ``yaml.load``: plain scalars
follow the YAML 1.2 core schema, only the core tags are accepted, and size, nesting depth and
alias expansion are capped, so a hostile or broken file ends as located diagnostics, not a
traceback. Mapping keys are always strings (the key's text), so a ``Loc`` holds ``str`` for keys
and ``int`` for list indices. An alias shares the anchored value rather than copying it.
Files the quick reader (``yamlfast``) reads the same way skip it until a mark is needed.
"""

from __future__ import annotations

import math
import os
import re
import stat
from collections.abc import Sequence
from typing import Any

import yaml
from yaml import events

from engine.errors import Diagnostic, TaskforceError
from engine.scenario.yamlfast import fast_data

Loc = tuple[str | int, ...]
Mark = tuple[int, int]
_LocLike = Sequence[str | int]

MAX_BYTES: int = 4 * 1024 * 1024
MAX_DEPTH: int = 64
MAX_NODES: int = 200_000

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CORE = "tag:yaml.org,2002:"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NON_STR_START = frozenset("0123456789+-.~nNtTfF")
_INT10 = re.compile(r"[-+]?[0-9]+")
_INT8 = re.compile(r"0o[0-7]+")
_INT16 = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")
# Characters the YAML reader refuses (C0/C1 controls other than tab and line breaks, U+FFFE/F).
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_TAG_TYPES: dict[Any, Any] = dict(str=str, int=int, float=(int, float), bool=bool, null=type(None))
_NEED_KEY: Any = object()


class Source:
    """A loaded YAML file: its plain data and where each value (and each key) starts.

    A file read the quick way keeps its text instead of marks; the positioned reader finds the
    marks the first time they are asked for, which is only when something is reported.
    """

    __slots__ = ("path", "data", "_marks", "_text")

    def __init__(
        self,
        path: str,
        data: Any,
        value_marks: dict[Loc, Mark] | None = None,
        key_marks: dict[Loc, Mark] | None = None,
        *,
        text: str | None = None,
    ) -> None:
        self.path = path
        self.data = data
        self._marks = None if value_marks is None or key_marks is None else (value_marks, key_marks)
        self._text = text

    @property
    def value_marks(self) -> dict[Loc, Mark]:
        return self._located()[0]

    @property
    def key_marks(self) -> dict[Loc, Mark]:
        return self._located()[1]

    def _located(self) -> tuple[dict[Loc, Mark], dict[Loc, Mark]]:
        if self._marks is None:
            try:
                positioned = parse_positioned(self._text or "", self.path)
            except TaskforceError:  # cannot happen for text the quick reader took; stay at 1:1
                self._marks = ({}, {})
            else:
                self._marks = (positioned.value_marks, positioned.key_marks)
        return self._marks

    def locate(self, loc: _LocLike, *, key: bool = False) -> Mark:
        """The mark of ``loc`` (of its key if ``key``), else of its nearest ancestor, else 1:1."""
        path = tuple(loc)
        if key and path in self.key_marks:
            return self.key_marks[path]
        for end in range(len(path), -1, -1):
            mark = self.value_marks.get(path[:end])
            if mark is not None:
                return mark
        return (1, 1)

    def diagnostic(
        self, loc: _LocLike, code: str, message: str, hint: str | None = None, *, key: bool = False
    ) -> Diagnostic:
        line, col = self.locate(loc, key=key)
        return Diagnostic(self.path, line, col, code, message, hint)


def load_yaml(path: str | os.PathLike[str], *, display_path: str | None = None) -> Source:
    """Read and parse one YAML file; raises ``TaskforceError`` with every problem found."""
    shown = os.fspath(path) if display_path is None else display_path

    def fail(code: str, message: str, hint: str | None = None) -> TaskforceError:
        return TaskforceError([Diagnostic(shown, 1, 1, code, message, hint)])

    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise fail("YML001", "this is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise fail("YML001", "this is not a regular file")
        if info.st_size > MAX_BYTES:
            raise fail("YML002", _too_big(info.st_size), "split the scenario into smaller files")
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise fail("YML001", "the file does not exist") from None
    except PermissionError:
        raise fail("YML001", "permission denied: the file cannot be opened") from None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise fail("YML001", f"the file cannot be read: {reason}") from None
    return parse_yaml(data, shown)


def parse_yaml(data: bytes | str, path: str) -> Source:
    """Parse YAML text (bytes must be UTF-8); raises ``TaskforceError`` with every problem found."""
    if isinstance(data, str) and len(data) * 4 > MAX_BYTES:
        size = len(data.encode("utf-8", "replace"))
    else:
        size = len(data)
    if size > MAX_BYTES:
        hint = "split the scenario into smaller files"
        raise TaskforceError([Diagnostic(path, 1, 1, "YML002", _too_big(size), hint)])
    text = (data if isinstance(data, str) else _decode(data, path)).removeprefix("\ufeff")
    _check_characters(text, path)
    quick = fast_data(text, MAX_DEPTH, MAX_NODES)
    if quick is not None:
        return Source(path, quick, text=text)
    return parse_positioned(text, path)


def parse_positioned(text: str, path: str) -> Source:
    """Parse decoded text with the positioned reader, marks and all, never the quick way."""
    return _Builder(path).build(text)


def _too_big(size: int) -> str:
    return f"the file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes ({MAX_BYTES >> 20} MiB)"


def _position(prefix: str) -> Mark:
    """The 1-based line and column just after ``prefix`` (CRLF, CR and LF each end a line)."""
    line = prefix.count("\n") + prefix.count("\r") - prefix.count("\r\n") + 1
    start = max(prefix.rfind("\n"), prefix.rfind("\r")) + 1
    return line, len(prefix) - start + 1


def _decode(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        skip = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        line, col = _position(data[skip : error.start].decode("utf-8"))
        message = f"the file is not valid UTF-8 text: byte 0x{data[error.start]:02X} is not allowed"
        hint = "save the file with UTF-8 encoding"
        problems = [Diagnostic(path, line, col, "YML003", message, hint)]
        nul = data.find(b"\0")
        if nul >= 0:
            problems.append(_nul(path, *_position(data[skip:nul].decode("utf-8", "replace"))))
        raise TaskforceError(problems) from None


def _nul(path: str, line: int, col: int) -> Diagnostic:
    message = "the file contains a NUL byte; it looks like binary data, not YAML text"
    return Diagnostic(path, line, col, "YML004", message)


def _check_characters(text: str, path: str) -> None:
    problems = []
    nul = text.find("\0")
    if nul >= 0:
        problems.append(_nul(path, *_position(text[:nul])))
    other = _UNPRINTABLE.search(text.replace("\0", " ") if nul >= 0 else text)
    if other is not None:
        line, col = _position(text[: other.start()])
        message = f"the control character U+{ord(other.group()):04X} is not allowed in YAML"
        problems.append(Diagnostic(path, line, col, "YML005", message, "delete the character"))
    if problems:
        raise TaskforceError(problems)


def _resolve_plain(text: str) -> Any:
    """YAML 1.2 core schema resolution of an untagged plain scalar."""
    if text in _NULLS:
        return None
    if text[0] not in _NON_STR_START:
        return text
    if text in _BOOLS:
        return _BOOLS[text]
    if _INT10.fullmatch(text):
        try:
            return int(text)
        except ValueError:  # more digits than Python converts
            return text
    if _INT8.fullmatch(text):
        return int(text[2:], 8)
    if _INT16.fullmatch(text):
        return int(text[2:], 16)
    if _FLOAT.fullmatch(text):
        return float(text)
    if _INF.fullmatch(text):
        return -math.inf if text[0] == "-" else math.inf
    if _NAN.fullmatch(text):
        return math.nan
    return text


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Stop(Exception):
    """Raised inside the builder after a problem that makes further parsing pointless."""


class _Frame:
    __slots__ = ("value", "is_list", "loc", "mark", "anchor", "start", "key", "seen")

    def __init__(self, value: Any, loc: Loc | None, mark: Mark, anchor: str | None, start: int):
        self.value = value
        self.is_list = value.__class__ is list
        self.loc = loc  # None inside a mapping key or a discarded value: no marks recorded
        self.mark = mark
        self.anchor = anchor
        self.start = start  # node count before this collection, to size its expansion
        self.key: Any = _NEED_KEY  # mappings: _NEED_KEY, the pending key, or None to discard
        self.seen: dict[str, int] = {}


def _mark(event: Any) -> Mark:
    return (event.start_mark.line + 1, event.start_mark.column + 1)


class _Builder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Diagnostic] = []
        self.value_marks: dict[Loc, Mark] = {}
        self.key_marks: dict[Loc, Mark] = {}
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int, str | None]] = {}
        self.nodes = 0
        self.documents = 0
        self.root: Any = None
        self.root_mark: Mark = (1, 1)
        self.root_text: str | None = None

    def problem(self, mark: Mark, code: str, message: str, hint: str | None = None) -> None:
        self.problems.append(Diagnostic(self.path, mark[0], mark[1], code, message, hint))

    def build(self, text: str) -> Source:
        loader = _LOADER(text)
        try:
            self.run(loader)
        except _Stop:
            pass
        except yaml.MarkedYAMLError as error:
            self.syntax_error(error, text)
        except yaml.YAMLError as error:
            self.problem((1, 1), "YML005", f"the YAML cannot be read: {error}")
        finally:
            loader.dispose()
        if not self.problems:
            self.check_root()
        if self.problems:
            raise TaskforceError(self.problems)
        return Source(self.path, self.root, self.value_marks, self.key_marks)

    def check_root(self) -> None:
        if self.documents == 0 or (self.root is None and self.root_text == ""):
            self.problem((1, 1), "YML011", "the file is empty: it holds no YAML document")
        elif not isinstance(self.root, dict):
            what = "a list" if isinstance(self.root, list) else "a single value"
            message = f"the file must hold a mapping of 'key: value' lines at the top, not {what}"
            self.problem(self.root_mark, "YML010", message)

    def run(self, loader: Any) -> None:
        get_event, place, resolve = loader.get_event, self.place, _resolve_plain
        while True:
            event = get_event()
            kind = event.__class__
            if kind is events.ScalarEvent:  # most events: keep this path short
                mark = (event.start_mark.line + 1, event.start_mark.column + 1)
                text = event.value
                if event.tag is not None:
                    value = self.tagged(event.tag, mark, "scalar", text)
                else:
                    value = resolve(text) if event.implicit[0] else text
                self.nodes += 1
                if self.nodes > MAX_NODES:
                    self.count(0, mark)
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1, text)
                place(value, mark, text)
            elif kind is events.MappingEndEvent or kind is events.SequenceEndEvent:
                frame = self.stack.pop()
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (frame.value, self.nodes - frame.start, None)
                place(frame.value, frame.mark, None)
            elif kind is events.MappingStartEvent or kind is events.SequenceStartEvent:
                self.start(event, {} if kind is events.MappingStartEvent else [])
            elif kind is events.AliasEvent:
                self.alias(event)
            elif kind is events.DocumentStartEvent:
                if self.documents:
                    message = "the file holds more than one YAML document; a second starts here"
                    hint = "keep one scenario per file, without '---' separators between them"
                    self.problem(_mark(event), "YML011", message, hint)
                    raise _Stop
                self.documents = 1
            elif kind is events.StreamEndEvent or event is None:
                return

    def child_loc(self) -> Loc | None:
        """Where the next node goes, or None when its marks are not recorded."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if top.loc is None or (not top.is_list and (top.key is _NEED_KEY or top.key is None)):
            return None
        return (*top.loc, len(top.value) if top.is_list else top.key)

    def count(self, added: int, mark: Mark, alias: str | None = None) -> None:
        self.nodes += added
        if self.nodes > MAX_NODES:
            what = "the file holds" if alias is None else f"the alias '*{alias}' expands to"
            self.problem(mark, "YML009", f"{what} more than {MAX_NODES:,} values")
            raise _Stop

    def tagged(self, tag: str, mark: Mark, kind: str, text: str = "") -> Any:
        """The value an explicit tag asks for; reports tags that are not allowed or do not fit."""
        core = tag[len(_CORE) :] if tag.startswith(_CORE) else None
        if tag == "!" or core == kind or (core == "str" and kind == "scalar"):
            return text
        if kind == "scalar" and core in _TAG_TYPES:
            value = _resolve_plain(text) if text else None
            if isinstance(value, _TAG_TYPES[core]) and isinstance(value, bool) == (core == "bool"):
                return float(value) if core == "float" else value
        if core in _TAG_TYPES or core in ("map", "seq"):
            what = f"the value '{_clip(text)}'" if kind == "scalar" else "this value"
            self.problem(mark, "YML007", f"the tag !!{core} does not fit {what}", "remove the tag")
        else:
            shown = tag if core is None else f"!!{core}"
            message = f"the tag {shown} is not allowed; write plain YAML values without tags"
            self.problem(mark, "YML007", message, "remove the tag")
        return text

    def start(self, event: Any, value: dict[str, Any] | list[Any]) -> None:
        mark = _mark(event)
        if len(self.stack) >= MAX_DEPTH:
            self.problem(mark, "YML008", f"the data is nested more than {MAX_DEPTH} levels deep")
            raise _Stop
        if event.tag is not None:
            self.tagged(event.tag, mark, "seq" if value.__class__ is list else "map")
        start = self.nodes
        self.count(1, mark)
        self.stack.append(_Frame(value, self.child_loc(), mark, event.anchor, start))

    def alias(self, event: Any) -> None:
        mark = _mark(event)
        name = event.anchor
        anchored = self.anchors.get(name)
        if anchored is None:
            message = f"the alias '*{name}' has no anchor '&{name}' before it"
            if any(frame.anchor == name for frame in self.stack):
                message = f"the alias '*{name}' is inside the value it refers to"
            self.problem(mark, "YML005", message)
            anchored = (None, 1, None)
        value, size, text = anchored
        self.count(size, mark, name)
        self.place(value, mark, text)

    def place(self, value: Any, mark: Mark, text: str | None) -> None:
        """Put a finished node into its parent; ``text`` is set for scalars (possible keys)."""
        stack = self.stack
        if not stack:
            self.root, self.root_mark, self.root_text = value, mark, text
            self.value_marks[()] = mark
            return
        top = stack[-1]
        loc = top.loc
        if top.is_list:
            if loc is not None:
                self.value_marks[(*loc, len(top.value))] = mark
            top.value.append(value)
        elif top.key is _NEED_KEY:
            top.key = self.accept_key(top, text, mark)
        else:
            if top.key is not None:
                if loc is not None:
                    self.value_marks[(*loc, top.key)] = mark
                top.value[top.key] = value
            top.key = _NEED_KEY

    def accept_key(self, top: _Frame, text: str | None, mark: Mark) -> str | None:
        if text is None:
            message = "a mapping key must be a single plain value, not a list or mapping"
            self.problem(mark, "YML012", message)
            return None
        first = top.seen.get(text)
        if first is not None:
            message = f"the key '{text}' is already used on line {first} of this mapping"
            if text == "<<":
                message += " ('<<' merge keys are not supported; it is read as an ordinary key)"
            self.problem(mark, "YML006", message, "remove or rename one of them")
            return None
        top.seen[text] = mark[0]
        if top.loc is not None:
            self.key_marks[(*top.loc, text)] = mark
        return text

    def syntax_error(self, error: yaml.MarkedYAMLError, text: str) -> None:
        where = error.problem_mark or error.context_mark
        mark = (where.line + 1, where.column + 1) if where is not None else (1, 1)
        started = error.context_mark.line + 1 if error.context_mark is not None else mark[0]
        message, hint = _explain(str(error.problem or ""), str(error.context or ""), started)
        if message.startswith("the character") and where is not None:
            lines = text.splitlines()
            line = lines[where.line] if where.line < len(lines) else ""
            char = line[where.column : where.column + 1]
            if char == "\t":
                message, hint = "a tab cannot be used for indentation", "indent with spaces"
            elif char:
                message = f"the character '{char}' cannot start a value"
        self.problem(mark, "YML005", message, hint)


_QUOTE = "if the value contains ': ' or starts with a special character, put it in quotes"
_INDENT = "check the indentation: the items of one mapping or list must line up"
_EXPLAINED: tuple[tuple[str, str, str | None], ...] = (
    ("mapping values are not allowed", "a ':' is not allowed here", _QUOTE),
    ("block sequence entries are not allowed", "a '- ' list item is not allowed here", _INDENT),
    ("did not find expected key", "this line does not fit the mapping from line {}", _INDENT),
    ("expected <block end>", "this line does not fit the mapping from line {}", _INDENT),
    ("did not find expected '-'", "expected a '- ' item of the list from line {}", _INDENT),
    ("could not find expected ':'", "expected ':' after the key on line {}", _QUOTE),
    ("did not find expected ',' or ']'", "expected ',' or ']' in the list from line {}", None),
    ("did not find expected ',' or '}'", "expected ',' or '}' in the mapping from line {}", None),
    ("did not find expected node content", "expected a value here", None),
    ("found character", "the character here cannot start a value", _QUOTE),
    ("found a tab character", "a tab cannot be used for indentation", "indent with spaces"),
    ("found unknown escape", "unknown escape sequence in a double-quoted value", "use '...'"),
    ("did not find expected <document", "unexpected content after the top-level value", _INDENT),
)


def _explain(problem: str, context: str, started: int) -> tuple[str, str | None]:
    """Reword a YAML parser problem for authors; unknown problems keep the parser's words."""
    for known, message, hint in _EXPLAINED:
        if problem.startswith(known):
            return message.replace("{}", str(started)), hint
    if "end of stream" in problem and "quoted" in context:
        return f"the quoted value that opens on line {started} is never closed", None
    message = problem.removeprefix("found ").strip() or "the YAML syntax is broken"
    if context:
        message += f" ({context}, which starts on line {started})"
    return message, None
