"""Turn a pydantic ``ValidationError`` into located diagnostics that read well for authors.

Pydantic's error locations mix real keys with the labels of union branches and validator
functions. ``pydantic_diagnostics`` walks the model's annotations alongside each location to tell
them apart, so every problem points at the key or value the author wrote.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Annotated, Any, Literal, NamedTuple, TypeGuard, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from engine.errors import Diagnostic, did_you_mean
from engine.scenario.yamlsource import Loc, Source

# Labels pydantic puts into a location for validator functions and internal schema wrappers.
_INTERNAL = re.compile(
    r"(function-(after|before|wrap|plain)|lax-or-strict|json-or-python|chain|nullable|default"
    r"|model|tagged-union|union|constrained-\w+|is-instance|is-subclass|custom-error)\["
)
_LISTS = (list, tuple, set, frozenset, Sequence)
_EXPECTED = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_parsing_size": "a smaller whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "text",
    "string_unicode": "text",
    "list_type": "a list",
    "tuple_type": "a list",
    "set_type": "a list",
    "frozen_set_type": "a list",
    "iterable_type": "a list",
    "dict_type": "a mapping of 'key: value' lines",
    "model_type": "a mapping of 'key: value' lines",
    "model_attributes_type": "a mapping of 'key: value' lines",
    "dataclass_type": "a mapping of 'key: value' lines",
    "none_required": "no value",
}
_BOUNDS = {
    "greater_than": ("gt", "a number greater than {}"),
    "greater_than_equal": ("ge", "a number of at least {}"),
    "less_than": ("lt", "a number less than {}"),
    "less_than_equal": ("le", "a number of at most {}"),
    "multiple_of": ("multiple_of", "a multiple of {}"),
    "string_too_short": ("min_length", "text of at least {} characters"),
    "string_too_long": ("max_length", "text of at most {} characters"),
    "too_short": ("min_length", "at least {} items"),
    "too_long": ("max_length", "at most {} items"),
    "string_pattern_mismatch": ("pattern", "text matching the pattern {}"),
}
_EXPECTED_GOT = re.compile(r"expected (.+), got (.+)")


def pydantic_diagnostics(
    error: ValidationError, source: Source, model: type[BaseModel], *, prefix: str
) -> list[Diagnostic]:
    """One diagnostic per distinct problem in ``error``, coded ``{prefix}001``..``003``, sorted."""
    errors: list[dict[str, Any]] = [dict(err) for err in error.errors(include_url=False)]
    walked = [_walk(model, err["loc"]) for err in errors]
    ruled_out = _ruled_out_branches(errors, walked)
    found: dict[tuple[int, int, str, str], Diagnostic] = {}
    for err, where in zip(errors, walked, strict=True):
        if where.branch is not None and where.branch in ruled_out:
            continue
        diagnostic = _one(err, where, source, prefix)
        place = (diagnostic.line, diagnostic.col, diagnostic.code, diagnostic.message)
        found.setdefault(place, diagnostic)
    return sorted(_merge_alternatives(list(found.values())))


def _ruled_out_branches(
    errors: list[dict[str, Any]], walked: list[_Walked]
) -> set[tuple[Loc, str | int]]:
    """Branches of an undiscriminated union whose fixed (``Literal``) field rejected the input
    while another branch's did not: their other complaints are noise."""
    labels: dict[Loc, set[str | int]] = {}
    rejected: set[tuple[Loc, str | int]] = set()
    for err, where in zip(errors, walked, strict=True):
        if where.branch is None:
            continue
        at, label = where.branch
        labels.setdefault(at, set()).add(label)
        if err["type"] == "literal_error" and len(where.loc) == len(at) + 1:
            rejected.add(where.branch)
    return {
        (at, label)
        for at, names in labels.items()
        if any((at, other) not in rejected for other in names)
        for label in names
        if (at, label) in rejected
    }


