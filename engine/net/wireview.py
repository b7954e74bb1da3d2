"""A role's ``View`` on the wire, and back: what the host lets that role see, as plain JSON.

The host computes every role's View from the one core; a client never holds the state, so
it cannot see what its role may not (a hidden variable, another role's documents). The
encoding follows the dataclasses' own fields, so a field added to the View travels too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from collections.abc import Mapping
from functools import cache
from typing import Any

from engine.core.state import State
from engine.core.view import View

_SCALARS = frozenset({str, int, float, bool, type(None)})


def to_wire(value: Any) -> Any:
    """A View (or any part of it) as JSON values: dataclasses as objects, tuples as lists."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is tuple or kind is list:
        return [to_wire(v) for v in value]
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = _field_names(kind)
    if names:
        return {name: to_wire(getattr(value, name)) for name in names}
    if isinstance(value, Mapping):
        return {str(k): to_wire(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [to_wire(v) for v in value]
    return value


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    """A dataclass's field names (none for any other type), worked out once per type."""
    if not dataclasses.is_dataclass(kind):
        return ()
    return tuple(f.name for f in dataclasses.fields(kind))


def state_digest(state: State) -> str:
    """The SHA-256 of a state, the same on every machine that holds the same state: a late
    joiner's snapshot carries it, and a test compares it with a fresh run of the core."""
    def plain(value: Any) -> Any:
        if isinstance(value, frozenset | set):
            return sorted((plain(v) for v in value), key=repr)
        return to_wire(value)

    fields = {f.name: plain(getattr(state, f.name)) for f in dataclasses.fields(state)}
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=plain)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def view_from_wire(data: Mapping[str, Any]) -> View:
    view: View = _build(View, data)
    return view


@cache
def _hints(cls: type) -> dict[str, Any]:
    import sys

    import engine.core.shown as shown  # where the View's parts name their types

    return typing.get_type_hints(cls, vars(shown) | vars(sys.modules[cls.__module__]))


def _build(cls: Any, data: Any) -> Any:
    hints = _hints(cls)
    return cls(**{name: _as(hints[name], value) for name, value in data.items() if name in hints})


def _as(hint: Any, value: Any) -> Any:  # noqa: C901 - one case per kind of field
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        kinds = [a for a in args if a is not type(None)]
        return _as(kinds[0], value) if len(kinds) == 1 else value
    if dataclasses.is_dataclass(hint):
        return _build(hint, value)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_as(args[0], v) for v in value)
        return tuple(_as(a, v) for a, v in zip(args, value, strict=True))
    if origin in (Mapping, dict) or hint is Mapping:
        inner = args[1] if len(args) == 2 else Any
        return types.MappingProxyType({k: _as(inner, v) for k, v in value.items()})
    if hint is float and isinstance(value, int):
        return float(value)
    return value