def _one(err: dict[str, Any], where: _Walked, source: Source, prefix: str) -> Diagnostic:
    kind: str = err["type"]
    loc = where.loc
    value = err.get("input")
    ctx: dict[str, Any] = err.get("ctx") or {}
    owner = where.owners[-1] if where.owners else None
    names = _field_names(owner) if _is_model(owner) else []
    if kind == "extra_forbidden" and loc:
        hint = did_you_mean(str(loc[-1]), names)
        return source.diagnostic(loc, f"{prefix}001", f"unknown key '{loc[-1]}'", hint, key=True)
    if kind == "missing" and loc:
        hint = _misspelt(str(loc[-1]), value, names)
        message = f"missing required key '{loc[-1]}'"
        return source.diagnostic(loc[:-1], f"{prefix}002", message, hint)
    if kind == "union_tag_not_found" and isinstance(value, dict):
        tag = str(ctx.get("discriminator", "")).strip("'")
        hint = _misspelt(tag, value, [])
        return source.diagnostic(loc, f"{prefix}002", f"missing required key '{tag}'", hint)
    if kind == "union_tag_invalid":
        tag = str(ctx.get("discriminator", "")).strip("'")
        expected = str(ctx.get("expected_tags", ""))
        message = f"expected '{tag}' to be one of {expected}, got {_show(ctx.get('tag'))}"
        hint = did_you_mean(str(ctx.get("tag")), re.findall(r"'([^']*)'", expected))
        return source.diagnostic((*loc, tag), f"{prefix}003", message, hint)
    message = _message(kind, err["msg"], value, ctx, where.target)
    choices = _choices(where.target) if kind in ("literal_error", "enum") else None
    hint = did_you_mean(value, map(str, choices)) if choices and isinstance(value, str) else None
    return source.diagnostic(loc, f"{prefix}003", message, hint, key="[key]" in err["loc"])


def _misspelt(name: str, mapping: Any, known: list[str]) -> str | None:
    """A hint naming a key of ``mapping`` that looks like a misspelling of the missing ``name``."""
    if not isinstance(mapping, dict):
        return None
    unknown = [key for key in mapping if isinstance(key, str) and key not in known]
    close = difflib.get_close_matches(name, unknown, n=1, cutoff=0.6)
    return f"is '{close[0]}' a misspelling of '{name}'?" if close else None


def _message(kind: str, msg: str, value: Any, ctx: dict[str, Any], target: Any) -> str:
    got = _show(value)
    if kind in ("value_error", "assertion_error"):
        return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind in ("literal_error", "enum"):
        values = _choices(target)
        choices = None if values is None else [_show(choice) for choice in values]
        if choices is None:
            return f"expected {ctx.get('expected', 'another value')}, got {got}"
        if len(choices) == 1:
            return f"expected {choices[0]}, got {got}"
        return f"expected one of {', '.join(choices)}, got {got}"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {got}"
    if kind in _BOUNDS:
        name, template = _BOUNDS[kind]
        expected = template.format(ctx.get(name))
        if kind in ("too_short", "too_long"):
            return f"expected {expected}, got {ctx.get('actual_length', len(value))}"
        return f"expected {expected}, got {got}"
    if msg.startswith("Input should be "):
        return f"expected {msg.removeprefix('Input should be ')}, got {got}"
    return f"{msg[:1].lower()}{msg[1:]} (got {got})"


def _show(value: Any) -> str:
    """The input value as an author would recognise it, shortened."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return _show(value.value)
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 40 else f"'{value[:39]}…'"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple | set | frozenset):
        return "a list"
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:39]}…"


def _choices(target: Any) -> list[Any] | None:
    """The values a ``Literal`` or ``Enum`` allows."""
    if get_origin(target) is Literal:
        return list(get_args(target))
    if isinstance(target, type) and issubclass(target, Enum):
        return [member.value for member in target]
    return None


def _is_model(tp: Any) -> TypeGuard[type[BaseModel]]:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _field_names(model: type[BaseModel]) -> list[str]:
    names = []
    for name, field in model.model_fields.items():
        alias = field.validation_alias if isinstance(field.validation_alias, str) else None
        names.append(alias or field.alias or name)
    return names


def _unwrap(tp: Any, disc: str | None) -> tuple[Any, str | None]:
    """Strip ``Annotated`` (keeping a discriminator it names) and ``| None``."""
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            for meta in tp.__metadata__:
                named = getattr(meta, "discriminator", None)
                if isinstance(named, str):
                    disc = named
            tp = get_args(tp)[0]
        elif origin is Union or origin is types.UnionType:
            members = [arg for arg in get_args(tp) if arg is not type(None)]
            if len(members) != 1:
                return tp, disc
            tp = members[0]
        else:
            return tp, disc


def _branch(union: Any, disc: str | None, label: str | int) -> Any:
    """The union member a location label names: a discriminator tag or a model's name."""
    for member in get_args(union):
        model, _ = _unwrap(member, None)
        if not _is_model(model):
            continue
        if disc is None:
            if model.__name__ == label:
                return model
            continue
        field = model.model_fields.get(disc) or next(
            (f for f in model.model_fields.values() if f.alias == disc), None
        )
        tags, _ = _unwrap(field.annotation, None) if field is not None else (None, None)
        if get_origin(tags) is Literal and any(
            str(tag.value if isinstance(tag, Enum) else tag) == str(label) for tag in get_args(tags)
        ):
            return model
    return None


def _child(tp: Any, seg: str | int) -> tuple[Any, str | None]:
    """The annotation of ``seg`` inside ``tp`` (with a field's discriminator), or None."""
    if _is_model(tp):
        for name, field in tp.model_fields.items():
            if seg in (name, field.alias, field.validation_alias):
                disc = field.discriminator if isinstance(field.discriminator, str) else None
                return field.annotation, disc
        return None, None
    origin, args = get_origin(tp), get_args(tp)
    if origin in (dict, Mapping) and len(args) == 2:
        return args[1], None
    if origin in _LISTS and args and isinstance(seg, int):
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            return (args[seg], None) if seg < len(args) else (None, None)
        return args[0], None
    return None, None


class _Walked(NamedTuple):
    loc: Loc  # the location without pydantic's labels
    owners: list[Any]  # the type holding each segment of ``loc`` (None if unknown)
    target: Any  # the type at the end of ``loc``
    branch: tuple[Loc, str | int] | None  # the first undiscriminated union: where, which branch


def _walk(model: type[BaseModel], raw: Sequence[str | int]) -> _Walked:
    tp: Any = model
    disc: str | None = None
    loc: list[str | int] = []
    owners: list[Any] = []
    branch: tuple[Loc, str | int] | None = None
    for seg in raw:
        tp, disc = _unwrap(tp, disc)
        if seg == "[key]":
            continue
        if get_origin(tp) is Union or get_origin(tp) is types.UnionType:
            if disc is None and branch is None:
                branch = (tuple(loc), seg)
            tp, disc = _branch(tp, disc, seg), None
            continue
        if isinstance(seg, str) and _INTERNAL.match(seg):
            continue
        owners.append(tp)
        loc.append(seg)
        tp, disc = _child(tp, seg) if tp is not None else (None, None)
    return _Walked(tuple(loc), owners, _unwrap(tp, disc)[0], branch)


def _merge_alternatives(found: list[Diagnostic]) -> list[Diagnostic]:
    """Join 'expected A, got X' and 'expected B, got X' at one place (a union's branches)."""
    merged: dict[tuple[str, int, int, str, str], Diagnostic] = {}
    result: list[Diagnostic] = []
    for diagnostic in found:
        match = _EXPECTED_GOT.fullmatch(diagnostic.message)
        if match is None or diagnostic.hint is not None:
            result.append(diagnostic)
            continue
        place = (diagnostic.path, diagnostic.line, diagnostic.col, diagnostic.code, match[2])
        earlier = merged.get(place)
        if earlier is None:
            merged[place] = diagnostic
            result.append(diagnostic)
            continue
        head = earlier.message.removesuffix(f", got {match[2]}")
        combined = dataclasses.replace(earlier, message=f"{head} or {match[1]}, got {match[2]}")
        result[result.index(earlier)] = combined
        merged[place] = combined
    return result
